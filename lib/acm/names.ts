/**
 * ACM names the pattern relies on, pure so the configuration checks can use them as the constructs do.
 */

/**
 * The namespace whose Placements can select every managed cluster without an extra
 * ManagedClusterSetBinding: ACM binds the `global` ManagedClusterSet to it (multicloud-operators-foundation
 * 29ea877, globalset_controller.go).
 */
export const GLOBAL_SET_NAMESPACE = 'open-cluster-management-global-set';

/** The label ACM clusters carry to join a spoke group by default (the reference pattern's `clusterGroup=<name>`). */
export const CLUSTER_GROUP_LABEL = 'clusterGroup';

/** ACM replicates a policy to each cluster as `<namespace>.<name>`, a label value: at most 63 characters. */
export const REPLICATED_POLICY_NAME_MAX = 63;

/** The longest suffix of the policies a hub renders per spoke group (`<prefix>-bootstrap`). */
export const LONGEST_SPOKE_POLICY_SUFFIX = '-bootstrap';

/** The longest name prefix of a spoke group's policies in the global-set namespace. */
export const SPOKE_POLICY_PREFIX_MAX = REPLICATED_POLICY_NAME_MAX - `${GLOBAL_SET_NAMESPACE}.`.length - LONGEST_SPOKE_POLICY_SUFFIX.length;

/**
 * The label ACM puts on the hub's own ManagedCluster (`local-cluster: "true"`; stolostron/multiclusterhub-operator
 * `api/v1/multiclusterhub_webhook.go`, main 31083c8). A Placement that excludes it never selects the hub.
 */
export const LOCAL_CLUSTER_LABEL = 'local-cluster';

/** The labels that select a spoke group's clusters when its configuration names none: `clusterGroup=<group>`. */
export function defaultSpokeSelector(group: string): Readonly<Record<string, string>> {
  return { [CLUSTER_GROUP_LABEL]: group };
}

/** The name of the managed cluster a policy is replicated to (a hub template). */
export const MANAGED_CLUSTER_NAME_TEMPLATE = '{{hub .ManagedClusterName hub}}';

/** The Vault Kubernetes auth mount of a spoke cluster: `<prefix>-<managed cluster name>`. */
export function spokeAuthMount(prefix: string, cluster: string = MANAGED_CLUSTER_NAME_TEMPLATE): string {
  return `${prefix}-${cluster}`;
}

/** The name of the Vault read policy of a spoke group's clusters, from its auth mount prefix. */
export function spokeReadPolicyName(authMountPrefix: string): string {
  return `${authMountPrefix.replace(/\//g, '-')}-read`;
}

/** The hub file (in its `fleet` folder) of the script that configures Vault for spoke group `group`. */
export function spokeVaultAuthScriptName(group: string): string {
  return `${group}-vault-auth.sh`;
}

/** Labels as a reader writes them: "k=v, k2=v2". */
export function labelsText(selector: Readonly<Record<string, string>>): string {
  return Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(', ');
}
