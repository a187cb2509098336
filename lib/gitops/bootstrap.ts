import { ApiObject, Lazy } from 'cdk8s';
import * as k8s from '../../imports/k8s';
import { Application, ApplicationSpec, AppProject } from '../../imports/argoproj.io';
import { apiGroupOf, apiResourceOf } from './api-resources';
import { setSyncWave, Waves } from './argo';
import { ArgoAppChart } from './argo-app-chart';
import { ClusterGroup } from './cluster-group';

/** The in-cluster API server, as Argo CD names it. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Verbs Argo CD needs to manage an object. */
const MANAGE_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

export interface BootstrapProps {
  /**
   * Name of the root Application and its AppProject.
   * @default "<cluster group>"
   */
  readonly rootName?: string;
  /**
   * Service account of the Argo CD application controller, granted exactly the kinds the group renders.
   * @default "openshift-gitops-argocd-application-controller"
   */
  readonly controllerServiceAccount?: string;
  /**
   * The API server the group's Applications deploy to, as the Argo CD that syncs them names it. Each
   * cluster (hub or spoke) runs its own Argo CD, so this is the cluster Argo CD runs in.
   * @default IN_CLUSTER
   */
  readonly server?: string;
}

/**
 * The `bootstrap` folder of a cluster group: one AppProject per project used by the group's
 * Applications (least privilege: only this repository, only the namespaces and cluster-scoped kinds
 * its Applications render), the Applications themselves, an app-of-apps root Application that syncs
 * this folder, and RBAC that lets the Argo CD controller manage exactly the kinds the group renders.
 * `oc apply -f <output>/<group>/bootstrap/` on a cluster with OpenShift GitOps starts everything.
 */
export class Bootstrap extends ArgoAppChart {
  public readonly rootName: string;
  /** The API server the Applications deploy to. */
  public readonly server: string;
  /**
   * What must exist on a cluster for this folder to sync itself: the controller's ClusterRole and
   * ClusterRoleBinding, the root AppProject and the root Application (pointing at `<path>/<group>/bootstrap`).
   * Everything else in the folder comes through the root Application. A hub applies these to the spoke
   * clusters of the group (see SpokeBootstrapPolicies).
   */
  public readonly seed: readonly ApiObject[];
  private readonly controllerServiceAccount: string;
  private rootProject?: AppProject;
  private rootApplication?: Application;

  constructor(scope: ClusterGroup, id: string = 'bootstrap', props: BootstrapProps = {}) {
    const rootName = props.rootName ?? scope.name;
    super(scope, id, { project: rootName, namespace: scope.argoNamespace });
    this.rootName = rootName;
    this.controllerServiceAccount = props.controllerServiceAccount ?? 'openshift-gitops-argocd-application-controller';
    this.server = props.server ?? IN_CLUSTER;

    const group = this.clusterGroup;
    const apps = group.apps;
    this.node.addValidation({
      validate: () => group.apps.filter(a => !apps.includes(a))
        .map(a => `Application '${a.appName}' was added after the Bootstrap of cluster group '${group.name}': create the Bootstrap last`),
    });
    this.renderChildren(apps);

    const rbacName = `${rootName}-argocd-controller`;
    const role = new k8s.KubeClusterRole(this, 'ControllerRole', {
      metadata: { name: rbacName },
      rules: Lazy.any({ produce: () => this.controllerRules() }),
    });
    setSyncWave(role, Waves.OPERATOR);
    const binding = new k8s.KubeClusterRoleBinding(this, 'ControllerRoleBinding', {
      metadata: { name: rbacName },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: rbacName },
      subjects: [{ kind: 'ServiceAccount', name: this.controllerServiceAccount, namespace: group.argoNamespace }],
    });
    setSyncWave(binding, Waves.OPERATOR);
    this.seed = [role, binding, this.rootProject!, this.rootApplication!];
  }

  /** Renders one AppProject per project and one Application per chart of the group. */
  private renderChildren(apps: ArgoAppChart[]): void {
    const group = this.clusterGroup;
    const projects = new Map<string, ArgoAppChart[]>();
    for (const app of apps) {
      projects.set(app.project, [...(projects.get(app.project) ?? []), app]);
    }
    for (const [project, members] of [...projects].sort(([a], [b]) => a.localeCompare(b))) {
      const p = new AppProject(this, `project-${project}`, {
        metadata: { name: project, namespace: group.argoNamespace },
        spec: {
          description: `coco-cdk8s ${group.name}: ${members.map(m => m.appName).join(', ')}`,
          sourceRepos: [...new Set([group.source.repoURL, ...members.flatMap(m => (m.helm ? [m.helm.repoURL] : []))])],
          destinations: Lazy.any({ produce: () => [...new Set(members.flatMap(m => m.namespaces))].sort().map(namespace => ({ server: this.server, namespace })) }),
          clusterResourceWhitelist: Lazy.any({ produce: () => dedupe(members.flatMap(m => m.clusterKinds)) }),
        },
      });
      setSyncWave(p, Waves.OPERATOR);
      if (project === this.project) this.rootProject = p;
    }
    for (const app of apps) {
      const a = new Application(this, `app-${app.appName}`, {
        metadata: { name: app.appName === this.appName ? this.rootName : app.appName, namespace: group.argoNamespace },
        spec: {
          project: app.project,
          ...sources(app, { repoUrl: group.source.repoURL, targetRevision: group.source.targetRevision, path: app.path }),
          destination: { server: this.server, namespace: app.destinationNamespace },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            retry: { limit: 10, backoff: { duration: '15s', factor: 2, maxDuration: '5m' } },
            syncOptions: Lazy.any({ produce: () => (app.ignoredDifferences.length > 0 ? ['RespectIgnoreDifferences=true'] : undefined) }),
          },
          ignoreDifferences: Lazy.any({
            produce: () => (app.ignoredDifferences.length > 0
              ? app.ignoredDifferences.map(d => ({ group: d.group ?? '', kind: d.kind, name: d.name, namespace: d.namespace, jsonPointers: [...d.jsonPointers] }))
              : undefined),
          }),
        },
      });
      if (app !== this) {
        setSyncWave(a, app.syncWave);
      } else {
        this.rootApplication = a;
      }
    }
  }

  /** One rule per API group, covering every kind the group's Applications render. */
  private controllerRules(): k8s.PolicyRule[] {
    const byGroup = new Map<string, Set<string>>();
    for (const o of this.clusterGroup.apps.flatMap(a => a.resources)) {
      const g = apiGroupOf(o.apiVersion);
      byGroup.set(g, (byGroup.get(g) ?? new Set()).add(apiResourceOf(o.apiVersion, o.kind).plural));
    }
    // RBAC objects may grant what the controller itself does not hold (e.g. a Role reading one Secret,
    // a binding to an SCC's ClusterRole): that needs `bind` and `escalate`.
    return [...byGroup].sort(([a], [b]) => a.localeCompare(b))
      .map(([g, plurals]) => ({ apiGroups: [g], resources: [...plurals].sort(), verbs: g === RBAC_GROUP ? [...MANAGE_VERBS, 'bind', 'escalate'].sort() : MANAGE_VERBS }));
  }
}

/** The Application's source: its folder, or the Helm chart plus the folder when it renders objects too. */
function sources(app: ArgoAppChart, folder: { repoUrl: string; targetRevision: string; path: string }): Pick<ApplicationSpec, 'source' | 'sources'> {
  if (!app.helm) {
    return { source: folder };
  }
  const helm = {
    repoUrl: app.helm.repoURL,
    chart: app.helm.chart,
    targetRevision: app.helm.version,
    helm: { releaseName: app.helm.releaseName ?? app.helm.chart, valuesObject: app.helm.values },
  };
  return { sources: app.apiObjects.length > 0 ? [helm, folder] : [helm] };
}

function dedupe(kinds: { group: string; kind: string }[]): { group: string; kind: string }[] {
  const map = new Map(kinds.map(k => [`${k.group}/${k.kind}`, k]));
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
}
