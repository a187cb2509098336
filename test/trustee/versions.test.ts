import { InputError } from '../../lib/errors';
import { isTrusteeVersion, TRUSTEE_VERSIONS, trusteeProfile } from '../../lib/trustee/versions';

describe('trusteeProfile', () => {
  test.each(TRUSTEE_VERSIONS)('Trustee %s resolves to its own profile', version => {
    // WHEN
    const profile = trusteeProfile(version);
    // THEN
    expect(profile.version).toBe(version);
    expect(profile.configMapKeys.kbsConfig).toBe('kbs-config.toml');
    expect(profile.configMapKeys.resourcePolicy).toBe('policy.rego');
    expect(profile.configMapKeys.referenceValues).toBe('reference-values.json');
    expect(profile.paths.authSecretDir).toBe('/etc/auth-secret');
    expect(profile.paths.attestationPolicyMountDir).toBe(`${profile.paths.attestationPolicyDir}/opa`);
  });

  test('generation A (0.3, 0.4) names the attestation policy default.rego and uses hash-value reference values', () => {
    for (const version of ['0.3', '0.4']) {
      const profile = trusteeProfile(version);
      expect(profile.generation).toBe('A');
      expect(profile.configMapKeys.attestationPolicy).toBe('default.rego');
      expect(profile.referenceValueFormat).toBe('hash-value-array');
      expect(profile.attestationPolicy.earSubmodule).toBe('cpu');
    }
  });

  test('generation B (1.0, 1.1) names the attestation policy default_cpu.rego and uses value reference values', () => {
    for (const version of ['1.0', '1.1']) {
      const profile = trusteeProfile(version);
      expect(profile.generation).toBe('B');
      expect(profile.configMapKeys.attestationPolicy).toBe('default_cpu.rego');
      expect(profile.referenceValueFormat).toBe('value-array');
      expect(profile.attestationPolicy.earSubmodule).toBe('cpu0');
    }
  });

  test('only 1.1 has the persona admin, worker_count, query_reference_value and trust_claims', () => {
    // WHEN
    const byVersion = TRUSTEE_VERSIONS.map(v => trusteeProfile(v));
    // THEN
    expect(byVersion.map(p => p.kbsConfigFlavour)).toEqual(['legacy-admin', 'legacy-admin', 'legacy-admin', 'admin-personas']);
    expect(byVersion.map(p => p.supportsWorkerCount)).toEqual([false, false, false, true]);
    expect(byVersion.map(p => p.attestationPolicy.referenceValueAccess))
      .toEqual(['data.reference', 'data.reference', 'data.reference', 'query_reference_value']);
    expect(byVersion.map(p => p.attestationPolicy.trustClaimsObject)).toEqual([false, false, false, true]);
  });

  test('the Azure vTPM evidence keys follow the upstream renames', () => {
    expect(trusteeProfile('0.4').attestationPolicy.azureSnpVtpmInputKeys).toEqual(['azsnpvtpm']);
    expect(trusteeProfile('1.0').attestationPolicy.azureTdxVtpmInputKeys).toEqual(['aztdxvtpm']);
    expect(trusteeProfile('1.1').attestationPolicy.azureSnpVtpmInputKeys).toEqual(['az_snp_vtpm', 'az-snp-vtpm']);
    expect(trusteeProfile('1.1').attestationPolicy.azureTdxVtpmInputKeys).toEqual(['az_tdx_vtpm', 'az-tdx-vtpm']);
  });

  test('the upstream ranges follow each other without overlap', () => {
    const ranges = TRUSTEE_VERSIONS.map(v => trusteeProfile(v).upstreamTrustee);
    expect(ranges.map(r => `${r.first}..${r.last}`)).toEqual([
      'v0.10.0..v0.12.0', 'v0.12.0..v0.13.0', 'v0.14.0..v0.15.0', 'v0.16.0..v0.18.0',
    ]);
  });

  test('an unknown version is an InputError that lists the supported ones', () => {
    // WHEN
    const attempt = () => trusteeProfile('2.0', 'clusterGroups.hub.trustee.version');
    // THEN
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow('clusterGroups.hub.trustee.version: must be one of "0.3", "0.4", "1.0", "1.1" (Red Hat build of Trustee), got "2.0"');
  });

  test('the default error path is trustee.version', () => {
    expect(() => trusteeProfile('v1.1')).toThrow('trustee.version: must be one of');
  });

  test('isTrusteeVersion accepts only the listed versions', () => {
    expect(TRUSTEE_VERSIONS.every(isTrusteeVersion)).toBe(true);
    expect(['1', '1.2', 1.1, undefined].some(isTrusteeVersion)).toBe(false);
  });
});
