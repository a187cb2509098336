/**
 * The KBS configuration file (`kbs-config.toml`): a typed model of the TOML document per
 * configuration flavour, built from a few security settings and rendered with smol-toml.
 *
 * Both flavours keep the layout Red Hat documents for its builds (OSC 1.10 docs, validated-patterns
 * trustee chart): `[http_server]`, `[admin]`, `[attestation_token]`, the built-in attestation service
 * with an EAR token broker and a `LocalJson` RVPS, one `LocalFs` resource plugin and the resource policy
 * path. Two keys of that layout are leftovers the KBS of these releases ignores but Red Hat's examples
 * keep (`attestation_token_type`, `[attestation_service.attestation_token_config]`); they are kept so the
 * file diffs cleanly against the documented one, and `duration_min` is also written where the EAR broker
 * reads it (`[attestation_service.attestation_token_broker]`).
 *
 * @see https://github.com/confidential-containers/trustee/blob/main/kbs/docs/config.md
 * @see https://github.com/confidential-containers/trustee-operator/tree/main/config/templates
 * @see https://github.com/validatedpatterns/trustee-chart/blob/main/templates/kbs-config-map.yaml
 */
import { stringify } from 'smol-toml';
import { InputError, Problem, quote } from '../errors';
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

/** `[admin]` in any flavour. */
export type KbsAdminSection = KbsLegacyAdminSection | KbsSimpleAdminSection | KbsInsecureAdminSection;

/** `[attestation_token]`: how the KBS verifies the attestation tokens presented to it. */
export interface KbsAttestationTokenSection {
  /** `true`: trust the key in the token header without checking its certificate chain. */
  readonly insecure_key: boolean;
  /** Ignored by the KBS of these releases; kept because Red Hat's examples carry it. */
  readonly attestation_token_type: 'CoCo';
  /** Certificates the token signer's `x5c` chain must lead to. */
  readonly trusted_certs_paths?: readonly string[];
}

/** `[attestation_service.attestation_token_broker.signer]` */
export interface KbsTokenSignerSection {
  readonly key_path: string;
  readonly cert_path: string;
}

/** `[attestation_service.attestation_token_broker]` */
export interface KbsTokenBrokerSection {
  readonly type: 'Ear';
  readonly policy_dir: string;
  /** Lifetime of an attestation token in minutes. */
  readonly duration_min: number;
  /** Without a signer the broker signs with an ephemeral key that no certificate vouches for. */
  readonly signer?: KbsTokenSignerSection;
}

/** `[attestation_service.rvps_config]` with its `LocalJson` storage. */
export interface KbsRvpsSection {
  readonly type: 'BuiltIn';
  readonly storage: {
    readonly type: 'LocalJson';
    readonly file_path: string;
  };
}

/** `[attestation_service]`: the attestation service built into the KBS. */
export interface KbsAttestationServiceSection {
  readonly type: 'coco_as_builtin';
  readonly work_dir: string;
  /** Ignored by the KBS of these releases; kept because Red Hat's examples carry it. */
  readonly policy_engine: 'opa';
  readonly attestation_token_broker: KbsTokenBrokerSection;
  /** Read by trustee releases before the EAR broker; kept (with the same value) as Red Hat documents it. */
  readonly attestation_token_config: { readonly duration_min: number };
  readonly rvps_config: KbsRvpsSection;
}

/** `[[plugins]]` entry of the resource plugin. */
export interface KbsResourcePluginSection {
  readonly name: 'resource';
  readonly type: 'LocalFs';
  readonly dir_path: string;
}

/** The whole `kbs-config.toml` document; property names are the TOML keys. */
export interface KbsConfigToml {
  readonly http_server: KbsHttpServerSection;
  readonly admin: KbsAdminSection;
  readonly attestation_token: KbsAttestationTokenSection;
  readonly attestation_service: KbsAttestationServiceSection;
  readonly plugins: readonly KbsResourcePluginSection[];
  readonly policy_engine: { readonly policy_path: string };
}

/**
 * Attestation token signing material, mounted by the operator from two Secrets (KbsConfig
 * `kbsAttestationKeySecretName` / `kbsAttestationCertSecretName`, operator v0.17+). The EAR broker of
 * these releases loads the key as an EC key and signs with ES256: use a P-256 private key in PEM, and its
 * certificate (chain); the KBS trusts tokens whose header `x5c` chain leads to that certificate.
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
   * `required`: the admin API only accepts tokens signed with the admin key; `insecure`: anyone who can
   * reach the KBS may change resources and policies.
   */
  readonly adminAuth: 'required' | 'insecure';
  /**
   * Key in the admin public key Secret (`kbsAuthSecretName`, mounted at `/etc/auth-secret/`).
   * @default 'publicKey'
   */
  readonly adminPublicKeyFile?: string;
  /** Trust the key in an attestation token's header without checking its certificate (`insecure_key`). */
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
}

/** Names of the setting presets. */
export type KbsConfigPreset = 'restricted' | 'permissive';

/**
 * Setting presets:
 * - `restricted` (the secure default): HTTPS, admin key required, token certificates checked;
 * - `permissive`: what the reference pattern's 2.x release runs (`insecure_http = true`,
 *   `insecure_api = true`, `insecure_key = true`), for TLS terminated at an edge Route and demos.
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
  if (settings.workerCount !== undefined && !profile.supportsWorkerCount) {
    problems.push({
      path: `${path}.workerCount`,
      message: `is only understood from Trustee 1.1 (upstream trustee v0.16), got ${quote(settings.workerCount)} for Trustee ${profile.version}`,
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

  return {
    http_server: httpServer,
    admin: adminSection(profile, settings.adminAuth, adminKey),
    attestation_token: {
      insecure_key: settings.insecureTokenKey,
      attestation_token_type: 'CoCo',
      ...(signer ? { trusted_certs_paths: [signer.cert_path] } : {}),
    },
    attestation_service: {
      type: 'coco_as_builtin',
      work_dir: p.attestationServiceWorkDir,
      policy_engine: 'opa',
      attestation_token_broker: {
        type: 'Ear',
        policy_dir: p.attestationPolicyDir,
        duration_min: durationMin,
        ...(signer ? { signer } : {}),
      },
      attestation_token_config: { duration_min: durationMin },
      rvps_config: {
        type: 'BuiltIn',
        storage: { type: 'LocalJson', file_path: p.referenceValuesFile },
      },
    },
    plugins: [{ name: 'resource', type: 'LocalFs', dir_path: p.repositoryDir }],
    policy_engine: { policy_path: p.resourcePolicyFile },
  };
}

function adminSection(profile: TrusteeProfile, adminAuth: KbsConfigSettings['adminAuth'], adminKey: string): KbsAdminSection {
  switch (profile.kbsConfigFlavour) {
    case 'legacy-admin':
      // The reference pattern keeps the key path even with the insecure API; so do we.
      return { insecure_api: adminAuth === 'insecure', auth_public_key: adminKey };
    case 'admin-personas':
      return adminAuth === 'required'
        ? { type: 'Simple', personas: [{ id: 'admin', public_key_path: adminKey }] }
        : { type: 'InsecureAllowAll' };
  }
}

/**
 * Renders a `kbs-config.toml` model as TOML text (smol-toml; tables in model order, trailing newline).
 */
export function renderKbsConfigToml(model: KbsConfigToml): string {
  const text = stringify(model);
  return text.endsWith('\n') ? text : `${text}\n`;
}
