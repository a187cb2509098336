/** The RuntimeClass of peer pods (cloud confidential VMs), created by OSC. */
export const PEER_PODS_RUNTIME_CLASS = 'kata-remote';

/** The RuntimeClass of confidential pods on bare-metal TDX / SEV-SNP nodes, created by OSC. */
export const BARE_METAL_RUNTIME_CLASS = 'kata-cc';

/** RuntimeClasses that run confidential pods: peer pods (cloud) and bare-metal TEEs. */
export const CONFIDENTIAL_RUNTIME_CLASSES = [PEER_PODS_RUNTIME_CLASS, BARE_METAL_RUNTIME_CLASS] as const;
