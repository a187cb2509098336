/** RuntimeClasses that run confidential pods: peer pods (cloud) and bare-metal TEEs. */
export const CONFIDENTIAL_RUNTIME_CLASSES = ['kata-remote', 'kata-cc'] as const;
