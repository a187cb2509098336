/**
 * What a bare-metal host of each TEE needs and shows, for confidential containers with kata-cc (pure data).
 *
 * Sources:
 * - node labels and extended resources: the NodeFeatureRules OpenShift's assisted installer applies for
 *   OSC (openshift/assisted-service `internal/operators/osc/manifest.go`, `intelNfrManifest`,
 *   `amdNfrManifest`); the same names in the OSC helper (openshift/sandboxed-containers-operator
 *   `scripts/install-helpers/baremetal-coco/install.sh`: `TDX_NODE_LABEL`, `SNP_NODE_LABEL`);
 * - kernel arguments: TDX `kvm_intel.tdx=1 nohibernate` (OSC helper `layeredimage-cm-tdx.yaml`; assisted
 *   installer `kataccMcManifest`; validatedpatterns/coco-pattern `charts/all/baremetal/templates/vsock-mco.yaml`),
 *   SNP none (OSC helper `layeredimage-cm-snp.yaml` sets only the image; no source sets one);
 * - the `vsock-loopback` module on TDX hosts: assisted installer `kataccMcManifest`
 *   (`/etc/modules-load.d/vsock.conf`): QEMU reaches the QGS on the same host over vsock (port 4050);
 * - RuntimeClass handlers: OSC creates `kata-cc` itself once `confidential` is on and peer pods are off,
 *   with handler `kata-tdx` or `kata-snp` by node label (OSC helper README: "kata-cc for confidential
 *   workloads (with handler kata-tdx for Intel TDX or kata-snp for AMD SNP)").
 */
import { quote } from '../errors';

/** The bare-metal TEEs kata-cc runs on. */
export type BareMetalTee = 'tdx' | 'snp';

/** Every bare-metal TEE, in the order error messages list them. */
export const BARE_METAL_TEES: readonly BareMetalTee[] = ['tdx', 'snp'];

/** What a host of one TEE needs and shows. */
export interface TeeHost {
  readonly tee: BareMetalTee;
  /** In a few words, for reports. */
  readonly title: string;
  /** The label NFD puts on capable nodes (value "true"). */
  readonly nodeLabel: string;
  /** The extended resource NFD advertises (one per TD / SNP guest). */
  readonly extendedResource: string;
  /** Handler of the `kata-cc` RuntimeClass OSC creates on these nodes. */
  readonly runtimeHandler: 'kata-tdx' | 'kata-snp';
  /** Kernel arguments the host kernel needs (a MachineConfig; the nodes reboot). */
  readonly kernelArguments: readonly string[];
  /** Kernel modules loaded at boot (`/etc/modules-load.d`). */
  readonly kernelModules: readonly string[];
}

export const TEE_HOSTS: Readonly<Record<BareMetalTee, TeeHost>> = {
  tdx: {
    tee: 'tdx',
    title: 'Intel TDX host',
    nodeLabel: 'intel.feature.node.kubernetes.io/tdx',
    extendedResource: 'tdx.intel.com/keys',
    runtimeHandler: 'kata-tdx',
    kernelArguments: ['kvm_intel.tdx=1', 'nohibernate'],
    kernelModules: ['vsock-loopback'],
  },
  snp: {
    tee: 'snp',
    title: 'AMD SEV-SNP host',
    nodeLabel: 'amd.feature.node.kubernetes.io/snp',
    extendedResource: 'sev-snp.amd.com/esids',
    runtimeHandler: 'kata-snp',
    kernelArguments: [],
    kernelModules: [],
  },
};

/** The label of SGX-capable nodes (the Intel rules also label them; the SGX device plugin and QGS run there). */
export const SGX_NODE_LABEL = 'intel.feature.node.kubernetes.io/sgx';

/** Problem text for a value that is not a bare-metal TEE, or undefined. */
export function bareMetalTeeProblem(value: unknown): string | undefined {
  return (BARE_METAL_TEES as readonly unknown[]).includes(value) ? undefined
    : `must be one of ${BARE_METAL_TEES.map(t => `"${t}"`).join(', ')} (the bare-metal TEE of the nodes), got ${quote(value)}`;
}
