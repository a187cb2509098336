/**
 * What Trustee's bare-metal verifiers need besides the evidence, per generation (pure data and rules):
 *
 * - Intel TDX (DCAP): the collateral service (TCB info, QE identity, CRLs). Up to Trustee 1.1 the TDX
 *   verifier links Intel's quote verification library, whose QCNL reads `/etc/sgx_default_qcnl.conf`: the
 *   operator mounts the key `sgx_default_qcnl.conf` of the ConfigMap named by KbsConfig
 *   `tdxConfigSpec.kbsTdxConfigMapName` there (openshift/trustee-operator v0.3.0 to v1.1.0
 *   `internal/controller/kbsconfig_controller.go`, `common.go` `tdxConfigFile`; the shape of the file as
 *   validatedpatterns/trustee-chart `templates/tdx-config.yaml`). Trustee 1.2 dropped `tdxConfigSpec`
 *   (v1.2.0 `api/v1alpha1/kbsconfig_types.go`); its verifier reads
 *   `[attestation_service.verifier_config.dcap_verifier] collateral_service` (trustee b2442c22
 *   `deps/verifier/src/lib.rs` `VerifierConfig`, `intel_dcap/mod.rs` `QcnlConfig`, default Intel PCS v4),
 *   fetched with reqwest's default certificate checks (`intel_dcap/pcs.rs`: `use_secure_cert` is not read),
 *   so a PCCS there needs a certificate the KBS image trusts.
 * - AMD SEV-SNP: the VCEK of each chip, from AMD's KDS by default; from trustee v0.17.0 (Trustee 1.1) the
 *   verifier also takes `[attestation_service.verifier_config.snp_verifier] vcek_sources`, whose
 *   `OfflineStore` reads `<path>/vcek/<hw_id>/vcek.der` (default path
 *   `/opt/confidential-containers/attestation-service/kds-store`; `hw_id` the lowercase hex chip id, its first
 *   8 bytes on Turin; `deps/verifier/src/snp/mod.rs`). The operator mounts each Secret of
 *   `kbsLocalCertCacheSpec.secrets` as a folder at its `mountPath` (v1.2.0 `kbsconfig_controller.go`), so
 *   one Secret per chip with the key `vcek.der`, mounted at `.../vcek/<hw_id>`.
 */
import { Problem, quote } from '../errors';
import { secretKeyProblem, vaultPathProblem } from '../secrets/vault-rules';
import { TrusteeProfile } from './versions';

/** Intel's Provisioning Certification Service, the collateral service every generation defaults to. */
export const INTEL_PCS_URL = 'https://api.trustedservices.intel.com/sgx/certification/v4/';

/** Where the SNP verifier's offline store looks for VCEKs by default (trustee `KDS_OFFLINE_STORE_PATH`). */
export const SNP_VCEK_STORE = '/opt/confidential-containers/attestation-service/kds-store';

/** The ConfigMap Trustee up to 1.1 mounts as `/etc/sgx_default_qcnl.conf` (the trustee chart's name). */
export const TDX_CONFIG_MAP = 'tdx-config';

/** The TDX verifier's collateral service. */
export interface TdxCollateralSettings {
  /**
   * URL of the PCS or PCCS collateral service, e.g. a PCCS in the cluster
   * (`https://pccs-service.intel-dcap.svc:8042/sgx/certification/v4/`).
   * @default INTEL_PCS_URL
   */
  readonly collateralService?: string;
  /**
   * Check the collateral service's certificate (QCNL `use_secure_cert`, Trustee up to 1.1). `false` for a
   * PCCS with a self-signed certificate; Trustee 1.2 always checks it and refuses `false`.
   * @default true
   */
  readonly useSecureCert?: boolean;
}

/** One chip's VCEK in the SNP verifier's offline store. */
export interface SnpVcekCacheEntry {
  /** The chip id as the verifier writes it: 128 lowercase hex characters (16 on Turin, its first 8 bytes). */
  readonly hwid: string;
  /** Vault path of the entry holding the VCEK (DER, base64-encoded in Vault). */
  readonly vaultPath: string;
  /**
   * Property of the Vault entry.
   * @default "vcek.der"
   */
  readonly property?: string;
}

/** The SNP verifier's VCEK sources. */
export interface SnpCollateralSettings {
  /**
   * VCEKs cached in Trustee, tried before AMD's KDS (Trustee 1.1 and later), for verifiers without access to
   * kdsintf.amd.com or to spare its rate limit.
   * @default - none: every VCEK from AMD's KDS
   */
  readonly vcekCache?: readonly SnpVcekCacheEntry[];
}

/** What the bare-metal verifiers are given. */
export interface TeeCollateralSettings {
  /** Intel TDX. @default - Intel PCS */
  readonly tdx?: TdxCollateralSettings;
  /** AMD SEV-SNP. @default - AMD KDS */
  readonly snp?: SnpCollateralSettings;
}

/** `[attestation_service.verifier_config]` of `kbs-config.toml` (the tables this pattern writes). */
export interface KbsVerifierConfigSection {
  readonly dcap_verifier?: { readonly collateral_service: string };
  readonly snp_verifier?: { readonly vcek_sources: readonly { readonly type: 'OfflineStore' | 'KDS' }[] };
}

const HWID = /^(?:[0-9a-f]{16}|[0-9a-f]{128})$/;

/**
 * Problem with where the TDX verifier gets the DCAP collateral (an https URL of a PCS or PCCS, or a file:// path),
 * or undefined. `names` are the other values the caller accepts (pattern.yaml's "intel" and "pccs"), for the message.
 */
export function collateralServiceProblem(value: string, names: readonly string[] = []): string | undefined {
  if (/^(https:\/\/[^/?#\s]+\/\S*|file:\/\/\/\S+)$/.test(value)) {
    return undefined;
  }
  const named = names.map(n => `${quote(n)}, `).join('');
  return `must be ${named}an https URL (a PCS or PCCS, e.g. "${INTEL_PCS_URL}") or a file:// path, got ${quote(value)}`;
}

/** Problems with `settings` for `profile`, each naming the field under `path`. */
export function teeCollateralProblems(profile: TrusteeProfile, settings: TeeCollateralSettings, path: string): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ path: `${path}.${field}`, message });
  const tdx = settings.tdx;
  const serviceProblem = tdx?.collateralService === undefined ? undefined : collateralServiceProblem(tdx.collateralService);
  if (serviceProblem) {
    add('tdx.collateralService', serviceProblem);
  } else if (tdx?.collateralService?.startsWith('file://') && profile.capabilities.tdxCollateral !== 'verifier-config') {
    add('tdx.collateralService', `can be a file:// path only from Trustee 1.2 (trustee's own DCAP collateral client), got ${quote(tdx.collateralService)} for Trustee ${profile.version}`);
  }
  if (tdx?.useSecureCert !== undefined && typeof tdx.useSecureCert !== 'boolean') {
    add('tdx.useSecureCert', `must be true or false, got ${quote(tdx.useSecureCert)}`);
  } else if (tdx?.useSecureCert === false && profile.capabilities.tdxCollateral === 'verifier-config') {
    add('tdx.useSecureCert', `cannot be false on Trustee ${profile.version}: its DCAP verifier always checks the collateral service's certificate (trustee b2442c22 intel_dcap/pcs.rs), so a PCCS needs a certificate the KBS image trusts`);
  }
  const cache = settings.snp?.vcekCache ?? [];
  if (cache.length > 0 && !profile.capabilities.snpVcekSources) {
    add('snp.vcekCache', `needs Trustee 1.1 or later (the SNP verifier reads an offline VCEK store from trustee v0.17.0), got ${cache.length} entries for Trustee ${profile.version}`);
  }
  const seen = new Map<string, number>();
  cache.forEach((entry, i) => {
    const at = `snp.vcekCache[${i}]`;
    if (typeof entry.hwid !== 'string' || !HWID.test(entry.hwid)) {
      add(`${at}.hwid`, `must be the chip id as lowercase hex, 128 characters (16 on Turin), as \`snphost show vcek-url\` prints it, got ${quote(entry.hwid)}`);
    } else if (seen.has(entry.hwid.slice(0, 16))) {
      add(`${at}.hwid`, `must differ from the others in its first 16 characters (the Secret is named after them), got ${quote(entry.hwid)} (like ${path}.snp.vcekCache[${seen.get(entry.hwid.slice(0, 16))}])`);
    } else {
      seen.set(entry.hwid.slice(0, 16), i);
    }
    const vp = vaultPathProblem(entry.vaultPath);
    if (vp) add(`${at}.vaultPath`, vp);
    const kp = entry.property === undefined ? undefined : secretKeyProblem(entry.property);
    if (kp) add(`${at}.property`, kp);
  });
  return problems;
}

/** The content of `sgx_default_qcnl.conf` (JSON) for Trustee up to 1.1. */
export function qcnlConfig(tdx: TdxCollateralSettings = {}): string {
  return `${JSON.stringify({ collateral_service: tdx.collateralService ?? INTEL_PCS_URL, use_secure_cert: tdx.useSecureCert ?? true }, null, 2)}\n`;
}

/**
 * `[attestation_service.verifier_config]` for `settings` on `profile`, or undefined when the verifiers'
 * defaults apply (no TDX collateral service in the TOML before 1.2; no VCEK cache).
 */
export function verifierConfigSection(profile: TrusteeProfile, settings: TeeCollateralSettings): KbsVerifierConfigSection | undefined {
  const dcap = settings.tdx?.collateralService !== undefined && profile.capabilities.tdxCollateral === 'verifier-config'
    ? { collateral_service: settings.tdx.collateralService } : undefined;
  const snp = (settings.snp?.vcekCache?.length ?? 0) > 0
    ? { vcek_sources: [{ type: 'OfflineStore' as const }, { type: 'KDS' as const }] } : undefined;
  if (!dcap && !snp) return undefined;
  return { ...(dcap ? { dcap_verifier: dcap } : {}), ...(snp ? { snp_verifier: snp } : {}) };
}

/** The Secret of one chip's VCEK and where the operator mounts it. */
export interface SnpVcekSecret {
  /** The chip id. */
  readonly hwid: string;
  readonly secretName: string;
  readonly mountPath: string;
  readonly vaultPath: string;
  readonly property: string;
}

/** One Secret per cached VCEK (`snp-vcek-<first 16 hex of the chip id>`), mounted where the offline store reads it. */
export function snpVcekSecrets(settings: TeeCollateralSettings): SnpVcekSecret[] {
  return (settings.snp?.vcekCache ?? []).map(entry => ({
    hwid: entry.hwid,
    secretName: `snp-vcek-${entry.hwid.slice(0, 16)}`,
    mountPath: `${SNP_VCEK_STORE}/vcek/${entry.hwid}`,
    vaultPath: entry.vaultPath,
    property: entry.property ?? 'vcek.der',
  }));
}
