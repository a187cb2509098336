/**
 * What the pattern needs to know about each kind it renders: its REST resource name (for the RBAC the
 * bootstrap grants Argo CD) and whether it is namespaced (cluster-scoped objects carry no namespace).
 */

export interface ApiResource {
  /** REST resource name (plural, lowercase). */
  readonly plural: string;
  /** False for cluster-scoped kinds. */
  readonly namespaced: boolean;
}

const RESOURCES: Record<string, ApiResource> = {
  // core and built-in groups (Kubernetes 1.28)
  '/Namespace': { plural: 'namespaces', namespaced: false },
  '/ConfigMap': { plural: 'configmaps', namespaced: true },
  '/Secret': { plural: 'secrets', namespaced: true },
  '/Service': { plural: 'services', namespaced: true },
  '/ServiceAccount': { plural: 'serviceaccounts', namespaced: true },
  '/Pod': { plural: 'pods', namespaced: true },
  'apps/Deployment': { plural: 'deployments', namespaced: true },
  'apps/StatefulSet': { plural: 'statefulsets', namespaced: true },
  'apps/DaemonSet': { plural: 'daemonsets', namespaced: true },
  'policy/PodDisruptionBudget': { plural: 'poddisruptionbudgets', namespaced: true },
  'batch/Job': { plural: 'jobs', namespaced: true },
  'batch/CronJob': { plural: 'cronjobs', namespaced: true },
  'networking.k8s.io/NetworkPolicy': { plural: 'networkpolicies', namespaced: true },
  'rbac.authorization.k8s.io/Role': { plural: 'roles', namespaced: true },
  'rbac.authorization.k8s.io/RoleBinding': { plural: 'rolebindings', namespaced: true },
  'rbac.authorization.k8s.io/ClusterRole': { plural: 'clusterroles', namespaced: false },
  'rbac.authorization.k8s.io/ClusterRoleBinding': { plural: 'clusterrolebindings', namespaced: false },
  // CRDs (names from the CRD files in the schema folder)
  'argoproj.io/Application': { plural: 'applications', namespaced: true },
  'argoproj.io/AppProject': { plural: 'appprojects', namespaced: true },
  'cert-manager.io/Certificate': { plural: 'certificates', namespaced: true },
  'cert-manager.io/Issuer': { plural: 'issuers', namespaced: true },
  'cert-manager.io/ClusterIssuer': { plural: 'clusterissuers', namespaced: false },
  'cluster.open-cluster-management.io/Placement': { plural: 'placements', namespaced: true },
  'cluster.open-cluster-management.io/ManagedClusterSetBinding': { plural: 'managedclustersetbindings', namespaced: true },
  'confidentialcontainers.org/KbsConfig': { plural: 'kbsconfigs', namespaced: true },
  'deviceplugin.intel.com/SgxDevicePlugin': { plural: 'sgxdeviceplugins', namespaced: false },
  'external-secrets.io/ExternalSecret': { plural: 'externalsecrets', namespaced: true },
  'external-secrets.io/ClusterSecretStore': { plural: 'clustersecretstores', namespaced: false },
  'kataconfiguration.openshift.io/KataConfig': { plural: 'kataconfigs', namespaced: false },
  'machineconfiguration.openshift.io/MachineConfig': { plural: 'machineconfigs', namespaced: false },
  'nfd.k8s-sigs.io/NodeFeatureRule': { plural: 'nodefeaturerules', namespaced: true },
  'nfd.openshift.io/NodeFeatureDiscovery': { plural: 'nodefeaturediscoveries', namespaced: true },
  'operator.openshift.io/ExternalSecretsConfig': { plural: 'externalsecretsconfigs', namespaced: false },
  'operator.open-cluster-management.io/MultiClusterHub': { plural: 'multiclusterhubs', namespaced: true },
  'operators.coreos.com/OperatorGroup': { plural: 'operatorgroups', namespaced: true },
  'operators.coreos.com/Subscription': { plural: 'subscriptions', namespaced: true },
  'policy.open-cluster-management.io/Policy': { plural: 'policies', namespaced: true },
  'policy.open-cluster-management.io/ConfigurationPolicy': { plural: 'configurationpolicies', namespaced: true },
  'policy.open-cluster-management.io/PlacementBinding': { plural: 'placementbindings', namespaced: true },
  'route.openshift.io/Route': { plural: 'routes', namespaced: true },
};

/** The API group of an `apiVersion` (`''` for the core group). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Looks up a kind; throws for a kind the pattern does not know (add it to the table above). */
export function apiResourceOf(apiVersion: string, kind: string): ApiResource {
  const resource = RESOURCES[`${apiGroupOf(apiVersion)}/${kind}`];
  if (!resource) {
    throw new Error(`unknown kind ${kind} (${apiVersion}): add it to lib/gitops/api-resources.ts`);
  }
  return resource;
}
