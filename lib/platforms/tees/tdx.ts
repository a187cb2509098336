import { TeeMeasurement } from './measurement';
import { AttestationRulesContext, boundRules, IdentityRuleContext, INTEL_QE_VENDOR_ID, measurementName, TDX_TEE_TYPE } from './rego';
import { TeeDefinition } from './tee';

const FROM_VERITAS = 'veritas (confidential-devhub/veritas) for the OpenShift release of the nodes';

const measured = (key: string, referenceValueName: string, title: string, claim: TeeMeasurement['claim'], length: number, howToObtain: string): TeeMeasurement =>
  ({ key, referenceValueName, title, shape: { type: 'bytes', length }, claim, howToObtain });

const TDX_MEASUREMENTS: readonly TeeMeasurement[] = [
    measured('mrTd', 'mr_td', 'MRTD, the TD firmware (TDVF)', 'hardware', 48, FROM_VERITAS),
    measured('rtmr1', 'rtmr_1', 'RTMR 1, the kernel', 'executables', 48, `${FROM_VERITAS}; one value per vCPU count kata may start`),
    measured('rtmr2', 'rtmr_2', 'RTMR 2, the initrd and kernel command line', 'executables', 48, `${FROM_VERITAS}; one value per vCPU count kata may start`),
    measured('xfam', 'xfam', 'XFAM, the extended CPU features of the TD', 'configuration', 8, 'quote.body.xfam of a TD quote from the nodes, or veritas --hw-xfam-allow'),
  ];

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
  measurements: TDX_MEASUREMENTS,
  evidenceKey: () => 'tdx',
  binaryClaimEncoding: () => 'hex',
  attestationRules: tdxRules,
  identityRule: ({ evidence, key }: IdentityRuleContext) => [
    'identities contains concat(":", ["tdx", mr_config_id]) if {',
    `  mr_config_id := ${evidence}[${key}].quote.body.mr_config_id`,
    '}',
  ],
};

function tdxRules({ names, rv }: AttestationRulesContext): string[] {
  const body = (claim: string, key: string) => `  input.tdx.quote.body.${claim} in ${rv(measurementName(TDX_MEASUREMENTS, key))}`;
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
