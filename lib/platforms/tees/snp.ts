import { TeeDefinition } from './tee';

/**
 * Bare-metal AMD SEV-SNP (kata-cc): the host sets HOSTDATA (32 bytes) to the initdata digest at launch;
 * the launch measurement is the upstream reference value `snp_launch_measurement`.
 */
export const SNP: TeeDefinition<'snp'> = {
  id: 'snp',
  title: 'AMD SEV-SNP (bare metal)',
  binding: 'snp',
  initDataReferenceValue: 'coco_initdata_snp_hostdata',
  initDataReferenceValueAlgorithm: 'sha256',
  measurementReferenceValues: ['snp_launch_measurement'],
  evidenceKey: () => 'snp',
};
