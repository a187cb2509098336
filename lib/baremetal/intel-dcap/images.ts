/**
 * The images of Intel DCAP on OpenShift, pinned by digest as Red Hat's OSC bare-metal helper pins them
 * (openshift/sandboxed-containers-operator `scripts/install-helpers/baremetal-coco/`): the PCCS and the TDX
 * Quote Generation Service are built by Red Hat for OSC; the SGX device plugin is Intel's certified image.
 */
export const INTEL_DCAP_IMAGES = {
  /** `intel-dcap/pccs.yaml.in` (commit 002c264). */
  pccs: 'registry.redhat.io/openshift-sandboxed-containers/osc-pccs@sha256:4fa43e59fb2117039bed34486278c9bb6633cd75002b0781a9aa066680195982',
  /** `intel-dcap/pccs.yaml.in` (commit 002c264): relabels the host cache folder (`chcon`). */
  pccsInit: 'registry.access.redhat.com/ubi9/ubi:9.7-1764578509',
  /** `intel-dcap/qgs.yaml` (commit 00dc236): the QGS and its platform registration sidecar. */
  qgs: 'registry.redhat.io/openshift-sandboxed-containers/osc-tdx-qgs@sha256:dcde026d5a4b241c75a0b0283a2151cc6de619390e99c3786bfd27032b56e4c4',
  /** `intel-dpo/sgx_device_plugin.yaml` (commit 6660a34). */
  sgxPlugin: 'registry.connect.redhat.com/intel/intel-sgx-plugin@sha256:4ac8769c4f0a82b3ea04cf1532f15e9935c71fe390ff5a9dc3ee57f970a65f0b',
} as const;
