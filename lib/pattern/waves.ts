/** Sync waves of the Applications inside a group's app of apps. */
export const AppWaves = {
  /** ACM, Vault, External Secrets, certificates. */
  PLATFORM: 10,
  /** Trustee and the sandbox. */
  CONFIDENTIAL: 20,
  /** Workloads, after the sandbox and Trustee. */
  WORKLOADS: 30,
  /** A hub's policies for its spokes: after ACM, and after the Trustee the spokes attest to. */
  FLEET: 40,
} as const;
