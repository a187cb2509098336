/** Sync waves of the Applications inside a group's app of apps. */
export const AppWaves = {
  /** ACM, Vault, External Secrets, certificates. */
  PLATFORM: 10,
  /** The node side of bare-metal groups (NFD, kernel arguments: the nodes reboot), before the sandbox. */
  NODES: 15,
  /** Trustee and the sandbox (and Intel DCAP). */
  CONFIDENTIAL: 20,
  /** Workloads, after the sandbox and Trustee. */
  WORKLOADS: 30,
  /** A hub's policies for its spokes: after ACM, and after the Trustee the spokes attest to. */
  FLEET: 40,
} as const;
