import { InputError } from '../../lib/errors';
import { referenceValuesKey } from '../../lib/trustee/reference-values';
import { DEFAULT_TRUSTEE_VERSION, isTrusteeVersion, TRUSTEE_VERSIONS, TrusteeProfile, trusteeProfile } from '../../lib/trustee/versions';

/** One fact of every version, oldest first. */
const each = <T>(fact: (p: TrusteeProfile) => T): T[] => TRUSTEE_VERSIONS.map(v => fact(trusteeProfile(v)));

describe('trusteeProfile', () => {
  test('the supported versions, and 1.2 as the default', () => {
    expect(TRUSTEE_VERSIONS).toEqual(['0.3', '0.4', '1.0', '1.1', '1.2']);
    expect(DEFAULT_TRUSTEE_VERSION).toBe('1.2');
  });

  test.each(TRUSTEE_VERSIONS)('Trustee %s resolves to its own profile', version => {
    // WHEN
    const profile = trusteeProfile(version);
    // THEN
    expect(profile.version).toBe(version);
    expect(profile.configMapKeys.kbsConfig).toBe('kbs-config.toml');
    expect(profile.configMapKeys.referenceValues).toBe(referenceValuesKey(profile.referenceValueFormat));
    expect(profile.paths.kbsConfigFile).toBe('/etc/kbs-config/kbs-config.toml');
    expect(profile.paths.authSecretDir).toBe('/etc/auth-secret');
  });

  test('Red Hat build -> upstream trustee: one upstream code base per build, from KBS_IMAGE_NAME of the operator tags', () => {
    // GIVEN openshift/trustee-operator config/manager/manager.yaml at each tag
    expect(each(p => [p.version, p.upstream.operatorTags, p.upstream.trustee, p.upstream.kbsImage])).toEqual([
      ['0.3', ['v0.3.0'], 'v0.11.0', 'ghcr.io/confidential-containers/key-broker-service:built-in-as-v0.11.0'],
      ['0.4', ['v0.4.0', 'v0.4.1', 'v0.4.2'], 'v0.13.0', 'ghcr.io/confidential-containers/key-broker-service:built-in-as-v0.13.0'],
      ['1.0', ['v1.0.0'], 'v0.15.0', 'ghcr.io/confidential-containers/key-broker-service:built-in-as-v0.15.0'],
      ['1.1', ['v1.1.0'], 'v0.17.0', 'ghcr.io/confidential-containers/key-broker-service:built-in-as-v0.17.0'],
      ['1.2', ['v1.2.0', 'v1.2.1'], 'b2442c222485b6ec5d6dee09d5a30bb561ff3622',
        'ghcr.io/confidential-containers/staged-images/kbs:b2442c222485b6ec5d6dee09d5a30bb561ff3622'],
    ]);
    expect(trusteeProfile('1.2').upstream.trusteeLabel).toBe('main b2442c22 = v0.20.0-75-gb2442c22, before v0.21.0');
  });

  test('the operator CSV is the bundle of the newest operator tag of the build, with its source', () => {
    for (const p of each(x => x)) {
      expect(p.csv).toBe(`trustee-operator.${p.upstream.operatorTags[p.upstream.operatorTags.length - 1]}`);
      expect(p.csvSource).toMatch(/^(confirmed|assumption): /);
    }
  });

  test('generations and ConfigMap keys: A (0.3, 0.4), B (1.0, 1.1), C (1.2)', () => {
    expect(each(p => p.generation)).toEqual(['A', 'A', 'B', 'B', 'C']);
    expect(each(p => p.configMapKeys.attestationPolicy)).toEqual(['default.rego', 'default.rego', 'default_cpu.rego', 'default_cpu.rego', 'default_cpu.rego']);
    expect(each(p => p.configMapKeys.resourcePolicy)).toEqual(['policy.rego', 'policy.rego', 'policy.rego', 'policy.rego', 'resource-policy.rego']);
    expect(each(p => p.configMapKeys.referenceValues))
      .toEqual(['reference-values.json', 'reference-values.json', 'reference-values.json', 'reference-values.json', 'reference_value']);
    expect(each(p => p.referenceValueFormat)).toEqual(['hash-value-array', 'hash-value-array', 'value-array', 'value-array', 'base64url-object']);
  });

  test('mount paths: whole-ConfigMap mounts up to 1.1, subPath mounts into the key-value storage in 1.2 (DS v1.2.0 common.go)', () => {
    const old = trusteeProfile('1.1').paths;
    expect(old.attestationPolicyMountDir).toBe('/opt/confidential-containers/attestation-service/policies/opa');
    expect(old.resourcePolicyFile).toBe('/opt/confidential-containers/opa/policy.rego');
    expect(old.referenceValuesFile).toBe('/opt/confidential-containers/rvps/reference-values/reference-values.json');
    expect(old.repositoryDir).toBe('/opt/confidential-containers/kbs/repository');
    const p = trusteeProfile('1.2');
    expect(p.paths.attestationPolicyMountDir).toBe('/opt/confidential-containers/storage/attestation_service_policy');
    expect(p.paths.resourcePolicyFile).toBe('/opt/confidential-containers/storage/kbs/resource-policy.rego');
    expect(p.paths.referenceValuesFile).toBe('/opt/confidential-containers/storage/local_json/reference_value');
    expect(p.paths.repositoryDir).toBe('/opt/confidential-containers/storage/repository');
    expect(p.storage).toEqual({
      layout: 'kv-storage',
      localFsDir: '/opt/confidential-containers/storage',
      localJsonDir: '/opt/confidential-containers/storage/local_json',
    });
    // the LocalFs file of a key is <dir_path>/<namespace>/<key>, the LocalJson file <file_dir_path>/<namespace>
    if (p.storage.layout !== 'kv-storage') throw new Error('unreachable');
    expect(p.paths.resourcePolicyFile).toBe(`${p.storage.localFsDir}/kbs/${p.configMapKeys.resourcePolicy}`);
    expect(p.paths.referenceValuesFile).toBe(`${p.storage.localJsonDir}/${p.configMapKeys.referenceValues}`);
    expect(`${p.paths.attestationPolicyMountDir}/${p.configMapKeys.attestationPolicy}`)
      .toBe(`${p.storage.localFsDir}/attestation_service_policy/default_cpu.rego`);
    expect(each(p2 => p2.storage.layout)).toEqual(['files', 'files', 'files', 'files', 'kv-storage']);
  });

  test('kbs-config capabilities: admin layout, token key switch, worker count', () => {
    expect(each(p => p.capabilities.adminLayout)).toEqual(['insecure_api', 'insecure_api', 'insecure_api', 'type', 'authorization_mode']);
    expect(each(p => p.capabilities.insecureTokenKeySetting)).toEqual(['insecure_key', 'insecure_key', 'insecure_key', 'insecure_key', 'insecure_header_jwk']);
    expect(each(p => p.capabilities.workerCount)).toEqual([false, false, false, true, true]);
  });

  test('the token signer is mounted from 1.1; only 1.2 needs the migration marker on its ConfigMaps', () => {
    expect(each(p => p.capabilities.tokenSigner)).toEqual([false, false, false, true, true]);
    expect(each(p => p.capabilities.configMapAnnotations)).toEqual([{}, {}, {}, {}, { 'kbs.confidentialcontainers.org/migrated-from-v1.1.0': 'v1.2.0' }]);
  });

  test('EAR submodule: cpu up to trustee v0.13 (Red Hat 0.3, 0.4), cpu0 from v0.14 (1.0 on)', () => {
    expect(each(p => p.evidence.earSubmodule)).toEqual(['cpu', 'cpu', 'cpu0', 'cpu0', 'cpu0']);
  });

  test('the Azure vTPM evidence key actually emitted: lower-case up to v0.15 (1.0), hyphenated from v0.16 (1.1, 1.2), never with underscores', () => {
    expect(each(p => p.evidence.azureSnpVtpmKey)).toEqual(['azsnpvtpm', 'azsnpvtpm', 'azsnpvtpm', 'az-snp-vtpm', 'az-snp-vtpm']);
    expect(each(p => p.evidence.azureTdxVtpmKey)).toEqual(['aztdxvtpm', 'aztdxvtpm', 'aztdxvtpm', 'az-tdx-vtpm', 'az-tdx-vtpm']);
  });

  test('attestation policy: data.reference and per-claim rules up to v0.15; query_reference_value and trust_claims from v0.17', () => {
    expect(each(p => p.attestationPolicy.referenceValueAccess))
      .toEqual(['data.reference', 'data.reference', 'data.reference', 'query_reference_value', 'query_reference_value']);
    expect(each(p => p.attestationPolicy.rulesRead)).toEqual(['per-claim', 'per-claim', 'per-claim', 'trust_claims', 'trust_claims']);
  });

  test('Rego dialect: v0 (regorus 0.2.8) up to 1.0, v1 (regorus 0.5.0, 0.10.1) for 1.1 and 1.2', () => {
    expect(each(p => p.rego)).toEqual([
      { regorus: '0.2.8', dialect: 'v0' }, { regorus: '0.2.8', dialect: 'v0' }, { regorus: '0.2.8', dialect: 'v0' },
      { regorus: '0.5.0', dialect: 'v1' }, { regorus: '0.10.1', dialect: 'v1' },
    ]);
  });

  test('resource policy request data: the "resource/<repo>/<type>/<tag>" string up to 1.0, {plugin, resource-path array, query} from 1.1', () => {
    expect(each(p => p.resourcePolicy.requestData)).toEqual([
      'resource-path-string', 'resource-path-string', 'resource-path-string', 'plugin-resource-path-array', 'plugin-resource-path-array',
    ]);
  });

  test('an unknown version is an InputError that lists the supported ones', () => {
    // WHEN
    const attempt = () => trusteeProfile('2.0', 'clusterGroups.hub.trustee.version');
    // THEN
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow('clusterGroups.hub.trustee.version: must be one of "0.3", "0.4", "1.0", "1.1", "1.2" (Red Hat build of Trustee), got "2.0"');
  });

  test('the default error path is trustee.version', () => {
    expect(() => trusteeProfile('v1.1')).toThrow('trustee.version: must be one of');
  });

  test('isTrusteeVersion accepts only the listed versions', () => {
    expect(TRUSTEE_VERSIONS.every(isTrusteeVersion)).toBe(true);
    expect(['1', '1.3', 1.2, 'toString', undefined].some(isTrusteeVersion)).toBe(false);
  });
});
