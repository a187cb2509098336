import { TeeDefinition } from './tee';
import { azurePodVmImagePcr11 } from './azure-pcr11';
import { azureVtpmIdentityRule, azureVtpmRules } from './azure-vtpm-rules';

/**
 * Azure confidential VM on AMD SEV-SNP with a vTPM (peer pods, DCas/ECas sizes): the pod VM extends PCR 8
 * with the initdata digest (cloud-api-adaptor podvm `process-user-data`; `PCR8 = SHA256(0^32 ‖ digest)`),
 * PCR 11 measures the pod VM image (upstream reference value name `snp_pcr11`).
 */
export const AZURE_SNP_VTPM: TeeDefinition<'azure-snp-vtpm'> = {
  id: 'azure-snp-vtpm',
  title: 'Azure confidential VM, AMD SEV-SNP with vTPM',
  binding: 'azure-vtpm',
  initDataReferenceValue: 'coco_initdata_azure_snp_pcr08',
  initDataReferenceValueAlgorithm: 'sha256',
  measurements: [azurePodVmImagePcr11('snp_pcr11')],
  evidenceKey: e => e.azureSnpVtpmKey,
  binaryClaimEncoding: () => 'hex',
  attestationRules: context => azureVtpmRules('snp', context.evidence.azureSnpVtpmKey, 'snp_pcr11', context),
  identityRule: context => azureVtpmIdentityRule('azure-snp-vtpm', context),
};
