/**
 * Every TEE of the registry satisfies the contract: its binding fits its reference value's length, its
 * names follow Trustee's reference value rules and are unique, and its evidence key is what each Trustee
 * generation's token carries.
 */
import { initDataReferenceValue, buildInitData } from '../../../lib/initdata';
import { ATTESTED_TEES, TEES } from '../../../lib/platforms/tees';
import { referenceValueNameProblem } from '../../../lib/trustee/reference-values';
import { TRUSTEE_VERSIONS, trusteeProfile } from '../../../lib/trustee/versions';

const initData = buildInitData({ algorithm: 'sha256', aa: { kbsUrl: 'https://kbs.example.com' } });

describe.each(ATTESTED_TEES.map(id => [id]))('TEE %s', id => {
  const tee = TEES[id];

  test('is registered under its own id', () => {
    expect(tee.id).toBe(id);
    expect(tee.title.length).toBeGreaterThan(5);
  });

  test('its initdata reference value has the length its algorithm names', () => {
    const value = initDataReferenceValue(initData, tee.binding)!;
    expect(value).toMatch(/^[0-9a-f]+$/);
    expect(value.length).toBe(tee.initDataReferenceValueAlgorithm === 'sha384' ? 96 : 64);
  });

  test('its reference value names follow Trustee\'s rule and no other TEE uses them', () => {
    const own = [tee.initDataReferenceValue, ...tee.measurements.map(m => m.referenceValueName)];
    for (const name of own) {
      expect(referenceValueNameProblem(name)).toBeUndefined();
    }
    const others = ATTESTED_TEES.filter(o => o !== id).flatMap(o => [TEES[o].initDataReferenceValue, ...TEES[o].measurements.map(m => m.referenceValueName)]);
    expect(own.filter(n => others.includes(n))).toEqual([]);
    expect(new Set(own).size).toBe(own.length);
  });

  test('its measurements have unique keys, a length or an SVN, a claim and a way to obtain them', () => {
    expect(tee.measurements.length).toBeGreaterThan(0);
    expect(new Set(tee.measurements.map(m => m.key)).size).toBe(tee.measurements.length);
    for (const m of tee.measurements) {
      expect(m.key).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(m.shape.type === 'minimum-svn' || [8, 32, 48].includes(m.shape.length)).toBe(true);
      expect(['hardware', 'executables', 'configuration']).toContain(m.claim);
      expect(m.howToObtain.length).toBeGreaterThan(10);
    }
  });

  test('writes byte-string claims in hex or base64 for every Trustee generation', () => {
    for (const v of TRUSTEE_VERSIONS) {
      expect(['hex', 'base64']).toContain(tee.binaryClaimEncoding(trusteeProfile(v).evidence));
    }
  });

  test('renders its own attestation rules: every claim, each bound reference value, each measurement', () => {
    for (const version of TRUSTEE_VERSIONS) {
      const rules = tee.attestationRules({ names: ['bound_a', 'bound_b'], rv: name => `RV(${name})`, evidence: trusteeProfile(version).evidence }).join('\n');
      for (const claim of ['hardware := 2 if {', 'executables := 3 if {', 'configuration := 2 if {', 'in RV(bound_a)', 'in RV(bound_b)']) {
        expect([version, rules.includes(claim)]).toEqual([version, true]);
      }
      for (const m of tee.measurements) {
        expect([m.referenceValueName, rules.includes(`RV(${m.referenceValueName})`)]).toEqual([m.referenceValueName, true]);
      }
    }
  });

  test('renders its own identity rule of the resource policy, reading its claims under the given key', () => {
    const rule = tee.identityRule({ evidence: 'EVIDENCE', key: '"KEY"' }).join('\n');
    expect(rule).toContain(`identities contains concat(":", ["${id}", `);
    expect(rule).toContain('EVIDENCE["KEY"]');
  });

  test('names an evidence key for every Trustee generation', () => {
    for (const v of TRUSTEE_VERSIONS) {
      expect(tee.evidenceKey(trusteeProfile(v).evidence)).toMatch(/^[a-z_-]+$/);
    }
  });
});

test('the Azure vTPM keys follow the rename of trustee v0.16 (kbs-types 9a34277)', () => {
  expect(TRUSTEE_VERSIONS.map(v => TEES['azure-snp-vtpm'].evidenceKey(trusteeProfile(v).evidence))).toEqual(['azsnpvtpm', 'azsnpvtpm', 'azsnpvtpm', 'az-snp-vtpm', 'az-snp-vtpm']);
});

test('bare-metal measurements: the upstream names and the byte lengths of the verifiers\' structures', () => {
  const shape = (id: 'snp' | 'tdx') => TEES[id].measurements.map(m => [m.key, m.referenceValueName, m.shape.type === 'bytes' ? m.shape.length : 'svn', m.claim]);
  expect(shape('tdx')).toEqual([
    ['mrTd', 'mr_td', 48, 'hardware'],
    ['rtmr1', 'rtmr_1', 48, 'executables'],
    ['rtmr2', 'rtmr_2', 48, 'executables'],
    ['xfam', 'xfam', 8, 'configuration'],
  ]);
  expect(shape('snp')).toEqual([
    ['launchMeasurement', 'snp_launch_measurement', 48, 'executables'],
    ['minimumBootloader', 'snp_bootloader', 'svn', 'hardware'],
    ['minimumTee', 'snp_tee_svn', 'svn', 'hardware'],
    ['minimumSnp', 'snp_snp_svn', 'svn', 'hardware'],
    ['minimumMicrocode', 'snp_microcode', 'svn', 'hardware'],
  ]);
});

test('SNP byte strings are base64 up to trustee v0.17 (Trustee 1.1), hex after (trustee d7831293)', () => {
  expect(TRUSTEE_VERSIONS.map(v => TEES.snp.binaryClaimEncoding(trusteeProfile(v).evidence))).toEqual(['base64', 'base64', 'base64', 'base64', 'hex']);
  expect(TRUSTEE_VERSIONS.map(v => TEES.tdx.binaryClaimEncoding(trusteeProfile(v).evidence))).toEqual(['hex', 'hex', 'hex', 'hex', 'hex']);
});
