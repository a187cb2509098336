import { TeeMeasurement } from './measurement';
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
  measurements: [
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
  ],
  evidenceKey: () => 'snp',
  binaryClaimEncoding: e => e.snpInitDataEncoding,
};
