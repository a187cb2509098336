/**
 * The fleet in the posture report: for a spoke, the hub that brings up its clusters; for a hub, each spoke
 * group, the clusters it selects, and the initdata of its workloads the hub's Trustee accepts with what
 * each can obtain (from the same grants the rendered resource policy holds).
 */
import { SpokeBootstrapPolicies } from '../fleet/spoke-bootstrap-policies';
import type { GroupPlan } from '../pattern/plan';
import type { PostureSource } from './facts';

/** One spoke group as its hub's report shows it. */
export interface SpokeFacts {
  readonly group: string;
  /** The ACM labels that select its managed clusters ("k=v, ..."). */
  readonly clusterSelector: string;
  /** Where its pods run (the peer-pods provider line), or that it runs no sandbox. */
  readonly platform: string;
  /** The channel OpenShift GitOps follows on its clusters, when the hub's policies install it. */
  readonly gitopsChannel?: string;
  /** Its initdata the hub's Trustee accepts ("<namespace>/<name>"), with what each can obtain. */
  readonly initData: readonly { readonly name: string; readonly obtains: readonly string[] }[];
}

export interface FleetFacts {
  /** For a spoke: its hub, the labels that select its clusters, and the folder their Argo CD syncs. */
  readonly hub?: { readonly group: string; readonly clusterSelector: string; readonly bootstrapPath: string };
  /** For a hub: its spoke groups, in pattern order. */
  readonly spokes: readonly SpokeFacts[];
}

/** How a group sits in the fleet, as the plan says. */
export type FleetPlan = Pick<GroupPlan, 'spokeOf' | 'spokes'>;

const labels = (selector: Readonly<Record<string, string>>) => Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(', ');

/** The fleet facts of `group`, or undefined when it is neither a hub nor a spoke. */
export function fleetFacts(groups: readonly PostureSource[], group: PostureSource, describePlatform: (g: PostureSource) => string): FleetFacts | undefined {
  const plan = group.plan;
  if (!plan || (!plan.spokeOf && plan.spokes.length === 0)) return undefined;
  const hub = plan.spokeOf
    ? { group: plan.spokeOf.hub, clusterSelector: labels(plan.spokeOf.clusterSelector), bootstrapPath: `${group.clusterGroup.path}/bootstrap` }
    : undefined;
  const spokes = plan.spokes.map((name): SpokeFacts => {
    const spoke = groups.find(g => g.name === name);
    const selector = spoke?.plan?.spokeOf?.clusterSelector ?? {};
    const prefix = `${name}: `;
    const grants = group.trustee?.grants ?? [];
    const initData = (group.trustee?.acceptedInitData ?? []).filter(a => a.name.startsWith(prefix)).map(a => ({
      name: a.name.slice(prefix.length),
      obtains: grants.find(g => g.name === a.name)?.resources ?? [],
    }));
    const policies = group.clusterGroup.node.findAll().find((c): c is SpokeBootstrapPolicies => c instanceof SpokeBootstrapPolicies && c.group === name);
    return { group: name, clusterSelector: labels(selector), platform: spoke ? describePlatform(spoke) : '—', gitopsChannel: policies?.channel, initData };
  });
  return { hub, spokes };
}
