/**
 * A short, human-facing account of what an agent policy lets the host do, for posture reports.
 */
import { AgentPolicySpec, agentPolicyDefaults } from './spec';

/** Whether the host may use one capability. */
export type AgentPolicyAccess = 'allowed' | 'denied';

/** What the host may do to a pod under a policy. */
export interface AgentPolicySummary {
  /** Exec into containers: always, never, or only the listed commands. */
  readonly exec: AgentPolicyAccess | 'allow-list';
  /** Read container output (`oc logs`, exec output): `ReadStreamRequest`. */
  readonly logs: AgentPolicyAccess;
  /** Write to container stdin: `WriteStreamRequest`. */
  readonly stdin: AgentPolicyAccess;
  /** Replace the policy at run time: `SetPolicyRequest`. */
  readonly setPolicy: AgentPolicyAccess;
  /** The exact argument vectors that may be exec'd; empty unless `exec` is `allow-list`. */
  readonly execAllowList: string[][];
}

/** Summarizes `spec`; expects a spec without {@link agentPolicyProblems}. */
export function summarizeAgentPolicy(spec: AgentPolicySpec): AgentPolicySummary {
  const defaults = agentPolicyDefaults(spec.preset);
  const access = (allowed: boolean | undefined): AgentPolicyAccess => (allowed ? 'allowed' : 'denied');
  const execAllowList = defaults.get('ExecProcessRequest') ? [] : (spec.execAllowList ?? []).map(argv => [...argv]);
  return {
    exec: execAllowList.length > 0 ? 'allow-list' : access(defaults.get('ExecProcessRequest')),
    logs: access(defaults.get('ReadStreamRequest')),
    stdin: access(defaults.get('WriteStreamRequest')),
    setPolicy: access(defaults.get('SetPolicyRequest')),
    execAllowList,
  };
}
