/**
 * Red Hat build of Trustee versions and everything the renderers must do differently per version.
 *
 * Each Red Hat build maps to exactly one upstream trustee (KBS) code base: the AllInOne KBS image the
 * Red Hat operator (openshift/trustee-operator) names in `config/manager/manager.yaml`, env
 * `KBS_IMAGE_NAME`, at its release tag. That image is the upstream reference build; the shipped Red Hat
 * image (`registry.redhat.io/build-of-trustee/trustee-rhel9@sha256:…`, from the bundle CSV) carries no
 * build provenance in the repository, so "built from the same code" is assumed, not proven.
 *
 * | Red Hat | openshift/trustee-operator tags | KBS_IMAGE_NAME                                   | upstream trustee |
 * | ------- | ------------------------------- | ------------------------------------------------ | ---------------- |
 * | 0.3     | v0.3.0                          | key-broker-service:built-in-as-v0.11.0           | v0.11.0          |
 * | 0.4     | v0.4.0, v0.4.1, v0.4.2          | key-broker-service:built-in-as-v0.13.0           | v0.13.0          |
 * | 1.0     | v1.0.0                          | key-broker-service:built-in-as-v0.15.0           | v0.15.0          |
 * | 1.1     | v1.1.0                          | key-broker-service:built-in-as-v0.17.0           | v0.17.0          |
 * | 1.2     | v1.2.0, v1.2.1                  | staged-images/kbs:b2442c222485b6ec5d6dee09d5a30bb561ff3622 | main b2442c22 (git describe v0.20.0-75-gb2442c22, before v0.21.0) |
 *
 * Every renderer that depends on a version-specific detail takes the {@link TrusteeProfile} and branches
 * on its capabilities and traits, never on the version string. The facts below cite the repository
 * (TR = confidential-containers/trustee, DS = openshift/trustee-operator), the file and the tag.
 *
 * Verify against a running cluster when in doubt: the `trustee-deployment` volumes show the ConfigMap
 * keys and mount paths, and the operator's `KBS_IMAGE_NAME` names the upstream code.
 *
 * @see https://github.com/openshift/trustee-operator/blob/v1.2.0/config/manager/manager.yaml
 * @see https://github.com/confidential-containers/trustee/blob/main/kbs/docs/config.md
 */
import { InputError, quote } from '../errors';

/** The Red Hat builds of Trustee this library renders for. */
export type TrusteeVersion = '0.3' | '0.4' | '1.0' | '1.1' | '1.2';

/** Every supported version, oldest first (the order error messages list them). */
export const TRUSTEE_VERSIONS: readonly TrusteeVersion[] = ['0.3', '0.4', '1.0', '1.1', '1.2'];

/**
 * The version rendered when none is given: the one the Red Hat channel `stable` ships. DS v1.2.0 installs
 * from `stable` (`docs/disconnected/imageset-config-4.21.yaml`: redhat-operator-index v4.21, package
 * trustee-operator, channel stable; `scripts/install-helpers/subs-ga.yaml`: channel stable, source
 * redhat-operators); the newest bundle, trustee-operator.v1.2.1, replaces v1.2.0, which replaces v1.1.0 (DS bundle
 * CSV `spec.replaces`). The Red Hat catalog itself (FBC) was not inspected.
 */
export const DEFAULT_TRUSTEE_VERSION: TrusteeVersion = '1.2';

/**
 * The wire format of the RVPS reference values ConfigMap:
 * - `hash-value-array` (gen A, TR v0.11.0/v0.13.0): `[{ name, expiration, "hash-value": [{ alg, value }] }]`;
 * - `value-array` (gen B, TR v0.14.0 to v0.18.0): `[{ name, expiration, value }]`;
 * - `base64url-object` (gen C, TR v0.19.0+ LocalJson key-value storage): `{ "<name>": base64url(JSON
 *   { name, expiration, value }) }`, URL-safe alphabet with `=` padding (TR b2442c22
 *   `deps/key-value-storage/src/local_json/mod.rs`: `HashMap<String, String>` decoded with `URL_SAFE`).
 */
export type ReferenceValueFormat = 'hash-value-array' | 'value-array' | 'base64url-object';

/**
 * The ConfigMap key the operator mounts for each reference value format: `reference-values.json` (DS up
 * to v1.1.0, whole ConfigMap at `/opt/confidential-containers/rvps/reference-values`), `reference_value`
 * (DS v1.2.0 `internal/controller/volumes.go`, subPath into the LocalJson folder).
 */
export const REFERENCE_VALUES_KEY = {
  'hash-value-array': 'reference-values.json',
  'value-array': 'reference-values.json',
  'base64url-object': 'reference_value',
} as const satisfies Record<ReferenceValueFormat, string>;

/**
 * How an attestation policy reads reference values:
 * - `data.reference`: the attestation service passes every reference value as `data.reference.<name>`
 *   (TR v0.11.0 to v0.15.0 `attestation-service/src/policy_engine/opa/mod.rs`);
 * - `query_reference_value`: the Rego extension `query_reference_value("<name>")` (TR v0.16.0+).
 */
export type ReferenceValueAccess = 'data.reference' | 'query_reference_value';

/**
 * Which rules of the attestation policy the attestation service reads:
 * - `per-claim`: one rule per AR4SI claim, `data.policy.executables`, `.hardware`, `.configuration`
 *   (the hyphenated claims cannot be rules), missing ones skipped (TR v0.11.0 to v0.15.0
 *   `attestation-service/src/policy_engine/opa/mod.rs`);
 * - `trust_claims`: one object `data.policy.trust_claims` with every claim, plus the optional
 *   `data.policy.extensions` (TR v0.17.0 `attestation-service/src/policy_engine/opa/mod.rs`; TR v0.19.0+
 *   and b2442c22 `attestation-service/src/ear_token/broker.rs` `TRUST_CLAIMS_RULE`).
 */
export type AttestationRulesRead = 'per-claim' | 'trust_claims';

/**
 * The Rego dialect the engine parses by default (no TR release calls `set_rego_v0`/`set_rego_v1`):
 * - `v0`: regorus 0.2.8 (TR v0.11.0 to v0.16.0 Cargo.lock), `Engine::new()` with `rego_v1: false`;
 *   v1 keywords need `import rego.v1`, which it accepts;
 * - `v1`: regorus 0.5.0 (TR v0.17.0), 0.10.1 (TR b2442c22): rule bodies need `if`
 *   ("`if` keyword is required before rule body"); `import rego.v1` is still accepted.
 * Text written with `import rego.v1`, `if` and `contains` parses in both.
 */
export type RegoDialect = 'v0' | 'v1';

/**
 * The request data (`data`) the KBS resource policy sees for `GET /kbs/v0/resource/<repo>/<type>/<tag>`:
 * - `resource-path-string`: `data["resource-path"]` is the string `"resource/<repo>/<type>/<tag>"`, the
 *   plugin segment included (TR v0.11.0 to v0.16.0 `kbs/src/api_server.rs` + `kbs/src/policy_engine/opa/mod.rs`;
 *   confirmed by confidential-containers/trustee#1097 against v0.15.0);
 * - `plugin-resource-path-array`: `{ "plugin": "resource", "resource-path": [repo, type, tag], "query": {} }`
 *   (TR v0.17.0+, commit 03c30c8a "KBS: enhance policy engine with structured data and query parameters").
 * Both read the rule `data.policy.allow`.
 */
export type ResourcePolicyRequestData = 'resource-path-string' | 'plugin-resource-path-array';

/**
 * The `[admin]` table of `kbs-config.toml`:
 * - `insecure_api`: `insecure_api` + `auth_public_key` (TR v0.11.0 to v0.15.0 `kbs/src/admin/config.rs`);
 * - `type`: `type = "Simple"` with `[[admin.personas]]`, or `"InsecureAllowAll"` / `"DenyAll"` (TR v0.17.0
 *   `kbs/src/admin/mod.rs`; the old keys are silently ignored);
 * - `authorization_mode`: `authorization_mode = "InsecureAllowAll" | "DenyAll" | "AuthenticatedAuthorization"`
 *   with serde `deny_unknown_fields`, so any other key is a parse error (TR b2442c22 `kbs/src/admin/mod.rs`,
 *   commit 6e52eeed, after v0.20.0). Its only authenticated mode needs an external JWT identity provider.
 */
export type AdminLayout = 'insecure_api' | 'type' | 'authorization_mode';

/**
 * The `[attestation_token]` switch that trusts the key in a token's header without a certificate:
 * `insecure_key` (TR up to v0.20.0 `kbs/src/token/mod.rs`), renamed `insecure_header_jwk` (commit 5564a4fb,
 * after v0.20.0; TR b2442c22). There is no `deny_unknown_fields` there: a stale `insecure_key` is silently
 * ignored.
 */
export type InsecureTokenKeySetting = 'insecure_key' | 'insecure_header_jwk';

/** ConfigMap keys the KBS reads, as the operator mounts them. */
export interface TrusteeConfigMapKeys {
  /** Key of the KBS configuration (ConfigMap named by `kbsConfigMapName`). */
  readonly kbsConfig: 'kbs-config.toml';
  /** Key of the CPU attestation (EAR) policy (ConfigMap named by `kbsAttestationPolicyConfigMapName`). */
  readonly attestationPolicy: 'default.rego' | 'default_cpu.rego';
  /** Key of the KBS resource policy (ConfigMap named by `kbsResourcePolicyConfigMapName`). */
  readonly resourcePolicy: 'policy.rego' | 'resource-policy.rego';
  /** Key of the RVPS reference values (ConfigMap named by `kbsRvpsRefValuesConfigMapName`). */
  readonly referenceValues: (typeof REFERENCE_VALUES_KEY)[ReferenceValueFormat];
}

/** Files and folders inside the KBS container, as the operator mounts them. */
export interface TrusteePaths {
  /** The configuration file the KBS is started with (`--config-file`, every DS tag). */
  readonly kbsConfigFile: string;
  /** Folder of the admin public key Secret (`kbsAuthSecretName`; DS v1.2.0 still requires it). */
  readonly authSecretDir: string;
  /** Folder of the HTTPS private key Secret (`kbsHttpsKeySecretName`). */
  readonly httpsKeyDir: string;
  /** Folder of the HTTPS certificate Secret (`kbsHttpsCertSecretName`). */
  readonly httpsCertDir: string;
  /** Folder of the attestation token signing key Secret (`kbsAttestationKeySecretName`). */
  readonly attestationKeyDir: string;
  /** Folder of the attestation token certificate Secret (`kbsAttestationCertSecretName`). */
  readonly attestationCertDir: string;
  /** Folder the attestation policy ConfigMap key lands in. */
  readonly attestationPolicyMountDir: string;
  /** Where the resource policy ConfigMap key lands. */
  readonly resourcePolicyFile: string;
  /** Where the reference values ConfigMap key lands. */
  readonly referenceValuesFile: string;
  /** Where `kbsSecretResources` land (a tree `default/<secret>/<key>`, or flat files in 1.2). */
  readonly repositoryDir: string;
}

/**
 * Where the KBS keeps policies, reference values and resources:
 * - `files`: each in its own file, named in `kbs-config.toml` (`[policy_engine] policy_path`,
 *   `rvps_config.storage.file_path`, `[[plugins]] type = "LocalFs" dir_path`; TR up to v0.18.0);
 * - `kv-storage`: one key-value store, `[storage_backend]` (TR v0.19.0+). With `LocalFs` at `localFsDir`
 *   a key is the file `<localFsDir>/<namespace>/<key>` (namespaces `kbs`, `repository`,
 *   `attestation_service_policy`); with `LocalJson` a namespace is the file `<localJsonDir>/<namespace>`
 *   (TR b2442c22 `deps/key-value-storage/src/{local_fs,local_json}/mod.rs`).
 */
export type TrusteeStorage =
  | {
    readonly layout: 'files';
    /** `work_dir` of the built-in attestation service. */
    readonly attestationServiceWorkDir: string;
    /** `policy_dir` of the EAR token broker; the OPA engine reads `<policy_dir>/opa/`. */
    readonly attestationPolicyDir: string;
  }
  | {
    readonly layout: 'kv-storage';
    /** `[storage_backend.backends.local_fs] dir_path`: the base of the operator's mounts. */
    readonly localFsDir: string;
    /** `[storage_backend.backends.local_json] file_dir_path`: the folder of the RVPS file `reference_value`. */
    readonly localJsonDir: string;
  };

/** What a version's KBS and operator can do; renderers branch on these, never on the version. */
export interface TrusteeCapabilities {
  /** Shape of `[admin]`. */
  readonly adminLayout: AdminLayout;
  /** Name of the insecure token key switch in `[attestation_token]`. */
  readonly insecureTokenKeySetting: InsecureTokenKeySetting;
  /** Whether `[http_server] worker_count` is understood (TR v0.16+). */
  readonly workerCount: boolean;
  /**
   * Whether the pattern mounts an attestation token signer (KbsConfig `kbsAttestationKeySecretName` /
   * `kbsAttestationCertSecretName`) and has the KBS check token certificates against it.
   */
  readonly tokenSigner: boolean;
  /**
   * Annotations every ConfigMap the KbsConfig references must carry. DS v1.2.0
   * `internal/controller/migration.go` runs on every KbsConfig reconcile: a referenced kbs-config ConfigMap
   * without `kbs.confidentialcontainers.org/migrated-from-v1.1.0` is backed up, deleted and its
   * `[[plugins]]` rewritten, the reference values converted, and an unannotated policy ConfigMap is backed
   * up and deleted on every reconcile (only a TrusteeConfig recreates it). With Argo CD owning the
   * ConfigMaps that is an endless delete/re-create fight, so the rendered (already 1.2-shaped) ConfigMaps
   * carry the marker (only the key's presence is checked; the value is the operator's `MigrationVersion`).
   */
  readonly configMapAnnotations: Readonly<Record<string, string>>;
  /**
   * How the TDX (DCAP) verifier learns its collateral service:
   * - `qcnl-config-map`: Intel's QCNL reads `/etc/sgx_default_qcnl.conf`, which the operator mounts from the
   *   ConfigMap named by KbsConfig `tdxConfigSpec.kbsTdxConfigMapName` (DS v0.3.0 to v1.1.0
   *   `internal/controller/kbsconfig_controller.go`);
   * - `verifier-config`: `[attestation_service.verifier_config.dcap_verifier] collateral_service` in
   *   kbs-config.toml (TR b2442c22 `deps/verifier/src/lib.rs`; DS v1.2.0 removed `tdxConfigSpec`).
   */
  readonly tdxCollateral: 'qcnl-config-map' | 'verifier-config';
  /**
   * Whether the SNP verifier takes `[attestation_service.verifier_config.snp_verifier] vcek_sources` with an
   * `OfflineStore` (TR v0.17.0 `deps/verifier/src/snp/mod.rs`; not in v0.15.0) and the operator mounts the
   * Secrets of `kbsLocalCertCacheSpec.secrets` (DS v1.0.0 on).
   */
  readonly snpVcekSources: boolean;
}

/** What the EAR token and its annotated evidence look like (TR `attestation-service` EAR broker). */
export interface EvidenceTraits {
  /**
   * Name of the EAR submodule of the CPU evidence: `cpu` (TR v0.11.0 to v0.13.0
   * `attestation-service/src/token/ear_broker.rs`), `cpu0` from TR v0.14.0 (commit 2278ffab).
   */
  readonly earSubmodule: 'cpu' | 'cpu0';
  /**
   * Key of the Azure SEV-SNP vTPM claims in the annotated evidence (the serde name of `kbs_types::Tee`):
   * `azsnpvtpm` up to TR v0.15.0 (lower-case), `az-snp-vtpm` from TR v0.16.0 (kbs-types 0.13+, commit
   * 9a34277 "hyphenize tees"). `az_snp_vtpm` is never emitted: it only appears in the upstream default
   * policy of TR v0.16.0 to v0.19.0 and the DS v1.1.0 template, which therefore never match.
   */
  readonly azureSnpVtpmKey: 'azsnpvtpm' | 'az-snp-vtpm';
  /** The Azure TDX vTPM counterpart: `aztdxvtpm`, then `az-tdx-vtpm`. */
  readonly azureTdxVtpmKey: 'aztdxvtpm' | 'az-tdx-vtpm';
  /**
   * Encoding of the SNP byte-string claims, HOSTDATA (the `init_data` claim), `measurement` and
   * `report_data`: base64 up to TR v0.17.0, hex from TR v0.18.0 (commit d7831293 "Change SNP verifier to
   * use hex encoding instead of base64", `deps/verifier/src/snp/mod.rs` `parse_tee_evidence`).
   */
  readonly snpInitDataEncoding: 'base64' | 'hex';
}

/** The Rego engine of the KBS and its attestation service (the same regorus crate). */
export interface RegoEngineTraits {
  /** The regorus release in the TR Cargo.lock. */
  readonly regorus: string;
  /** The dialect it parses by default. */
  readonly dialect: RegoDialect;
}

/** Facts about the attestation (EAR) policy of a version. */
export interface AttestationPolicyTraits {
  /** How reference values are read from Rego. */
  readonly referenceValueAccess: ReferenceValueAccess;
  /** Which rules the attestation service reads. */
  readonly rulesRead: AttestationRulesRead;
}

/** Facts about the KBS resource policy of a version. */
export interface ResourcePolicyTraits {
  /** The request data the policy sees. */
  readonly requestData: ResourcePolicyRequestData;
}

/** Where a Red Hat build comes from (DS `config/manager/manager.yaml` at its tags). */
export interface UpstreamSource {
  /** openshift/trustee-operator release tags of this build. */
  readonly operatorTags: readonly string[];
  /** `KBS_IMAGE_NAME` (AllInOneDeployment) of the manager Deployment at those tags. */
  readonly kbsImage: string;
  /** The upstream trustee code of that image: a release tag, or a commit of `main`. */
  readonly trustee: string;
  /** The same in a few words, for comments (e.g. "v0.17.0"). */
  readonly trusteeLabel: string;
}

/** Everything that differs by Red Hat build of Trustee version. */
export interface TrusteeProfile {
  /** The Red Hat build of Trustee version. */
  readonly version: TrusteeVersion;
  /** The operator's ClusterServiceVersion, what the Subscription pins (`startingCSV`). */
  readonly csv: string;
  /** Where the CSV name comes from: a confirmed source, or "assumption: ...". */
  readonly csvSource: string;
  /**
   * Configuration generation (trustee-osc.md §1.5): A = TR up to v0.13 (policy `default.rego`, hash-value
   * reference values), B = TR v0.14 to v0.18 (`default_cpu.rego`, value reference values), C = TR v0.19+
   * (key-value storage).
   */
  readonly generation: 'A' | 'B' | 'C';
  /** The upstream code this build runs. */
  readonly upstream: UpstreamSource;
  /** ConfigMap key names. */
  readonly configMapKeys: TrusteeConfigMapKeys;
  /** Mount paths inside the KBS container. */
  readonly paths: TrusteePaths;
  /** Storage layout of the KBS and what `kbs-config.toml` says about it. */
  readonly storage: TrusteeStorage;
  /** What the KBS and operator can do. */
  readonly capabilities: TrusteeCapabilities;
  /** Wire format of the reference values ConfigMap. */
  readonly referenceValueFormat: ReferenceValueFormat;
  /** The Rego engine (both policies). */
  readonly rego: RegoEngineTraits;
  /** The EAR token the resource policy reads and the evidence the attestation policy reads. */
  readonly evidence: EvidenceTraits;
  /** Facts the attestation policy depends on. */
  readonly attestationPolicy: AttestationPolicyTraits;
  /** Facts the resource policy depends on. */
  readonly resourcePolicy: ResourcePolicyTraits;
}

/** Mount paths of the Secrets and the configuration file, the same in every DS tag (`internal/controller/common.go`). */
const SECRET_PATHS = {
  kbsConfigFile: '/etc/kbs-config/kbs-config.toml',
  authSecretDir: '/etc/auth-secret',
  httpsKeyDir: '/etc/https-key',
  httpsCertDir: '/etc/https-cert',
  attestationKeyDir: '/etc/attestation-key',
  attestationCertDir: '/etc/attestation-cert',
} as const;

/** DS v0.3.0 to v1.1.0: whole-ConfigMap (or subPath) mounts the TOML names file by file. */
const FILE_PATHS: TrusteePaths = {
  ...SECRET_PATHS,
  attestationPolicyMountDir: '/opt/confidential-containers/attestation-service/policies/opa',
  resourcePolicyFile: '/opt/confidential-containers/opa/policy.rego',
  referenceValuesFile: '/opt/confidential-containers/rvps/reference-values/reference-values.json',
  repositoryDir: '/opt/confidential-containers/kbs/repository',
};

const FILE_STORAGE: TrusteeStorage = {
  layout: 'files',
  attestationServiceWorkDir: '/opt/confidential-containers/attestation-service',
  attestationPolicyDir: '/opt/confidential-containers/attestation-service/policies',
};

/** The base of the 1.2 mounts (DS v1.2.0 `internal/controller/common.go` `baseStoragePath`). */
const STORAGE_DIR = '/opt/confidential-containers/storage';

/**
 * DS v1.2.0 (`internal/controller/common.go`, `volumes.go`): subPath mounts into the key-value storage
 * folders of `[storage_backend]` (LocalFs namespaces `attestation_service_policy`, `kbs`, `repository`;
 * LocalJson file `local_json/reference_value`); the Secrets of `kbsSecretResources` are copied there as
 * flat files `default\x2F<secret>\x2F<key>` by the `secret-converter` init container.
 */
const KV_STORAGE_PATHS: TrusteePaths = {
  ...SECRET_PATHS,
  attestationPolicyMountDir: `${STORAGE_DIR}/attestation_service_policy`,
  resourcePolicyFile: `${STORAGE_DIR}/kbs/resource-policy.rego`,
  referenceValuesFile: `${STORAGE_DIR}/local_json/${REFERENCE_VALUES_KEY['base64url-object']}`,
  repositoryDir: `${STORAGE_DIR}/repository`,
};

const KV_STORAGE: TrusteeStorage = { layout: 'kv-storage', localFsDir: STORAGE_DIR, localJsonDir: `${STORAGE_DIR}/local_json` };

const GEN_A_KEYS: TrusteeConfigMapKeys = {
  kbsConfig: 'kbs-config.toml',
  attestationPolicy: 'default.rego',
  resourcePolicy: 'policy.rego',
  referenceValues: REFERENCE_VALUES_KEY['hash-value-array'],
};

const GEN_B_KEYS: TrusteeConfigMapKeys = { ...GEN_A_KEYS, attestationPolicy: 'default_cpu.rego' };

const GEN_C_KEYS: TrusteeConfigMapKeys = {
  ...GEN_B_KEYS,
  resourcePolicy: 'resource-policy.rego',
  referenceValues: REFERENCE_VALUES_KEY['base64url-object'],
};

/** Up to TR v0.15.0: `[admin] insecure_api`, `insecure_key`; no worker_count, no migration. */
const LEGACY_CAPABILITIES: TrusteeCapabilities = {
  adminLayout: 'insecure_api',
  insecureTokenKeySetting: 'insecure_key',
  workerCount: false,
  // DS v1.0.0 already has the token signer fields, but the KbsConfig schema 1.0 is validated against
  // (upstream trustee-operator v0.5.0, tools/schema-validator.ts) does not; see the 1.0 profile.
  tokenSigner: false,
  configMapAnnotations: {},
  tdxCollateral: 'qcnl-config-map',
  snpVcekSources: false,
};

const REGO_V0: RegoEngineTraits = { regorus: '0.2.8', dialect: 'v0' };

/** TR v0.11.0 to v0.15.0. */
const LEGACY_POLICIES = {
  attestationPolicy: { referenceValueAccess: 'data.reference', rulesRead: 'per-claim' },
  resourcePolicy: { requestData: 'resource-path-string' },
} as const satisfies Pick<TrusteeProfile, 'attestationPolicy' | 'resourcePolicy'>;

/** TR v0.17.0 and later. */
const CURRENT_POLICIES = {
  attestationPolicy: { referenceValueAccess: 'query_reference_value', rulesRead: 'trust_claims' },
  resourcePolicy: { requestData: 'plugin-resource-path-array' },
} as const satisfies Pick<TrusteeProfile, 'attestationPolicy' | 'resourcePolicy'>;

const KBS_IMAGE = 'ghcr.io/confidential-containers/key-broker-service';

/** A build whose KBS image is an upstream release (`built-in-as-<tag>`). */
const released = (operatorTags: readonly string[], trustee: string): UpstreamSource =>
  ({ operatorTags, kbsImage: `${KBS_IMAGE}:built-in-as-${trustee}`, trustee, trusteeLabel: trustee });

const B2442C22 = 'b2442c222485b6ec5d6dee09d5a30bb561ff3622';

/**
 * The CSV of each build, as `trustee-operator.v<tag>` of the newest operator tag. Each CSV `replaces` the
 * previous one and has no skipRange, so OLM upgrades one version at a time. Red Hat's channel is `stable`
 * (trustee-operator scripts/install-helpers/subs-ga.yaml); that each upstream tag ships in the Red Hat
 * catalog under the same CSV name is an assumption.
 */
const TRUSTEE_TAGS = 'confirmed: openshift/trustee-operator bundle/manifests/trustee-operator.clusterserviceversion.yaml at tag';

const PROFILES: Readonly<Record<TrusteeVersion, TrusteeProfile>> = {
  '0.3': {
    version: '0.3',
    csv: 'trustee-operator.v0.3.0',
    csvSource: `${TRUSTEE_TAGS} v0.3.0`,
    generation: 'A',
    upstream: released(['v0.3.0'], 'v0.11.0'),
    configMapKeys: GEN_A_KEYS,
    paths: FILE_PATHS,
    storage: FILE_STORAGE,
    capabilities: LEGACY_CAPABILITIES,
    referenceValueFormat: 'hash-value-array',
    rego: REGO_V0,
    evidence: { earSubmodule: 'cpu', azureSnpVtpmKey: 'azsnpvtpm', azureTdxVtpmKey: 'aztdxvtpm', snpInitDataEncoding: 'base64' },
    ...LEGACY_POLICIES,
  },
  '0.4': {
    version: '0.4',
    csv: 'trustee-operator.v0.4.2',
    csvSource: `${TRUSTEE_TAGS} v0.4.2; trustee-operator scripts/install-helpers/subs-ga.yaml startingCSV`,
    generation: 'A',
    upstream: released(['v0.4.0', 'v0.4.1', 'v0.4.2'], 'v0.13.0'),
    configMapKeys: GEN_A_KEYS,
    paths: FILE_PATHS,
    storage: FILE_STORAGE,
    capabilities: LEGACY_CAPABILITIES,
    referenceValueFormat: 'hash-value-array',
    rego: REGO_V0,
    evidence: { earSubmodule: 'cpu', azureSnpVtpmKey: 'azsnpvtpm', azureTdxVtpmKey: 'aztdxvtpm', snpInitDataEncoding: 'base64' },
    ...LEGACY_POLICIES,
  },
  '1.0': {
    version: '1.0',
    csv: 'trustee-operator.v1.0.0',
    csvSource: `${TRUSTEE_TAGS} v1.0.0`,
    generation: 'B',
    upstream: released(['v1.0.0'], 'v0.15.0'),
    configMapKeys: GEN_B_KEYS,
    paths: FILE_PATHS,
    storage: FILE_STORAGE,
    capabilities: LEGACY_CAPABILITIES,
    referenceValueFormat: 'value-array',
    rego: REGO_V0,
    evidence: { earSubmodule: 'cpu0', azureSnpVtpmKey: 'azsnpvtpm', azureTdxVtpmKey: 'aztdxvtpm', snpInitDataEncoding: 'base64' },
    ...LEGACY_POLICIES,
  },
  '1.1': {
    version: '1.1',
    csv: 'trustee-operator.v1.1.0',
    csvSource: `${TRUSTEE_TAGS} v1.1.0`,
    generation: 'B',
    upstream: released(['v1.1.0'], 'v0.17.0'),
    configMapKeys: GEN_B_KEYS,
    paths: FILE_PATHS,
    storage: FILE_STORAGE,
    capabilities: {
      adminLayout: 'type',
      insecureTokenKeySetting: 'insecure_key',
      workerCount: true,
      tokenSigner: true,
      configMapAnnotations: {},
      tdxCollateral: 'qcnl-config-map',
      snpVcekSources: true,
    },
    referenceValueFormat: 'value-array',
    rego: { regorus: '0.5.0', dialect: 'v1' },
    evidence: { earSubmodule: 'cpu0', azureSnpVtpmKey: 'az-snp-vtpm', azureTdxVtpmKey: 'az-tdx-vtpm', snpInitDataEncoding: 'base64' },
    ...CURRENT_POLICIES,
  },
  '1.2': {
    version: '1.2',
    csv: 'trustee-operator.v1.2.1',
    csvSource: `${TRUSTEE_TAGS} v1.2.1`,
    generation: 'C',
    upstream: {
      operatorTags: ['v1.2.0', 'v1.2.1'],
      kbsImage: `ghcr.io/confidential-containers/staged-images/kbs:${B2442C22}`,
      trustee: B2442C22,
      trusteeLabel: 'main b2442c22 = v0.20.0-75-gb2442c22, before v0.21.0',
    },
    configMapKeys: GEN_C_KEYS,
    paths: KV_STORAGE_PATHS,
    storage: KV_STORAGE,
    capabilities: {
      adminLayout: 'authorization_mode',
      insecureTokenKeySetting: 'insecure_header_jwk',
      workerCount: true,
      tokenSigner: true,
      // DS v1.2.0 internal/controller/migration.go: MigrationAnnotation, MigrationVersion.
      configMapAnnotations: { 'kbs.confidentialcontainers.org/migrated-from-v1.1.0': 'v1.2.0' },
      tdxCollateral: 'verifier-config',
      snpVcekSources: true,
    },
    referenceValueFormat: 'base64url-object',
    rego: { regorus: '0.10.1', dialect: 'v1' },
    evidence: { earSubmodule: 'cpu0', azureSnpVtpmKey: 'az-snp-vtpm', azureTdxVtpmKey: 'az-tdx-vtpm', snpInitDataEncoding: 'hex' },
    ...CURRENT_POLICIES,
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
 * @param version e.g. `"1.2"`
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
