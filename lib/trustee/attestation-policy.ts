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

/** The reference value name of a TEE's measurement (registry data, so the policy and the settings agree). */
function measurementName(tee: AttestedTee, key: string): string {
  const m = TEES[tee].measurements.find(x => x.key === key);
  if (!m) throw new Error(`TEE ${tee} has no measurement ${key}`);
  return m.referenceValueName;
}

/** Every known spelling of the Azure vTPM evidence roots, oldest first (the underscore one never emitted, but cheap to accept). */
const AZURE_ROOTS = {
  snp: ['azsnpvtpm', 'az_snp_vtpm', 'az-snp-vtpm'],
  tdx: ['aztdxvtpm', 'az_tdx_vtpm', 'az-tdx-vtpm'],
} as const;

/** Intel's quoting enclave vendor ID and the TDX TEE type, as the TDX verifier reports them. */
const INTEL_QE_VENDOR_ID = '939a7233f79c4ca9940a0db3957f0607';
const TDX_TEE_TYPE = '81000000';

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
    out.push('');
    switch (tee) {
      case 'azure-snp-vtpm':
        out.push(...azureSection('snp', profile.evidence.azureSnpVtpmKey, names, rv));
        break;
      case 'azure-tdx-vtpm':
        out.push(...azureSection('tdx', profile.evidence.azureTdxVtpmKey, names, rv));
        break;
      case 'snp':
        out.push(...snpSection(names, rv));
        break;
      case 'tdx':
        out.push(...tdxSection(names, rv));
        break;
    }
  }
  return `${out.join('\n')}\n`;
}

type ReferenceValueRead = (name: string) => string;

/**
 * `rule if { <guard>; <claim> in <reference value> }` once per bound reference value: any of them
 * satisfies the rule. The guard comes first, as in the upstream defaults, so the reference value is
 * only looked up for evidence of this TEE.
 */
function boundRules(rule: string, guard: string, claim: string, names: readonly string[], rv: ReferenceValueRead): string[] {
  return names.flatMap(name => ['', `${rule} if {`, `  ${guard}`, `  ${claim} in ${rv(name)}`, '}']);
}

/**
 * The evidence root rule: the first known input key that is present, the key the version emits first.
 * The other spellings cost one `else` each and keep the policy right should a build differ from the one
 * its version names.
 */
function rootRule(rule: string, emitted: string, known: readonly string[]): string[] {
  const order = [emitted, ...known.filter(k => k !== emitted)];
  return order.flatMap((key, i) => [
    `${i === 0 ? `${rule} :=` : '} else :='} input["${key}"] if {`,
    `  input["${key}"]`,
  ]).concat('}');
}

function azureSection(kind: 'snp' | 'tdx', emitted: string, names: readonly string[], rv: ReferenceValueRead): string[] {
  const root = `azure_${kind}_vtpm`;
  const title = kind === 'snp' ? 'Azure confidential VM, AMD SEV-SNP with vTPM (peer pods)' : 'Azure confidential VM, Intel TDX with vTPM (peer pods)';
  const hardware = kind === 'snp'
    ? ['  # The verifier checked the AMD-signed report that vouches for the vTPM.', `  ${root}`]
    : [
      '  # A TDX quote signed by Intel\'s quoting enclave vouches for the vTPM.',
      `  ${root}.quote.header.tee_type == "${TDX_TEE_TYPE}"`,
      `  ${root}.quote.header.vendor_id == "${INTEL_QE_VENDOR_ID}"`,
    ];
  return [
    `##### ${title}`,
    `# The evidence key was renamed across trustee releases (${AZURE_ROOTS[kind].join(', ')}).`,
    ...rootRule(root, emitted, AZURE_ROOTS[kind]),
    '',
    'hardware := 2 if {',
    ...hardware,
    '}',
    '',
    'executables := 3 if {',
    `  ${root}`,
    '  # PCR 11: the pod VM image (unified kernel image and its command line).',
    `  ${root}.tpm.pcr11 in ${rv(MEASUREMENT_REFERENCE_VALUES[`azure-${kind}-vtpm`][0])}`,
    '}',
    '',
    'configuration := 2 if {',
    `  ${root}_init_data_bound`,
    '}',
    '',
    '# initdata binding: the pod VM extends PCR 8 with the initdata digest.',
    ...boundRules(`${root}_init_data_bound`, root, `${root}.tpm.pcr08`, names, rv).slice(1),
  ];
}

function snpSection(names: readonly string[], rv: ReferenceValueRead): string[] {
  const tcb = (claim: string, key: string) => `  snp_svn_at_least(input.snp.reported_tcb_${claim}, ${rv(measurementName('snp', key))})`;
  return [
    '##### AMD SEV-SNP (bare metal)',
    'hardware := 2 if {',
    '  input.snp',
    '  # The verifier checked the report against the AMD key chain (VCEK); each component of the',
    '  # reported TCB must be at least its minimum.',
    tcb('bootloader', 'minimumBootloader'),
    tcb('tee', 'minimumTee'),
    tcb('snp', 'minimumSnp'),
    tcb('microcode', 'minimumMicrocode'),
    '}',
    '',
    'executables := 3 if {',
    '  input.snp',
    '  # The launch measurement: firmware, kernel, initrd and command line.',
    `  input.snp.measurement in ${rv(measurementName('snp', 'launchMeasurement'))}`,
    '}',
    '',
    'configuration := 2 if {',
    '  # No debugging, no migration agent (booleans, strings up to trustee v0.13).',
    '  input.snp.policy_debug_allowed in {false, "false"}',
    '  input.snp.policy_migrate_ma in {false, "false"}',
    '  snp_init_data_bound',
    '}',
    '',
    '# A reported SVN (a number, or a string up to trustee v0.13) is at least the minimum: the one',
    '# decimal entry of its reference value (null when the reference value is missing: not affirming).',
    'snp_svn_at_least(reported, minimum) if {',
    '  is_array(minimum)',
    '  count(minimum) == 1',
    '  to_number(reported) >= to_number(minimum[0])',
    '}',
    '',
    '# HOSTDATA, set by the host at launch to the initdata digest. Depending on the release the',
    '# EAR broker leaves it in the SNP claims or lifts it to the top level.',
    'snp_host_data := input.snp.init_data if {',
    '  input.snp.init_data',
    '} else := input.init_data if {',
    '  input.snp',
    '  input.init_data',
    '}',
    ...boundRules('snp_init_data_bound', 'input.snp', 'snp_host_data', names, rv),
  ];
}

function tdxSection(names: readonly string[], rv: ReferenceValueRead): string[] {
  const body = (claim: string, key: string) => `  input.tdx.quote.body.${claim} in ${rv(measurementName('tdx', key))}`;
  return [
    '##### Intel TDX (bare metal)',
    'hardware := 2 if {',
    '  input.tdx',
    '  # A TDX quote signed by Intel\'s quoting enclave, for the TD firmware (MRTD) we expect, from a',
    '  # platform whose TCB is up to date by collateral that has not expired (DCAP verifier claims).',
    `  input.tdx.quote.header.tee_type == "${TDX_TEE_TYPE}"`,
    `  input.tdx.quote.header.vendor_id == "${INTEL_QE_VENDOR_ID}"`,
    body('mr_td', 'mrTd'),
    '  input.tdx.tcb_status == "UpToDate"',
    '  input.tdx.collateral_expiration_status == "0"',
    '}',
    '',
    'executables := 3 if {',
    '  input.tdx',
    '  # RTMR 1 and 2: kernel, initrd and command line.',
    body('rtmr_1', 'rtmr1'),
    body('rtmr_2', 'rtmr2'),
    '}',
    '',
    'configuration := 2 if {',
    '  # Not a debug TD, the extended CPU features we expect (XFAM), and our initdata.',
    '  input.tdx.td_attributes.debug == false',
    body('xfam', 'xfam'),
    '  tdx_init_data_bound',
    '}',
    '',
    '# initdata binding: MRCONFIGID, set by the host at launch to the (padded) initdata digest.',
    ...boundRules('tdx_init_data_bound', 'input.tdx', 'input.tdx.quote.body.mr_config_id', names, rv).slice(1),
  ];
}
