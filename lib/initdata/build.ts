/**
 * Initdata from typed settings to everything the cluster and Trustee need: the readable TOML, the
 * encoded value, the digest and its per-TEE forms.
 */
import { InitDataAlgorithm } from './algorithm';
import { AttestationAgentConfig, renderAaToml } from './attestation-agent';
import { ConfidentialDataHubConfig, renderCdhToml } from './confidential-data-hub';
import { azurePcr8, initDataDigest, snpHostData, tdxMrConfigId } from './digest';
import { INIT_DATA_VERSION, renderInitDataToml } from './document';
import { encodeInitData } from './encoding';

/** What a workload's initdata carries. */
export interface InitDataSpec {
  /** Digest algorithm; Azure vTPM (peer pods) needs `sha256`. */
  readonly algorithm: InitDataAlgorithm;
  /**
   * Initdata format version.
   * @default '0.1.0'
   */
  readonly version?: string;
  /**
   * Attestation agent settings (`aa.toml`).
   * @default - no aa.toml: the guest keeps its built-in attestation agent settings
   */
  readonly aa?: AttestationAgentConfig;
  /**
   * Confidential data hub settings (`cdh.toml`).
   * @default - no cdh.toml: the guest keeps its built-in data hub settings
   */
  readonly cdh?: ConfidentialDataHubConfig;
  /**
   * Kata agent policy, Rego text (`policy.rego`), e.g. from `renderAgentPolicy`.
   * @default - no policy.rego: the guest image's default policy applies
   */
  readonly policy?: string;
}

/** Rendered initdata and the values derived from it. */
export interface RenderedInitData {
  /** The initdata TOML text, byte-exact: the digest is over these bytes. */
  readonly toml: string;
  /** base64(gzip(toml)), for the `cc_init_data` annotation or `INITDATA` in `peer-pods-cm`. */
  readonly encoded: string;
  /** The algorithm the document names and the digest uses. */
  readonly algorithm: InitDataAlgorithm;
  /** The format version the document names. */
  readonly version: string;
  /** Lowercase hex digest of `toml`. */
  readonly digest: string;
  /** Azure vTPM PCR 8 value, lowercase hex (32 bytes). */
  readonly pcr8: string;
  /** SEV-SNP HOSTDATA, lowercase hex (32 bytes). */
  readonly snpHostData: string;
  /** TDX MRCONFIGID, lowercase hex (48 bytes). */
  readonly tdxMrConfigId: string;
  /** Length of `encoded` in bytes (it is ASCII). */
  readonly sizeBytes: number;
}

/**
 * Renders `spec` and derives its encoding and digests. Throws an InputError when a value cannot be
 * written faithfully (see `renderInitDataToml`); check `initDataProblems` first for
 * everything else (URLs, certificates, sizes, algorithm per TEE).
 */
export function buildInitData(spec: InitDataSpec): RenderedInitData {
  // The spec holds strings only, so this is its content (the policy, the long part, is a key of its own rather
  // than copied into one); the render is pure, so one render per content.
  const { policy, ...settings } = spec;
  const key = JSON.stringify(settings);
  let byPolicy = renders.get(key);
  if (byPolicy === undefined) {
    byPolicy = new Map();
    renders.set(key, byPolicy);
  }
  let rendered = byPolicy.get(policy);
  if (rendered === undefined) {
    if (byPolicy.size >= MEMO_MAX) {
      byPolicy.clear();
    }
    rendered = render(spec);
    byPolicy.set(policy, rendered);
  }
  // A copy per call: readers tell workloads apart by their initdata object (the posture's owner of each grant), and
  // two workloads with the same content are still two.
  return { ...rendered };
}

/**
 * Renders already made, by settings and policy. A fleet renders the same initdata once per spoke group (same
 * workloads, same hub KBS), and each render gzips at level 9 and parses its TOML back: half of a 100-group build
 * before this. The renders per settings are bounded (a long-running process rendering ever new policies keeps the
 * latest); the settings themselves (KBS URL, certificate, algorithm) are few.
 */
const renders = new Map<string, Map<string | undefined, RenderedInitData>>();
const MEMO_MAX = 512;

function render(spec: InitDataSpec): RenderedInitData {
  const version = spec.version ?? INIT_DATA_VERSION;
  const toml = renderInitDataToml({
    algorithm: spec.algorithm,
    version,
    data: {
      'aa.toml': spec.aa ? renderAaToml(spec.aa) : undefined,
      'cdh.toml': spec.cdh ? renderCdhToml(spec.cdh) : undefined,
      'policy.rego': spec.policy,
    },
  });
  const digest = initDataDigest(toml, spec.algorithm);
  const encoded = encodeInitData(toml);
  return {
    toml,
    encoded,
    algorithm: spec.algorithm,
    version,
    digest,
    pcr8: azurePcr8(digest),
    snpHostData: snpHostData(digest),
    tdxMrConfigId: tdxMrConfigId(digest),
    sizeBytes: encoded.length,
  };
}
