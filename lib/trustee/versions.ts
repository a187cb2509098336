/**
 * Red Hat build of Trustee versions and everything the renderers must do differently per version.
 *
 * Red Hat does not publish which upstream trustee (KBS) release each of its builds is cut from. The
 * mapping below is a best estimate from public evidence (see each profile's `evidence`), so every
 * renderer that depends on a version-specific detail takes the {@link TrusteeProfile}, never the version
 * string, and the details that are still uncertain are handled robustly where that is possible (for
 * example the attestation policy accepts every known spelling of the Azure vTPM evidence root).
 *
 * Verify against a running cluster when in doubt: the `trustee-deployment` volumes show the ConfigMap
 * keys (`default.rego` vs `default_cpu.rego`), and the KBS image tag names the upstream release.
 *
 * @see https://github.com/confidential-containers/trustee/blob/main/kbs/docs/config.md
 * @see https://github.com/confidential-containers/trustee-operator
 */
import { InputError, quote } from '../errors';

/** The Red Hat builds of Trustee this library renders for. */
export type TrusteeVersion = '0.3' | '0.4' | '1.0' | '1.1';

/** Every supported version, oldest first (the order error messages list them). */
export const TRUSTEE_VERSIONS: readonly TrusteeVersion[] = ['0.3', '0.4', '1.0', '1.1'];

/**
 * The shape of `kbs-config.toml`:
 * - `legacy-admin`: `[admin] insecure_api` + `auth_public_key` (upstream trustee up to v0.15);
 * - `admin-personas`: `[admin] type = "Simple" | "InsecureAllowAll"` with `[[admin.personas]]`
 *   (upstream v0.16 to v0.20).
 * Everything else (RVPS `LocalJson` storage, `LocalFs` resource plugin, `[policy_engine] policy_path`)
 * is the same in both flavours.
 */
export type KbsConfigFlavour = 'legacy-admin' | 'admin-personas';

/**
 * The wire format of the RVPS reference values ConfigMap:
 * - `hash-value-array` (gen A, trustee up to v0.13): `[{ name, expiration, "hash-value": [{ alg, value }] }]`;
 * - `value-array` (gen B, trustee v0.14 to v0.18): `[{ name, expiration, value }]`;
 * - `base64url-object` (gen C, trustee v0.19+): `{ "<name>": base64url(JSON { name, expiration, value }) }`
 *   under the key `reference_value`. No supported version uses it yet.
 */
export type ReferenceValueFormat = 'hash-value-array' | 'value-array' | 'base64url-object';

/**
 * How an attestation policy reads reference values:
 * - `data.reference`: the attestation service loads every reference value into `data.reference.<name>`
 *   (trustee up to about v0.15);
 * - `query_reference_value`: the Rego extension `query_reference_value("<name>")` (trustee PR #887,
 *   merged late 2025; the default policies of the `az_snp_vtpm` era use it).
 */
export type ReferenceValueAccess = 'data.reference' | 'query_reference_value';

/** ConfigMap keys the KBS reads, as the operator mounts them. */
export interface TrusteeConfigMapKeys {
  /** Key of the KBS configuration (ConfigMap named by `kbsConfigMapName`). */
  readonly kbsConfig: 'kbs-config.toml';
  /** Key of the attestation (EAR) policy (ConfigMap named by `kbsAttestationPolicyConfigMapName`). */
  readonly attestationPolicy: 'default.rego' | 'default_cpu.rego';
  /** Key of the KBS resource policy (ConfigMap named by `kbsResourcePolicyConfigMapName`). */
  readonly resourcePolicy: 'policy.rego';
  /** Key of the RVPS reference values (ConfigMap named by `kbsRvpsRefValuesConfigMapName`). */
  readonly referenceValues: 'reference-values.json';
}

/** Files and folders inside the KBS container, as the operator mounts them and kbs-config.toml names them. */
export interface TrusteePaths {
  /** The configuration file the KBS is started with. */
  readonly kbsConfigFile: string;
  /** Folder of the admin public key Secret (`kbsAuthSecretName`). */
  readonly authSecretDir: string;
  /** Folder of the HTTPS private key Secret (`kbsHttpsKeySecretName`). */
  readonly httpsKeyDir: string;
  /** Folder of the HTTPS certificate Secret (`kbsHttpsCertSecretName`). */
  readonly httpsCertDir: string;
  /** Folder of the attestation token signing key Secret (`kbsAttestationKeySecretName`, operator v0.17+). */
  readonly attestationKeyDir: string;
  /** Folder of the attestation token certificate Secret (`kbsAttestationCertSecretName`, operator v0.17+). */
  readonly attestationCertDir: string;
  /** Work folder of the built-in attestation service. */
  readonly attestationServiceWorkDir: string;
  /** `policy_dir` of the EAR token broker; the OPA engine keeps its policies in `<policy_dir>/opa/`. */
  readonly attestationPolicyDir: string;
  /** Where the attestation policy ConfigMap key lands (`<policy_dir>/opa/`). */
  readonly attestationPolicyMountDir: string;
  /** The KBS resource policy file. */
  readonly resourcePolicyFile: string;
  /** The RVPS `LocalJson` reference values file. */
  readonly referenceValuesFile: string;
  /** The `LocalFs` resource repository; `kbsSecretResources` land in `<dir>/default/<secret>/<key>`. */
  readonly repositoryDir: string;
}

/** A range of upstream releases, both ends included. */
export interface ReleaseRange {
  readonly first: string;
  readonly last: string;
}

/** Facts about the attestation (EAR) policy input of a version. */
export interface AttestationPolicyTraits {
  /** How reference values are read from Rego. */
  readonly referenceValueAccess: ReferenceValueAccess;
  /**
   * Whether the policy also exposes the claims as one `trust_claims` object (as the operator's
   * TrusteeConfig template does); older brokers read each claim rule (`executables`, ...) on its own.
   */
  readonly trustClaimsObject: boolean;
  /** Name of the EAR submodule of the CPU evidence in the token (`cpu` up to trustee v0.13, then `cpu0`). */
  readonly earSubmodule: 'cpu' | 'cpu0';
  /**
   * Input key(s) of the Azure SEV-SNP vTPM evidence for this range: `azsnpvtpm` (up to v0.15),
   * `az_snp_vtpm` (v0.16 to v0.19), `az-snp-vtpm` (v0.20+). Most likely first.
   */
  readonly azureSnpVtpmInputKeys: readonly string[];
  /** The Azure TDX vTPM counterparts: `aztdxvtpm`, `az_tdx_vtpm`, `az-tdx-vtpm`. */
  readonly azureTdxVtpmInputKeys: readonly string[];
}

/** Everything that differs by Red Hat build of Trustee version. */
export interface TrusteeProfile {
  /** The Red Hat build of Trustee version. */
  readonly version: TrusteeVersion;
  /** Configuration generation (trustee-osc.md §1.5): A = trustee ≤ v0.13, B = v0.14 to v0.18. */
  readonly generation: 'A' | 'B';
  /** Upstream trustee (KBS) releases this build most likely corresponds to (a best estimate). */
  readonly upstreamTrustee: ReleaseRange;
  /** Upstream trustee-operator releases this build most likely corresponds to (a best estimate). */
  readonly upstreamOperator: ReleaseRange;
  /** Where the mapping comes from, in a few words. */
  readonly evidence: string;
  /** ConfigMap key names. */
  readonly configMapKeys: TrusteeConfigMapKeys;
  /** Mount paths inside the KBS container. */
  readonly paths: TrusteePaths;
  /** Shape of `kbs-config.toml`. */
  readonly kbsConfigFlavour: KbsConfigFlavour;
  /** Whether `[http_server] worker_count` is understood (trustee v0.16+). */
  readonly supportsWorkerCount: boolean;
  /** Wire format of the reference values ConfigMap. */
  readonly referenceValueFormat: ReferenceValueFormat;
  /** Facts the attestation policy depends on. */
  readonly attestationPolicy: AttestationPolicyTraits;
}

/** Mount paths shared by every supported version (generations A and B; generation C moved them). */
const PATHS: TrusteePaths = {
  kbsConfigFile: '/etc/kbs-config/kbs-config.toml',
  authSecretDir: '/etc/auth-secret',
  httpsKeyDir: '/etc/https-key',
  httpsCertDir: '/etc/https-cert',
  attestationKeyDir: '/etc/attestation-key',
  attestationCertDir: '/etc/attestation-cert',
  attestationServiceWorkDir: '/opt/confidential-containers/attestation-service',
  attestationPolicyDir: '/opt/confidential-containers/attestation-service/policies',
  attestationPolicyMountDir: '/opt/confidential-containers/attestation-service/policies/opa',
  resourcePolicyFile: '/opt/confidential-containers/opa/policy.rego',
  referenceValuesFile: '/opt/confidential-containers/rvps/reference-values/reference-values.json',
  repositoryDir: '/opt/confidential-containers/kbs/repository',
};

const GEN_A_KEYS: TrusteeConfigMapKeys = {
  kbsConfig: 'kbs-config.toml',
  attestationPolicy: 'default.rego',
  resourcePolicy: 'policy.rego',
  referenceValues: 'reference-values.json',
};

const GEN_B_KEYS: TrusteeConfigMapKeys = { ...GEN_A_KEYS, attestationPolicy: 'default_cpu.rego' };

/** Azure vTPM roots of trustee up to v0.15 (the `Tee` enum serialised in lower case). */
const AZURE_LOWERCASE = { azureSnpVtpmInputKeys: ['azsnpvtpm'], azureTdxVtpmInputKeys: ['aztdxvtpm'] } as const;

const GEN_A_POLICY: AttestationPolicyTraits = {
  referenceValueAccess: 'data.reference',
  trustClaimsObject: false,
  earSubmodule: 'cpu',
  ...AZURE_LOWERCASE,
};

const PROFILES: Readonly<Record<TrusteeVersion, TrusteeProfile>> = {
  '0.3': {
    version: '0.3',
    generation: 'A',
    upstreamTrustee: { first: 'v0.10.0', last: 'v0.12.0' },
    upstreamOperator: { first: 'v0.3.0', last: 'v0.3.x' },
    evidence: 'OSC 1.9 docs and the coco-pattern 2.x charts (kbs-config.toml gen A, reference-values.json with hash-value)',
    configMapKeys: GEN_A_KEYS,
    paths: PATHS,
    kbsConfigFlavour: 'legacy-admin',
    supportsWorkerCount: false,
    referenceValueFormat: 'hash-value-array',
    attestationPolicy: GEN_A_POLICY,
  },
  '0.4': {
    version: '0.4',
    generation: 'A',
    upstreamTrustee: { first: 'v0.12.0', last: 'v0.13.0' },
    upstreamOperator: { first: 'v0.4.0', last: 'v0.4.x' },
    evidence: 'OSC 1.10 docs (gen A kbs-config example), OSC CI scripts (default.rego, azsnpvtpm, data.reference)',
    configMapKeys: GEN_A_KEYS,
    paths: PATHS,
    kbsConfigFlavour: 'legacy-admin',
    supportsWorkerCount: false,
    referenceValueFormat: 'hash-value-array',
    attestationPolicy: GEN_A_POLICY,
  },
  '1.0': {
    version: '1.0',
    generation: 'B',
    upstreamTrustee: { first: 'v0.14.0', last: 'v0.15.0' },
    upstreamOperator: { first: 'v0.5.0', last: 'v0.16.x' },
    evidence: 'validatedpatterns/trustee-chart "v1.0" variant (auth_public_key, default_cpu.rego, azsnpvtpm, cpu0, value-array)',
    configMapKeys: GEN_B_KEYS,
    paths: PATHS,
    kbsConfigFlavour: 'legacy-admin',
    supportsWorkerCount: false,
    referenceValueFormat: 'value-array',
    attestationPolicy: { ...GEN_A_POLICY, earSubmodule: 'cpu0' },
  },
  '1.1': {
    version: '1.1',
    generation: 'B',
    upstreamTrustee: { first: 'v0.16.0', last: 'v0.18.0' },
    upstreamOperator: { first: 'v0.17.0', last: 'v0.18.x' },
    evidence: 'validatedpatterns/trustee-chart values ("v1.1": [admin] type = "Simple" + personas), OSC 1.12 docs (TrusteeConfig), operator migration tests ("v1.1.0 paths")',
    configMapKeys: GEN_B_KEYS,
    paths: PATHS,
    kbsConfigFlavour: 'admin-personas',
    supportsWorkerCount: true,
    referenceValueFormat: 'value-array',
    attestationPolicy: {
      referenceValueAccess: 'query_reference_value',
      trustClaimsObject: true,
      earSubmodule: 'cpu0',
      // Red Hat fix-up scripts rename `az_snp_vtpm` to `az-snp-vtpm` in generated 1.x policies, so some
      // 1.1 deployments may already run a KBS of the v0.20 naming.
      azureSnpVtpmInputKeys: ['az_snp_vtpm', 'az-snp-vtpm'],
      azureTdxVtpmInputKeys: ['az_tdx_vtpm', 'az-tdx-vtpm'],
    },
  },
};

/** True when `value` is a supported Red Hat build of Trustee version. */
export function isTrusteeVersion(value: unknown): value is TrusteeVersion {
  return (TRUSTEE_VERSIONS as readonly unknown[]).includes(value);
}

/** Problem text for an unsupported version, or undefined. */
export function trusteeVersionProblem(value: unknown): string | undefined {
  if (isTrusteeVersion(value)) {
    return undefined;
  }
  const supported = TRUSTEE_VERSIONS.map(v => `"${v}"`).join(', ');
  return `must be one of ${supported} (Red Hat build of Trustee), got ${quote(value)}`;
}

/**
 * The profile of a Red Hat build of Trustee version.
 *
 * @param version e.g. `"1.1"`
 * @param path field path for the error message
 * @throws InputError when `version` is not one of {@link TRUSTEE_VERSIONS}
 */
export function trusteeProfile(version: string, path = 'trustee.version'): TrusteeProfile {
  const problem = trusteeVersionProblem(version);
  if (problem !== undefined) {
    throw new InputError([{ path, message: problem }]);
  }
  return PROFILES[version as TrusteeVersion];
}
