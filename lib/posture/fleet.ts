/**
 * The fleet in the posture report: for a spoke, the hub that brings up its clusters; for a hub, each spoke
 * group, the clusters it selects, and the initdata of its workloads the hub's Trustee accepts with what
 * each can obtain (from the same grants the rendered resource policy holds).
 */
import { labelsText, spokeAuthMount, spokeReadPolicyName, spokeVaultAuthScriptName } from '../acm/names';
import { SpokeBootstrapPolicies } from '../fleet/spoke-bootstrap-policies';
import type { GroupPlan } from '../pattern/plan';
import { vaultPathsRead } from '../secrets/vault-secret';
import { ConfidentialRuntime } from '../workloads/confidential-runtime';
import type { PostureSource } from './facts';

/** A spoke's External Secrets reading its hub's Vault: where, as whom, and what they may read. */
export interface HubVaultFacts {
  /** The hub group that runs the Vault. */
  readonly hub: string;
  /** Its URL (TLS verified against the hub's CA, which the hub's policy puts on each cluster). */
  readonly server: string;
  /** The Kubernetes auth mount of each cluster (`<prefix>-<managed cluster name>`). */
  readonly authMount: string;
  readonly role: string;
  /** The Vault policy of the group's clusters. */
  readonly policy: string;
  /** The Vault paths it may read: exactly those the group's ExternalSecrets read. */
  readonly reads: readonly string[];
  /** The generated script that configures Vault for each cluster. */
  readonly script: string;
}

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
  /** How its External Secrets read the hub's Vault, when it runs them. */
  readonly vault?: HubVaultFacts;
}

export interface FleetFacts {
  /** For a spoke: its hub, the labels that select its clusters, and the folder their Argo CD syncs. */
  readonly hub?: { readonly group: string; readonly clusterSelector: string; readonly bootstrapPath: string };
  /** For a spoke running External Secrets: how they read the hub's Vault. */
  readonly hubVault?: HubVaultFacts;
  /** For a hub: its spoke groups, in pattern order. */
  readonly spokes: readonly SpokeFacts[];
}

/** How a group sits in the fleet, as the plan says. */
export type FleetPlan = Pick<GroupPlan, 'spokeOf' | 'spokes'>;


/** The fleet facts of `group`, or undefined when it is neither a hub nor a spoke. */
export function fleetFacts(groups: readonly PostureSource[], group: PostureSource, describePlatform: (g: PostureSource) => string): FleetFacts | undefined {
  const plan = group.plan;
  if (!plan || (!plan.spokeOf && plan.spokes.length === 0)) return undefined;
  const hub = plan.spokeOf
    ? { group: plan.spokeOf.hub, clusterSelector: labelsText(plan.spokeOf.clusterSelector), bootstrapPath: `${group.clusterGroup.path}/bootstrap` }
    : undefined;
  // Read once for all spokes (a hub of 100 spoke groups accepts some 500 initdata).
  const grants = new Map((group.trustee?.grants ?? []).map(g => [g.name, g]));
  const accepted = group.trustee?.acceptedInitData ?? [];
  const bootstrapPolicies = new Map(group.clusterGroup.node.findAll()
    .filter((c): c is SpokeBootstrapPolicies => c instanceof SpokeBootstrapPolicies)
    .reverse()
    .map(c => [c.group, c]));
  const spokes = plan.spokes.map((name): SpokeFacts => {
    const spoke = groups.find(g => g.name === name);
    const selector = spoke?.plan?.spokeOf?.clusterSelector ?? {};
    const initData = accepted.map(a => ({ accepted: a.name, ...ConfidentialRuntime.parseTrusteeName(a.name) }))
      .filter(a => a.origin === name)
      .map(a => ({ name: a.name, obtains: grants.get(a.accepted)?.resources ?? [] }));
    const policies = bootstrapPolicies.get(name);
    return { group: name, clusterSelector: labelsText(selector), platform: spoke ? describePlatform(spoke) : '—', gitopsChannel: policies?.channel, initData, vault: spoke && hubVaultFacts(groups, spoke) };
  });
  return { hub, hubVault: hubVaultFacts(groups, group), spokes };
}

/** How spoke `group`'s External Secrets read its hub's Vault, or undefined when it is no spoke or runs none. */
export function hubVaultFacts(groups: readonly PostureSource[], group: PostureSource): HubVaultFacts | undefined {
  const spokeOf = group.plan?.spokeOf;
  const store = group.config.externalSecrets.store;
  if (!spokeOf?.vaultServer || !group.config.externalSecrets.enabled) return undefined;
  const hubPath = groups.find(g => g.name === spokeOf.hub)?.clusterGroup.path ?? spokeOf.hub;
  return {
    hub: spokeOf.hub,
    server: spokeOf.vaultServer,
    authMount: spokeAuthMount(store.authMountPath, '<managed cluster name>'),
    role: store.authRole,
    policy: spokeReadPolicyName(store.authMountPath),
    reads: vaultPathsRead(group.clusterGroup),
    script: `${hubPath}/fleet/${spokeVaultAuthScriptName(group.name)}`,
  };
}
