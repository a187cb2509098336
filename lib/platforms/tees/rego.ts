/**
 * Rego building blocks the TEEs' own policy rules are written with (each TEE file renders its section of
 * Trustee's attestation policy and its identity rule of the resource policy; lib/trustee/ assembles them).
 */
import type { EvidenceTraits } from '../../trustee/versions';
import type { TeeMeasurement } from './measurement';

/** How the policy reads a reference value by name (`query_reference_value(...)` or `data.reference[...]`). */
export type ReferenceValueRead = (name: string) => string;

/** What a TEE's attestation-policy section is rendered from. */
export interface AttestationRulesContext {
  /** The reference values holding the accepted initdata digests for this TEE (at least one, sorted). */
  readonly names: readonly string[];
  readonly rv: ReferenceValueRead;
  /** The evidence facts of the Trustee generation. */
  readonly evidence: EvidenceTraits;
}

/** What a TEE's identity rule in the resource policy is rendered from. */
export interface IdentityRuleContext {
  /** The token's annotated evidence, as a Rego expression. */
  readonly evidence: string;
  /** The key of this TEE's claims in it, as a Rego string literal. */
  readonly key: string;
}

/** Intel's quoting enclave vendor ID and the TDX TEE type, as the TDX verifier reports them. */
export const INTEL_QE_VENDOR_ID = '939a7233f79c4ca9940a0db3957f0607';
export const TDX_TEE_TYPE = '81000000';

/**
 * `rule if { <guard>; <claim> in <reference value> }` once per bound reference value: any of them
 * satisfies the rule. The guard comes first, as in the upstream defaults, so the reference value is
 * only looked up for evidence of this TEE.
 */
export function boundRules(rule: string, guard: string, claim: string, names: readonly string[], rv: ReferenceValueRead): string[] {
  return names.flatMap(name => ['', `${rule} if {`, `  ${guard}`, `  ${claim} in ${rv(name)}`, '}']);
}

/**
 * The evidence root rule: the first known input key that is present, the key the version emits first.
 * The other spellings cost one `else` each and keep the policy right should a build differ from the one
 * its version names.
 */
export function rootRule(rule: string, emitted: string, known: readonly string[]): string[] {
  const order = [emitted, ...known.filter(k => k !== emitted)];
  return order.flatMap((key, i) => [
    `${i === 0 ? `${rule} :=` : '} else :='} input["${key}"] if {`,
    `  input["${key}"]`,
  ]).concat('}');
}

/** The reference value name of one of a TEE's measurements. */
export function measurementName(measurements: readonly TeeMeasurement[], key: string): string {
  const m = measurements.find(x => x.key === key);
  if (!m) throw new Error(`no measurement ${key}`);
  return m.referenceValueName;
}
