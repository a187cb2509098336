/**
 * The `Trustee` construct: the KbsConfig and every object it references, per preset and version, the
 * initdata digests as reference values, the reference pattern reproduced by the permissive preset,
 * bad props, and strict schema validation of everything it renders.
 */
import { Chart, Testing } from 'cdk8s';
import * as fs from 'fs';
import { parse } from 'smol-toml';
import { azurePcr8, buildInitData, RenderedInitData, snpHostData, tdxMrConfigId } from '../../lib/initdata';
import { renderAgentPolicy } from '../../lib/policy';
import { AttestedTee } from '../../lib/trustee/attestation-policy';
import { ReferenceValue } from '../../lib/trustee/reference-values';
import { VaultSecret } from '../../lib/secrets/vault-secret';
import { INITDATA_REFERENCE_VALUES, Trustee, TrusteePreset, TrusteeProps } from '../../lib/trustee/trustee';
import { DEFAULT_TRUSTEE_VERSION, TRUSTEE_VERSIONS, trusteeProfile, TrusteeVersion } from '../../lib/trustee/versions';
import { EXAMPLE_CERT } from '../support/render';
import { describeWithSchemas, schemaValidator } from '../support/schemas';
import { REFERENCE_KBS_CONFIG_TOML } from '../support/reference-pattern';
import { problemsOf } from '../support/problems';

type Obj = Record<string, any>;

const NOW = new Date('2026-01-01T00:00:00Z');
const CERT = fs.readFileSync(EXAMPLE_CERT, 'utf8');
const HOST = 'kbs.apps.example.com';
const EXPIRY = '2027-01-01T00:00:00Z';
const PRESETS: readonly TrusteePreset[] = ['secure', 'permissive'];
const VERSION_PRESETS = TRUSTEE_VERSIONS.flatMap(version => PRESETS.map(preset => [version, preset] as const));

/** Props every secure Trustee needs, plus a fixed clock. */
const SECURE: TrusteeProps = { kbsHost: HOST, kbsCertificate: CERT, now: NOW };

/** A Trustee in a fresh chart; `configure` runs before synth (e.g. to accept initdata). */
function synth(props: TrusteeProps, configure: (t: Trustee) => void = () => undefined): { trustee: Trustee; objects: Obj[]; chart: Chart } {
  const chart = Testing.chart();
  const trustee = new Trustee(chart, 'trustee', { now: NOW, ...props });
  configure(trustee);
  return { trustee, objects: Testing.synth(chart) as Obj[], chart };
}

/** The one object of `kind` and `name` (fails when there is not exactly one). */
function find(objects: readonly Obj[], kind: string, name: string): Obj {
  const hits = objects.filter(o => o.kind === kind && o.metadata?.name === name);
  if (hits.length !== 1) {
    throw new Error(`expected one ${kind} ${name}, found ${hits.length}`);
  }
  return hits[0];
}

const names = (objects: readonly Obj[], kind: string) => objects.filter(o => o.kind === kind).map(o => o.metadata.name as string).sort();
const kbsConfigToml = (objects: readonly Obj[]) => parse(find(objects, 'ConfigMap', 'kbs-config').data['kbs-config.toml']) as Obj;
/**
 * The reference values ConfigMap's one entry, parsed; in the 1.2 format (an object of base64url JSON
 * documents) each document is decoded, so every version reads as a list sorted by name.
 */
function referenceValuesJson(objects: readonly Obj[]): unknown {
  const data = find(objects, 'ConfigMap', 'rvps-reference-values').data as Record<string, string>;
  expect(Object.keys(data)).toHaveLength(1);
  const parsed = JSON.parse(Object.values(data)[0]);
  return Array.isArray(parsed)
    ? parsed
    : Object.values(parsed as Record<string, string>).map(encoded => JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
}

/**
 * Each ExternalSecret as "<ExternalSecret> -> <Secret>" mapping each Secret key to "<vault path>#<property>",
 * so a test reads exactly which Vault values land where.
 */
function externalSecrets(objects: readonly Obj[]): Record<string, Record<string, string>> {
  return Object.fromEntries(objects.filter(o => o.kind === 'ExternalSecret').map(o => [
    `${o.metadata.name} -> ${o.spec.target.name}`,
    Object.fromEntries((o.spec.data as Obj[]).map(d => [d.secretKey, `${d.remoteRef.key}#${d.remoteRef.property}`])),
  ]));
}

const problems = problemsOf;

describe(`secure preset (default, Trustee ${DEFAULT_TRUSTEE_VERSION})`, () => {
  const { trustee, objects } = synth(SECURE);

  test('the KbsConfig sets the all-in-one deployment explicitly and names every referenced object', () => {
    // WHEN rendering with defaults
    const kbsConfig = find(objects, 'KbsConfig', 'kbsconfig');
    // THEN
    expect(kbsConfig.apiVersion).toBe('confidentialcontainers.org/v1alpha1');
    expect(kbsConfig.metadata.namespace).toBe('trustee-operator-system');
    expect(kbsConfig.spec).toEqual({
      kbsDeploymentType: 'AllInOneDeployment',
      kbsConfigMapName: 'kbs-config',
      kbsAuthSecretName: 'kbs-auth-public-key',
      kbsRvpsRefValuesConfigMapName: 'rvps-reference-values',
      kbsResourcePolicyConfigMapName: 'resource-policy',
      kbsAttestationPolicyConfigMapName: 'attestation-policy',
      kbsHttpsKeySecretName: 'kbs-https-key',
      kbsHttpsCertSecretName: 'kbs-https-certificate',
      kbsAttestationKeySecretName: 'kbs-attestation-key',
      kbsAttestationCertSecretName: 'kbs-attestation-certificate',
      kbsSecretResources: ['kbsres1', 'passphrase', 'security-policy'],
      kbsServiceType: 'ClusterIP',
    });
  });

  test('every name the KbsConfig references is rendered', () => {
    // GIVEN the ConfigMaps and Secrets the KbsConfig names
    const spec = find(objects, 'KbsConfig', 'kbsconfig').spec;
    const secrets = objects.filter(o => o.kind === 'ExternalSecret').map(o => o.spec.target.name as string);
    // THEN each one has an object that produces it
    for (const cm of [spec.kbsConfigMapName, spec.kbsRvpsRefValuesConfigMapName, spec.kbsResourcePolicyConfigMapName, spec.kbsAttestationPolicyConfigMapName]) {
      expect(names(objects, 'ConfigMap')).toContain(cm);
    }
    for (const secret of [spec.kbsAuthSecretName, spec.kbsHttpsKeySecretName, spec.kbsHttpsCertSecretName,
      spec.kbsAttestationKeySecretName, spec.kbsAttestationCertSecretName, ...spec.kbsSecretResources]) {
      expect(secrets).toContain(secret);
    }
  });

  test('the kbs Route passes TLS through to kbs-service:8080 on the explicit host', () => {
    // WHEN
    const route = find(objects, 'Route', 'kbs');
    // THEN the KBS terminates TLS itself
    expect(route.metadata.namespace).toBe('trustee-operator-system');
    expect(route.spec.host).toBe(HOST);
    expect(route.spec.to).toMatchObject({ kind: 'Service', name: 'kbs-service' });
    expect(route.spec.port).toEqual({ targetPort: 8080 });
    expect(route.spec.tls).toEqual({ termination: 'passthrough', insecureEdgeTerminationPolicy: 'None' });
  });

  test('kbs-config.toml serves HTTPS, closes the admin API and checks the token signer', () => {
    // WHEN parsing the TOML back
    const toml = kbsConfigToml(objects);
    // THEN
    expect(toml.http_server).toEqual({
      sockets: ['0.0.0.0:8080'],
      insecure_http: false,
      private_key: '/etc/https-key/tls.key',
      certificate: '/etc/https-cert/tls.crt',
    });
    expect(toml.admin).toEqual({ authorization_mode: 'DenyAll' });
    expect(trustee.adminAccess).toBe('closed');
    expect(toml.attestation_token).toEqual({
      insecure_header_jwk: false,
      trusted_certs_paths: ['/etc/attestation-cert/token.crt'],
    });
    expect(toml.attestation_service.attestation_token_broker.signer).toEqual({
      key_path: '/etc/attestation-key/token.key',
      cert_path: '/etc/attestation-cert/token.crt',
    });
  });

  test('the resource policy releases secrets only to affirming attestations of the initdata that declared them', () => {
    // WHEN
    const policy: string = find(objects, 'ConfigMap', 'resource-policy').data['resource-policy.rego'];
    // THEN the default is deny, every appraisal must be affirming (a missing status is not), and the
    // grants table names each accepted initdata (decisions: test/trustee/resource-policy.test.ts on OPA)
    expect(policy).toMatch(/^package policy$/m);
    expect(policy).toMatch(/^default allow :?= false$/m);
    expect(policy).not.toMatch(/default allow :?= true/);
    expect(policy).toContain('not appraisal["ear.status"] == "affirming"');
    expect(policy).toContain('requested in grants[identity]');
  });

  test('the attestation policy ConfigMap uses the 1.2 key', () => {
    expect(Object.keys(find(objects, 'ConfigMap', 'attestation-policy').data)).toEqual(['default_cpu.rego']);
  });

  test('every secret comes from Vault through an ExternalSecret with only the listed keys', () => {
    // WHEN
    const eso = objects.filter(o => o.kind === 'ExternalSecret');
    // THEN v1 ExternalSecrets on the Vault store, explicit keys, no dataFrom (nothing unlisted is copied)
    for (const o of eso) {
      expect(o.apiVersion).toBe('external-secrets.io/v1');
      expect(o.metadata.namespace).toBe('trustee-operator-system');
      expect(o.spec.secretStoreRef).toEqual({ name: 'vault-backend', kind: 'ClusterSecretStore' });
      expect(o.spec.dataFrom).toBeUndefined();
    }
    expect(externalSecrets(objects)).toEqual({
      'kbs-auth-public-key-eso -> kbs-auth-public-key': { publicKey: 'secret/data/hub/kbsPublicKey#publicKey' },
      'kbs-https-key-eso -> kbs-https-key': { 'tls.key': 'secret/data/hub/kbsTls#tls.key' },
      'kbs-https-certificate-eso -> kbs-https-certificate': { 'tls.crt': 'secret/data/hub/kbsTls#tls.crt' },
      'kbs-attestation-key-eso -> kbs-attestation-key': { 'token.key': 'secret/data/hub/kbsTokenSigner#token.key' },
      'kbs-attestation-certificate-eso -> kbs-attestation-certificate': { 'token.crt': 'secret/data/hub/kbsTokenSigner#token.crt' },
      'kbsres1-eso -> kbsres1': {
        key1: 'secret/data/hub/kbsres1#key1', key2: 'secret/data/hub/kbsres1#key2', key3: 'secret/data/hub/kbsres1#key3',
      },
      'kbs-passphrase-eso -> passphrase': { passphrase: 'secret/data/hub/passphrase#passphrase' },
      'securitypolicy-eso -> security-policy': { osc: 'secret/data/hub/securityPolicyConfig#osc' },
    });
  });

  test('no secret value is rendered: no Secret objects at all', () => {
    expect(objects.filter(o => o.kind === 'Secret')).toEqual([]);
    expect(objects.filter(o => o.data !== undefined && o.kind !== 'ConfigMap')).toEqual([]);
    expect(objects.filter(o => o.stringData !== undefined)).toEqual([]);
  });

  test('exposes the KBS URL, the pinned certificate and what it serves', () => {
    expect(trustee.kbsUrl).toBe(`https://${HOST}`);
    expect(trustee.kbsCertificate).toBe(CERT);
    expect(trustee.servesHttps).toBe(true);
    expect(trustee.preset).toBe('secure');
    expect(trustee.profile.version).toBe('1.2');
    expect(trustee.secretResources.map(r => r.name)).toEqual(['kbsres1', 'passphrase', 'security-policy']);
  });

  test('renders exactly these objects', () => {
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/attestation-policy', 'ConfigMap/kbs-config', 'ConfigMap/resource-policy', 'ConfigMap/rvps-reference-values',
      'ExternalSecret/kbs-attestation-certificate-eso', 'ExternalSecret/kbs-attestation-key-eso', 'ExternalSecret/kbs-auth-public-key-eso',
      'ExternalSecret/kbs-https-certificate-eso', 'ExternalSecret/kbs-https-key-eso', 'ExternalSecret/kbs-passphrase-eso',
      'ExternalSecret/kbsres1-eso', 'ExternalSecret/securitypolicy-eso',
      'KbsConfig/kbsconfig',
      'Route/kbs',
    ]);
  });
});

describe('ordering and derived facts', () => {
  test('configuration and secrets sync before the KbsConfig and the Route; the KbsConfig waits for its CRD', () => {
    // WHEN
    const { objects } = synth(SECURE);
    const wave = (o: Obj) => o.metadata.annotations['argocd.argoproj.io/sync-wave'];
    // THEN ConfigMaps and ExternalSecrets in wave 1, the operand and its Route in wave 10
    for (const o of objects.filter(x => x.kind === 'ConfigMap' || x.kind === 'ExternalSecret')) {
      expect(wave(o)).toBe('1');
    }
    expect(wave(find(objects, 'KbsConfig', 'kbsconfig'))).toBe('10');
    expect(wave(find(objects, 'Route', 'kbs'))).toBe('10');
    expect(find(objects, 'KbsConfig', 'kbsconfig').metadata.annotations['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
  });

  test.each(VERSION_PRESETS)('Trustee %s, %s: verifiesTokenSigner only for secure 1.1 and 1.2', (version, preset) => {
    const trustee = new Trustee(Testing.chart(), 'trustee', { ...SECURE, version, preset });
    expect(trustee.verifiesTokenSigner).toBe(['1.1', '1.2'].includes(version) && preset === 'secure');
  });

  test.each(VERSION_PRESETS)('Trustee %s, %s: adminAccess says who may use the admin API', (version, preset) => {
    const trustee = new Trustee(Testing.chart(), 'trustee', { ...SECURE, version, preset });
    expect(trustee.adminAccess).toBe(preset === 'permissive' ? 'open' : version === '1.2' ? 'closed' : 'key');
  });

  test('missingReferenceValues: the measurements the secure attestation policy reads that nobody provides', () => {
    // GIVEN initdata on Azure SNP vTPM, whose policy also reads the pod VM measurement snp_pcr11
    const initData = buildInitData({ algorithm: 'sha256', aa: { kbsUrl: `https://${HOST}` } });
    const accept = (t: Trustee) => t.acceptInitData('w', initData, ['azure-snp-vtpm']);
    const pcr11 = { name: 'snp_pcr11', values: ['ab'.repeat(32)], expiration: EXPIRY };
    // THEN missing without it, complete with it, and never reported for the permissive preset (no policy)
    expect(synth({ ...SECURE, initDataExpiration: EXPIRY }, accept).trustee.missingReferenceValues).toEqual(['snp_pcr11']);
    expect(synth({ ...SECURE, initDataExpiration: EXPIRY, referenceValues: [pcr11] }, accept).trustee.missingReferenceValues).toEqual([]);
    expect(synth({ ...SECURE, preset: 'permissive', initDataExpiration: EXPIRY }, accept).trustee.missingReferenceValues).toEqual([]);
  });
});

describe('props reach the objects', () => {
  test('Vault entries, store, refresh interval, service type, environment, token lifetime and secret resources', () => {
    // GIVEN every optional prop set
    const { objects, trustee } = synth({
      ...SECURE,
      kbsUrl: 'https://kbs.example.org',
      namespace: 'kbs',
      serviceType: 'LoadBalancer',
      envVars: { RUST_LOG: 'info' },
      tokenDurationMinutes: 30,
      adminPublicKey: { vaultPath: 'kv/data/admin', property: 'pub' },
      https: { vaultPath: 'kv/data/tls', keyProperty: 'key', certificateProperty: 'chain' },
      tokenSigner: { vaultPath: 'kv/data/signer', keyProperty: 'sk', certificateProperty: 'crt' },
      secretResources: [{ name: 'db', vaultPath: 'kv/data/db', keys: ['password'] }],
      store: { name: 'other-store', kind: 'SecretStore' },
      refreshInterval: '1h',
    });
    // THEN
    const spec = find(objects, 'KbsConfig', 'kbsconfig').spec;
    expect(spec.kbsServiceType).toBe('LoadBalancer');
    expect(spec.KbsEnvVars).toEqual({ RUST_LOG: 'info' });
    expect(spec.kbsSecretResources).toEqual(['db']);
    expect(new Set(objects.map(o => o.metadata.namespace))).toEqual(new Set(['kbs']));
    expect(trustee.kbsUrl).toBe('https://kbs.example.org');
    const toml = kbsConfigToml(objects);
    expect(toml.attestation_service.attestation_token_broker.duration_min).toBe(30);
    expect(externalSecrets(objects)).toEqual({
      'kbs-auth-public-key-eso -> kbs-auth-public-key': { publicKey: 'kv/data/admin#pub' },
      'kbs-https-key-eso -> kbs-https-key': { 'tls.key': 'kv/data/tls#key' },
      'kbs-https-certificate-eso -> kbs-https-certificate': { 'tls.crt': 'kv/data/tls#chain' },
      'kbs-attestation-key-eso -> kbs-attestation-key': { 'token.key': 'kv/data/signer#sk' },
      'kbs-attestation-certificate-eso -> kbs-attestation-certificate': { 'token.crt': 'kv/data/signer#crt' },
      // the ExternalSecret name defaults to "<name>-eso"
      'db-eso -> db': { password: 'kv/data/db#password' },
    });
    for (const o of objects.filter(x => x.kind === 'ExternalSecret')) {
      expect(o.spec.secretStoreRef).toEqual({ name: 'other-store', kind: 'SecretStore' });
      expect(o.spec.refreshInterval).toBe('1h');
    }
  });

  test('the URL defaults to https://<kbsHost> and the Route host to kbsHost', () => {
    // WHEN only a host is given
    const { trustee, objects } = synth({ ...SECURE, kbsHost: 'kbs.apps.other.example' });
    // THEN
    expect(trustee.kbsUrl).toBe('https://kbs.apps.other.example');
    expect(find(objects, 'Route', 'kbs').spec.host).toBe('kbs.apps.other.example');
  });
});

/** ConfigMap keys per version, as the operator of each mounts them (DS internal/controller at each tag). */
const CONFIG_MAP_KEYS: Record<TrusteeVersion, { rv: string; resource: string; attestation: string }> = {
  '0.3': { rv: 'reference-values.json', resource: 'policy.rego', attestation: 'default.rego' },
  '0.4': { rv: 'reference-values.json', resource: 'policy.rego', attestation: 'default.rego' },
  '1.0': { rv: 'reference-values.json', resource: 'policy.rego', attestation: 'default_cpu.rego' },
  '1.1': { rv: 'reference-values.json', resource: 'policy.rego', attestation: 'default_cpu.rego' },
  '1.2': { rv: 'reference_value', resource: 'resource-policy.rego', attestation: 'default_cpu.rego' },
};

describe.each(VERSION_PRESETS)('Trustee %s, %s preset', (version, preset) => {
  const secure = preset === 'secure';
  const { objects } = synth({ ...SECURE, version, preset });
  const tokenSigner = secure && ['1.1', '1.2'].includes(version);
  const keys = CONFIG_MAP_KEYS[version];

  test('ConfigMap keys of the version', () => {
    // THEN gen A (0.3, 0.4) reads default.rego, gen B (1.0, 1.1) default_cpu.rego; gen C (1.2) renames the
    // resource policy and reference values keys
    expect(Object.keys(find(objects, 'ConfigMap', 'kbs-config').data)).toEqual(['kbs-config.toml']);
    expect(Object.keys(find(objects, 'ConfigMap', 'rvps-reference-values').data)).toEqual([keys.rv]);
    expect(Object.keys(find(objects, 'ConfigMap', 'resource-policy').data)).toEqual([keys.resource]);
    if (secure) {
      expect(Object.keys(find(objects, 'ConfigMap', 'attestation-policy').data)).toEqual([keys.attestation]);
    } else {
      // the permissive preset keeps the operator's built-in attestation policy, like the reference
      expect(names(objects, 'ConfigMap')).not.toContain('attestation-policy');
    }
  });

  test('the KbsConfig is annotated with version and preset; the ConfigMaps with the preset', () => {
    expect(find(objects, 'KbsConfig', 'kbsconfig').metadata.annotations).toMatchObject({
      'coco-cdk8s.io/trustee-version': version,
      'coco-cdk8s.io/trustee-preset': preset,
    });
    for (const cm of objects.filter(o => o.kind === 'ConfigMap')) {
      expect(cm.metadata.annotations['coco-cdk8s.io/trustee-preset']).toBe(preset);
    }
  });

  test('the ConfigMaps carry the operator\'s migration marker on 1.2 only', () => {
    // GIVEN DS v1.2.0 internal/controller/migration.go deletes unannotated referenced ConfigMaps on reconcile
    const cms = objects.filter(o => o.kind === 'ConfigMap');
    expect(cms.map(o => o.metadata.name).sort())
      .toEqual(secure ? ['attestation-policy', 'kbs-config', 'resource-policy', 'rvps-reference-values'] : ['kbs-config', 'resource-policy', 'rvps-reference-values']);
    for (const cm of cms) {
      if (version === '1.2') {
        expect(cm.metadata.annotations['kbs.confidentialcontainers.org/migrated-from-v1.1.0']).toBe('v1.2.0');
      } else {
        expect(cm.metadata.annotations).not.toHaveProperty('kbs.confidentialcontainers.org/migrated-from-v1.1.0');
      }
    }
  });

  test('the KbsConfig says AllInOneDeployment and names the admin key Secret (the operator requires it)', () => {
    const spec = find(objects, 'KbsConfig', 'kbsconfig').spec;
    expect(spec.kbsDeploymentType).toBe('AllInOneDeployment');
    expect(spec.kbsAuthSecretName).toBe('kbs-auth-public-key');
    expect(spec).not.toHaveProperty('tdxConfigSpec');
  });

  test(`token signer ${tokenSigner ? 'mounted and checked' : 'absent, token key insecure'}`, () => {
    // GIVEN the pattern mounts a token signer from Trustee 1.1 on
    const spec = find(objects, 'KbsConfig', 'kbsconfig').spec;
    const toml = kbsConfigToml(objects);
    const esoNames = names(objects, 'ExternalSecret');
    const insecureKey = trusteeProfile(version).capabilities.insecureTokenKeySetting;
    if (tokenSigner) {
      expect(spec.kbsAttestationKeySecretName).toBe('kbs-attestation-key');
      expect(spec.kbsAttestationCertSecretName).toBe('kbs-attestation-certificate');
      expect(esoNames).toEqual(expect.arrayContaining(['kbs-attestation-key-eso', 'kbs-attestation-certificate-eso']));
      expect(toml.attestation_token[insecureKey]).toBe(false);
      expect(toml.attestation_service.attestation_token_broker.signer).toBeDefined();
    } else {
      // THEN no signer fields anywhere, and the token key insecure even in the secure preset
      expect(spec).not.toHaveProperty('kbsAttestationKeySecretName');
      expect(spec).not.toHaveProperty('kbsAttestationCertSecretName');
      expect(esoNames.filter(n => n.startsWith('kbs-attestation-'))).toEqual([]);
      expect(toml.attestation_token[insecureKey]).toBe(true);
      expect(toml.attestation_token).not.toHaveProperty('trusted_certs_paths');
      expect(toml.attestation_service.attestation_token_broker).not.toHaveProperty('signer');
    }
  });

  test(`kbs-config.toml: ${secure ? 'HTTPS and no unauthenticated admin' : 'HTTP and open admin API'}`, () => {
    const toml = kbsConfigToml(objects);
    expect(toml.http_server.insecure_http).toBe(!secure);
    const admin: Record<TrusteeVersion, [Obj, Obj]> = {
      '0.3': [{ insecure_api: false, auth_public_key: '/etc/auth-secret/publicKey' }, { insecure_api: true, auth_public_key: '/etc/auth-secret/publicKey' }],
      '0.4': [{ insecure_api: false, auth_public_key: '/etc/auth-secret/publicKey' }, { insecure_api: true, auth_public_key: '/etc/auth-secret/publicKey' }],
      '1.0': [{ insecure_api: false, auth_public_key: '/etc/auth-secret/publicKey' }, { insecure_api: true, auth_public_key: '/etc/auth-secret/publicKey' }],
      '1.1': [{ type: 'Simple', personas: [{ id: 'admin', public_key_path: '/etc/auth-secret/publicKey' }] }, { type: 'InsecureAllowAll' }],
      '1.2': [{ authorization_mode: 'DenyAll' }, { authorization_mode: 'InsecureAllowAll' }],
    };
    expect(toml.admin).toEqual(admin[version][secure ? 0 : 1]);
  });

  test(`HTTPS material and Route: ${secure ? 'passthrough' : 'edge'}`, () => {
    const spec = find(objects, 'KbsConfig', 'kbsconfig').spec;
    const route = find(objects, 'Route', 'kbs');
    expect(spec.kbsHttpsKeySecretName).toBe(secure ? 'kbs-https-key' : undefined);
    expect(spec.kbsHttpsCertSecretName).toBe(secure ? 'kbs-https-certificate' : undefined);
    expect(route.spec.tls.termination).toBe(secure ? 'passthrough' : 'edge');
  });
});

describe('what it reads from Vault and where its KBS is (for the readers of the construct tree)', () => {
  /** Each Vault property its ExternalSecrets read: "<path>#<property>" -> [what it holds, the setting naming it]. */
  const reads = (trustee: Trustee) => Object.fromEntries(trustee.node.findAll().filter((c): c is VaultSecret => c instanceof VaultSecret)
    .flatMap(v => v.keys.map(k => [`${v.vaultPath}#${v.properties[k]}`, [v.contents[k], v.settings.properties[k]]])));

  test('the secure preset declares the admin key, the HTTPS key and chain, the token signer; secret resources as given', () => {
    // WHEN
    const { trustee } = synth({
      ...SECURE,
      secretResources: [{ name: 'db', vaultPath: 'secret/data/hub/db', keys: ['user', 'password'], contents: { password: { random: 24 } } }],
    });
    // THEN
    expect(reads(trustee)).toEqual({
      'secret/data/hub/kbsPublicKey#publicKey': [{ material: 'adminPublicKey' }, 'Trustee adminPublicKey.property'],
      'secret/data/hub/kbsTls#tls.key': [{ material: 'kbsTlsKey' }, 'Trustee https.keyProperty'],
      'secret/data/hub/kbsTls#tls.crt': [{ material: 'kbsTlsCertificateChain' }, 'Trustee https.certificateProperty'],
      'secret/data/hub/kbsTokenSigner#token.key': [{ material: 'tokenSignerKey' }, 'Trustee tokenSigner.keyProperty'],
      'secret/data/hub/kbsTokenSigner#token.crt': [{ material: 'tokenSignerCertificate' }, 'Trustee tokenSigner.certificateProperty'],
      'secret/data/hub/db#user': [undefined, 'Trustee secretResources[0].keys[0]'],
      'secret/data/hub/db#password': [{ random: 24 }, 'Trustee secretResources[0].keys[1]'],
    });
  });

  test('the permissive preset reads only the admin key and the secret resources', () => {
    const { trustee } = synth({ preset: 'permissive', kbsHost: HOST, secretResources: [{ name: 'db', vaultPath: 'secret/data/hub/db', keys: ['user'] }] });
    expect(Object.keys(reads(trustee))).toEqual(['secret/data/hub/kbsPublicKey#publicKey', 'secret/data/hub/db#user']);
  });

  test('settings name where the props were configured', () => {
    // WHEN
    const { trustee } = synth({ ...SECURE, settings: { vault: 'groups.a.trustee', routeHost: 'groups.a.host', kbsUrl: 'groups.a.url' } });
    // THEN
    expect(trustee.settings).toEqual({ vault: 'groups.a.trustee', routeHost: 'groups.a.host', kbsUrl: 'groups.a.url' });
    expect(reads(trustee)['secret/data/hub/kbsTls#tls.key'][1]).toBe('groups.a.trustee.https.keyProperty');
    const admin = trustee.node.findAll().find((c): c is VaultSecret => c instanceof VaultSecret && c.secretName === 'kbs-auth-public-key')!;
    expect(admin.settings.vaultPath).toBe('groups.a.trustee.adminPublicKey.vaultPath');
  });

  test('with appsDomain and no kbsHost, the Route host is OpenShift\'s; the secure preset writes it on the Route, the URL follows it', () => {
    // WHEN
    const { trustee, objects } = synth({ kbsCertificate: CERT, appsDomain: 'apps.c1.example.com' });
    // THEN
    expect([trustee.routeHost, trustee.urlHost, trustee.kbsUrl]).toEqual([
      'kbs-trustee-operator-system.apps.c1.example.com', 'kbs-trustee-operator-system.apps.c1.example.com', 'https://kbs-trustee-operator-system.apps.c1.example.com',
    ]);
    expect(find(objects, 'Route', 'kbs').spec.host).toBe('kbs-trustee-operator-system.apps.c1.example.com');
    expect(trustee.settings.routeHost).toBe('Trustee appsDomain');
  });

  test('the permissive preset leaves the Route host to OpenShift and still knows it', () => {
    const { trustee, objects } = synth({ preset: 'permissive', namespace: 'kbs', appsDomain: 'apps.c1.example.com' });
    expect(find(objects, 'Route', 'kbs').spec.host).toBeUndefined();
    expect([trustee.routeHost, trustee.kbsUrl]).toEqual(['kbs-kbs.apps.c1.example.com', 'https://kbs-kbs.apps.c1.example.com']);
  });

  test('kbsHost wins over appsDomain; the URL host is the one of kbsUrl', () => {
    const { trustee } = synth({ ...SECURE, appsDomain: 'apps.c1.example.com', kbsUrl: 'https://attest.example.org:8443' });
    expect([trustee.routeHost, trustee.urlHost]).toEqual([HOST, 'attest.example.org']);
    expect(trustee.settings.routeHost).toBe('Trustee kbsHost');
  });

  test('a bad appsDomain names the prop', () => {
    expect(() => synth({ kbsCertificate: CERT, appsDomain: 'Apps' }))
      .toThrow('Trustee appsDomain: must be a DNS name of at least two lowercase labels (e.g. "apps.cluster.example.com"), got "Apps"');
  });
});

describe('Trustee 1.2 specifics', () => {
  const A = buildInitData({ algorithm: 'sha256', aa: { kbsUrl: `https://${HOST}` } });
  const USER = { name: 'snp_pcr11', values: ['ab'.repeat(32), 'cd'.repeat(32)], expiration: EXPIRY };
  const { objects } = synth({ ...SECURE, version: '1.2', referenceValues: [USER], initDataExpiration: EXPIRY }, t => t.acceptInitData('w', A, ['azure-snp-vtpm']));

  test('reference values in format C: an object of name -> base64url (padded) JSON {name, expiration, value}, round-tripping', () => {
    // WHEN
    const data = find(objects, 'ConfigMap', 'rvps-reference-values').data as Record<string, string>;
    // THEN one key, reference_value, a JSON object keyed by name
    expect(Object.keys(data)).toEqual(['reference_value']);
    const object = JSON.parse(data.reference_value) as Record<string, string>;
    expect(Object.keys(object)).toEqual(['coco_initdata_azure_snp_pcr08', 'snp_pcr11']);
    for (const [name, encoded] of Object.entries(object)) {
      // URL-safe alphabet with canonical '=' padding (the RVPS decodes with base64 URL_SAFE, padding required)
      expect(encoded).toMatch(/^[A-Za-z0-9_-]*={0,2}$/);
      expect(encoded.length % 4).toBe(0);
      const decoded = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
      expect(Buffer.from(JSON.stringify(decoded), 'utf8').toString('base64url').replace(/=+$/, '')).toBe(encoded.replace(/=+$/, ''));
      expect(Object.keys(decoded)).toEqual(['name', 'expiration', 'value']);
      expect(decoded.name).toBe(name);
      expect(decoded.expiration).toBe(EXPIRY);
    }
    expect(JSON.parse(Buffer.from(object.snp_pcr11, 'base64url').toString('utf8')).value).toEqual(USER.values);
    expect(JSON.parse(Buffer.from(object.coco_initdata_azure_snp_pcr08, 'base64url').toString('utf8')).value).toEqual([azurePcr8(A.digest)]);
  });

  test('the attestation policy reads the hyphenated Azure evidence key first, with query_reference_value and trust_claims', () => {
    const policy: string = find(objects, 'ConfigMap', 'attestation-policy').data['default_cpu.rego'];
    expect(policy).toContain('azure_snp_vtpm := input["az-snp-vtpm"] if {');
    expect(policy).toContain('azure_snp_vtpm.tpm.pcr08 in query_reference_value("coco_initdata_azure_snp_pcr08")');
    expect(policy).toMatch(/^trust_claims := \{$/m);
    expect(policy).toMatch(/^import rego\.v1$/m);
  });

  test('the KbsConfig names every ConfigMap that carries the migration marker, and nothing else', () => {
    const spec = find(objects, 'KbsConfig', 'kbsconfig').spec;
    const referenced = [spec.kbsConfigMapName, spec.kbsRvpsRefValuesConfigMapName, spec.kbsResourcePolicyConfigMapName, spec.kbsAttestationPolicyConfigMapName].sort();
    const marked = objects.filter(o => o.kind === 'ConfigMap' && o.metadata.annotations['kbs.confidentialcontainers.org/migrated-from-v1.1.0'] === 'v1.2.0')
      .map(o => o.metadata.name).sort();
    expect(marked).toEqual(referenced);
    expect(spec).not.toHaveProperty('kbsGpuAttestationPolicyConfigMapName');
  });
});

describeWithSchemas('Trustee 1.2: the KbsConfig against the current CRD (openshift/trustee-operator v1.2.0)', () => {
  test.each(PRESETS)('%s preset', preset => {
    const { objects } = synth({ ...SECURE, version: '1.2', preset });
    const kbsConfig = find(objects, 'KbsConfig', 'kbsconfig');
    expect(kbsConfig.metadata.annotations['coco-cdk8s.io/trustee-version']).toBe('1.2');
    expect(schemaValidator()!.validate(kbsConfig)).toEqual([]);
    // strict: a field the 1.2 CRD dropped is an error, so the validator did use that CRD
    expect(schemaValidator()!.validate({ ...kbsConfig, spec: { ...kbsConfig.spec, tdxConfigSpec: { kbsTdxConfigMapName: 'x' } } }))
      .toEqual(['spec: unknown field "tdxConfigSpec"']);
  });
});

describe('the permissive preset reproduces the reference pattern (coco-pattern.md §3.2, blog version 4b67132)', () => {
  // GIVEN the reference pattern's Trustee objects, transcribed from charts/hub/trustee (the 2.x release runs Trustee 0.3)
  const REFERENCE = {
    kbsConfig: {
      kbsConfigMapName: 'kbs-config',
      kbsAuthSecretName: 'kbs-auth-public-key',
      kbsDeploymentType: 'AllInOneDeployment',
      kbsRvpsRefValuesConfigMapName: 'rvps-reference-values',
      kbsSecretResources: ['kbsres1', 'passphrase', 'security-policy'],
      kbsResourcePolicyConfigMapName: 'resource-policy',
      KbsEnvVars: { RUST_LOG: 'debug' },
      kbsServiceType: 'ClusterIP',
      // commented out in the reference: kbsHttpsKeySecretName, kbsHttpsCertSecretName, kbsAttestationPolicyConfigMapName
    },
    kbsConfigToml: REFERENCE_KBS_CONFIG_TOML,
    referenceValues: [],
    resourcePolicyRules: ['package policy', 'default allow = true'],
    route: { to: { kind: 'Service', name: 'kbs-service' }, port: { targetPort: 8080 }, tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' } },
    // ExternalSecret -> Secret: Vault path and keys (the reference copies all keys with dataFrom)
    externalSecrets: {
      'kbs-auth-public-key-eso -> kbs-auth-public-key': { publicKey: 'secret/data/hub/kbsPublicKey#publicKey' },
      'kbsres1-eso -> kbsres1': { key1: 'secret/data/hub/kbsres1#key1', key2: 'secret/data/hub/kbsres1#key2', key3: 'secret/data/hub/kbsres1#key3' },
      'kbs-passphrase-eso -> passphrase': { passphrase: 'secret/data/hub/passphrase#passphrase' },
      'securitypolicy-eso -> security-policy': { osc: 'secret/data/hub/securityPolicyConfig#osc' },
    },
  };

  // WHEN rendering the permissive preset for the reference's Trustee version, with the reference's URL
  const { objects, trustee } = synth({ preset: 'permissive', version: '0.3', kbsUrl: 'https://kbs-trustee-operator-system.apps.example.com' });

  test('the same objects, in the same namespace', () => {
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/kbs-config', 'ConfigMap/resource-policy', 'ConfigMap/rvps-reference-values',
      'ExternalSecret/kbs-auth-public-key-eso', 'ExternalSecret/kbs-passphrase-eso', 'ExternalSecret/kbsres1-eso', 'ExternalSecret/securitypolicy-eso',
      'KbsConfig/kbsconfig',
      'Route/kbs',
    ]);
    expect(new Set(objects.map(o => o.metadata.namespace))).toEqual(new Set(['trustee-operator-system']));
    expect(trustee.servesHttps).toBe(false);
  });

  test('KbsConfig kbsconfig: identical spec (no HTTPS secrets, built-in attestation policy, RUST_LOG=debug)', () => {
    const kbsConfig = find(objects, 'KbsConfig', 'kbsconfig');
    expect(kbsConfig.apiVersion).toBe('confidentialcontainers.org/v1alpha1');
    expect(kbsConfig.spec).toEqual(REFERENCE.kbsConfig);
    // differs: marked as the permissive preset, so nobody mistakes it for the secure one
    expect(kbsConfig.metadata.annotations['coco-cdk8s.io/trustee-preset']).toBe('permissive');
  });

  test('ConfigMap kbs-config: the 2.x TOML values', () => {
    const toml = kbsConfigToml(objects);
    expect(toml).toEqual({
      ...REFERENCE.kbsConfigToml,
      attestation_service: {
        ...REFERENCE.kbsConfigToml.attestation_service,
        // differs: duration_min is also written where the EAR broker reads it (the same value, 5)
        attestation_token_broker: { ...REFERENCE.kbsConfigToml.attestation_service.attestation_token_broker, duration_min: 5 },
      },
    });
  });

  test('ConfigMap rvps-reference-values: no reference values', () => {
    expect(referenceValuesJson(objects)).toEqual(REFERENCE.referenceValues);
  });

  test('ConfigMap resource-policy: default allow = true', () => {
    const policy: string = find(objects, 'ConfigMap', 'resource-policy').data['policy.rego'];
    // differs: one comment line that says the preset allows everything; the rules are the reference's
    const rules = policy.split('\n').filter(l => l.trim() !== '' && !l.startsWith('#'));
    expect(rules).toEqual(REFERENCE.resourcePolicyRules);
  });

  test('Route kbs: edge, redirects HTTP, no host (OpenShift assigns kbs-trustee-operator-system.<apps domain>)', () => {
    const route = find(objects, 'Route', 'kbs');
    expect(route.spec).toEqual({
      ...REFERENCE.route,
      // differs: the defaults OpenShift fills in are written out, so Argo CD sees no drift
      to: { ...REFERENCE.route.to, weight: 100 },
      wildcardPolicy: 'None',
    });
    expect(route.spec).not.toHaveProperty('host');
  });

  test('ExternalSecrets: the reference names, Secrets and Vault paths', () => {
    expect(externalSecrets(objects)).toEqual(REFERENCE.externalSecrets);
    for (const o of objects.filter(x => x.kind === 'ExternalSecret')) {
      // differs: external-secrets.io/v1 instead of v1beta1 (removed from current ESO releases) ...
      expect(o.apiVersion).toBe('external-secrets.io/v1');
      // ... explicit keys instead of dataFrom, so only the listed keys reach the cluster ...
      expect(o.spec.dataFrom).toBeUndefined();
      // ... and an Opaque Secret (the reference's security-policy template says `type: generic`, not a Secret type)
      expect(o.spec.target.template).toEqual({ type: 'Opaque' });
      expect(o.spec.secretStoreRef).toEqual({ name: 'vault-backend', kind: 'ClusterSecretStore' });
      expect(o.spec.refreshInterval).toBe('15s');
    }
  });

  test('only the ConfigMaps carry data; no Secret is rendered', () => {
    expect(objects.filter(o => o.kind === 'Secret')).toEqual([]);
  });
});

describe('acceptInitData: digests become reference values', () => {
  // GIVEN two different initdata documents (A and B) and a sha384 one (C)
  const A = buildInitData({ algorithm: 'sha256', aa: { kbsUrl: `https://${HOST}` } });
  const B = buildInitData({ algorithm: 'sha256', aa: { kbsUrl: `https://${HOST}` }, policy: renderAgentPolicy({ preset: 'no-exec' }) });
  const C = buildInitData({ algorithm: 'sha384', aa: { kbsUrl: `https://${HOST}` } });
  const USER = { name: 'snp_pcr11', values: ['ab'.repeat(32)], expiration: EXPIRY };
  const accept = (t: Trustee) => {
    t.acceptInitData('hello/secure', A, ['azure-snp-vtpm', 'snp']);
    t.acceptInitData('kbs-access', B, ['azure-snp-vtpm', 'tdx']);
    // the same document from another workload: deduplicated
    t.acceptInitData('hello/insecure', A, ['azure-snp-vtpm']);
  };
  /** SNP HOSTDATA as the version's verifier writes it: base64 up to trustee v0.17.0 (Trustee 1.1), hex after. */
  const expected = (version: TrusteeVersion = '1.2'): ReferenceValue[] => [
    USER,
    { name: 'coco_initdata_azure_snp_pcr08', values: [azurePcr8(A.digest), azurePcr8(B.digest)].sort(), algorithm: 'sha256', expiration: EXPIRY },
    version === '1.2'
      ? { name: 'coco_initdata_snp_hostdata', values: [snpHostData(A.digest)], algorithm: 'sha256', expiration: EXPIRY }
      : { name: 'coco_initdata_snp_hostdata', values: [Buffer.from(snpHostData(A.digest), 'hex').toString('base64')], kind: { bytes: 32, encoding: 'base64' }, expiration: EXPIRY },
    // MRCONFIGID is 48 bytes: labelled sha384 so its length checks out
    { name: 'coco_initdata_tdx_mrconfigid', values: [tdxMrConfigId(B.digest)], algorithm: 'sha384', expiration: EXPIRY },
  ];

  test('one reference value per TEE, values deduplicated and sorted; user values kept', () => {
    // WHEN
    const { trustee } = synth({ ...SECURE, referenceValues: [USER], initDataExpiration: EXPIRY }, accept);
    // THEN the azure TDX name is absent (nothing runs there)
    expect(trustee.referenceValues).toEqual(expected());
    expect(trustee.acceptedInitData.map(a => a.name)).toEqual(['hello/secure', 'kbs-access', 'hello/insecure']);
  });

  test('the names are the published INITDATA_REFERENCE_VALUES', () => {
    expect(INITDATA_REFERENCE_VALUES).toEqual({
      'azure-snp-vtpm': 'coco_initdata_azure_snp_pcr08',
      'azure-tdx-vtpm': 'coco_initdata_azure_tdx_pcr08',
      'snp': 'coco_initdata_snp_hostdata',
      'tdx': 'coco_initdata_tdx_mrconfigid',
    });
  });

  test.each([
    ['azure-snp-vtpm', (d: RenderedInitData) => azurePcr8(d.digest), 'sha256', 64],
    ['azure-tdx-vtpm', (d: RenderedInitData) => azurePcr8(d.digest), 'sha256', 64],
    ['snp', (d: RenderedInitData) => snpHostData(d.digest), 'sha256', 64],
    ['tdx', (d: RenderedInitData) => tdxMrConfigId(d.digest), 'sha384', 96],
  ] as const)('%s carries the digest in its own form', (tee, form, algorithm, hexLength) => {
    // WHEN one initdata runs on one TEE
    const { trustee, objects } = synth({ ...SECURE, initDataExpiration: EXPIRY }, t => t.acceptInitData('w', A, [tee as AttestedTee]));
    // THEN PCR8 for Azure vTPM, HOSTDATA for SNP, MRCONFIGID for TDX
    expect(trustee.referenceValues).toEqual([{ name: INITDATA_REFERENCE_VALUES[tee as AttestedTee], values: [form(A)], algorithm, expiration: EXPIRY }]);
    expect(form(A)).toHaveLength(hexLength);
    expect(referenceValuesJson(objects)).toEqual([{ name: INITDATA_REFERENCE_VALUES[tee as AttestedTee], expiration: EXPIRY, value: [form(A)] }]);
  });

  test('a sha384 digest: SNP HOSTDATA is its first 32 bytes, TDX MRCONFIGID is all 48', () => {
    // WHEN
    const { trustee } = synth({ ...SECURE, initDataExpiration: EXPIRY }, t => t.acceptInitData('w', C, ['snp', 'tdx']));
    // THEN hand-checkable: truncation and identity
    expect(C.digest).toHaveLength(96);
    expect(trustee.referenceValues.map(rv => [rv.name, rv.values])).toEqual([
      ['coco_initdata_snp_hostdata', [C.digest.slice(0, 64)]],
      ['coco_initdata_tdx_mrconfigid', [C.digest]],
    ]);
  });

  test.each(['0.3', '0.4'] as const)('Trustee %s: hash-value-array wire format', version => {
    // WHEN
    const { objects } = synth({ ...SECURE, version, referenceValues: [USER], initDataExpiration: EXPIRY }, accept);
    // THEN sorted by name, each digest with its algorithm
    expect(referenceValuesJson(objects)).toEqual([...expected(version)]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(rv => ({ 'name': rv.name, 'expiration': EXPIRY, 'hash-value': rv.values.map(value => ({ alg: rv.kind ? 'bytes' : rv.algorithm ?? 'sha256', value })) })));
  });

  test.each(['1.0', '1.1', '1.2'] as const)('Trustee %s: value-array wire format (1.2: its documents)', version => {
    // WHEN
    const { objects } = synth({ ...SECURE, version, referenceValues: [USER], initDataExpiration: EXPIRY }, accept);
    // THEN sorted by name
    expect(referenceValuesJson(objects)).toEqual([...expected(version)]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(rv => ({ name: rv.name, expiration: EXPIRY, value: rv.values })));
  });

  test.each([
    ['1.2', (n: string) => `query_reference_value("${n}")`],
    ['1.1', (n: string) => `query_reference_value("${n}")`],
    ['1.0', (n: string) => `data.reference["${n}"]`],
    ['0.3', (n: string) => `data.reference["${n}"]`],
  ] as const)('Trustee %s, secure: the attestation policy checks the bound reference values', (version, read) => {
    // WHEN
    const { objects } = synth({ ...SECURE, version, initDataExpiration: EXPIRY }, accept);
    const policy: string = find(objects, 'ConfigMap', 'attestation-policy').data[CONFIG_MAP_KEYS[version].attestation];
    // THEN every bound name is read, the unbound TEE's is not
    expect(policy).toContain(`azure_snp_vtpm.tpm.pcr08 in ${read('coco_initdata_azure_snp_pcr08')}`);
    expect(policy).toContain(`snp_host_data in ${read('coco_initdata_snp_hostdata')}`);
    expect(policy).toContain(`input.tdx.quote.body.mr_config_id in ${read('coco_initdata_tdx_mrconfigid')}`);
    expect(policy).not.toContain('coco_initdata_azure_tdx_pcr08');
  });

  test('initdata accepted after construction still reaches the output (rendered at synth)', () => {
    // GIVEN a Trustee rendered once without initdata
    const chart = Testing.chart();
    const trustee = new Trustee(chart, 'trustee', { ...SECURE, initDataExpiration: EXPIRY });
    expect(referenceValuesJson(Testing.synth(chart))).toEqual([]);
    // WHEN initdata is accepted later
    trustee.acceptInitData('late', A, ['snp']);
    // THEN the next synth has it
    expect(referenceValuesJson(Testing.synth(chart)))
      .toEqual([{ name: 'coco_initdata_snp_hostdata', expiration: EXPIRY, value: [snpHostData(A.digest)] }]);
  });

  test('the permissive preset renders the reference values without an attestation policy', () => {
    const { objects } = synth({ preset: 'permissive', kbsHost: HOST, initDataExpiration: EXPIRY }, t => t.acceptInitData('w', A, ['snp']));
    expect(referenceValuesJson(objects)).toEqual([{ name: 'coco_initdata_snp_hostdata', expiration: EXPIRY, value: [snpHostData(A.digest)] }]);
    expect(names(objects, 'ConfigMap')).not.toContain('attestation-policy');
  });
});

describe('bad props: clear errors naming the prop', () => {
  const A = buildInitData({ algorithm: 'sha256', aa: { kbsUrl: `https://${HOST}` } });
  const build = (props: TrusteeProps) => () => new Trustee(Testing.chart(), 'trustee', { now: NOW, ...props });

  test('neither kbsHost nor kbsUrl', () => {
    expect(build({ preset: 'permissive' })).toThrow('Trustee kbsHost: is required (or kbsUrl): workloads need to know where the KBS is');
  });

  test('the secure preset without kbsHost, even with a kbsUrl', () => {
    expect(build({ kbsCertificate: CERT, kbsUrl: 'https://kbs.apps.example.com' }))
      .toThrow('Trustee kbsHost: is required by the secure preset: the passthrough Route must carry the host the KBS certificate names');
  });

  test('a kbsHost that is not a DNS name', () => {
    expect(build({ ...SECURE, kbsHost: 'Not A Host' }))
      .toThrow('Trustee kbsHost: must be a DNS name of at least two lowercase labels (e.g. "apps.cluster.example.com"), got "Not A Host"');
  });

  test.each(['http://kbs.example.com', 'https://kbs.example.com/kbs', 'kbs.example.com'])('a kbsUrl %s', kbsUrl => {
    expect(build({ ...SECURE, kbsUrl }))
      .toThrow(`Trustee kbsUrl: must be an https URL of a host (e.g. "https://kbs.apps.example.com"), got "${kbsUrl}"`);
  });

  test('the secure preset without kbsCertificate', () => {
    expect(build({ kbsHost: HOST }))
      .toThrow('Trustee kbsCertificate: is required by the secure preset: the KBS serves HTTPS with its own certificate, which workloads pin');
    // the permissive preset does not need one
    expect(build({ kbsHost: HOST, preset: 'permissive' })).not.toThrow();
  });

  test('two secret resources with one name', () => {
    expect(build({
      ...SECURE,
      secretResources: [
        { name: 'kbsres1', vaultPath: 'secret/data/hub/a', keys: ['k'] },
        { name: 'kbsres1', vaultPath: 'secret/data/hub/b', keys: ['k'] },
      ],
    })).toThrow('Trustee secretResources[1].name: is already used by Trustee secretResources[0]: each secret resource needs its own name, got "kbsres1"');
  });

  test('a secret resource name that is not a DNS label', () => {
    expect(build({ ...SECURE, secretResources: [{ name: 'My_Secret', vaultPath: 'secret/data/hub/a', keys: ['k'] }] }))
      .toThrow('Trustee secretResources[0].name: must be a DNS-1123 label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters), got "My_Secret"');
  });

  test('a secret resource without keys', () => {
    expect(build({ ...SECURE, secretResources: [{ name: 'empty', vaultPath: 'secret/data/hub/a', keys: [] }] }))
      .toThrow('Trustee secretResources[0].keys: must list at least one key');
  });

  test('a reference value digest of the wrong length for its algorithm', () => {
    expect(build({ ...SECURE, referenceValues: [{ name: 'snp_pcr11', values: ['ab'.repeat(32)], algorithm: 'sha384', expiration: EXPIRY }] }))
      .toThrow(`Trustee referenceValues[0].values[0]: must be 96 lowercase hex characters (a sha384 digest; evidence claims are lowercase), got "${'ab'.repeat(32)}"`);
  });

  test('a reference value that has expired', () => {
    expect(build({ ...SECURE, referenceValues: [{ name: 'snp_pcr11', values: ['ab'.repeat(32)], expiration: '2025-12-31T23:59:59Z' }] }))
      .toThrow('Trustee referenceValues[0].expiration: must be after 2026-01-01T00:00:00Z (it has expired), got "2025-12-31T23:59:59Z"');
  });

  test('an initDataExpiration in the past or malformed', () => {
    expect(build({ ...SECURE, initDataExpiration: '2025-06-01T00:00:00Z' }))
      .toThrow('Trustee initDataExpiration: must be after 2026-01-01T00:00:00Z (it has expired), got "2025-06-01T00:00:00Z"');
    expect(build({ ...SECURE, initDataExpiration: '2027-01-01' }))
      .toThrow('Trustee initDataExpiration: must be a UTC time written exactly as YYYY-MM-DDTHH:MM:SSZ (e.g. "2027-01-01T00:00:00Z"), got "2027-01-01"');
  });

  test('a user reference value that takes the name of an initdata reference value', () => {
    expect(build({ ...SECURE, referenceValues: [{ name: 'coco_initdata_snp_hostdata', values: ['ab'.repeat(32)], expiration: EXPIRY }] }))
      .toThrow('Trustee referenceValues[0].name: must not be one of the initdata reference value names Trustee fills in itself '
        + '(coco_initdata_azure_snp_pcr08, coco_initdata_azure_tdx_pcr08, coco_initdata_snp_hostdata, coco_initdata_tdx_mrconfigid), got "coco_initdata_snp_hostdata"');
  });

  test('initdata accepted without initDataExpiration fails at synth', () => {
    // GIVEN a Trustee without initDataExpiration (fine on its own)
    const chart = Testing.chart();
    const trustee = new Trustee(chart, 'trustee', SECURE);
    // WHEN initdata is accepted
    trustee.acceptInitData('w', A, ['snp']);
    // THEN
    expect(() => Testing.synth(chart))
      .toThrow('Trustee initDataExpiration: is required once initdata is accepted: reference values need an expiry ("YYYY-MM-DDTHH:MM:SSZ")');
  });

  test('acceptInitData without a TEE', () => {
    const trustee = new Trustee(Testing.chart(), 'trustee', SECURE);
    expect(() => trustee.acceptInitData('hello', A, [])).toThrow('Trustee acceptInitData(hello): must name at least one TEE the initdata runs on');
    expect(trustee.acceptedInitData).toEqual([]);
  });

  test('an unknown version', () => {
    expect(build({ ...SECURE, version: '2.0' as TrusteeVersion }))
      .toThrow('Trustee version: must be one of "0.3", "0.4", "1.0", "1.1", "1.2" (Red Hat build of Trustee), got "2.0"');
  });

  test('every problem at once', () => {
    expect(problems(build({
      kbsHost: 'Bad Host',
      kbsUrl: 'http://x.example.com',
      secretResources: [{ name: 'Bad', vaultPath: 'secret/data/hub/a', keys: ['k'] }],
    }))).toEqual([
      'Trustee kbsHost: must be a DNS name of at least two lowercase labels (e.g. "apps.cluster.example.com"), got "Bad Host"',
      'Trustee kbsUrl: must be an https URL of a host (e.g. "https://kbs.apps.example.com"), got "http://x.example.com"',
      'Trustee kbsCertificate: is required by the secure preset: the KBS serves HTTPS with its own certificate, which workloads pin',
      'Trustee secretResources[0].name: must be a DNS-1123 label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters), got "Bad"',
    ]);
  });
});

describe('resourceProblem: KBS resource references against the secret resources', () => {
  const trustee = new Trustee(Testing.chart(), 'trustee', SECURE);

  test.each(['kbsres1/key3', 'default/kbsres1/key3', 'passphrase/passphrase', 'security-policy/osc'])('%s is served', ref => {
    expect(trustee.resourceProblem(ref)).toBeUndefined();
  });

  test('an unknown secret', () => {
    expect(trustee.resourceProblem('nope/key1'))
      .toBe('names secret resource "nope", which Trustee does not serve (it serves "kbsres1", "passphrase", "security-policy"), got "nope/key1"');
  });

  test('an unknown key', () => {
    expect(trustee.resourceProblem('kbsres1/key4'))
      .toBe('names key "key4" of secret resource "kbsres1", which only has "key1", "key2", "key3", got "kbsres1/key4"');
  });

  test.each(['kbsres1', 'kbsres1/', '/key1', 'a/b/c/d', 'other/kbsres1/key1', 'default//key1'])('a malformed reference %j', ref => {
    expect(trustee.resourceProblem(ref)).toBe(`must be a KBS resource "<secret>/<key>" (served as default/<secret>/<key>), got "${ref}"`);
  });
});

describe('snapshots', () => {
  test('secure preset (Trustee 1.1) with initdata', () => {
    const A = buildInitData({ algorithm: 'sha256', aa: { kbsUrl: `https://${HOST}` } });
    const { objects } = synth({ ...SECURE, version: '1.1', initDataExpiration: EXPIRY }, t => t.acceptInitData('w', A, ['azure-snp-vtpm']));
    expect(objects).toMatchSnapshot();
  });

  test('secure preset (Trustee 1.2, the default) with initdata', () => {
    const A = buildInitData({ algorithm: 'sha256', aa: { kbsUrl: `https://${HOST}` } });
    const { objects } = synth({ ...SECURE, initDataExpiration: EXPIRY }, t => t.acceptInitData('w', A, ['azure-snp-vtpm']));
    expect(objects).toMatchSnapshot();
  });

  test('permissive preset (Trustee 1.2)', () => {
    const { objects } = synth({ preset: 'permissive', version: '1.2', kbsHost: HOST });
    expect(objects).toMatchSnapshot();
  });

  test('permissive preset (Trustee 0.3, the reference pattern)', () => {
    const { objects } = synth({ preset: 'permissive', version: '0.3', kbsUrl: 'https://kbs-trustee-operator-system.apps.example.com' });
    expect(objects).toMatchSnapshot();
  });
});

describeWithSchemas('strict schema validation of every synthesized object', () => {
  const A = buildInitData({ algorithm: 'sha256', aa: { kbsUrl: `https://${HOST}` } });
  const cases = VERSION_PRESETS.flatMap(([version, preset]) => {
    const { objects } = synth({ ...SECURE, version, preset, envVars: { RUST_LOG: 'info' }, initDataExpiration: EXPIRY },
      t => t.acceptInitData('w', A, ['azure-snp-vtpm', 'azure-tdx-vtpm', 'snp', 'tdx']));
    return objects.map(o => [`${version} ${preset} ${o.kind}/${o.metadata.name}`, o] as const);
  });

  test.each(cases)('%s', (_, obj) => {
    expect(schemaValidator()!.validate(obj)).toEqual([]);
  });
});
