/**
 * pattern.yaml: the fleet. A cluster group with `spoke` is rendered once and serves every managed cluster
 * its selector matches: the hub group's ACM installs OpenShift GitOps there and points it at the group's
 * bootstrap folder. Adding a cluster to the fleet is labelling it in ACM, not a change in git.
 */
import { z } from 'zod';
import type { Problem } from '../errors';
import { CLUSTER_GROUP_LABEL, defaultSpokeSelector, GLOBAL_SET_NAMESPACE, labelsText, spokeReadPolicyName, LONGEST_SPOKE_POLICY_SUFFIX, REPLICATED_POLICY_NAME_MAX, SPOKE_POLICY_PREFIX_MAX } from '../acm/names';
import { dnsLabel, labelMap } from './fields';
import { vaultRouteHost } from './platform';
import type { PatternConfig } from './schema';

export { CLUSTER_GROUP_LABEL } from '../acm/names';

export const SpokeSchema = z.strictObject({
  hub: dnsLabel().describe('The cluster group whose ACM brings up the clusters of this group (it needs acm.enabled).'),
  clusterSelector: labelMap().optional()
    .describe(`Labels of the ACM managed clusters that are this group; default ${CLUSTER_GROUP_LABEL}: <group name>. Never selects the hub (local-cluster).`),
}).describe('Makes this group a spoke of a hub group: its clusters are brought up by the hub\'s ACM and attest to the hub\'s Trustee.');

export type SpokeConfig = z.output<typeof SpokeSchema>;

/**
 * Areas a spoke does not run unless pattern.yaml says so: Trustee and Vault belong on the trusted hub, ACM
 * manages the fleet from there, and External Secrets has nothing to read on a spoke by default.
 */
export const SPOKE_DISABLED_AREAS = ['trustee', 'vault', 'acm', 'externalSecrets'] as const;

/**
 * The Vault auth of a spoke's External Secrets, unless the file sets it: each cluster of the group logs in
 * at its own mount `<group>-<managed cluster name>` (the hub's policy names it, lib/fleet/spoke-secret-store.ts)
 * with the role `external-secrets`.
 */
export function spokeStoreDefaults(group: string): { authMountPath: string; authRole: string } {
  return { authMountPath: group, authRole: 'external-secrets' };
}

/**
 * pattern.yaml input with the spoke defaults applied: on a group with `spoke`, each of
 * {@link SPOKE_DISABLED_AREAS} is `enabled: false` unless the file sets `enabled`, and a given
 * `externalSecrets.store` gets {@link spokeStoreDefaults}. Anything else is returned as given (the schema
 * reports it).
 */
export function withSpokeDefaults(data: unknown): unknown {
  const groups = isRecord(data) ? data.clusterGroups : undefined;
  if (!isRecord(data) || !isRecord(groups)) return data;
  const withDefaults = Object.fromEntries(Object.entries(groups).map(([name, group]) => {
    if (!isRecord(group) || group.spoke === undefined) return [name, group];
    const filled: Record<string, unknown> = { ...group };
    for (const area of SPOKE_DISABLED_AREAS) {
      const given = group[area];
      if (given === undefined) filled[area] = { enabled: false };
      else if (isRecord(given) && given.enabled === undefined) filled[area] = { enabled: false, ...given };
    }
    const eso = filled.externalSecrets;
    if (isRecord(group.externalSecrets) && isRecord(eso) && (eso.store === undefined || isRecord(eso.store))) {
      filled.externalSecrets = { ...eso, store: { ...spokeStoreDefaults(name), ...(eso.store as Record<string, unknown> | undefined) } };
    }
    return [name, filled];
  }));
  return { ...data, clusterGroups: withDefaults };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The labels that select the clusters of spoke group `name`. */
export function clusterSelectorOf(name: string, spoke: SpokeConfig): Readonly<Record<string, string>> {
  return spoke.clusterSelector ?? defaultSpokeSelector(name);
}

/**
 * Problems of the fleet: each spoke names a hub group that exists, runs ACM and is no spoke itself; no
 * two spoke groups select the same clusters; a spoke runs no Trustee, Vault or ACM of its own; what needs
 * a secret store on a spoke has one.
 */
export function fleetProblems(config: PatternConfig): Problem[] {
  const problems: Problem[] = [];
  const groups = config.clusterGroups;
  const defined = Object.keys(groups).join(', ');
  const selectors = new Map<string, { hub: string; selector: Readonly<Record<string, string>> }>();
  const mountPrefixes = new Map<string, { hub: string; policy: string }>();
  for (const [name, group] of Object.entries(groups)) {
    const spoke = group.spoke;
    if (!spoke) continue;
    const at = (field: string) => `clusterGroups.${name}.${field}`;
    const hub = groups[spoke.hub];
    if (name.length > SPOKE_NAME_MAX) {
      problems.push({ path: `clusterGroups.${name}`, message: `is ${name.length} characters: a spoke group name has at most ${SPOKE_NAME_MAX}, because the hub's policies are named "<group>${LONGEST_SPOKE_POLICY_SUFFIX}" and ACM replicates them to each cluster as "${GLOBAL_SET_NAMESPACE}.<name>" (at most ${REPLICATED_POLICY_NAME_MAX} characters)` });
    }
    if (spoke.hub === name) {
      problems.push({ path: at('spoke.hub'), message: `names this cluster group itself: a spoke is brought up by another group's ACM (defined: ${defined})` });
    } else if (!hub) {
      problems.push({ path: at('spoke.hub'), message: `names cluster group "${spoke.hub}", which is not defined (defined: ${defined})` });
    } else if (hub.spoke) {
      problems.push({ path: at('spoke.hub'), message: `names cluster group "${spoke.hub}", which is itself a spoke (of "${hub.spoke.hub}"): a hub must not be selected as a spoke` });
    } else if (!hub.acm.enabled) {
      problems.push({ path: at('spoke.hub'), message: `names cluster group "${spoke.hub}", which does not run ACM (acm.enabled: false): the hub's ACM brings up the spoke clusters` });
    }
    const selector = clusterSelectorOf(name, spoke);
    // Two selectors are disjoint only when they give one label key different values: otherwise a cluster
    // carrying the labels of both gets both groups' root Applications, which then fight over its objects.
    const overlapping = [...selectors].find(([, s]) => s.hub === spoke.hub && !disjoint(s.selector, selector))?.[0];
    if (Object.keys(selector).length === 0) {
      problems.push({ path: at('spoke.clusterSelector'), message: 'must name at least one label: an empty selector selects every managed cluster' });
    } else if (overlapping) {
      problems.push({ path: at('spoke.clusterSelector'), message: `can select the same clusters as cluster group "${overlapping}" (a cluster labelled ${labelsText({ ...selectors.get(overlapping)!.selector, ...selector })} matches both): give both groups one label key with different values (e.g. clusterGroup)` });
    } else {
      selectors.set(name, { hub: spoke.hub, selector });
    }
    if (group.externalSecrets.enabled) {
      // Compared by the read policy each prefix names: "a/b" and "a-b" both name "a-b-read".
      const prefix = group.externalSecrets.store.authMountPath;
      const policy = spokeReadPolicyName(prefix);
      const shared = [...mountPrefixes].find(([, p]) => p.hub === spoke.hub && p.policy === policy)?.[0];
      if (shared) {
        problems.push({ path: at('externalSecrets.store.authMountPath'), message: `is "${prefix}", which names the Vault read policy "${policy}" of cluster group "${shared}" too: each spoke group needs its own prefix (one policy would grant one group what the other reads)` });
      } else {
        mountPrefixes.set(name, { hub: spoke.hub, policy });
      }
    }
    for (const area of SPOKE_DISABLED_AREAS.filter(a => a !== 'externalSecrets')) {
      if (group[area].enabled) {
        problems.push({ path: at(`${area}.enabled`), message: `must be false on a spoke: ${SPOKE_AREA_HOME[area]}, got true` });
      }
    }
    if (group.sandbox.enabled && group.sandbox.sshDebug.enabled && !group.externalSecrets.enabled) {
      problems.push({ path: at('sandbox.sshDebug.enabled'), message: 'needs externalSecrets.enabled on a spoke (its public key comes from the hub\'s Vault): enable External Secrets, or set sshDebug.enabled to false' });
    }
    if (group.externalSecrets.enabled && !group.externalSecrets.store.vaultServer && hub && !hub.spoke) {
      const why = !hub.vault.enabled ? `cluster group "${spoke.hub}" runs no Vault (vault.enabled: false)`
        : !vaultRouteHost(hub) ? `the host of the Vault Route of cluster group "${spoke.hub}" is unknown (set its appsDomain or vault.routeHost)`
          : undefined;
      if (why) problems.push({ path: at('externalSecrets.store.vaultServer'), message: `is required: a spoke's External Secrets read its hub's Vault, and ${why}` });
    }
  }
  return problems;
}

/** The longest spoke group name: its hub's policies for it are named after it (lib/acm/names.ts). */
export const SPOKE_NAME_MAX = SPOKE_POLICY_PREFIX_MAX;

const SPOKE_AREA_HOME = {
  trustee: 'Trustee runs on the trusted hub, and the spoke\'s workloads attest to it (spoke.hub)',
  vault: 'Vault runs on the trusted hub',
  acm: 'the hub\'s ACM manages the fleet',
} as const;

/** Whether no cluster can match both selectors: some label key has different values in them. */
function disjoint(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  return Object.keys(a).some(k => k in b && a[k] !== b[k]);
}

