import { TeeDefinition } from './tee';

/** Azure confidential VM on Intel TDX with a vTPM (DCes/ECes sizes): PCR 8 and PCR 11 as on SEV-SNP. */
export const AZURE_TDX_VTPM: TeeDefinition<'azure-tdx-vtpm'> = {
  id: 'azure-tdx-vtpm',
  title: 'Azure confidential VM, Intel TDX with vTPM',
  binding: 'azure-vtpm',
  initDataReferenceValue: 'coco_initdata_azure_tdx_pcr08',
  initDataReferenceValueAlgorithm: 'sha256',
  measurementReferenceValues: ['tdx_pcr11'],
  evidenceKey: e => e.azureTdxVtpmKey,
};
