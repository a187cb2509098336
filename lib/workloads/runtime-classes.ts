/** The RuntimeClass of peer pods: each pod in its own VM, created by cloud-api-adaptor (OSC's `kata-remote`). */
export const PEER_PODS_RUNTIME_CLASS = 'kata-remote';
/** The RuntimeClass of confidential pods on the node's own TEE (bare-metal TDX or SEV-SNP, OSC's `kata-cc`). */
export const NODE_TEE_RUNTIME_CLASS = 'kata-cc';

/** RuntimeClasses that run confidential pods: peer pods (cloud) and bare-metal TEEs. */
export const CONFIDENTIAL_RUNTIME_CLASSES = [PEER_PODS_RUNTIME_CLASS, NODE_TEE_RUNTIME_CLASS] as const;
