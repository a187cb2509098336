/**
 * The Rego of the Azure confidential VMs with a vTPM (peer pods), shared by the SEV-SNP and TDX sizes: the
 * verifier checks the vendor-signed report that vouches for the vTPM, PCR 11 measures the pod VM image and
 * PCR 8 carries the initdata digest.
 */
import { AttestationRulesContext, boundRules, IdentityRuleContext, INTEL_QE_VENDOR_ID, rootRule, TDX_TEE_TYPE } from './rego';

/** Every known spelling of the Azure vTPM evidence roots, oldest first (the underscore one never emitted, but cheap to accept). */
const AZURE_ROOTS = {
  snp: ['azsnpvtpm', 'az_snp_vtpm', 'az-snp-vtpm'],
  tdx: ['aztdxvtpm', 'az_tdx_vtpm', 'az-tdx-vtpm'],
} as const;

/** The attestation-policy section of an Azure vTPM TEE whose evidence key the generation emits is `emitted`. */
export function azureVtpmRules(kind: 'snp' | 'tdx', emitted: string, pcr11: string, { names, rv }: AttestationRulesContext): string[] {
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
    `  ${root}.tpm.pcr11 in ${rv(pcr11)}`,
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

/** The resource-policy identity of an Azure vTPM TEE: its PCR 8. */
export function azureVtpmIdentityRule(id: string, { evidence, key }: IdentityRuleContext): string[] {
  return [
    `identities contains concat(":", ["${id}", pcr8]) if {`,
    `  pcr8 := ${evidence}[${key}].tpm.pcr08`,
    '}',
  ];
}
