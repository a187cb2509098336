/**
 * The plan of a pattern: its cluster groups and the relations between them, computed from the
 * configuration alone (pure: no construct is built here). The composition (`CocoPattern`) instantiates
 * constructs from the plan, in the plan's order; cross-group links live here, not in the configuration
 * layer, which only checks that they can be resolved (lib/config/semantics.ts).
 */
import { clusterSelectorOf } from '../config/fleet';
import type { ClusterGroupConfig, PatternConfig } from '../config/schema';
import { vaultRouteHost } from '../config/platform';
import { AttestationTarget, attestationTargetOf, trusteeGroupOf } from './attestation-targets';
import { AttestedPlatforms, attestedPlatforms } from './attested-platforms';

export { attestationTargetOf, trusteeGroupOf } from './attestation-targets';
export type { AttestationTarget } from './attestation-targets';
export type { AttestedPlatforms } from './attested-platforms';

/** One cluster group as the composition sees it. */
export interface GroupPlan {
  readonly name: string;
  readonly config: ClusterGroupConfig;
  /** Whether the group renders a Trustee. */
  readonly rendersTrustee: boolean;
  /** Where its workloads attest; undefined when it runs no sandbox (no confidential workloads). */
  readonly attestsTo?: AttestationTarget;
  /** The groups whose workloads attest to this group's Trustee, in pattern order (itself included). */
  readonly attestedBy: readonly string[];
  /** For a group that renders Trustee: the measurements and collateral of the bare-metal groups that attest to it. */
  readonly attestedPlatforms?: AttestedPlatforms;
  /**
   * For a spoke group: the hub group whose ACM brings up its clusters, the labels that select them, and (when
   * it runs External Secrets) the URL of the Vault they read: `externalSecrets.store.vaultServer`, or the hub's
   * Vault Route.
   */
  readonly spokeOf?: { readonly hub: string; readonly clusterSelector: Readonly<Record<string, string>>; readonly vaultServer?: string };
  /** For a hub group: its spoke groups, in pattern order. */
  readonly spokes: readonly string[];
}

/** The groups of a pattern, their relations, and the order the composition builds them in. */
export interface PatternPlan {
  /** Every group, in pattern.yaml order (the order of the output folders). */
  readonly groups: readonly GroupPlan[];
  /**
   * The order the groups' bootstraps are built in: a group's bootstrap derives from everything the group
   * renders, so a group that renders objects built from another group's bootstrap comes after it.
   */
  readonly bootstrapOrder: readonly string[];
}

/**
 * The Vault the External Secrets of spoke group `name` read: `externalSecrets.store.vaultServer`, or the Route
 * of its hub's Vault (`vault.routeHost`, else `vault-<namespace>.<appsDomain>`, as the hub renders it).
 * Undefined when the group is no spoke or runs no External Secrets.
 */
export function spokeVaultServerOf(config: PatternConfig, name: string): string | undefined {
  const group = config.clusterGroups[name];
  if (!group?.spoke || !group.externalSecrets.enabled) return undefined;
  if (group.externalSecrets.store.vaultServer) return group.externalSecrets.store.vaultServer;
  const hub = config.clusterGroups[group.spoke.hub];
  const host = hub && vaultRouteHost(hub);
  return hub?.vault.enabled && host ? `https://${host}` : undefined;
}

/** The plan of a configuration that passed the schema and the semantic checks. */
export function planPattern(config: PatternConfig): PatternPlan {
  const names = Object.keys(config.clusterGroups);
  const groups = names.map((name): GroupPlan => {
    const cfg = config.clusterGroups[name];
    return {
      name,
      config: cfg,
      rendersTrustee: cfg.trustee.enabled,
      attestsTo: attestationTargetOf(config, name),
      attestedBy: cfg.trustee.enabled ? names.filter(other => trusteeGroupOf(config, other) === name) : [],
      attestedPlatforms: cfg.trustee.enabled ? attestedPlatforms(config, name).platforms : undefined,
      spokeOf: cfg.spoke ? { hub: cfg.spoke.hub, clusterSelector: clusterSelectorOf(name, cfg.spoke), vaultServer: spokeVaultServerOf(config, name) } : undefined,
      spokes: names.filter(other => config.clusterGroups[other].spoke?.hub === name),
    };
  });
  // A hub's ACM policies carry its spokes' bootstraps: spokes first, then everyone else in pattern order.
  const bootstrapOrder = [...names.filter(n => config.clusterGroups[n].spoke), ...names.filter(n => !config.clusterGroups[n].spoke)];
  return { groups, bootstrapOrder };
}
