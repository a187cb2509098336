import { TeeMeasurement } from './measurement';
import { TeeDefinition } from './tee';

const FROM_VERITAS = 'veritas (confidential-devhub/veritas) for the OpenShift release of the nodes';

const measured = (key: string, referenceValueName: string, title: string, claim: TeeMeasurement['claim'], length: number, howToObtain: string): TeeMeasurement =>
  ({ key, referenceValueName, title, shape: { type: 'bytes', length }, claim, howToObtain });

/**
 * Bare-metal Intel TDX (kata-cc): the host sets MRCONFIGID (48 bytes) to the padded initdata digest at
 * launch; MRTD measures the TD firmware, RTMR 1/2 the kernel, initrd and command line, XFAM the enabled
 * CPU extended features (upstream reference value names of trustee b2442c22
 * `attestation-service/src/ear_token/ear_default_policy_cpu.rego`, TDX section).
 */
export const TDX: TeeDefinition<'tdx'> = {
  id: 'tdx',
  title: 'Intel TDX (bare metal)',
  binding: 'tdx',
  initDataReferenceValue: 'coco_initdata_tdx_mrconfigid',
  initDataReferenceValueAlgorithm: 'sha384',
  measurements: [
    measured('mrTd', 'mr_td', 'MRTD, the TD firmware (TDVF)', 'hardware', 48, FROM_VERITAS),
    measured('rtmr1', 'rtmr_1', 'RTMR 1, the kernel', 'executables', 48, `${FROM_VERITAS}; one value per vCPU count kata may start`),
    measured('rtmr2', 'rtmr_2', 'RTMR 2, the initrd and kernel command line', 'executables', 48, `${FROM_VERITAS}; one value per vCPU count kata may start`),
    measured('xfam', 'xfam', 'XFAM, the extended CPU features of the TD', 'configuration', 8, 'quote.body.xfam of a TD quote from the nodes, or veritas --hw-xfam-allow'),
  ],
  evidenceKey: () => 'tdx',
  binaryClaimEncoding: () => 'hex',
};
