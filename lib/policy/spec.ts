/**
 * What a workload's Kata agent policy should allow, as data. Rendering, validation and the
 * posture summary all read this one shape.
 */
import { AGENT_REQUESTS, AgentRequest } from './requests';

/** Every known preset, in the order error messages list them. */
export const AGENT_POLICY_PRESETS = ['allow-all', 'no-exec'] as const;

/**
 * A named starting point for the policy.
 * - `allow-all`: every request allowed. For debugging only: the host can exec into the pod,
 *   read its output and replace the policy.
 * - `no-exec`: the secure default for confidential workloads. Denies exec, reading container
 *   output (logs), writing stdin and replacing the policy; everything else is allowed.
 */
export type AgentPolicyPreset = (typeof AGENT_POLICY_PRESETS)[number];

/** A Kata agent policy: a preset plus, for `no-exec`, the exact commands that may still be exec'd. */
export interface AgentPolicySpec {
  /** The preset the policy starts from. */
  readonly preset: AgentPolicyPreset;
  /**
   * Commands that may still be exec'd into the container, each an exact argument vector
   * (e.g. `['curl', '-s', 'http://127.0.0.1:8006/cdh/resource/default/kbsres1/key3']`).
   * A request matches only when its whole `process.Args` array equals one entry.
   * Only meaningful with `no-exec`.
   * @default - no command may be exec'd
   */
  readonly execAllowList?: readonly (readonly string[])[];
}

/** Requests the `no-exec` preset denies; see {@link AgentPolicyPreset}. */
export const NO_EXEC_DENIED: readonly AgentRequest[] = [
  'ExecProcessRequest',
  // Reads container logs (the termination log, kata 3.29+), like ReadStreamRequest reads output.
  'GetDiagnosticDataRequest',
  'ReadStreamRequest',
  'SetPolicyRequest',
  'WriteStreamRequest',
];

/** Requests a policy bound to a pod spec allows only through rules (see `bound-policy.ts`). */
export const BOUND_REQUESTS: readonly AgentRequest[] = ['CopyFileRequest', 'CreateContainerRequest', 'CreateSandboxRequest'];

/**
 * The default value of every request rule for a preset, in {@link AGENT_REQUESTS} order. Unbound,
 * `CreateContainerRequest` and `CopyFileRequest` are true (denying them blocks every pod); bound to a pod
 * spec (`bound`), they and `CreateSandboxRequest` default to false and rules allow the pod's own.
 */
export function agentPolicyDefaults(preset: AgentPolicyPreset, bound = false): ReadonlyMap<AgentRequest, boolean> {
  const denied: readonly AgentRequest[] = [...(preset === 'no-exec' ? NO_EXEC_DENIED : []), ...(bound ? BOUND_REQUESTS : [])];
  return new Map(AGENT_REQUESTS.map(name => [name, !denied.includes(name)]));
}
