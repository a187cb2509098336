import { TeeDefinition } from './tee';
import { azurePodVmImagePcr11 } from './azure-pcr11';
import { azureVtpmIdentityRule, azureVtpmRules } from './azure-vtpm-rules';

/** Azure confidential VM on Intel TDX with a vTPM (DCes/ECes sizes): PCR 8 and PCR 11 as on SEV-SNP. */
export const AZURE_TDX_VTPM: TeeDefinition<'azure-tdx-vtpm'> = {
  id: 'azure-tdx-vtpm',
  title: 'Azure confidential VM, Intel TDX with vTPM',
  binding: 'azure-vtpm',
  initDataReferenceValue: 'coco_initdata_azure_tdx_pcr08',
  initDataReferenceValueAlgorithm: 'sha256',
  measurements: [azurePodVmImagePcr11('tdx_pcr11')],
  evidenceKey: e => e.azureTdxVtpmKey,
  binaryClaimEncoding: () => 'hex',
  attestationRules: context => azureVtpmRules('tdx', context.evidence.azureTdxVtpmKey, 'tdx_pcr11', context),
  identityRule: context => azureVtpmIdentityRule('azure-tdx-vtpm', context),
};
