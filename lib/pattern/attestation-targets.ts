/**
 * Where each cluster group's confidential workloads attest, from the configuration alone (pure): the plan
 * (./plan.ts) and the configuration checks read it.
 */
import type { PatternConfig } from '../config/schema';

/** Where a group's confidential workloads attest. */
export type AttestationTarget =
  /** The Trustee rendered by cluster group `group` of this pattern (possibly the group itself). */
  | { readonly kind: 'trustee'; readonly group: string }
  /** A KBS outside this pattern, by URL. */
  | { readonly kind: 'external'; readonly url: string };

/**
 * Where the workloads of group `name` attest: `sandbox.kbs.url` (external), `sandbox.kbs.trustee` (another
 * group's Trustee), the group's own Trustee, or (a spoke) its hub's Trustee. Undefined when the group runs
 * no sandbox or names nothing (a configuration that passed the semantic checks always names something).
 */
export function attestationTargetOf(config: PatternConfig, name: string): AttestationTarget | undefined {
  const group = config.clusterGroups[name];
  if (!group?.sandbox.enabled) return undefined;
  const kbs = group.sandbox.kbs;
  if (kbs.url) return { kind: 'external', url: kbs.url };
  if (kbs.trustee) return { kind: 'trustee', group: kbs.trustee };
  if (group.trustee.enabled) return { kind: 'trustee', group: name };
  const hub = group.spoke ? config.clusterGroups[group.spoke.hub] : undefined;
  return hub?.trustee.enabled ? { kind: 'trustee', group: group.spoke!.hub } : undefined;
}

/** The cluster group whose Trustee the workloads of group `name` attest to, if it is one of this pattern. */
export function trusteeGroupOf(config: PatternConfig, name: string): string | undefined {
  const target = attestationTargetOf(config, name);
  return target?.kind === 'trustee' ? target.group : undefined;
}
