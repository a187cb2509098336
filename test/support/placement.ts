/**
 * What a rendered ACM Placement selects, for tests: the decision of the OCM placement controller for one
 * ManagedCluster, reduced to what the pattern's Placements use. Semantics from open-cluster-management-io/api
 * v1.3.0 (the Placement CRD in the schema folder): predicates are ORed, the requirements inside a label
 * selector ANDed (Kubernetes label selector rules); a cluster with a `NoSelect` taint is selected only when
 * a toleration matches the taint's key (operator `Exists`, or `Equal` with its value). The ManagedClusterSet
 * part is taken as given: every cluster is in `global`, which ACM binds to open-cluster-management-global-set.
 */

type Json = Record<string, any>;

/** A managed cluster as the hub sees it: its labels, and its taints (e.g. when unreachable). */
export interface ManagedClusterLike {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints?: readonly { key: string; value?: string; effect: 'NoSelect' | 'PreferNoSelect' | 'NoSelectIfNew' }[];
}

function matchesSelector(selector: Json, labels: Readonly<Record<string, string>>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e: Json) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In': return has && e.values.includes(labels[e.key]);
      case 'NotIn': return !has || !e.values.includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: throw new Error(`unknown operator ${e.operator}`);
    }
  });
  return byLabels && byExpressions;
}

/** Does the rendered Placement select the cluster? */
export function placementSelects(placement: Json, cluster: ManagedClusterLike): boolean {
  const spec = placement.spec ?? {};
  const sets: string[] | undefined = spec.clusterSets;
  if (sets && !sets.includes('global')) throw new Error('placementSelects models the global cluster set only');
  const tolerated = (t: { key: string; value?: string }) => (spec.tolerations ?? []).some((tol: Json) =>
    tol.key === t.key && (tol.operator === 'Exists' || tol.value === t.value));
  if ((cluster.taints ?? []).some(t => t.effect === 'NoSelect' && !tolerated(t))) return false;
  const predicates: Json[] = spec.predicates ?? [];
  return predicates.length === 0 || predicates.some(p => matchesSelector(p.requiredClusterSelector?.labelSelector ?? {}, cluster.labels));
}

/** The names of the clusters the Placement selects. */
export function selectedClusters(placement: Json, clusters: readonly ManagedClusterLike[]): string[] {
  return clusters.filter(c => placementSelects(placement, c)).map(c => c.name);
}
