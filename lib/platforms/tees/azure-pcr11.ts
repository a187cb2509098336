import type { TeeMeasurement } from './measurement';

/**
 * PCR 11 of the Azure peer-pods VM image (its unified kernel image: kernel, initrd and command line), the
 * same value on SEV-SNP and TDX sizes under a TEE-prefixed name (`snp_pcr11`, `tdx_pcr11`).
 */
export function azurePodVmImagePcr11(referenceValueName: 'snp_pcr11' | 'tdx_pcr11'): TeeMeasurement {
  return {
    key: 'pcr11',
    referenceValueName,
    title: 'vTPM PCR 11, the pod VM image',
    shape: { type: 'bytes', length: 32 },
    claim: 'executables',
    howToObtain: '"pcr11" of /image/measurements.json in registry.redhat.io/openshift-sandboxed-containers/osc-dm-verity-image:<OSC version>',
  };
}
