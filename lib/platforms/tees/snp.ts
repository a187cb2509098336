import { TeeMeasurement } from './measurement';
import { AttestationRulesContext, boundRules, IdentityRuleContext, measurementName } from './rego';
import { TeeDefinition } from './tee';

const FROM_VERITAS = 'veritas (confidential-devhub/veritas) for the OpenShift release of the nodes, or the pod VM firmware, kernel and command line with sev-snp-measure';

/** A reported TCB component: its minimum (upstream reference value names of the default policy's SNP section). */
const tcb = (key: string, referenceValueName: string, component: string): TeeMeasurement => ({
  key,
  referenceValueName,
  title: `SNP reported TCB, ${component} SVN`,
  shape: { type: 'minimum-svn' },
  claim: 'hardware',
  howToObtain: `the host's current TCB (\`snphost show tcb\`, reported_tcb of a report): the ${component} SVN you accept at least`,
});

const SNP_MEASUREMENTS: readonly TeeMeasurement[] = [
    {
      key: 'launchMeasurement',
      referenceValueName: 'snp_launch_measurement',
      title: 'SNP launch measurement (firmware, kernel, initrd, command line, vCPUs)',
      shape: { type: 'bytes', length: 48 },
      claim: 'executables',
      howToObtain: `${FROM_VERITAS}; one value per vCPU count kata may start`,
    },
    tcb('minimumBootloader', 'snp_bootloader', 'bootloader'),
    tcb('minimumTee', 'snp_tee_svn', 'PSP OS (TEE)'),
    tcb('minimumSnp', 'snp_snp_svn', 'SNP firmware'),
    tcb('minimumMicrocode', 'snp_microcode', 'microcode'),
  ];

/**
 * Bare-metal AMD SEV-SNP (kata-cc): the host sets HOSTDATA (32 bytes) to the initdata digest at launch;
 * the launch measurement is the upstream reference value `snp_launch_measurement` and the reported TCB
 * is checked against minimums under the upstream names `snp_bootloader`, `snp_tee_svn`, `snp_snp_svn`,
 * `snp_microcode` (trustee b2442c22 `attestation-service/src/ear_token/ear_default_policy_cpu.rego`, which
 * lists accepted values where this pattern takes the minimum).
 */
export const SNP: TeeDefinition<'snp'> = {
  id: 'snp',
  title: 'AMD SEV-SNP (bare metal)',
  binding: 'snp',
  initDataReferenceValue: 'coco_initdata_snp_hostdata',
  initDataReferenceValueAlgorithm: 'sha256',
  measurements: SNP_MEASUREMENTS,
  evidenceKey: () => 'snp',
  binaryClaimEncoding: e => e.snpInitDataEncoding,
  attestationRules: snpRules,
  identityRule: snpIdentityRule,
};

function snpRules({ names, rv }: AttestationRulesContext): string[] {
  const tcb = (claim: string, key: string) => `  snp_svn_at_least(input.snp.reported_tcb_${claim}, ${rv(measurementName(SNP_MEASUREMENTS, key))})`;
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
    `  input.snp.measurement in ${rv(measurementName(SNP_MEASUREMENTS, 'launchMeasurement'))}`,
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

/** HOSTDATA, read where the attestation policy reads it (its snp_host_data rule). */
function snpIdentityRule({ evidence, key }: IdentityRuleContext): string[] {
  return [
    '# HOSTDATA: in the SNP claims or lifted to the top level depending on the release; read in the',
    '# same order as the attestation policy (its snp_host_data rule).',
    'snp_host_data := host_data if {',
    `  host_data := ${evidence}[${key}].init_data`,
    '} else := host_data if {',
    `  ${evidence}[${key}]`,
    `  host_data := ${evidence}.init_data`,
    '}',
    '',
    'identities contains concat(":", ["snp", snp_host_data]) if {',
    '  snp_host_data',
    '}',
  ];
}
