/**
 * What the pattern needs to know about one TEE: how its evidence carries the initdata digest, the
 * reference values Trustee compares, and where its claims sit in Trustee's token. One file per TEE in
 * this folder; `index.ts` lists them. A new TEE is a file here, its Rego included: its section of Trustee's
 * attestation policy and its identity rule of the resource policy (lib/trustee/ assembles them).
 */
import type { InitDataBinding } from '../../initdata/binding';
import type { EvidenceTraits } from '../../trustee/versions';
import type { TeeMeasurement } from './measurement';
import type { AttestationRulesContext, IdentityRuleContext } from './rego';

export interface TeeDefinition<Id extends string = string> {
  /** Identifier used throughout the pattern (`tees` of a runtime, attestation-policy bindings). */
  readonly id: Id;
  /** In a few words, for reports. */
  readonly title: string;
  /** Where the initdata digest lands in the evidence (PCR 8, HOSTDATA, MRCONFIGID). */
  readonly binding: InitDataBinding;
  /** Name of the Trustee reference value holding the accepted initdata digests (fitted to the TEE). */
  readonly initDataReferenceValue: string;
  /** Algorithm label (and so the length) of that reference value: 32-byte fields sha256, 48-byte sha384. */
  readonly initDataReferenceValueAlgorithm: 'sha256' | 'sha384';
  /**
   * The platform measurements the attestation policy reads (upstream reference value names, byte
   * lengths, the claim each gates); without their reference values nothing is affirming.
   */
  readonly measurements: readonly TeeMeasurement[];
  /** Key of its claims in the token's annotated evidence, for a Trustee generation. */
  evidenceKey(evidence: EvidenceTraits): string;
  /**
   * How its verifier writes byte strings (measurements, HOSTDATA) into the claims for a Trustee
   * generation, and so how their reference values must be written.
   */
  binaryClaimEncoding(evidence: EvidenceTraits): 'hex' | 'base64';
  /**
   * Its section of Trustee's attestation policy: `hardware`, `executables` and `configuration` for its
   * evidence, `configuration` affirming only when the reported initdata is one of `context.names`.
   */
  attestationRules(context: AttestationRulesContext): string[];
  /** Its rule of the resource policy that adds "<id>:<the initdata it reports>" to `identities`. */
  identityRule(context: IdentityRuleContext): string[];
}
