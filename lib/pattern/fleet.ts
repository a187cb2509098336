import { clusterStoreNamespaces } from '../secrets/vault-secret';
import { GLOBAL_SET_NAMESPACE } from '../acm/configuration-policy';
import { spokeVaultAuthScriptName } from '../acm/names';
import { SpokeBootstrapPolicies } from '../fleet/spoke-bootstrap-policies';
import { SpokeSecretStorePolicy, SpokeSecretStorePolicyProps } from '../fleet/spoke-secret-store';
import { spokeVaultAuthScript } from '../fleet/spoke-vault-auth';
import { ArgoAppChart } from '../gitops/argo-app-chart';
import { ClusterGroup } from '../gitops/cluster-group';
import { RenderedInitData } from '../initdata';
import { OPERATORS } from '../olm/catalog';
import { OutputFile } from '../output/output-file';
import { PeerPodsPolicy } from '../sandbox/peer-pods-policy';
import { vaultPathsRead } from '../secrets/vault-secret';
import type { BootstrapObject } from '../fleet/spoke-bootstrap-policies';
import type { GroupPlan } from './plan';
import { AppWaves } from './waves';

/** A spoke group's External Secrets as its hub serves them: the store's settings and the Vault paths it reads. */
export type SpokeSecrets = Omit<SpokeSecretStorePolicyProps, 'group' | 'clusterSelector' | 'namePrefix'> & {
  /** Vault paths (KV v2 API form) the group's ExternalSecrets read. */
  readonly reads: readonly string[];
};

/** What a hub renders for one of its spoke groups. */
export interface SpokeOfHub {
  readonly name: string;
  /** The labels of its managed clusters. */
  readonly clusterSelector: Readonly<Record<string, string>>;
  /** What starts its app of apps (its Bootstrap's seed). */
  readonly seed: readonly BootstrapObject[];
  /** Its `peer-pods-cm`, when ACM templates build it on each of its clusters. */
  readonly peerPods?: { readonly data: Readonly<Record<string, string>>; readonly defaultInitData: RenderedInitData };
  /** Its External Secrets, when it runs them: they read the hub's Vault. */
  readonly secrets?: SpokeSecrets;
}

/**
 * The External Secrets of spoke group `plan`, built in `cg`, as its hub serves them; undefined when it runs
 * none. The reads are the Vault paths of its VaultSecrets: all a cluster of the group may read.
 */
export function spokeSecretsOf(plan: GroupPlan, cg: ClusterGroup): SpokeSecrets | undefined {
  const eso = plan.config.externalSecrets;
  const server = plan.spokeOf?.vaultServer;
  if (!eso.enabled || !server) return undefined;
  return {
    storeName: eso.store.name,
    vaultServer: server,
    kvPath: eso.store.kvPath,
    authMountPrefix: eso.store.authMountPath,
    authRole: eso.store.authRole,
    serviceAccount: { name: eso.store.serviceAccount, namespace: OPERATORS.externalSecrets.namespace },
    reads: vaultPathsRead(cg),
    namespaces: clusterStoreNamespaces(cg, eso.store.name),
  };
}

/**
 * The hub's `fleet` Application (project `hub`, after ACM): per spoke group, the policies that bring up
 * OpenShift GitOps and the group's app of apps on every managed cluster its labels select, the policy that
 * builds its `peer-pods-cm` on each of them from the cluster's own facts, and, when it runs External Secrets,
 * the policy that creates its ClusterSecretStore on the hub's Vault with the script that configures Vault
 * for each of its clusters (`<group>-vault-auth.sh`).
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
    if (spoke.secrets) {
      const { reads, ...store } = spoke.secrets;
      new SpokeSecretStorePolicy(chart, `${spoke.name}-secrets`, { ...store, group: spoke.name, clusterSelector: spoke.clusterSelector });
      new OutputFile(chart, `${spoke.name}-vault-auth`, {
        fileName: spokeVaultAuthScriptName(spoke.name),
        content: () => spokeVaultAuthScript({ ...store, group: spoke.name, hub: hub.name, clusterSelector: spoke.clusterSelector, reads }),
      });
    }
  }
}
