import { GLOBAL_SET_NAMESPACE } from '../acm/configuration-policy';
import { SpokeBootstrapPolicies } from '../fleet/spoke-bootstrap-policies';
import { ArgoAppChart } from '../gitops/argo-app-chart';
import { ClusterGroup } from '../gitops/cluster-group';
import { RenderedInitData } from '../initdata';
import { PeerPodsPolicy } from '../sandbox/peer-pods-policy';
import type { BootstrapObject } from '../fleet/spoke-bootstrap-policies';
import { AppWaves } from './waves';

/** What a hub renders for one of its spoke groups. */
export interface SpokeOfHub {
  readonly name: string;
  /** The labels of its managed clusters. */
  readonly clusterSelector: Readonly<Record<string, string>>;
  /** What starts its app of apps (its Bootstrap's seed). */
  readonly seed: readonly BootstrapObject[];
  /** Its `peer-pods-cm`, when ACM templates build it on each of its clusters. */
  readonly peerPods?: { readonly data: Readonly<Record<string, string>>; readonly defaultInitData: RenderedInitData };
}

/**
 * The hub's `fleet` Application (project `hub`, after ACM): per spoke group, the policies that bring up
 * OpenShift GitOps and the group's app of apps on every managed cluster its labels select, and the
 * policy that builds its `peer-pods-cm` on each of them from the cluster's own facts.
 */
export function addFleet(hub: ClusterGroup, spokes: readonly SpokeOfHub[]): void {
  if (spokes.length === 0) return;
  const chart = new ArgoAppChart(hub, 'fleet', { project: 'hub', namespace: GLOBAL_SET_NAMESPACE, syncWave: AppWaves.FLEET });
  for (const spoke of spokes) {
    new SpokeBootstrapPolicies(chart, `${spoke.name}-bootstrap`, { group: spoke.name, clusterSelector: spoke.clusterSelector, bootstrapObjects: spoke.seed });
    if (spoke.peerPods) {
      new PeerPodsPolicy(chart, `${spoke.name}-peer-pods`, {
        data: spoke.peerPods.data,
        defaultInitData: spoke.peerPods.defaultInitData,
        clusterSelector: spoke.clusterSelector,
        excludeLocalCluster: true,
        tolerateUnreachable: true,
        namePrefix: spoke.name,
      });
    }
  }
}
