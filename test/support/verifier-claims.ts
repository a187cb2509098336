/**
 * Bare-metal SNP and TDX claims as the attestation policy sees them (`input`), per Trustee generation:
 * the verifier's parsed claims (confidential-containers/trustee `deps/verifier/src/snp/mod.rs`
 * `parse_tee_evidence`, `deps/verifier/src/tdx/claims.rs` `generate_parsed_claim`,
 * `deps/verifier/src/intel_dcap` claims) under the TEE's key, after the EAR broker's `transform_claims`
 * (`attestation-service/src/token/ear_broker.rs` up to v0.15.0, `attestation-service/src/ear_token/broker.rs`
 * after), which removes `init_data` and `report_data` from the TEE claims and lifts them to the top level.
 */
import { TrusteeVersion } from '../../lib/trustee/versions';

/** Upstream trustee of each Red Hat build (lib/trustee/versions.ts). */
const UPSTREAM: Readonly<Record<TrusteeVersion, 'v0.11.0' | 'v0.13.0' | 'v0.15.0' | 'v0.17.0' | 'b2442c22'>> = {
  '0.3': 'v0.11.0', '0.4': 'v0.13.0', '1.0': 'v0.15.0', '1.1': 'v0.17.0', '1.2': 'b2442c22',
};

export interface SnpReport {
  readonly measurement: string;
  readonly hostData: string;
  readonly debug?: boolean;
  readonly tcb: { readonly bootloader: number; readonly tee: number; readonly snp: number; readonly microcode: number };
}

/**
 * SNP: every value a string (`format!`) with base64 byte strings at v0.11.0/v0.13.0; typed values from
 * v0.14.0 (commit fa25802c) with base64 byte strings up to v0.17.0; hex from v0.18.0 (commit d7831293).
 */
export function snpClaims(version: TrusteeVersion, r: SnpReport): Record<string, unknown> {
  const upstream = UPSTREAM[version];
  const strings = upstream === 'v0.11.0' || upstream === 'v0.13.0';
  const bytes = (hex: string) => (upstream === 'b2442c22' ? hex : Buffer.from(hex, 'hex').toString('base64'));
  const typed = (v: number | boolean) => (strings ? String(v) : v);
  return {
    snp: {
      policy_abi_major: typed(0), policy_abi_minor: typed(31), policy_smt_allowed: typed(true),
      policy_migrate_ma: typed(false), policy_debug_allowed: typed(r.debug ?? false), policy_single_socket: typed(false),
      reported_tcb_bootloader: typed(r.tcb.bootloader), reported_tcb_tee: typed(r.tcb.tee),
      reported_tcb_snp: typed(r.tcb.snp), reported_tcb_microcode: typed(r.tcb.microcode),
      platform_tsme_enabled: typed(false), platform_smt_enabled: typed(true),
      measurement: bytes(r.measurement),
    },
    init_data: bytes(r.hostData),
    init_data_claims: {},
    report_data: bytes('00'.repeat(64)),
    runtime_data_claims: {},
  };
}

export interface TdxQuote {
  readonly mrTd: string;
  readonly rtmr1: string;
  readonly rtmr2: string;
  readonly xfam: string;
  readonly mrConfigId: string;
  readonly debug?: boolean;
  readonly tcbStatus?: string;
}

/**
 * TDX: lowercase hex quote fields at every tag; `td_attributes.{debug,...}` booleans from v0.13.0 (v0.11.0
 * has only the raw hex `quote.body.td_attributes`); `tcb_status` / `collateral_expiration_status` from the
 * DCAP verifier claims, from v0.13.0.
 */
export function tdxClaims(version: TrusteeVersion, q: TdxQuote): Record<string, unknown> {
  const upstream = UPSTREAM[version];
  const debug = q.debug ?? false;
  return {
    tdx: {
      quote: {
        header: { version: '0400', att_key_type: '0200', tee_type: '81000000', reserved: '00000000', vendor_id: '939a7233f79c4ca9940a0db3957f0607', user_data: '00'.repeat(20) },
        body: {
          tcb_svn: '03000500000000000000000000000000', mr_seam: '2f'.repeat(48), mrsigner_seam: '00'.repeat(48), seam_attributes: '00'.repeat(8),
          td_attributes: debug ? '0100001000000000' : '0000001000000000', xfam: q.xfam, mr_td: q.mrTd, mr_config_id: q.mrConfigId,
          mr_owner: '00'.repeat(48), mr_owner_config: '00'.repeat(48), rtmr_0: '00'.repeat(48), rtmr_1: q.rtmr1, rtmr_2: q.rtmr2, rtmr_3: '00'.repeat(48),
          report_data: '00'.repeat(64),
        },
      },
      ...(upstream === 'v0.11.0' ? {} : {
        td_attributes: { debug, septve_disable: true, protection_keys: false, key_locker: false, perfmon: false },
        tcb_status: q.tcbStatus ?? 'UpToDate',
        collateral_expiration_status: '0',
        advisory_ids: [],
      }),
    },
    init_data: q.mrConfigId,
    init_data_claims: {},
    report_data: '00'.repeat(64),
    runtime_data_claims: {},
  };
}

/** AR4SI tier of each claim value, and the EAR status: the worst tier (rust-ear `trust/claim.rs`). */
export function earStatus(claims: Record<string, number>): string {
  const tier = (v: number) => (v >= -1 && v <= 1 ? 0 : v >= -32 && v <= 31 ? 1 : v >= -96 && v <= 95 ? 2 : 3);
  return ['none', 'affirming', 'warning', 'contraindicated'][Math.max(...Object.values(claims).map(tier))];
}
