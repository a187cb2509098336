/**
 * The KBS configuration file (`kbs-config.toml`): a typed model of the TOML document, built from a few
 * security settings and the capabilities of the Trustee version, rendered with smol-toml.
 *
 * File layout (Trustee 0.3 to 1.1): the layout Red Hat documents for these builds (OSC 1.10 docs,
 * validated-patterns trustee chart, DS v1.0.0 `config/templates/kbs-config-restricted.toml`):
 * `[http_server]`, `[admin]`, `[attestation_token]`, the built-in attestation service with an EAR token
 * broker and a `LocalJson` RVPS file, one `LocalFs` resource plugin and the resource policy path. Two keys
 * of that layout are leftovers the KBS of these releases ignores but Red Hat's examples keep
 * (`attestation_token_type`, `[attestation_service.attestation_token_config]`); they are kept so the file
 * diffs cleanly against the documented one, and `duration_min` is also written where the EAR broker reads
 * it (`[attestation_service.attestation_token_broker]`).
 *
 * Key-value storage layout (Trustee 1.2, TR b2442c22): mirrors DS v1.2.0
 * `config/templates/kbs-config-{restricted,permissive}.toml` (`[admin] authorization_mode`,
 * `[attestation_token] insecure_header_jwk`, `[storage_backend]` LocalFs at the operator's mount base,
 * `rvps_config.storage_type = "LocalJson"`, `[[plugins]] storage_backend_type = "kvstorage"`, no
 * `[policy_engine]`), except for keys TR b2442c22 ignores or that need objects the pattern does not render.
 * Left out on purpose:
 * - `attestation_token_type` (not a field of `AttestationTokenVerifierConfig`, `kbs/src/token/mod.rs`);
 * - `[attestation_service.attestation_token_config] duration_min` (not a field; `duration_min` belongs to
 *   `attestation_token_broker`, where it is written);
 * - `[storage_backend.backends.local_json] dir_path` (not a field: the field is `file_dir_path`,
 *   `deps/key-value-storage/src/local_json/mod.rs`, written instead with the folder the operator mounts
 *   `reference_value` in). The table itself is needed: without it the RVPS's `LocalJson` storage fails
 *   ("Local JSON configuration is required", `deps/key-value-storage/src/lib.rs`);
 * - `[attestation_service] timeout = 5` (permissive template; 5 is the default);
 * - `[attestation_service.verifier_config.*]` unless asked for (`verifierConfig`, from the bare-metal
 *   collateral settings of `tee-collateral.ts`): the SNP verifier's default is AMD's KDS, the DCAP
 *   collateral service's Intel's PCS, and the NVIDIA remote verifier is for GPUs;
 * - the TLS profile lines (the templates fill them from a TrusteeConfig; the KBS defaults apply);
 * - the permissive template's `[admin] authorization_mode = "DenyAll"`: the permissive preset keeps the
 *   reference pattern's open admin API (`InsecureAllowAll`).
 *
 * @see https://github.com/confidential-containers/trustee/blob/main/kbs/docs/config.md
 * @see https://github.com/openshift/trustee-operator/tree/v1.2.0/config/templates
 * @see https://github.com/validatedpatterns/trustee-chart/blob/main/templates/kbs-config-map.yaml
 */
import { stringify } from 'smol-toml';
import { InputError, Problem, quote } from '../errors';
import type { KbsVerifierConfigSection } from './tee-collateral';
import { TrusteeProfile } from './versions';

/** `[http_server]` */
export interface KbsHttpServerSection {
  readonly sockets: readonly string[];
  /** `true`: plain HTTP (TLS terminated elsewhere, e.g. an edge Route). */
  readonly insecure_http: boolean;
  /** HTTPS private key file (only when `insecure_http` is false). */
  readonly private_key?: string;
  /** HTTPS certificate file (only when `insecure_http` is false). */
  readonly certificate?: string;
  /** Number of HTTP worker threads (trustee v0.16+; default: one per CPU core). */
  readonly worker_count?: number;
}

/** `[admin]` up to trustee v0.15: a single admin key, or no authentication at all. */
export interface KbsLegacyAdminSection {
  /** `true`: the admin API accepts unauthenticated requests. */
  readonly insecure_api: boolean;
  /** Ed25519 public key that admin tokens must be signed with. */
  readonly auth_public_key: string;
}

/** One admin identity of the `Simple` admin backend. */
export interface KbsAdminPersona {
  readonly id: string;
  readonly public_key_path: string;
}

/** `[admin]` of trustee v0.16 to v0.20 with admin authentication. */
export interface KbsSimpleAdminSection {
  readonly type: 'Simple';
  readonly personas: readonly KbsAdminPersona[];
}

/** `[admin]` of trustee v0.16 to v0.20 without admin authentication. */
export interface KbsInsecureAdminSection {
  readonly type: 'InsecureAllowAll';
}

/** `[admin]` of Trustee 1.2 (TR after v0.20): serde `deny_unknown_fields`, so nothing but the mode. */
export interface KbsAuthorizationModeAdminSection {
  /**
   * `DenyAll`: every admin request is refused; `InsecureAllowAll`: every admin request is accepted.
   * (`AuthenticatedAuthorization` needs an external JWT identity provider; not rendered.)
   */
  readonly authorization_mode: 'DenyAll' | 'InsecureAllowAll';
}

/** `[admin]` in any layout. */
export type KbsAdminSection = KbsLegacyAdminSection | KbsSimpleAdminSection | KbsInsecureAdminSection | KbsAuthorizationModeAdminSection;

/** `[attestation_token]` up to Trustee 1.1: how the KBS verifies the attestation tokens presented to it. */
export interface KbsLegacyAttestationTokenSection {
  /** `true`: trust the key in the token header without checking its certificate chain. */
  readonly insecure_key: boolean;
  /** Ignored by the KBS of these releases; kept because Red Hat's examples carry it. */
  readonly attestation_token_type: 'CoCo';
  /** Certificates the token signer's `x5c` chain must lead to. */
  readonly trusted_certs_paths?: readonly string[];
}

/** `[attestation_token]` of Trustee 1.2 (TR b2442c22 `kbs/src/token/mod.rs`). */
export interface KbsHeaderJwkAttestationTokenSection {
  /** `true`: trust the key in the token header without checking its certificate chain. */
  readonly insecure_header_jwk: boolean;
  /** Certificates the token signer's `x5c` chain must lead to; with none and `false`, the KBS does not start. */
  readonly trusted_certs_paths?: readonly string[];
}

/** `[attestation_token]` in any layout. */
export type KbsAttestationTokenSection = KbsLegacyAttestationTokenSection | KbsHeaderJwkAttestationTokenSection;

/** `[attestation_service.attestation_token_broker.signer]` */
export interface KbsTokenSignerSection {
  readonly key_path: string;
  readonly cert_path: string;
}

/** `[attestation_service.attestation_token_broker]` up to Trustee 1.1. */
export interface KbsTokenBrokerSection {
  readonly type: 'Ear';
  readonly policy_dir: string;
  /** Lifetime of an attestation token in minutes. */
  readonly duration_min: number;
  /** Without a signer the broker signs with an ephemeral key that no certificate vouches for. */
  readonly signer?: KbsTokenSignerSection;
}

/** `[attestation_service.rvps_config]` with its `LocalJson` storage file (up to Trustee 1.1). */
export interface KbsRvpsSection {
  readonly type: 'BuiltIn';
  readonly storage: {
    readonly type: 'LocalJson';
    readonly file_path: string;
  };
}

/** `[attestation_service]` up to Trustee 1.1: the attestation service built into the KBS. */
export interface KbsAttestationServiceSection {
  readonly type: 'coco_as_builtin';
  readonly work_dir: string;
  /** Ignored by the KBS of these releases; kept because Red Hat's examples carry it. */
  readonly policy_engine: 'opa';
  readonly attestation_token_broker: KbsTokenBrokerSection;
  /** Read by trustee releases before the EAR broker; kept (with the same value) as Red Hat documents it. */
  readonly attestation_token_config: { readonly duration_min: number };
  readonly rvps_config: KbsRvpsSection;
  /** The verifiers' settings (TR v0.17.0+ reads them); absent: their defaults. */
  readonly verifier_config?: KbsVerifierConfigSection;
}

/**
 * `[attestation_service]` of Trustee 1.2 (TR b2442c22 `kbs/src/attestation/coco/builtin.rs`): the EAR broker
 * (`attestation-service/src/ear_token/mod.rs` `EarTokenConfiguration`) and an RVPS on the `LocalJson` backend
 * of `[storage_backend]` (`attestation-service/src/rvps/mod.rs`).
 */
export interface KbsStorageAttestationServiceSection {
  readonly type: 'coco_as_builtin';
  readonly attestation_token_broker: {
    /** Lifetime of an attestation token in minutes. */
    readonly duration_min: number;
    readonly signer?: KbsTokenSignerSection;
  };
  readonly rvps_config: { readonly type: 'BuiltIn'; readonly storage_type: 'LocalJson' };
  /** The verifiers' settings; absent: their defaults (Intel PCS, AMD KDS). */
  readonly verifier_config?: KbsVerifierConfigSection;
}

/** `[storage_backend]` of Trustee 1.2 (TR b2442c22 `deps/key-value-storage/src/lib.rs`). */
export interface KbsStorageBackendSection {
  /** The store of everything without its own `storage_type` (the default is `Memory`: nothing mounted is read). */
  readonly storage_type: 'LocalFs';
  readonly backends: {
    readonly local_fs: { readonly dir_path: string };
    /** Required by the RVPS `LocalJson` storage ("Local JSON configuration is required" otherwise). */
    readonly local_json: { readonly file_dir_path: string };
  };
}

/** `[[plugins]]` entry of the resource plugin up to Trustee 1.1. */
export interface KbsResourcePluginSection {
  readonly name: 'resource';
  readonly type: 'LocalFs';
  readonly dir_path: string;
}

/** `[[plugins]]` entry of the resource plugin on the key-value storage (TR b2442c22 `.../resource/backend.rs`). */
export interface KbsStorageResourcePluginSection {
  readonly name: 'resource';
  readonly storage_backend_type: 'kvstorage';
}

/** `kbs-config.toml` up to Trustee 1.1 (file layout); property names are the TOML keys. */
export interface KbsFilesConfigToml {
  readonly http_server: KbsHttpServerSection;
  readonly admin: KbsAdminSection;
  readonly attestation_token: KbsAttestationTokenSection;
  readonly attestation_service: KbsAttestationServiceSection;
  readonly plugins: readonly KbsResourcePluginSection[];
  readonly policy_engine: { readonly policy_path: string };
}

/** `kbs-config.toml` of Trustee 1.2 (key-value storage layout); no `[policy_engine]` (removed in TR v0.19). */
export interface KbsStorageConfigToml {
  readonly http_server: KbsHttpServerSection;
  readonly admin: KbsAdminSection;
  readonly attestation_token: KbsAttestationTokenSection;
  readonly attestation_service: KbsStorageAttestationServiceSection;
  readonly storage_backend: KbsStorageBackendSection;
  readonly plugins: readonly KbsStorageResourcePluginSection[];
}

/** The whole `kbs-config.toml` document in either layout. */
export type KbsConfigToml = KbsFilesConfigToml | KbsStorageConfigToml;

/**
 * Attestation token signing material, mounted by the operator from two Secrets (KbsConfig
 * `kbsAttestationKeySecretName` / `kbsAttestationCertSecretName`: openshift/trustee-operator v1.0.0+,
 * upstream v0.17+). The EAR broker loads the key as an EC key and signs with ES256 (TR b2442c22
 * `attestation-service/src/ear_token/broker.rs`): use a P-256 private key in PEM, and its certificate
 * (chain); the KBS trusts tokens whose header `x5c` chain leads to that certificate.
 */
export interface KbsTokenSignerSettings {
  /**
   * Key in the Secret named by `kbsAttestationKeySecretName` (mounted at `/etc/attestation-key/`).
   * @default 'token.key'
   */
  readonly keyFile?: string;
  /**
   * Key in the Secret named by `kbsAttestationCertSecretName` (mounted at `/etc/attestation-cert/`).
   * @default 'token.crt'
   */
  readonly certFile?: string;
}

/** The security-relevant choices that shape `kbs-config.toml`. */
export interface KbsConfigSettings {
  /** The KBS serves HTTPS itself (`insecure_http = false` with key and certificate files). */
  readonly https: boolean;
  /**
   * Key in the HTTPS key Secret (`kbsHttpsKeySecretName`, mounted at `/etc/https-key/`).
   * @default 'tls.key'
   */
  readonly httpsKeyFile?: string;
  /**
   * Key in the HTTPS certificate Secret (`kbsHttpsCertSecretName`, mounted at `/etc/https-cert/`).
   * @default 'tls.crt'
   */
  readonly httpsCertFile?: string;
  /**
   * `required`: no unauthenticated admin requests. Up to Trustee 1.1 the admin API accepts tokens signed
   * with the admin key; Trustee 1.2, whose only authenticated mode needs an external JWT identity
   * provider, closes the admin API altogether (`DenyAll`): the pattern never uses it, since resources come
   * from Secrets and policies from ConfigMaps through GitOps. `insecure`: anyone who can reach the KBS may
   * change resources and policies.
   */
  readonly adminAuth: 'required' | 'insecure';
  /**
   * Key in the admin public key Secret (`kbsAuthSecretName`, mounted at `/etc/auth-secret/`).
   * @default 'publicKey'
   */
  readonly adminPublicKeyFile?: string;
  /**
   * Trust the key in an attestation token's header without checking its certificate (`insecure_key`, on
   * Trustee 1.2 `insecure_header_jwk`).
   */
  readonly insecureTokenKey: boolean;
  /**
   * Signing material for attestation tokens; required when `insecureTokenKey` is false, because the KBS
   * then only accepts tokens whose certificate chain leads to a trusted certificate.
   * @default - an ephemeral key (only usable with `insecureTokenKey: true`)
   */
  readonly tokenSigner?: KbsTokenSignerSettings;
  /**
   * Attestation token lifetime in minutes.
   * @default 5
   */
  readonly tokenDurationMinutes?: number;
  /**
   * HTTP worker threads (Trustee 1.1+). Set it on nodes with many cores, where one worker per core
   * can exhaust the container's open-file limit.
   * @default - one per CPU core
   */
  readonly workerCount?: number;
  /**
   * `[attestation_service.verifier_config]`: the bare-metal verifiers' collateral (see
   * `tee-collateral.ts` {@link verifierConfigSection}).
   * @default - the verifiers' defaults
   */
  readonly verifierConfig?: KbsVerifierConfigSection;
}

/** Names of the setting presets. */
export type KbsConfigPreset = 'restricted' | 'permissive';

/**
 * Setting presets:
 * - `restricted` (the secure default): HTTPS, admin key required (Trustee 1.2: admin API closed), token
 *   certificates checked;
 * - `permissive`: what the reference pattern's 2.x release runs (`insecure_http = true`,
 *   `insecure_api = true`, `insecure_key = true`; the same openness in the later layouts), for TLS
 *   terminated at an edge Route and demos.
 */
export const KBS_CONFIG_PRESETS: Readonly<Record<KbsConfigPreset, KbsConfigSettings>> = {
  restricted: { https: true, adminAuth: 'required', insecureTokenKey: false, tokenSigner: {} },
  permissive: { https: false, adminAuth: 'insecure', insecureTokenKey: true },
};

/** The listening socket every Red Hat example uses (the operator's Service targets port 8080). */
const SOCKET = '0.0.0.0:8080';
const DEFAULT_DURATION_MINUTES = 5;
const FILE_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * Problems with `settings` for `profile`, each naming the field under `path`.
 */
export function kbsConfigSettingsProblems(profile: TrusteeProfile, settings: KbsConfigSettings, path = 'kbsConfig'): Problem[] {
  const problems: Problem[] = [];
  const fileName = (field: string, value: string | undefined) => {
    if (value !== undefined && (typeof value !== 'string' || !FILE_NAME.test(value) || value === '.' || value === '..')) {
      problems.push({ path: `${path}.${field}`, message: `must be a Secret key name (letters, digits, '.', '_', '-'), got ${quote(value)}` });
    }
  };
  const wholeNumber = (field: string, value: number | undefined, max: number, what: string) => {
    if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > max)) {
      problems.push({ path: `${path}.${field}`, message: `must be a whole number of ${what} from 1 to ${max}, got ${quote(value)}` });
    }
  };
  if (typeof settings.https !== 'boolean') {
    problems.push({ path: `${path}.https`, message: `must be true or false, got ${quote(settings.https)}` });
  }
  if (typeof settings.insecureTokenKey !== 'boolean') {
    problems.push({ path: `${path}.insecureTokenKey`, message: `must be true or false, got ${quote(settings.insecureTokenKey)}` });
  }
  if (settings.adminAuth !== 'required' && settings.adminAuth !== 'insecure') {
    problems.push({ path: `${path}.adminAuth`, message: `must be "required" or "insecure", got ${quote(settings.adminAuth)}` });
  }
  fileName('httpsKeyFile', settings.httpsKeyFile);
  fileName('httpsCertFile', settings.httpsCertFile);
  fileName('adminPublicKeyFile', settings.adminPublicKeyFile);
  fileName('tokenSigner.keyFile', settings.tokenSigner?.keyFile);
  fileName('tokenSigner.certFile', settings.tokenSigner?.certFile);
  wholeNumber('tokenDurationMinutes', settings.tokenDurationMinutes, 1440, 'minutes');
  wholeNumber('workerCount', settings.workerCount, 1024, 'threads');
  if (settings.workerCount !== undefined && !profile.capabilities.workerCount) {
    problems.push({
      path: `${path}.workerCount`,
      message: `is only understood from Trustee 1.1 (upstream trustee v0.16), got ${quote(settings.workerCount)} for Trustee ${profile.version}`,
    });
  }
  if (settings.verifierConfig?.dcap_verifier && profile.capabilities.tdxCollateral !== 'verifier-config') {
    problems.push({
      path: `${path}.verifierConfig.dcap_verifier`,
      message: `is read from Trustee 1.2 on (before, the TDX verifier reads /etc/sgx_default_qcnl.conf from KbsConfig tdxConfigSpec), got it for Trustee ${profile.version}`,
    });
  }
  if (settings.verifierConfig?.snp_verifier && !profile.capabilities.snpVcekSources) {
    problems.push({
      path: `${path}.verifierConfig.snp_verifier`,
      message: `is read from Trustee 1.1 on (trustee v0.17.0 vcek_sources), got it for Trustee ${profile.version}`,
    });
  }
  if (settings.insecureTokenKey === false && settings.tokenSigner === undefined) {
    problems.push({
      path: `${path}.tokenSigner`,
      message: 'must be set when insecureTokenKey is false (the KBS only accepts tokens whose certificate it trusts, '
        + 'and an ephemeral signing key has none), got nothing',
    });
  }
  return problems;
}

/**
 * The `kbs-config.toml` document for `profile` and `settings`.
 *
 * @throws InputError listing every problem of {@link kbsConfigSettingsProblems}
 */
export function kbsConfigModel(profile: TrusteeProfile, settings: KbsConfigSettings, path = 'kbsConfig'): KbsConfigToml {
  const problems = kbsConfigSettingsProblems(profile, settings, path);
  if (problems.length > 0) {
    throw new InputError(problems);
  }
  const p = profile.paths;
  const durationMin = settings.tokenDurationMinutes ?? DEFAULT_DURATION_MINUTES;
  const adminKey = `${p.authSecretDir}/${settings.adminPublicKeyFile ?? 'publicKey'}`;
  const signer: KbsTokenSignerSection | undefined = settings.tokenSigner && {
    key_path: `${p.attestationKeyDir}/${settings.tokenSigner.keyFile ?? 'token.key'}`,
    cert_path: `${p.attestationCertDir}/${settings.tokenSigner.certFile ?? 'token.crt'}`,
  };

  const httpServer: KbsHttpServerSection = {
    sockets: [SOCKET],
    insecure_http: !settings.https,
    ...(settings.https ? {
      private_key: `${p.httpsKeyDir}/${settings.httpsKeyFile ?? 'tls.key'}`,
      certificate: `${p.httpsCertDir}/${settings.httpsCertFile ?? 'tls.crt'}`,
    } : {}),
    ...(settings.workerCount !== undefined ? { worker_count: settings.workerCount } : {}),
  };
  const admin = adminSection(profile, settings.adminAuth, adminKey);
  const trustedCerts = signer ? { trusted_certs_paths: [signer.cert_path] } : {};
  const verifiers = settings.verifierConfig ? { verifier_config: settings.verifierConfig } : {};
  const attestationToken: KbsAttestationTokenSection = profile.capabilities.insecureTokenKeySetting === 'insecure_header_jwk'
    ? { insecure_header_jwk: settings.insecureTokenKey, ...trustedCerts }
    : { insecure_key: settings.insecureTokenKey, attestation_token_type: 'CoCo', ...trustedCerts };

  // What every generation shares; the storage layout decides the rest.
  const common = { http_server: httpServer, admin, attestation_token: attestationToken };
  const storage = profile.storage;
  switch (storage.layout) {
    case 'files':
      return {
        ...common,
        attestation_service: {
          type: 'coco_as_builtin',
          work_dir: storage.attestationServiceWorkDir,
          policy_engine: 'opa',
          attestation_token_broker: {
            type: 'Ear',
            policy_dir: storage.attestationPolicyDir,
            duration_min: durationMin,
            ...(signer ? { signer } : {}),
          },
          attestation_token_config: { duration_min: durationMin },
          rvps_config: {
            type: 'BuiltIn',
            storage: { type: 'LocalJson', file_path: p.referenceValuesFile },
          },
          ...verifiers,
        },
        plugins: [{ name: 'resource', type: 'LocalFs', dir_path: p.repositoryDir }],
        policy_engine: { policy_path: p.resourcePolicyFile },
      };
    case 'kv-storage':
      return {
        ...common,
        attestation_service: {
          type: 'coco_as_builtin',
          attestation_token_broker: { duration_min: durationMin, ...(signer ? { signer } : {}) },
          rvps_config: { type: 'BuiltIn', storage_type: 'LocalJson' },
          ...verifiers,
        },
        // Everything else (the resource policy in namespace `kbs`, the attestation policies in
        // `attestation_service_policy`, the resources in `repository`) on LocalFs at the operator's mounts.
        storage_backend: {
          storage_type: 'LocalFs',
          backends: {
            local_fs: { dir_path: storage.localFsDir },
            local_json: { file_dir_path: storage.localJsonDir },
          },
        },
        plugins: [{ name: 'resource', storage_backend_type: 'kvstorage' }],
      };
  }
}

function adminSection(profile: TrusteeProfile, adminAuth: KbsConfigSettings['adminAuth'], adminKey: string): KbsAdminSection {
  switch (profile.capabilities.adminLayout) {
    case 'insecure_api':
      // The reference pattern keeps the key path even with the insecure API; so do we.
      return { insecure_api: adminAuth === 'insecure', auth_public_key: adminKey };
    case 'type':
      return adminAuth === 'required'
        ? { type: 'Simple', personas: [{ id: 'admin', public_key_path: adminKey }] }
        : { type: 'InsecureAllowAll' };
    case 'authorization_mode':
      // deny_unknown_fields: the mode and nothing else (no key path, no personas).
      return { authorization_mode: adminAuth === 'required' ? 'DenyAll' : 'InsecureAllowAll' };
  }
}

/**
 * Who may use the admin API under an `[admin]` table: `key` (requests signed with the admin key),
 * `closed` (nobody) or `open` (anyone who reaches the KBS).
 */
export function kbsAdminAccess(admin: KbsAdminSection): 'key' | 'closed' | 'open' {
  if ('insecure_api' in admin) {
    return admin.insecure_api ? 'open' : 'key';
  }
  if ('authorization_mode' in admin) {
    return admin.authorization_mode === 'DenyAll' ? 'closed' : 'open';
  }
  return admin.type === 'Simple' ? 'key' : 'open';
}

/**
 * Renders a `kbs-config.toml` model as TOML text (smol-toml; tables in model order, trailing newline).
 */
export function renderKbsConfigToml(model: KbsConfigToml): string {
  const text = stringify(model);
  return text.endsWith('\n') ? text : `${text}\n`;
}
