import { TeeDefinition } from './tee';

/**
 * Bare-metal Intel TDX (kata-cc): the host sets MRCONFIGID (48 bytes) to the padded initdata digest at
 * launch; MRTD measures the TD firmware and RTMR 1/2 the kernel, initrd and command line.
 */
export const TDX: TeeDefinition<'tdx'> = {
  id: 'tdx',
  title: 'Intel TDX (bare metal)',
  binding: 'tdx',
  initDataReferenceValue: 'coco_initdata_tdx_mrconfigid',
  initDataReferenceValueAlgorithm: 'sha384',
  measurementReferenceValues: ['mr_td', 'rtmr_1', 'rtmr_2'],
  evidenceKey: () => 'tdx',
};
