/**
 * Trustee's bare-metal collateral per generation: the TDX collateral service (`tdx-config` + tdxConfigSpec up
 * to 1.1, `dcap_verifier` in kbs-config.toml on 1.2) and cached SNP VCEKs (1.1 on).
 */
import { Testing } from 'cdk8s';
import * as fs from 'fs';
import { parse } from 'smol-toml';
import { INTEL_PCS_URL, TeeCollateralSettings, teeCollateralProblems } from '../../lib/trustee/tee-collateral';
import { Trustee, TrusteeProps } from '../../lib/trustee/trustee';
import { trusteeProfile, TrusteeVersion } from '../../lib/trustee/versions';
import { problemsOf } from '../support/problems';
import { EXAMPLE_CERT } from '../support/render';
import { describeWithSchemas, schemaValidator } from '../support/schemas';

type Obj = Record<string, any>;
const SECURE: TrusteeProps = { kbsHost: 'kbs.apps.example.com', kbsCertificate: fs.readFileSync(EXAMPLE_CERT, 'utf8'), now: new Date('2026-01-01T00:00:00Z') };
const PCCS = 'https://pccs-service.intel-dcap.svc:8042/sgx/certification/v4/';
const HWID = 'a1'.repeat(64);
const TURIN = 'b2'.repeat(8);
const VCEKS: TeeCollateralSettings = { snp: { vcekCache: [{ hwid: HWID, vaultPath: 'secret/data/hub/snpVcek-a1' }, { hwid: TURIN, vaultPath: 'secret/data/hub/snpVcek-b2', property: 'der' }] } };

function render(version: TrusteeVersion, teeCollateral?: TeeCollateralSettings): Obj[] {
  const chart = Testing.chart();
  new Trustee(chart, 'trustee', { ...SECURE, version, teeCollateral });
  return Testing.synth(chart) as Obj[];
}
const find = (objects: Obj[], kind: string, name: string) => objects.find(o => o.kind === kind && o.metadata.name === name);
const toml = (objects: Obj[]) => parse(find(objects, 'ConfigMap', 'kbs-config')!.data['kbs-config.toml']) as Obj;

describe('TDX collateral service', () => {
  test.each(['0.3', '0.4', '1.0', '1.1'] as const)('Trustee %s: the tdx-config ConfigMap the QCNL reads, named by tdxConfigSpec', version => {
    // WHEN
    const objects = render(version, { tdx: { collateralService: PCCS, useSecureCert: false } });
    // THEN
    expect(JSON.parse(find(objects, 'ConfigMap', 'tdx-config')!.data['sgx_default_qcnl.conf'])).toEqual({ collateral_service: PCCS, use_secure_cert: false });
    expect(find(objects, 'KbsConfig', 'kbsconfig')!.spec.tdxConfigSpec).toEqual({ kbsTdxConfigMapName: 'tdx-config' });
    expect(toml(objects).attestation_service.verifier_config).toBeUndefined();
  });

  test('Trustee 1.1, TDX with the defaults: Intel PCS, certificates checked', () => {
    const objects = render('1.1', { tdx: {} });
    expect(JSON.parse(find(objects, 'ConfigMap', 'tdx-config')!.data['sgx_default_qcnl.conf'])).toEqual({ collateral_service: INTEL_PCS_URL, use_secure_cert: true });
  });

  test('Trustee 1.2: dcap_verifier in kbs-config.toml, no tdxConfigSpec (removed from the 1.2 KbsConfig)', () => {
    const objects = render('1.2', { tdx: { collateralService: PCCS } });
    expect(toml(objects).attestation_service.verifier_config).toEqual({ dcap_verifier: { collateral_service: PCCS } });
    expect(find(objects, 'ConfigMap', 'tdx-config')).toBeUndefined();
    expect(find(objects, 'KbsConfig', 'kbsconfig')!.spec).not.toHaveProperty('tdxConfigSpec');
    // With the default service the verifier's own default applies: nothing to write.
    expect(toml(render('1.2', { tdx: {} })).attestation_service.verifier_config).toBeUndefined();
  });

  test('without teeCollateral nothing is added (peer-pods groups render as before)', () => {
    const objects = render('1.1');
    expect(find(objects, 'ConfigMap', 'tdx-config')).toBeUndefined();
    expect(find(objects, 'KbsConfig', 'kbsconfig')!.spec).not.toHaveProperty('tdxConfigSpec');
    expect(find(objects, 'KbsConfig', 'kbsconfig')!.spec).not.toHaveProperty('kbsLocalCertCacheSpec');
  });
});

describe('SNP VCEK cache', () => {
  test.each(['1.1', '1.2'] as const)('Trustee %s: one Secret per chip from Vault (base64-decoded), mounted where the offline store reads it, tried before KDS', version => {
    // WHEN
    const objects = render(version, VCEKS);
    // THEN
    expect(find(objects, 'KbsConfig', 'kbsconfig')!.spec.kbsLocalCertCacheSpec).toEqual({
      secrets: [
        { secretName: `snp-vcek-${'a1'.repeat(8)}`, mountPath: `/opt/confidential-containers/attestation-service/kds-store/vcek/${HWID}` },
        { secretName: `snp-vcek-${TURIN}`, mountPath: `/opt/confidential-containers/attestation-service/kds-store/vcek/${TURIN}` },
      ],
    });
    const es = find(objects, 'ExternalSecret', `snp-vcek-${TURIN}-eso`)!;
    expect(es.spec.target.name).toBe(`snp-vcek-${TURIN}`);
    expect(es.spec.data).toEqual([{ secretKey: 'vcek.der', remoteRef: { key: 'secret/data/hub/snpVcek-b2', property: 'der', decodingStrategy: 'Base64' } }]);
    expect(toml(objects).attestation_service.verifier_config).toEqual({ snp_verifier: { vcek_sources: [{ type: 'OfflineStore' }, { type: 'KDS' }] } });
  });
});

describeWithSchemas('collateral objects are schema-valid for their generation', () => {
  test.each(['0.3', '0.4', '1.0', '1.1', '1.2'] as const)('Trustee %s', version => {
    const settings: TeeCollateralSettings = trusteeProfile(version).capabilities.snpVcekSources ? { tdx: { collateralService: PCCS }, ...VCEKS } : { tdx: { collateralService: PCCS } };
    for (const o of render(version, settings)) {
      expect([`${o.kind}/${o.metadata.name}`, schemaValidator()!.validate(o)]).toEqual([`${o.kind}/${o.metadata.name}`, []]);
    }
  });
});

describe('bad collateral settings: one line naming the field', () => {
  test('useSecureCert false on Trustee 1.2, whose verifier always checks certificates', () => {
    expect(problemsOf(() => render('1.2', { tdx: { collateralService: PCCS, useSecureCert: false } }))).toEqual([
      'Trustee teeCollateral.tdx.useSecureCert: cannot be false on Trustee 1.2: its DCAP verifier always checks the collateral service\'s certificate (trustee b2442c22 intel_dcap/pcs.rs), so a PCCS needs a certificate the KBS image trusts',
    ]);
  });

  test('a VCEK cache before Trustee 1.1', () => {
    expect(problemsOf(() => render('1.0', VCEKS))).toEqual([
      'Trustee teeCollateral.snp.vcekCache: needs Trustee 1.1 or later (the SNP verifier reads an offline VCEK store from trustee v0.17.0), got 2 entries for Trustee 1.0',
    ]);
  });

  test('a bad chip id, a repeated one, a bad Vault path, a bad URL, file:// before 1.2', () => {
    const settings = {
      tdx: { collateralService: 'http://pccs:8042' },
      snp: { vcekCache: [{ hwid: 'A1'.repeat(64), vaultPath: 'secret/data/hub/x' }, { hwid: HWID, vaultPath: 'no-path' }, { hwid: HWID, vaultPath: 'secret/data/hub/y' }] },
    };
    expect(teeCollateralProblems(trusteeProfile('1.2'), settings, 'trustee.teeCollateral').map(p => p.path)).toEqual([
      'trustee.teeCollateral.tdx.collateralService',
      'trustee.teeCollateral.snp.vcekCache[0].hwid',
      'trustee.teeCollateral.snp.vcekCache[1].vaultPath',
      'trustee.teeCollateral.snp.vcekCache[2].hwid',
    ]);
    expect(teeCollateralProblems(trusteeProfile('1.1'), { tdx: { collateralService: 'file:///collateral.json' } }, 't')).toEqual([
      { path: 't.tdx.collateralService', message: 'can be a file:// path only from Trustee 1.2 (trustee\'s own DCAP collateral client), got "file:///collateral.json" for Trustee 1.1' },
    ]);
    expect(teeCollateralProblems(trusteeProfile('1.2'), { tdx: { collateralService: 'file:///collateral.json' } }, 't')).toEqual([]);
  });
});
