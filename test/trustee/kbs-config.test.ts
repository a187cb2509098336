import { parse } from 'smol-toml';
import { InputError } from '../../lib/errors';
import {
  KBS_CONFIG_PRESETS, kbsAdminAccess, KbsConfigPreset, KbsConfigSettings, kbsConfigModel, kbsConfigSettingsProblems, renderKbsConfigToml,
} from '../../lib/trustee/kbs-config';
import { TRUSTEE_VERSIONS, trusteeProfile } from '../../lib/trustee/versions';
import { REFERENCE_KBS_CONFIG_TOML } from '../support/reference-pattern';

/** Renders, then parses back with smol-toml. */
function roundTrip(version: string, settings: KbsConfigSettings) {
  const model = kbsConfigModel(trusteeProfile(version), settings);
  const text = renderKbsConfigToml(model);
  return { model, text, parsed: parse(text) as Record<string, any> };
}

const PRESETS: KbsConfigPreset[] = ['restricted', 'permissive'];
const CASES = TRUSTEE_VERSIONS.flatMap(version => PRESETS.map(preset => [version, preset] as const));

describe('kbs-config.toml', () => {
  test.each(CASES)('Trustee %s, %s preset: parses back to the model', (version, preset) => {
    // WHEN
    const { model, text, parsed } = roundTrip(version, KBS_CONFIG_PRESETS[preset]);
    // THEN
    expect(parsed).toEqual(JSON.parse(JSON.stringify(model)));
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toMatchSnapshot();
  });

  test.each(TRUSTEE_VERSIONS)('Trustee %s, restricted: HTTPS, admin key required, token certificates checked', version => {
    // WHEN
    const { parsed } = roundTrip(version, KBS_CONFIG_PRESETS.restricted);
    // THEN
    expect(parsed.http_server).toEqual({
      sockets: ['0.0.0.0:8080'],
      insecure_http: false,
      private_key: '/etc/https-key/tls.key',
      certificate: '/etc/https-cert/tls.crt',
    });
    expect(parsed.attestation_token[trusteeProfile(version).capabilities.insecureTokenKeySetting]).toBe(false);
    expect(parsed.attestation_token.trusted_certs_paths).toEqual(['/etc/attestation-cert/token.crt']);
    expect(parsed.attestation_service.attestation_token_broker.signer).toEqual({
      key_path: '/etc/attestation-key/token.key',
      cert_path: '/etc/attestation-cert/token.crt',
    });
  });

  test('restricted admin: insecure_api = false up to 1.0, a Simple persona in 1.1, DenyAll in 1.2', () => {
    for (const version of ['0.3', '0.4', '1.0']) {
      expect(roundTrip(version, KBS_CONFIG_PRESETS.restricted).parsed.admin)
        .toEqual({ insecure_api: false, auth_public_key: '/etc/auth-secret/publicKey' });
    }
    expect(roundTrip('1.1', KBS_CONFIG_PRESETS.restricted).parsed.admin)
      .toEqual({ type: 'Simple', personas: [{ id: 'admin', public_key_path: '/etc/auth-secret/publicKey' }] });
    expect(roundTrip('1.2', KBS_CONFIG_PRESETS.restricted).parsed.admin).toEqual({ authorization_mode: 'DenyAll' });
  });

  test('kbsAdminAccess reads who may use the admin API from any [admin] layout', () => {
    const access = (version: string, preset: KbsConfigPreset) => kbsAdminAccess(roundTrip(version, KBS_CONFIG_PRESETS[preset]).model.admin);
    expect(TRUSTEE_VERSIONS.map(v => access(v, 'restricted'))).toEqual(['key', 'key', 'key', 'key', 'closed']);
    expect(TRUSTEE_VERSIONS.map(v => access(v, 'permissive'))).toEqual(['open', 'open', 'open', 'open', 'open']);
  });

  test('the permissive preset reproduces the reference pattern 2.x values (Trustee 0.3)', () => {
    // GIVEN the 2.x kbs-config.toml of coco-pattern (charts/hub/trustee, commit 4b67132)
    const reference = REFERENCE_KBS_CONFIG_TOML;
    // WHEN
    const { parsed } = roundTrip('0.3', KBS_CONFIG_PRESETS.permissive);
    // THEN every reference value is there; the only addition is duration_min where the EAR broker reads it
    expect(parsed).toMatchObject(reference);
    expect(parsed.attestation_service.attestation_token_broker).toEqual({ ...reference.attestation_service.attestation_token_broker, duration_min: 5 });
    expect(parsed.http_server).toEqual(reference.http_server);
    expect(parsed.admin).toEqual(reference.admin);
    expect(parsed.attestation_token).toEqual(reference.attestation_token);
  });

  test('permissive 1.1 lets anyone use the admin API', () => {
    const { parsed } = roundTrip('1.1', KBS_CONFIG_PRESETS.permissive);
    expect(parsed.admin).toEqual({ type: 'InsecureAllowAll' });
    expect(parsed.http_server.insecure_http).toBe(true);
    expect(parsed.attestation_token.insecure_key).toBe(true);
  });

  test('file names, token duration and worker count come from the settings', () => {
    // GIVEN
    const settings: KbsConfigSettings = {
      https: true,
      httpsKeyFile: 'https.key',
      httpsCertFile: 'https.crt',
      adminAuth: 'required',
      adminPublicKeyFile: 'kbs.pem',
      insecureTokenKey: false,
      tokenSigner: { keyFile: 'tls.key', certFile: 'tls.crt' },
      tokenDurationMinutes: 10,
      workerCount: 4,
    };
    // WHEN
    const { parsed } = roundTrip('1.1', settings);
    // THEN
    expect(parsed.http_server.private_key).toBe('/etc/https-key/https.key');
    expect(parsed.http_server.certificate).toBe('/etc/https-cert/https.crt');
    expect(parsed.http_server.worker_count).toBe(4);
    expect(parsed.admin.personas[0].public_key_path).toBe('/etc/auth-secret/kbs.pem');
    expect(parsed.attestation_service.attestation_token_broker.signer).toEqual({
      key_path: '/etc/attestation-key/tls.key',
      cert_path: '/etc/attestation-cert/tls.crt',
    });
    expect(parsed.attestation_service.attestation_token_broker.duration_min).toBe(10);
    expect(parsed.attestation_service.attestation_token_config.duration_min).toBe(10);
  });

  test('an insecure token key may still use a signer; HTTPS off drops key and certificate', () => {
    const { parsed } = roundTrip('1.0', { https: false, adminAuth: 'required', insecureTokenKey: true, tokenSigner: {} });
    expect(parsed.http_server).toEqual({ sockets: ['0.0.0.0:8080'], insecure_http: true });
    expect(parsed.attestation_token.insecure_key).toBe(true);
    expect(parsed.attestation_service.attestation_token_broker.signer.key_path).toBe('/etc/attestation-key/token.key');
  });

  test('without a signer there are no trusted certificates and no signer table', () => {
    const { parsed, text } = roundTrip('0.4', KBS_CONFIG_PRESETS.permissive);
    expect(parsed.attestation_token.trusted_certs_paths).toBeUndefined();
    expect(text).not.toContain('signer');
  });
});

describe('kbs-config.toml of Trustee 1.2 (key-value storage, DS v1.2.0 templates, TR b2442c22)', () => {
  /** Every key path of a parsed TOML document, e.g. "admin.authorization_mode". */
  const keyPaths = (node: unknown, prefix = ''): string[] => (node !== null && typeof node === 'object' && !Array.isArray(node)
    ? Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => [`${prefix}${k}`, ...keyPaths(v, `${prefix}${k}.`)])
    : []);

  test('restricted: every table and key, field by field', () => {
    // WHEN
    const { parsed } = roundTrip('1.2', KBS_CONFIG_PRESETS.restricted);
    // THEN HTTPS from the operator-mounted Secrets
    expect(parsed.http_server).toEqual({
      sockets: ['0.0.0.0:8080'],
      insecure_http: false,
      private_key: '/etc/https-key/tls.key',
      certificate: '/etc/https-cert/tls.crt',
    });
    // the admin API is closed: the mode and nothing else (deny_unknown_fields)
    expect(parsed.admin).toEqual({ authorization_mode: 'DenyAll' });
    // tokens must chain to the signer certificate; the key switch has its 1.2 name
    expect(parsed.attestation_token).toEqual({ insecure_header_jwk: false, trusted_certs_paths: ['/etc/attestation-cert/token.crt'] });
    // the built-in attestation service: EAR broker with the signer, RVPS on LocalJson
    expect(parsed.attestation_service).toEqual({
      type: 'coco_as_builtin',
      attestation_token_broker: {
        duration_min: 5,
        signer: { key_path: '/etc/attestation-key/token.key', cert_path: '/etc/attestation-cert/token.crt' },
      },
      rvps_config: { type: 'BuiltIn', storage_type: 'LocalJson' },
    });
    // one LocalFs store at the base of the operator's mounts, and the LocalJson folder of reference_value
    expect(parsed.storage_backend).toEqual({
      storage_type: 'LocalFs',
      backends: {
        local_fs: { dir_path: '/opt/confidential-containers/storage' },
        local_json: { file_dir_path: '/opt/confidential-containers/storage/local_json' },
      },
    });
    expect(parsed.plugins).toEqual([{ name: 'resource', storage_backend_type: 'kvstorage' }]);
    // and nothing else at the top level: no [policy_engine] (removed upstream in v0.19)
    expect(Object.keys(parsed)).toEqual(['http_server', 'admin', 'attestation_token', 'attestation_service', 'storage_backend', 'plugins']);
  });

  test('permissive: plain HTTP, open admin API, header key trusted, no signer', () => {
    const { parsed, text } = roundTrip('1.2', KBS_CONFIG_PRESETS.permissive);
    expect(parsed.http_server).toEqual({ sockets: ['0.0.0.0:8080'], insecure_http: true });
    expect(parsed.admin).toEqual({ authorization_mode: 'InsecureAllowAll' });
    expect(parsed.attestation_token).toEqual({ insecure_header_jwk: true });
    expect(parsed.attestation_service.attestation_token_broker).toEqual({ duration_min: 5 });
    expect(text).not.toContain('signer');
    expect(parsed.storage_backend.storage_type).toBe('LocalFs');
    expect(parsed.plugins).toEqual([{ name: 'resource', storage_backend_type: 'kvstorage' }]);
  });

  test.each(PRESETS)('%s: no key of an older layout, none TR b2442c22 ignores', preset => {
    // GIVEN keys of the 1.1 layout and keys the DS v1.2.0 templates carry that TR b2442c22 has no field for
    const stale = [
      'admin.type', 'admin.insecure_api', 'admin.auth_public_key', 'admin.personas', 'admin.roles',
      'attestation_token.insecure_key', 'attestation_token.attestation_token_type',
      'attestation_service.work_dir', 'attestation_service.policy_engine', 'attestation_service.attestation_token_config',
      'attestation_service.attestation_token_broker.type', 'attestation_service.attestation_token_broker.policy_dir',
      'attestation_service.rvps_config.storage', 'storage_backend.backends.local_json.dir_path',
      'policy_engine', 'plugins',
    ];
    // WHEN
    const { parsed } = roundTrip('1.2', KBS_CONFIG_PRESETS[preset]);
    const paths = keyPaths(parsed);
    // THEN (plugins is an array of tables: its entries are checked on their own)
    expect(paths.filter(p => stale.includes(p) && p !== 'plugins')).toEqual([]);
    expect(Object.keys(parsed.admin)).toEqual(['authorization_mode']);
    for (const plugin of parsed.plugins) {
      expect(plugin).not.toHaveProperty('type');
      expect(plugin).not.toHaveProperty('dir_path');
    }
  });

  test('file names, duration and worker count reach the 1.2 tables too', () => {
    const { parsed } = roundTrip('1.2', {
      https: true, httpsKeyFile: 'k', httpsCertFile: 'c', adminAuth: 'required', adminPublicKeyFile: 'kbs.pem',
      insecureTokenKey: false, tokenSigner: { keyFile: 'sk', certFile: 'crt' }, tokenDurationMinutes: 30, workerCount: 8,
    });
    expect(parsed.http_server).toMatchObject({ private_key: '/etc/https-key/k', certificate: '/etc/https-cert/c', worker_count: 8 });
    expect(parsed.attestation_token.trusted_certs_paths).toEqual(['/etc/attestation-cert/crt']);
    expect(parsed.attestation_service.attestation_token_broker).toEqual({
      duration_min: 30, signer: { key_path: '/etc/attestation-key/sk', cert_path: '/etc/attestation-cert/crt' },
    });
    // the admin key is not named anywhere: DenyAll takes no key
    expect(JSON.stringify(parsed)).not.toContain('kbs.pem');
  });
});

describe('kbs-config settings problems', () => {
  const profile = trusteeProfile('1.0');
  const base = KBS_CONFIG_PRESETS.restricted;

  test('the presets have no problems for any version', () => {
    for (const version of TRUSTEE_VERSIONS) {
      for (const preset of PRESETS) {
        expect(kbsConfigSettingsProblems(trusteeProfile(version), KBS_CONFIG_PRESETS[preset])).toEqual([]);
      }
    }
  });

  test('a secure token key without a signer is rejected', () => {
    // WHEN
    const attempt = () => kbsConfigModel(profile, { https: true, adminAuth: 'required', insecureTokenKey: false }, 'trustee.kbs');
    // THEN
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow('trustee.kbs.tokenSigner: must be set when insecureTokenKey is false');
  });

  test('Secret key names must be plain file names', () => {
    const problems = kbsConfigSettingsProblems(profile, {
      ...base,
      httpsKeyFile: '../tls.key',
      httpsCertFile: '',
      adminPublicKeyFile: 'public key',
      tokenSigner: { keyFile: '..', certFile: 'a/b' },
    });
    expect(problems.map(p => p.path)).toEqual([
      'kbsConfig.httpsKeyFile', 'kbsConfig.httpsCertFile', 'kbsConfig.adminPublicKeyFile',
      'kbsConfig.tokenSigner.keyFile', 'kbsConfig.tokenSigner.certFile',
    ]);
    expect(problems[0].message).toBe('must be a Secret key name (letters, digits, \'.\', \'_\', \'-\'), got "../tls.key"');
  });

  test('token duration must be a whole number of minutes from 1 to 1440', () => {
    for (const bad of [0, 1.5, 1441, -5]) {
      expect(kbsConfigSettingsProblems(profile, { ...base, tokenDurationMinutes: bad })).toEqual([{
        path: 'kbsConfig.tokenDurationMinutes',
        message: `must be a whole number of minutes from 1 to 1440, got ${bad}`,
      }]);
    }
    expect(kbsConfigSettingsProblems(profile, { ...base, tokenDurationMinutes: 1440 })).toEqual([]);
  });

  test('worker count must be a whole number and needs Trustee 1.1', () => {
    expect(kbsConfigSettingsProblems(trusteeProfile('1.1'), { ...base, workerCount: 0 })).toEqual([{
      path: 'kbsConfig.workerCount', message: 'must be a whole number of threads from 1 to 1024, got 0',
    }]);
    expect(kbsConfigSettingsProblems(profile, { ...base, workerCount: 4 })).toEqual([{
      path: 'kbsConfig.workerCount',
      message: 'is only understood from Trustee 1.1 (upstream trustee v0.16), got 4 for Trustee 1.0',
    }]);
  });

  test('booleans and the admin mode are checked for callers without types', () => {
    const problems = kbsConfigSettingsProblems(profile, { https: 'yes', adminAuth: 'none', insecureTokenKey: 1 } as unknown as KbsConfigSettings);
    expect(problems).toEqual([
      { path: 'kbsConfig.https', message: 'must be true or false, got "yes"' },
      { path: 'kbsConfig.insecureTokenKey', message: 'must be true or false, got 1' },
      { path: 'kbsConfig.adminAuth', message: 'must be "required" or "insecure", got "none"' },
    ]);
  });

  test('kbsConfigModel reports every problem at once', () => {
    try {
      kbsConfigModel(profile, { https: true, adminAuth: 'required', insecureTokenKey: false, tokenDurationMinutes: 0 });
      throw new Error('expected an InputError');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).problems.map(p => p.path)).toEqual(['kbsConfig.tokenDurationMinutes', 'kbsConfig.tokenSigner']);
    }
  });

  test('verifier settings only where the generation reads them: dcap_verifier from 1.2, snp_verifier from 1.1', () => {
    const settings: KbsConfigSettings = {
      ...KBS_CONFIG_PRESETS.restricted,
      verifierConfig: { dcap_verifier: { collateral_service: 'https://pccs.example.com/sgx/certification/v4/' }, snp_verifier: { vcek_sources: [{ type: 'OfflineStore' }, { type: 'KDS' }] } },
    };
    expect(kbsConfigSettingsProblems(trusteeProfile('1.0'), settings)).toEqual([
      { path: 'kbsConfig.verifierConfig.dcap_verifier', message: 'is read from Trustee 1.2 on (before, the TDX verifier reads /etc/sgx_default_qcnl.conf from KbsConfig tdxConfigSpec), got it for Trustee 1.0' },
      { path: 'kbsConfig.verifierConfig.snp_verifier', message: 'is read from Trustee 1.1 on (trustee v0.17.0 vcek_sources), got it for Trustee 1.0' },
    ]);
    expect(kbsConfigSettingsProblems(trusteeProfile('1.2'), settings)).toEqual([]);
    expect(roundTrip('1.2', settings).text).toContain('[attestation_service.verifier_config.dcap_verifier]\ncollateral_service = "https://pccs.example.com/sgx/certification/v4/"\n');
  });
});
