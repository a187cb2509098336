/**
 * The attestation (EAR) policy of Trustee's built-in attestation service: Rego that turns verified
 * evidence into AR4SI trust claims (`hardware`, `executables`, `configuration`, ...). The KBS resource
 * policy then releases secrets only when every claim is in the affirming tier (2 to 31).
 *
 * The rendered policy follows the structure of the upstream default policy of each trustee generation
 * (same defaults 33/97/36, claims raised to 3/2/2, the same evidence fields and reference value names),
 * and adds the initdata binding: `configuration` is affirming only when the workload's initdata digest,
 * as the TEE reports it, is one of the named reference values:
 * - Azure confidential VMs (peer pods): vTPM PCR 8 (`<root>.tpm.pcr08`);
 * - bare-metal AMD SEV-SNP: HOSTDATA (`input.snp.init_data`, or the top-level `input.init_data` where the
 *   EAR broker lifts it out of the TEE claims);
 * - bare-metal Intel TDX: MRCONFIGID (`input.tdx.quote.body.mr_config_id`).
 *
 * Deliberate differences from the upstream defaults, all towards fewer surprises:
 * - only TEEs with at least one binding get rules; evidence from any other TEE keeps the defaults
 *   (hardware 97, contraindicated), so it can never be affirming;
 * - Azure: `hardware` relies on the verifier's signature checks up to the vendor root (as the default
 *   policy of trustee v0.14/v0.15 and the validated pattern do), plus the TDX quote header checks;
 * - bare metal: every platform measurement of the TEE registry (`lib/platforms/tees`) is required, each in
 *   the claim it gates: SNP launch measurement (`executables`) and a minimum for each reported TCB
 *   component (`hardware`; upstream lists accepted values instead); TDX MRTD plus an up-to-date TCB by
 *   unexpired collateral (`hardware`), RTMR 1/2 (`executables`), XFAM (`configuration`). A reference value
 *   that is missing (the attestation service then hands the policy `null`) keeps its claim out of the
 *   affirming tier: the policy fails closed;
 * - no `configuration := 3` fallback: it would be affirming without an initdata match; no GKE grub
 *   `executables := 4` and no UEFI event log digests (`tdvfkernel*`): RTMR 1/2 already cover them;
 * - the sample TEE, IBM SE and the `ear.trustee.identifiers` extension are left out.
 *
 * Evidence shapes by trustee release (`deps/verifier/src/{snp,tdx}`): SNP claims are strings up to
 * v0.13.0 and typed from v0.14.0, its measurement and HOSTDATA base64 up to v0.17.0 and hex from v0.18.0
 * (the reference values are rendered in the same encoding, see `lib/trustee/platform-measurements.ts`);
 * TDX claims are lowercase hex, `td_attributes.debug` a boolean from v0.13.0, `tcb_status` and
 * `collateral_expiration_status` from the DCAP verifier (v0.13.0 on).
 *
 * The Azure vTPM evidence root changed its name across trustee releases: `azsnpvtpm` up to v0.15,
 * `az-snp-vtpm` from v0.16 (the verifier never emits `az_snp_vtpm`, which only upstream default policies
 * of v0.16 to v0.19 used); the policy uses whichever is present, the one the version emits first.
 *
 * @see https://github.com/confidential-containers/trustee/tree/main/attestation-service
 * @see https://github.com/confidential-containers/trustee/blob/main/attestation-service/docs/parsed_claims.md
 * @see https://datatracker.ietf.org/doc/draft-ietf-rats-ar4si/
 */
import { InputError, Problem, quote } from '../errors';
import { ATTESTED_TEES, AttestedTee, perTee, TEES } from '../platforms/tees';
import { referenceValueNameProblem } from './reference-values';
import { TrusteeProfile } from './versions';

export { ATTESTED_TEES } from '../platforms/tees';
export type { AttestedTee } from '../platforms/tees';

/** One accepted initdata: the TEE it runs on and the reference value holding its expected digest. */
export interface TrusteeInitDataBinding {
  readonly tee: AttestedTee;
  /**
   * Reference value with the expected PCR 8 (Azure), HOSTDATA (SNP) or MRCONFIGID (TDX), lowercase hex.
   * Must follow the reference value name rule and differ from {@link MEASUREMENT_REFERENCE_VALUES}.
   */
  readonly referenceValueName: string;
}

/** Input of {@link renderAttestationPolicy}. */
export interface AttestationPolicySettings {
  /** Accepted initdata; several bindings for one TEE accept any of them. */
  readonly initDataBindings: readonly TrusteeInitDataBinding[];
}

/**
 * Reference values the policy reads for `executables` and `hardware`, per TEE (upstream names):
 * Azure: PCR 11 (the pod VM's unified kernel image); SNP: the launch measurement; TDX: MRTD (firmware)
 * and RTMR 1/2 (kernel, initrd, command line). Provide them, or `executables`/`hardware` stay non-affirming.
 */
export const MEASUREMENT_REFERENCE_VALUES: Readonly<Record<AttestedTee, readonly string[]>> = perTee(t => t.measurements.map(m => m.referenceValueName));

/** The AR4SI claims besides the three the policy sets; newer brokers read them from `trust_claims`. */
const UNASSERTED_CLAIMS = [
  ['file-system', 'file_system'],
  ['instance-identity', 'instance_identity'],
  ['runtime-opaque', 'runtime_opaque'],
  ['storage-opaque', 'storage_opaque'],
  ['sourced-data', 'sourced_data'],
] as const;

/** Problems with `settings`, each naming the field under `path`. */
export function attestationPolicyProblems(settings: AttestationPolicySettings, path = 'attestationPolicy'): Problem[] {
  const bindings = settings.initDataBindings as unknown;
  if (!Array.isArray(bindings)) {
    return [{ path: `${path}.initDataBindings`, message: `must be a list of { tee, referenceValueName }, got ${quote(bindings)}` }];
  }
  const problems: Problem[] = [];
  const measurementNames = new Set(Object.values(MEASUREMENT_REFERENCE_VALUES).flat());
  const seen = new Map<string, number>();
  (bindings as TrusteeInitDataBinding[]).forEach((binding, i) => {
    const at = `${path}.initDataBindings[${i}]`;
    if (!(ATTESTED_TEES as readonly unknown[]).includes(binding?.tee)) {
      problems.push({ path: `${at}.tee`, message: `must be one of ${ATTESTED_TEES.map(t => `"${t}"`).join(', ')}, got ${quote(binding?.tee)}` });
    }
    const name = binding?.referenceValueName;
    const nameProblem = referenceValueNameProblem(name);
    if (nameProblem) {
      problems.push({ path: `${at}.referenceValueName`, message: nameProblem });
    } else if (measurementNames.has(name)) {
      problems.push({
        path: `${at}.referenceValueName`,
        message: `must not be one of the measurement reference values (${[...measurementNames].join(', ')}), got ${quote(name)}`,
      });
    }
    const key = `${binding?.tee}\u0000${name}`;
    if (seen.has(key)) {
      problems.push({ path: at, message: `must be unique, got tee ${quote(binding.tee)} with ${quote(name)} again (first at ${path}.initDataBindings[${seen.get(key)}])` });
    } else {
      seen.set(key, i);
    }
  });
  return problems;
}

/** Binding reference value names per TEE, sorted; TEEs without bindings are absent. */
function namesByTee(settings: AttestationPolicySettings): Map<AttestedTee, string[]> {
  const byTee = new Map<AttestedTee, string[]>();
  for (const tee of ATTESTED_TEES) {
    const names = settings.initDataBindings.filter(b => b.tee === tee).map(b => b.referenceValueName).sort();
    if (names.length > 0) {
      byTee.set(tee, names);
    }
  }
  return byTee;
}

/**
 * Every reference value name the rendered policy reads (binding and measurement names), sorted.
 * A name missing from the reference values keeps its claim out of the affirming tier.
 */
export function attestationPolicyReferenceValueNames(settings: AttestationPolicySettings): string[] {
  const names = new Set<string>();
  for (const [tee, bound] of namesByTee(settings)) {
    MEASUREMENT_REFERENCE_VALUES[tee].forEach(n => names.add(n));
    bound.forEach(n => names.add(n));
  }
  return [...names].sort();
}

/**
 * The attestation policy text for `profile` (ConfigMap key `profile.configMapKeys.attestationPolicy`).
 *
 * @throws InputError listing every problem of {@link attestationPolicyProblems}
 */
export function renderAttestationPolicy(profile: TrusteeProfile, settings: AttestationPolicySettings, path = 'attestationPolicy'): string {
  const problems = attestationPolicyProblems(settings, path);
  if (problems.length > 0) {
    throw new InputError(problems);
  }
  const traits = profile.attestationPolicy;
  const rv = (name: string) => (traits.referenceValueAccess === 'query_reference_value'
    ? `query_reference_value("${name}")`
    : `data.reference["${name}"]`);
  const byTee = namesByTee(settings);
  const readNames = attestationPolicyReferenceValueNames(settings);

  const out: string[] = [
    'package policy',
    '',
    'import rego.v1',
    '',
    `# Attestation (EAR) policy for the Red Hat build of Trustee ${profile.version} (upstream trustee`,
    `# ${profile.upstream.trusteeLabel}), rendered by coco-cdk8s.`,
    '# AR4SI tiers: 2-31 affirming, 32-95 warning, 96-127 contraindicated. `configuration` is affirming',
    '# only when the initdata digest the TEE reports is one of the bound reference values; evidence',
    '# from a TEE without a binding keeps the defaults and is never affirming.',
    `# Reference values read: ${readNames.length > 0 ? readNames.join(', ') : 'none (no initdata bindings)'}.`,
    '',
    '# 33: unrecognised executables; 97: unrecognised hardware; 36: configuration unknown to the verifier.',
    'default executables := 33',
    'default hardware := 97',
    'default configuration := 36',
  ];
  if (traits.rulesRead === 'trust_claims') {
    out.push(...UNASSERTED_CLAIMS.map(([, rule]) => `default ${rule} := 0`));
    out.push(
      '',
      '# The same claims as one object, for brokers that read `trust_claims`.',
      'trust_claims := {',
      '  "executables": executables,',
      '  "hardware": hardware,',
      '  "configuration": configuration,',
      ...UNASSERTED_CLAIMS.map(([claim, rule]) => `  "${claim}": ${rule},`),
      '}',
    );
  }

  for (const [tee, names] of byTee) {
    out.push('', ...TEES[tee].attestationRules({ names, rv, evidence: profile.evidence }));
  }
  return `${out.join('\n')}\n`;
}
