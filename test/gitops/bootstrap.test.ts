import { App, Testing } from 'cdk8s';
import * as k8s from '../../imports/k8s';
import { ArgoAppChart } from '../../lib/gitops/argo-app-chart';
import { Bootstrap } from '../../lib/gitops/bootstrap';
import { ClusterGroup } from '../../lib/gitops/cluster-group';
import { KataConfig } from '../../imports/kataconfiguration.openshift.io';

function setup(server?: string) {
  const app = Testing.app();
  const group = new ClusterGroup(app, 'simple', { source: { repoURL: 'https://git.example.com/o/r.git', targetRevision: 'v1', path: 'out' } });
  const trustee = new ArgoAppChart(group, 'trustee', { project: 'trustee', namespace: 'trustee-operator-system', syncWave: 20 });
  new k8s.KubeNamespace(trustee, 'ns', { metadata: { name: 'trustee-operator-system' } });
  new k8s.KubeConfigMap(trustee, 'cm', { metadata: { name: 'cm', namespace: 'trustee-operator-system' } });
  const sandbox = new ArgoAppChart(group, 'sandbox', { project: 'sandbox', namespace: 'osc' });
  new KataConfig(sandbox, 'kc', { metadata: { name: 'kc' }, spec: { checkNodeEligibility: false } });
  const workloads = new ArgoAppChart(group, 'hello', { project: 'workloads', namespace: 'hello' });
  const more = new ArgoAppChart(group, 'more', { project: 'workloads', namespace: 'more' });
  new k8s.KubeService(more, 'svc', { metadata: { name: 'svc', namespace: 'other' }, spec: {} });
  const bootstrap = new Bootstrap(group, 'bootstrap', { rootName: 'coco-simple', server });
  return { app, group, bootstrap, workloads, objects: Testing.synth(bootstrap) };
}

const byName = (objects: any[], kind: string, name: string) => objects.find(o => o.kind === kind && o.metadata.name === name);

describe('Bootstrap', () => {
  test('renders one Application per chart, pointing at its folder', () => {
    const { objects } = setup();
    const apps = objects.filter(o => o.kind === 'Application');
    expect(apps.map(a => a.metadata.name)).toEqual(['trustee', 'sandbox', 'hello', 'more', 'coco-simple']);
    const trustee = byName(objects, 'Application', 'trustee');
    expect(trustee.metadata).toMatchObject({ namespace: 'openshift-gitops', annotations: { 'argocd.argoproj.io/sync-wave': '20' } });
    expect(trustee.spec).toEqual({
      project: 'trustee',
      source: { repoURL: 'https://git.example.com/o/r.git', targetRevision: 'v1', path: 'out/simple/trustee' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'trustee-operator-system' },
      syncPolicy: { automated: { prune: true, selfHeal: true }, retry: { limit: 10, backoff: { duration: '15s', factor: 2, maxDuration: '5m' } } },
    });
  });

  test('Applications and AppProjects deploy to the server given (default: the cluster Argo CD runs in)', () => {
    const servers = (objects: any[]) => [...new Set(objects.flatMap(o =>
      o.kind === 'Application' ? [o.spec.destination.server] : o.kind === 'AppProject' ? o.spec.destinations.map((d: any) => d.server) : []))];
    expect(servers(setup().objects)).toEqual(['https://kubernetes.default.svc']);
    expect(servers(setup('https://api.other.example.com:6443').objects)).toEqual(['https://api.other.example.com:6443']);
  });

  test('seed: the controller RBAC, root AppProject and root Application, what a fresh cluster needs for the folder to sync itself', () => {
    const { bootstrap, objects } = setup();
    expect(bootstrap.seed.map(o => `${o.kind}/${o.name}`)).toEqual([
      'ClusterRole/coco-simple-argocd-controller', 'ClusterRoleBinding/coco-simple-argocd-controller', 'AppProject/coco-simple', 'Application/coco-simple',
    ]);
    for (const o of bootstrap.seed) {
      expect(byName(objects, o.kind, o.name)).toEqual(o.toJson());
    }
    expect(bootstrap.seed[3].toJson().spec.source.path).toBe('out/simple/bootstrap');
  });

  test('the root Application syncs the bootstrap folder itself (app of apps)', () => {
    const { objects } = setup();
    const root = byName(objects, 'Application', 'coco-simple');
    expect(root.spec.source.path).toBe('out/simple/bootstrap');
    expect(root.spec.project).toBe('coco-simple');
    expect(root.metadata.annotations).toBeUndefined();
  });

  test('AppProjects are least privilege: this repository, the namespaces and cluster-scoped kinds their Applications render', () => {
    const { objects } = setup();
    expect(objects.filter(o => o.kind === 'AppProject').map(p => p.metadata.name)).toEqual(['coco-simple', 'sandbox', 'trustee', 'workloads']);
    const trustee = byName(objects, 'AppProject', 'trustee');
    expect(trustee.spec).toEqual({
      description: 'coco-cdk8s simple: trustee',
      sourceRepos: ['https://git.example.com/o/r.git'],
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'trustee-operator-system' }],
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
    });
    const sandbox = byName(objects, 'AppProject', 'sandbox');
    expect(sandbox.spec.clusterResourceWhitelist).toEqual([{ group: 'kataconfiguration.openshift.io', kind: 'KataConfig' }]);
    const workloads = byName(objects, 'AppProject', 'workloads');
    expect(workloads.spec.destinations.map((d: any) => d.namespace)).toEqual(['hello', 'more', 'other']);
    expect(workloads.spec.clusterResourceWhitelist).toEqual([]);
    const root = byName(objects, 'AppProject', 'coco-simple');
    expect(root.spec.clusterResourceWhitelist).toEqual([
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ]);
  });

  test('grants the Argo CD controller exactly the kinds the group renders', () => {
    const { objects } = setup();
    const role = byName(objects, 'ClusterRole', 'coco-simple-argocd-controller');
    const verbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps', 'namespaces', 'services'], verbs },
      { apiGroups: ['argoproj.io'], resources: ['applications', 'appprojects'], verbs },
      { apiGroups: ['kataconfiguration.openshift.io'], resources: ['kataconfigs'], verbs },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings', 'clusterroles'], verbs: ['bind', 'create', 'delete', 'escalate', 'get', 'list', 'patch', 'update', 'watch'] },
    ]);
    const binding = byName(objects, 'ClusterRoleBinding', 'coco-simple-argocd-controller');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'openshift-gitops-argocd-application-controller', namespace: 'openshift-gitops' }]);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'coco-simple-argocd-controller' });
  });

  test('fails when an Application is added after the Bootstrap', () => {
    const { app, group } = setup();
    new ArgoAppChart(group, 'late', { project: 'x', namespace: 'late' });
    expect(() => app.synthYaml()).toThrow(/Application 'late' was added after the Bootstrap of cluster group 'simple': create the Bootstrap last/);
  });

  test('objects added to a chart after the Bootstrap still reach its AppProject', () => {
    const { group, workloads } = setup();
    new k8s.KubeConfigMap(workloads, 'late-cm', { metadata: { name: 'x', namespace: 'late-ns' } });
    const objects = Testing.synth(group.node.findChild('bootstrap') as Bootstrap);
    expect(byName(objects, 'AppProject', 'workloads').spec.destinations.map((d: any) => d.namespace)).toContain('late-ns');
  });
});

describe('ArgoAppChart and ClusterGroup', () => {
  test.each([
    ['an app name', () => new ArgoAppChart(newGroup(), 'Bad_App', { project: 'p', namespace: 'n' }), /^ArgoAppChart Bad_App: app: must be a DNS-1123 label/],
    ['a project', () => new ArgoAppChart(newGroup(), 'a', { project: 'P', namespace: 'n' }), /^ArgoAppChart a: project: must be a DNS-1123 label/],
    ['a namespace', () => new ArgoAppChart(newGroup(), 'a', { project: 'p', namespace: 'n.s' }), /^ArgoAppChart a: namespace: must be a DNS-1123 label/],
    ['a group name', () => new ClusterGroup(new App(), 'Simple', { source: { repoURL: 'r', targetRevision: 'm', path: 'd' } }), /^clusterGroup: must be a DNS-1123 label/],
  ])('fails on %s that is not a DNS label', (_, make, message) => {
    expect(make).toThrow(message);
  });

  test('an ArgoAppChart outside a ClusterGroup has no group', () => {
    const chart = new ArgoAppChart(new App(), 'lonely', { project: 'p', namespace: 'n' });
    expect(() => chart.clusterGroup).toThrow('lonely is not inside a ClusterGroup');
  });
});

function newGroup() {
  return new ClusterGroup(new App(), 'g', { source: { repoURL: 'r', targetRevision: 'm', path: 'd' } });
}
