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

/** Labels as a reader writes them: "k=v, k2=v2". */
export function labelsText(selector: Readonly<Record<string, string>>): string {
  return Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(', ');
}
