/**
 * The hub side of a spoke cluster group: which clusters the policies reach, in which order they apply,
 * what each enforces (the GitOps operator, the Argo CD instance, the spoke's bootstrap), strict schema of
 * everything including the embedded objects, and the errors of bad props.
 */
import { ApiObject, Testing } from 'cdk8s';
import { KataConfig } from '../../imports/kataconfiguration.openshift.io';
import { GLOBAL_SET_NAMESPACE } from '../../lib/acm/configuration-policy';
import { APPLICATION_HEALTH_CHECK } from '../../lib/fleet/argocd-instance';
import { GITOPS_OPERATOR, gitopsOperatorObjects, spokeGitOpsFinding } from '../../lib/fleet/gitops-operator';
import { SpokeBootstrapPolicies, SpokeBootstrapPoliciesProps } from '../../lib/fleet/spoke-bootstrap-policies';
import { ArgoAppChart } from '../../lib/gitops/argo-app-chart';
import { Bootstrap } from '../../lib/gitops/bootstrap';
import { ClusterGroup } from '../../lib/gitops/cluster-group';
import { ManagedClusterLike, selectedClusters } from '../support/placement';
import { problemsOf } from '../support/problems';
import { describeWithSchemas, embeddedObjectChecks, schemaValidator } from '../support/schemas';

type Manifest = Record<string, any>;
const SOURCE = { repoURL: 'https://git.example.com/org/gitops.git', targetRevision: 'main', path: 'dist' };

/** A hub group with an `acm` Application, and a spoke group with one Application and its Bootstrap. */
function setup(props: Partial<SpokeBootstrapPoliciesProps> = {}, group = 'spoke') {
  const app = Testing.app();
  const hub = new ClusterGroup(app, 'hub', { source: SOURCE });
  const acm = new ArgoAppChart(hub, 'acm', { project: 'hub', namespace: 'open-cluster-management' });
  const spoke = new ClusterGroup(app, group, { source: SOURCE });
  const sandbox = new ArgoAppChart(spoke, 'sandbox', { project: 'sandbox', namespace: 'openshift-sandboxed-containers-operator', syncWave: 20 });
  new KataConfig(sandbox, 'kc', { metadata: { name: 'default-kata-config' }, spec: { checkNodeEligibility: false } });
  const bootstrap = new Bootstrap(spoke, 'bootstrap', { rootName: `coco-pattern-${group}` });
  const policies = new SpokeBootstrapPolicies(acm, group, { group, bootstrapObjects: bootstrap.seed, ...props });
  const objects: Manifest[] = Testing.synth(acm);
  const one = (kind: string, name: string) => {
    const hits = objects.filter(o => o.kind === kind && o.metadata.name === name);
    if (hits.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${hits.length}`);
    return hits[0];
  };
  return { app, bootstrap, policies, objects, one };
}

/** The objects a Policy's (only) ConfigurationPolicy enforces, with their compliance types. */
function templates(policy: Manifest): { complianceType: string; objectDefinition: Manifest }[] {
  expect(policy.spec['policy-templates']).toHaveLength(1);
  return policy.spec['policy-templates'][0].objectDefinition.spec['object-templates'];
}
const kinds = (policy: Manifest) => templates(policy).map(t => `${t.complianceType} ${t.objectDefinition.kind} ${t.objectDefinition.metadata.namespace ?? ''}/${t.objectDefinition.metadata.name}`);

describe('SpokeBootstrapPolicies: objects', () => {
  test('three Policies, each with its Placement and PlacementBinding, in open-cluster-management-global-set (no ManagedClusterSetBinding)', () => {
    const { objects } = setup();
    expect(objects.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      `Policy ${GLOBAL_SET_NAMESPACE}/spoke-gitops`,
      `Placement ${GLOBAL_SET_NAMESPACE}/spoke-gitops-placement`,
      `PlacementBinding ${GLOBAL_SET_NAMESPACE}/spoke-gitops-placement-binding`,
      `Policy ${GLOBAL_SET_NAMESPACE}/spoke-argocd`,
      `Placement ${GLOBAL_SET_NAMESPACE}/spoke-argocd-placement`,
      `PlacementBinding ${GLOBAL_SET_NAMESPACE}/spoke-argocd-placement-binding`,
      `Policy ${GLOBAL_SET_NAMESPACE}/spoke-bootstrap`,
      `Placement ${GLOBAL_SET_NAMESPACE}/spoke-bootstrap-placement`,
      `PlacementBinding ${GLOBAL_SET_NAMESPACE}/spoke-bootstrap-placement-binding`,
    ]);
  });

  test('namePrefix names the policies (several spoke groups share the namespace)', () => {
    const { objects } = setup({ namePrefix: 'azure' });
    expect(objects.filter(o => o.kind === 'Policy').map(o => o.metadata.name)).toEqual(['azure-gitops', 'azure-argocd', 'azure-bootstrap']);
  });

  test('each binding binds its Policy to its Placement', () => {
    const { one } = setup();
    for (const name of ['spoke-gitops', 'spoke-argocd', 'spoke-bootstrap']) {
      const binding = one('PlacementBinding', `${name}-placement-binding`);
      expect([binding.placementRef.name, binding.subjects]).toEqual([`${name}-placement`, [{ apiGroup: 'policy.open-cluster-management.io', kind: 'Policy', name }]]);
    }
  });
});

describe('SpokeBootstrapPolicies: which clusters', () => {
  const clusters: ManagedClusterLike[] = [
    // The hub, even when someone labels it into the group.
    { name: 'local-cluster', labels: { 'local-cluster': 'true', 'clusterGroup': 'spoke', 'cloud': 'Azure' } },
    { name: 'spoke-1', labels: { clusterGroup: 'spoke', cloud: 'Azure' } },
    { name: 'spoke-2', labels: { clusterGroup: 'spoke', cloud: 'Amazon', env: 'prod' } },
    // Unreachable: the policies stay, instead of leaving and coming back with the connection.
    { name: 'spoke-3', labels: { clusterGroup: 'spoke' }, taints: [{ key: 'cluster.open-cluster-management.io/unreachable', effect: 'NoSelect' }] },
    { name: 'spoke-4', labels: { clusterGroup: 'spoke' }, taints: [{ key: 'cluster.open-cluster-management.io/unavailable', effect: 'NoSelect' }] },
    { name: 'edge-1', labels: { clusterGroup: 'edge', cloud: 'Azure' } },
    { name: 'new-cluster', labels: {} },
  ];

  test('every Placement selects the clusters labelled clusterGroup=<group>, never the hub', () => {
    const { objects } = setup();
    const placements = objects.filter(o => o.kind === 'Placement');
    expect(placements).toHaveLength(3);
    for (const p of placements) {
      expect([p.metadata.name, selectedClusters(p, clusters)]).toEqual([p.metadata.name, ['spoke-1', 'spoke-2', 'spoke-3', 'spoke-4']]);
    }
  });

  test('the Placements are exactly the group label, the hub excluded, the unreachable taints tolerated', () => {
    const { one } = setup();
    expect(one('Placement', 'spoke-gitops-placement').spec).toEqual({
      clusterSets: ['global'],
      predicates: [{ requiredClusterSelector: { labelSelector: { matchLabels: { clusterGroup: 'spoke' }, matchExpressions: [{ key: 'local-cluster', operator: 'NotIn', values: ['true'] }] } } }],
      tolerations: [
        { key: 'cluster.open-cluster-management.io/unreachable', operator: 'Exists' },
        { key: 'cluster.open-cluster-management.io/unavailable', operator: 'Exists' },
      ],
    });
  });

  test('another group selects its own clusters', () => {
    const { objects } = setup({}, 'edge');
    for (const p of objects.filter(o => o.kind === 'Placement')) {
      expect(selectedClusters(p, clusters)).toEqual(['edge-1']);
    }
  });

  test('a clusterSelector replaces the group label (and still never selects the hub)', () => {
    const { objects } = setup({ clusterSelector: { cloud: 'Azure' } });
    for (const p of objects.filter(o => o.kind === 'Placement')) {
      expect(selectedClusters(p, clusters)).toEqual(['spoke-1', 'edge-1']);
    }
  });
});

describe('SpokeBootstrapPolicies: order', () => {
  /** The Policies that apply on a cluster whose policies have the given compliance; the others are Pending. */
  function applying(policies: Manifest[], compliant: string[]): string[] {
    return policies.filter(p => (p.spec.dependencies ?? []).every((d: Manifest) => {
      expect(d).toMatchObject({ apiVersion: 'policy.open-cluster-management.io/v1', kind: 'Policy', compliance: 'Compliant' });
      expect(policies.some(q => q.metadata.name === d.name && q.metadata.namespace === d.namespace)).toBe(true);
      return compliant.includes(d.name);
    })).map(p => p.metadata.name);
  }

  test('the GitOps operator first, then the Argo CD instance, then the bootstrap', () => {
    const { objects } = setup();
    const policies = objects.filter(o => o.kind === 'Policy');
    expect(applying(policies, [])).toEqual(['spoke-gitops']);
    expect(applying(policies, ['spoke-gitops'])).toEqual(['spoke-gitops', 'spoke-argocd']);
    expect(applying(policies, ['spoke-gitops', 'spoke-argocd'])).toEqual(['spoke-gitops', 'spoke-argocd', 'spoke-bootstrap']);
    // The argocd policy failing holds the bootstrap back.
    expect(applying(policies, ['spoke-gitops'])).not.toContain('spoke-bootstrap');
  });

  test('without an instance policy the bootstrap depends on the operator', () => {
    const { objects, policies } = setup({ argoCd: { applicationHealth: false } });
    expect(policies.argoCdPolicy).toBeUndefined();
    expect(objects.filter(o => o.kind === 'Policy').map(p => [p.metadata.name, (p.spec.dependencies ?? []).map((d: Manifest) => d.name)])).toEqual([
      ['spoke-gitops', []], ['spoke-bootstrap', ['spoke-gitops']],
    ]);
  });

  test('the construct lists its policies in dependency order', () => {
    const { policies } = setup();
    expect(policies.policies.map(p => p.name)).toEqual(['spoke-gitops', 'spoke-argocd', 'spoke-bootstrap']);
    expect(policies.policies).toEqual([policies.operatorPolicy, policies.argoCdPolicy, policies.bootstrapPolicy]);
  });
});

describe('SpokeBootstrapPolicies: the GitOps operator', () => {
  test('Namespace, OperatorGroup (all namespaces) and Subscription of openshift-gitops-operator, in the pinned minor channel', () => {
    const { one, policies } = setup();
    const policy = one('Policy', 'spoke-gitops');
    expect(kinds(policy)).toEqual([
      'musthave Namespace /openshift-gitops-operator',
      'musthave OperatorGroup openshift-gitops-operator/openshift-gitops-operator',
      'musthave Subscription openshift-gitops-operator/openshift-gitops-operator',
    ]);
    const [, og, sub] = templates(policy).map(t => t.objectDefinition);
    expect(og.spec).toEqual({ upgradeStrategy: 'Default' });
    expect(sub.spec).toEqual({
      name: 'openshift-gitops-operator', channel: 'gitops-1.21', installPlanApproval: 'Automatic', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace',
    });
    expect(policies.channel).toBe('gitops-1.21');
    expect(policy.spec.remediationAction).toBe('enforce');
  });

  test('channel and catalog follow the settings', () => {
    const { one, policies } = setup({ operator: { channel: 'gitops-1.19', source: 'mirror', sourceNamespace: 'mirrors' } });
    const sub = templates(one('Policy', 'spoke-gitops'))[2].objectDefinition;
    expect(sub.spec).toMatchObject({ channel: 'gitops-1.19', source: 'mirror', sourceNamespace: 'mirrors' });
    expect(policies.channel).toBe('gitops-1.19');
  });

  test('an Argo CD namespace of its own is made cluster-scoped, and the default instance turned off', () => {
    const sub = gitopsOperatorObjects({}, 'spoke-gitops')[2] as Manifest;
    expect(sub.spec.config).toEqual({ env: [
      { name: 'ARGOCD_CLUSTER_CONFIG_NAMESPACES', value: 'spoke-gitops' },
      { name: 'DISABLE_DEFAULT_ARGOCD_INSTANCE', value: 'true' },
    ] });
    expect((gitopsOperatorObjects()[2] as Manifest).spec.config).toBeUndefined();
  });

  test('the posture finding names the group and the channel the spokes follow', () => {
    expect(spokeGitOpsFinding('spoke', GITOPS_OPERATOR.channel)).toMatchObject({
      id: 'spoke-gitops-follows-channel', severity: 'low',
      title: 'OpenShift GitOps on the spoke clusters of spoke follows channel gitops-1.21 (Automatic approval)',
    });
  });
});

describe('SpokeBootstrapPolicies: the Argo CD instance', () => {
  test('by default the operator\'s instance gets Application health assessment (musthave: its other settings stay)', () => {
    const { one } = setup();
    const policy = one('Policy', 'spoke-argocd');
    expect(kinds(policy)).toEqual(['musthave ArgoCD openshift-gitops/openshift-gitops']);
    expect(templates(policy)[0].objectDefinition).toEqual({
      apiVersion: 'argoproj.io/v1beta1', kind: 'ArgoCD', metadata: { name: 'openshift-gitops', namespace: 'openshift-gitops' },
      spec: { resourceHealthChecks: [{ group: 'argoproj.io', kind: 'Application', check: APPLICATION_HEALTH_CHECK }] },
    });
  });

  test('the health check is Argo CD\'s documented one (docs/operator-manual/health.md, "Argocd App")', () => {
    expect(APPLICATION_HEALTH_CHECK).toBe('hs = {}\nhs.status = "Progressing"\nhs.message = ""\nif obj.status ~= nil then\n  if obj.status.health ~= nil then\n'
      + '    hs.status = obj.status.health.status\n    if obj.status.health.message ~= nil then\n      hs.message = obj.status.health.message\n    end\n  end\nend\nreturn hs\n');
  });

  test('a namespace of its own gets its Namespace and an instance there', () => {
    const { one } = setup({ argoCd: { namespace: 'spoke-gitops', applicationHealth: false } });
    expect(kinds(one('Policy', 'spoke-argocd'))).toEqual(['musthave Namespace /spoke-gitops', 'musthave ArgoCD spoke-gitops/openshift-gitops']);
    expect(templates(one('Policy', 'spoke-argocd'))[1].objectDefinition.spec).toEqual({});
    expect(templates(one('Policy', 'spoke-gitops'))[2].objectDefinition.spec.config.env[0]).toEqual({ name: 'ARGOCD_CLUSTER_CONFIG_NAMESPACES', value: 'spoke-gitops' });
  });
});

describe('SpokeBootstrapPolicies: the spoke bootstrap', () => {
  test('enforces the spoke\'s seed: controller RBAC, root AppProject and root Application, musthave', () => {
    const { one } = setup();
    expect(kinds(one('Policy', 'spoke-bootstrap'))).toEqual([
      'musthave ClusterRole /coco-pattern-spoke-argocd-controller',
      'musthave ClusterRoleBinding /coco-pattern-spoke-argocd-controller',
      'musthave AppProject openshift-gitops/coco-pattern-spoke',
      'musthave Application openshift-gitops/coco-pattern-spoke',
    ]);
  });

  test('the root Application syncs <gitops.path>/<spoke>/bootstrap from the same repository', () => {
    const { one } = setup();
    const root = templates(one('Policy', 'spoke-bootstrap'))[3].objectDefinition;
    expect(root.spec.source).toEqual({ repoURL: SOURCE.repoURL, targetRevision: 'main', path: 'dist/spoke/bootstrap' });
    expect(root.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'openshift-gitops' });
  });

  test('the embedded objects are byte for byte what the spoke\'s bootstrap folder holds (Argo CD and the policy agree)', () => {
    const { one, bootstrap } = setup();
    const folder: Manifest[] = Testing.synth(bootstrap);
    for (const t of templates(one('Policy', 'spoke-bootstrap'))) {
      const d = t.objectDefinition;
      expect(d).toEqual(folder.find(o => o.kind === d.kind && o.metadata.name === d.metadata.name));
    }
    // The RBAC covers what the spoke renders, resolved at synth time.
    const role = templates(one('Policy', 'spoke-bootstrap'))[0].objectDefinition;
    expect(role.rules).toContainEqual({ apiGroups: ['kataconfiguration.openshift.io'], resources: ['kataconfigs'], verbs: expect.any(Array) });
  });

  test('plain manifests work as bootstrap objects', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hello', namespace: 'openshift-gitops' }, data: { a: 'b' } };
    const { one } = setup({ bootstrapObjects: [cm] });
    expect(templates(one('Policy', 'spoke-bootstrap'))).toEqual([{ complianceType: 'musthave', objectDefinition: cm }]);
  });
});

describe('SpokeBootstrapPolicies: errors', () => {
  const bad = (props: Partial<SpokeBootstrapPoliciesProps>, group = 'spoke') => problemsOf(() => setup(props, group));

  test.each([
    ['group', { group: 'Spoke_1' }, /^SpokeBootstrapPolicies group: must be a DNS-1123 label .*got "Spoke_1"$/],
    ['namePrefix', { namePrefix: 'a.b' }, /^SpokeBootstrapPolicies namePrefix: must be a DNS-1123 label .*got "a.b"$/],
    ['argoCd.namespace', { argoCd: { namespace: 'Argo' } }, /^SpokeBootstrapPolicies argoCd.namespace: must be a DNS-1123 label .*got "Argo"$/],
    ['argoCd.name', { argoCd: { name: '-x' } }, /^SpokeBootstrapPolicies argoCd.name: must be a DNS-1123 label .*got "-x"$/],
    ['operator.channel', { operator: { channel: 'latest' } }, /^SpokeBootstrapPolicies operator.channel: must be a "gitops-<major>.<minor>" channel \(e.g. "gitops-1.21"\), which holds the spokes at one minor version, got "latest"$/],
  ])('a bad %s', (_, props, message) => {
    const problems = bad(props);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test('a group name too long for the replicated policy names: the error names group, or namePrefix when given', () => {
    const long = 's'.repeat(19);
    expect(bad({}, long)).toEqual([
      `SpokeBootstrapPolicies group: makes the policy "${long}-bootstrap", which ACM replicates as "open-cluster-management-global-set.${long}-bootstrap" (64 characters, at most 63): give a namePrefix of at most 18 characters`,
    ]);
    expect(() => setup({ namePrefix: 's'.repeat(18) }, long)).not.toThrow();
    expect(bad({ namePrefix: long })).toEqual([expect.stringMatching(/^SpokeBootstrapPolicies namePrefix: makes the policy/)]);
  });

  test('an empty cluster selector, no bootstrap object, an object without kind', () => {
    expect(bad({ clusterSelector: {} })).toEqual(['SpokeBootstrapPolicies clusterSelector: must have at least one label: an empty selector would bootstrap every managed cluster']);
    expect(bad({ bootstrapObjects: [] })).toEqual(['SpokeBootstrapPolicies bootstrapObjects: must list at least one object (e.g. the spoke group\'s Bootstrap.seed)']);
    expect(bad({ bootstrapObjects: [{ apiVersion: 'v1', metadata: { name: 'x' } }] }))
      .toEqual(['SpokeBootstrapPolicies bootstrapObjects[0]: must have kind, got {"apiVersion":"v1","metadata":{"name":"x"}}']);
  });

  test('every problem at once', () => {
    expect(bad({ namePrefix: 'A', operator: { channel: 'stable' }, bootstrapObjects: [] }).map(p => p.split(':')[0])).toEqual([
      'SpokeBootstrapPolicies namePrefix', 'SpokeBootstrapPolicies operator.channel', 'SpokeBootstrapPolicies bootstrapObjects',
    ]);
  });
});

describe('SpokeBootstrapPolicies: rendered', () => {
  test('snapshot', () => {
    expect(setup().objects).toMatchSnapshot();
  });

  test('ApiObjects of the spoke stay in the spoke\'s chart (the hub renders copies inside its policies)', () => {
    const { bootstrap, policies } = setup();
    for (const o of bootstrap.seed) expect(ApiObject.isApiObject(o) && o.chart).toBe(bootstrap);
    expect(policies.node.findAll().filter(ApiObject.isApiObject).map(o => o.kind)).not.toContain('Application');
  });
});

describeWithSchemas('SpokeBootstrapPolicies: strict schema validation', () => {
  test.each([
    ['defaults', () => setup().objects],
    ['own Argo CD namespace', () => setup({ argoCd: { namespace: 'spoke-gitops' }, operator: { channel: 'gitops-1.19' } }).objects],
  ])('%s: every object, embedded ones included', (_, objects) => {
    for (const o of objects()) {
      expect([`${o.kind}/${o.metadata.name}`, schemaValidator()!.validate(o)]).toEqual([`${o.kind}/${o.metadata.name}`, []]);
    }
  });

  test('an invalid object inside any of the policies fails validation', () => {
    const policies = setup().objects.filter(o => o.kind === 'Policy');
    let checked = 0;
    for (const policy of policies) {
      for (const { where, corrupted, expected } of embeddedObjectChecks(policy)) {
        expect([policy.metadata.name, where, schemaValidator()!.validate(corrupted)]).toEqual([policy.metadata.name, where, [expected]]);
        checked++;
      }
    }
    // 3 ConfigurationPolicies + 3 operator objects + 1 ArgoCD + 4 bootstrap objects
    expect(checked).toBe(11);
  });
});
