/**
 * ACM: the ConfigurationPolicy builder (Policy + Placement + PlacementBinding) and the hub
 * (operator + MultiClusterHub).
 */
import { ApiObject, Testing } from 'cdk8s';
import * as k8s from '../../imports/k8s';
import { CLUSTER_TAINTS, ConfigurationPolicy, ConfigurationPolicyProps, GLOBAL_SET_NAMESPACE, ObjectTemplate } from '../../lib/acm/configuration-policy';
import { AcmHub, AcmHubProps } from '../../lib/acm/hub';
import { OPERATORS } from '../../lib/olm/catalog';
import { describeWithSchemas, schemaValidator } from '../support/schemas';
import { ManagedClusterLike, selectedClusters } from '../support/placement';
import { problemsOf } from '../support/problems';

type Manifest = Record<string, any>;

const CONFIG_MAP: ObjectTemplate = {
  complianceType: 'musthave',
  objectDefinition: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'ns' }, data: { key: '{{ fromSecret "ns" "s" "k" }}' } },
};
const base: ConfigurationPolicyProps = {
  name: 'my-policy',
  configurationPolicyName: 'my-cp',
  objectTemplates: [CONFIG_MAP],
  clusterSelector: { cloud: 'Azure' },
};

function synthPolicy(props: ConfigurationPolicyProps) {
  const chart = Testing.chart();
  const construct = new ConfigurationPolicy(chart, 'policy', props);
  const objects: Manifest[] = Testing.synth(chart);
  const one = (kind: string) => objects.find(o => o.kind === kind)!;
  return { construct, objects, one };
}


describe('ConfigurationPolicy', () => {
  test('renders a Policy, a Placement and a PlacementBinding, in that order', () => {
    // WHEN
    const { objects } = synthPolicy(base);
    // THEN
    expect(objects.map(o => `${o.apiVersion} ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      `policy.open-cluster-management.io/v1 Policy ${GLOBAL_SET_NAMESPACE}/my-policy`,
      `cluster.open-cluster-management.io/v1beta1 Placement ${GLOBAL_SET_NAMESPACE}/my-policy-placement`,
      `policy.open-cluster-management.io/v1 PlacementBinding ${GLOBAL_SET_NAMESPACE}/my-policy-placement-binding`,
    ]);
    expect(GLOBAL_SET_NAMESPACE).toBe('open-cluster-management-global-set');
  });

  test('the Policy embeds one enforced ConfigurationPolicy with the object templates verbatim', () => {
    // WHEN
    const { one } = synthPolicy(base);
    // THEN
    expect(one('Policy').spec).toEqual({
      'disabled': false,
      'remediationAction': 'enforce',
      'policy-templates': [{
        objectDefinition: {
          apiVersion: 'policy.open-cluster-management.io/v1',
          kind: 'ConfigurationPolicy',
          metadata: { name: 'my-cp' },
          spec: {
            'remediationAction': 'enforce',
            'severity': 'medium',
            'object-templates': [{ complianceType: 'musthave', objectDefinition: CONFIG_MAP.objectDefinition }],
          },
        },
      }],
    });
  });

  test('inform, severity and several object templates are passed through in order', () => {
    // GIVEN
    const second: ObjectTemplate = { complianceType: 'mustnothave', objectDefinition: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'old', namespace: 'ns' } } };
    // WHEN
    const { one } = synthPolicy({ ...base, remediationAction: 'inform', severity: 'high', objectTemplates: [CONFIG_MAP, second] });
    // THEN
    const policy = one('Policy');
    expect(policy.spec.remediationAction).toBe('inform');
    const cp = policy.spec['policy-templates'][0].objectDefinition.spec;
    expect(cp.remediationAction).toBe('inform');
    expect(cp.severity).toBe('high');
    expect(cp['object-templates'].map((t: Manifest) => `${t.complianceType} ${t.objectDefinition.kind}`)).toEqual(['musthave ConfigMap', 'mustnothave Secret']);
  });

  test('the Placement selects clusters by label from the global set by default', () => {
    const { one } = synthPolicy({ ...base, clusterSelector: { cloud: 'Azure', vendor: 'OpenShift' } });
    expect(one('Placement').spec).toEqual({
      clusterSets: ['global'],
      predicates: [{ requiredClusterSelector: { labelSelector: { matchLabels: { cloud: 'Azure', vendor: 'OpenShift' } } } }],
    });
  });

  test('the Placement takes other cluster sets', () => {
    const { one } = synthPolicy({ ...base, clusterSets: ['prod', 'dev'] });
    expect(one('Placement').spec.clusterSets).toEqual(['prod', 'dev']);
  });

  test('the PlacementBinding binds the Policy to the Placement', () => {
    const { one } = synthPolicy(base);
    const binding = one('PlacementBinding');
    expect(binding.placementRef).toEqual({ apiGroup: 'cluster.open-cluster-management.io', kind: 'Placement', name: 'my-policy-placement' });
    expect(binding.subjects).toEqual([{ apiGroup: 'policy.open-cluster-management.io', kind: 'Policy', name: 'my-policy' }]);
  });

  test('namespace, Placement and PlacementBinding names follow the props', () => {
    // WHEN
    const { objects, one } = synthPolicy({ ...base, namespace: 'policies', placementName: 'azure-clusters', bindingName: 'bind-it' });
    // THEN
    expect(objects.map(o => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['policies/my-policy', 'policies/azure-clusters', 'policies/bind-it']);
    expect(one('PlacementBinding').placementRef.name).toBe('azure-clusters');
  });

  test('every object skips the Argo CD dry run (ACM brings the CRDs) and syncs after the operators', () => {
    const { objects } = synthPolicy(base);
    for (const o of objects) {
      expect(o.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '10', 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' });
    }
  });

  test('the Policy is the default child', () => {
    const { construct } = synthPolicy(base);
    expect(ApiObject.of(construct)).toBe(construct.policy);
  });

  test('excludeLocalCluster: the Placement never selects the hub, whatever its labels', () => {
    const { one } = synthPolicy({ ...base, excludeLocalCluster: true });
    expect(one('Placement').spec.predicates).toEqual([{ requiredClusterSelector: { labelSelector: {
      matchLabels: { cloud: 'Azure' }, matchExpressions: [{ key: 'local-cluster', operator: 'NotIn', values: ['true'] }],
    } } }]);
    const clusters: ManagedClusterLike[] = [{ name: 'local-cluster', labels: { 'local-cluster': 'true', 'cloud': 'Azure' } }, { name: 'spoke', labels: { cloud: 'Azure' } }];
    expect(selectedClusters(one('Placement'), clusters)).toEqual(['spoke']);
    expect(selectedClusters(synthPolicy(base).one('Placement'), clusters)).toEqual(['local-cluster', 'spoke']);
  });

  test('tolerateUnreachable: an unreachable or unavailable cluster keeps the policy', () => {
    const tolerant = synthPolicy({ ...base, tolerateUnreachable: true }).one('Placement');
    expect(tolerant.spec.tolerations).toEqual(CLUSTER_TAINTS.map(key => ({ key, operator: 'Exists' })));
    const clusters = CLUSTER_TAINTS.map(key => ({ name: key, labels: { cloud: 'Azure' }, taints: [{ key, effect: 'NoSelect' as const }] }));
    expect(selectedClusters(tolerant, clusters)).toEqual([...CLUSTER_TAINTS]);
    expect(selectedClusters(synthPolicy(base).one('Placement'), clusters)).toEqual([]);
  });

  test('dependsOn: the Policy waits for the others to be Compliant (spec.dependencies)', () => {
    const chart = Testing.chart();
    const first = new ConfigurationPolicy(chart, 'first', { ...base, name: 'first', configurationPolicyName: 'first' });
    const second = new ConfigurationPolicy(chart, 'second', { ...base, name: 'second', configurationPolicyName: 'second', dependsOn: [first, { name: 'elsewhere', namespace: 'policies' }] });
    expect(second.name).toBe('second');
    const policies = Testing.synth(chart).filter((o: Manifest) => o.kind === 'Policy');
    expect(policies[0].spec.dependencies).toBeUndefined();
    expect(policies[1].spec.dependencies).toEqual([
      { apiVersion: 'policy.open-cluster-management.io/v1', kind: 'Policy', name: 'first', namespace: GLOBAL_SET_NAMESPACE, compliance: 'Compliant' },
      { apiVersion: 'policy.open-cluster-management.io/v1', kind: 'Policy', name: 'elsewhere', namespace: 'policies', compliance: 'Compliant' },
    ]);
  });

  test('an ApiObject as object template is rendered as its chart renders it, when the policy is synthesized', () => {
    // GIVEN: an object of another chart, changed after the policy was created
    const other = Testing.chart();
    const cm = new k8s.KubeConfigMap(other, 'cm', { metadata: { name: 'cm', namespace: 'ns' }, data: { a: '1' } });
    const chart = Testing.chart();
    new ConfigurationPolicy(chart, 'p', { ...base, objectTemplates: [{ complianceType: 'musthave', objectDefinition: cm }] });
    cm.metadata.addLabel('late', 'yes');
    // WHEN
    const policy = Testing.synth(chart).find((o: Manifest) => o.kind === 'Policy');
    // THEN
    const definition = policy.spec['policy-templates'][0].objectDefinition.spec['object-templates'][0].objectDefinition;
    expect(definition).toEqual(cm.toJson());
    expect(definition.metadata.labels).toEqual({ late: 'yes' });
  });

  describe('errors', () => {
    test('an empty cluster selector: it would place the policy on every managed cluster', () => {
      expect(problemsOf(() => synthPolicy({ ...base, clusterSelector: {} }))).toEqual([
        'ConfigurationPolicy clusterSelector: must have at least one label: an empty selector would place the policy on every managed cluster',
      ]);
    });

    test('excludeLocalCluster with a selector that asks for the hub: nothing would be selected', () => {
      expect(problemsOf(() => synthPolicy({ ...base, clusterSelector: { 'local-cluster': 'true' }, excludeLocalCluster: true }))).toEqual([
        'ConfigurationPolicy clusterSelector: selects local-cluster=true (the hub) while excludeLocalCluster is set: the Placement would select nothing',
      ]);
    });

    test('a policy that depends on itself would stay Pending', () => {
      expect(problemsOf(() => synthPolicy({ ...base, dependsOn: [{ name: 'other', namespace: GLOBAL_SET_NAMESPACE }, { name: 'my-policy', namespace: GLOBAL_SET_NAMESPACE }] }))).toEqual([
        'ConfigurationPolicy dependsOn[1]: is the policy itself ("my-policy"): it would stay Pending forever; remove it from dependsOn',
      ]);
    });

    test('no object templates', () => {
      expect(problemsOf(() => synthPolicy({ ...base, objectTemplates: [] }))).toEqual(['ConfigurationPolicy objectTemplates: must list at least one object']);
    });

    test.each([
      ['name', { name: 'My_Policy' }, /^ConfigurationPolicy name: must be a DNS-1123 subdomain .*got "My_Policy"$/],
      ['namespace', { namespace: 'a.b' }, /^ConfigurationPolicy namespace: must be a DNS-1123 label .*got "a.b"$/],
      ['configurationPolicyName', { configurationPolicyName: 'CP' }, /^ConfigurationPolicy configurationPolicyName: must be a DNS-1123 subdomain .*got "CP"$/],
      ['placementName', { placementName: 'place ment' }, /^ConfigurationPolicy placementName: must be a DNS-1123 subdomain .*got "place ment"$/],
      ['bindingName', { bindingName: '-binding' }, /^ConfigurationPolicy bindingName: must be a DNS-1123 subdomain .*got "-binding"$/],
    ])('a bad %s', (_, bad, message) => {
      const problems = problemsOf(() => synthPolicy({ ...base, ...bad }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(message);
    });

    test('a replicated name "<namespace>.<name>" over 63 characters', () => {
      // GIVEN: 34 + 1 + 29 = 64 characters
      const name = 'p'.repeat(29);
      // WHEN / THEN
      expect(problemsOf(() => synthPolicy({ ...base, name }))).toEqual([
        'ConfigurationPolicy name: "<namespace>.<name>" must be at most 63 characters (ACM replicates the policy under that name), got 64',
      ]);
    });

    test('a replicated name of exactly 63 characters is fine', () => {
      const name = 'p'.repeat(28);
      expect(() => synthPolicy({ ...base, name })).not.toThrow();
      expect(() => synthPolicy({ ...base, namespace: 'n'.repeat(10), name: 'p'.repeat(52) })).not.toThrow();
    });

    test('the replicated name counts the given namespace', () => {
      expect(problemsOf(() => synthPolicy({ ...base, namespace: 'n'.repeat(30), name: 'p'.repeat(33) })))
        .toEqual(['ConfigurationPolicy name: "<namespace>.<name>" must be at most 63 characters (ACM replicates the policy under that name), got 64']);
    });

    test('reports every problem at once', () => {
      const problems = problemsOf(() => synthPolicy({ ...base, name: 'Bad', bindingName: 'Bad', objectTemplates: [], clusterSelector: {} }));
      expect(problems.map(p => p.split(':')[0])).toEqual([
        'ConfigurationPolicy name', 'ConfigurationPolicy bindingName', 'ConfigurationPolicy objectTemplates', 'ConfigurationPolicy clusterSelector',
      ]);
    });
  });
});

function synthHub(props: Partial<AcmHubProps> = {}) {
  const chart = Testing.chart();
  const hub = new AcmHub(chart, 'acm', { operator: { ...OPERATORS.acm }, ...props });
  const objects: Manifest[] = Testing.synth(chart);
  return { hub, objects, one: (kind: string) => objects.find(o => o.kind === kind)! };
}

describe('AcmHub', () => {
  test('installs advanced-cluster-management through OLM in open-cluster-management', () => {
    // WHEN
    const { objects, one } = synthHub();
    // THEN
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/open-cluster-management',
      'OperatorGroup/open-cluster-management-operator-group',
      'Subscription/advanced-cluster-management',
      'MultiClusterHub/multiclusterhub',
    ]);
    expect(one('Subscription').spec).toMatchObject({ name: 'advanced-cluster-management', channel: OPERATORS.acm.channel });
    expect(one('OperatorGroup').spec).toEqual({ targetNamespaces: ['open-cluster-management'] });
  });

  test('the MultiClusterHub multiclusterhub manages the hub itself, highly available by default', () => {
    // WHEN
    const { one } = synthHub();
    // THEN
    const mch = one('MultiClusterHub');
    expect(mch.apiVersion).toBe('operator.open-cluster-management.io/v1');
    expect(mch.metadata).toMatchObject({ name: 'multiclusterhub', namespace: 'open-cluster-management' });
    expect(mch.spec).toEqual({ availabilityConfig: 'High', disableHubSelfManagement: false });
  });

  test('Basic availability runs one replica per component', () => {
    expect(synthHub({ availability: 'Basic' }).one('MultiClusterHub').spec.availabilityConfig).toBe('Basic');
  });

  test('the MultiClusterHub comes after the operator and skips the dry run of its CRD', () => {
    const { objects, one } = synthHub();
    expect(one('MultiClusterHub').metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': '10', 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
    });
    // The Namespace one wave before the OperatorGroup and Subscription (an approver's RBAC goes there too).
    for (const o of objects.filter(x => x.kind !== 'MultiClusterHub')) {
      expect(o.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(o.kind === 'Namespace' ? '-11' : '-10');
    }
  });

  test('the operator settings reach the Subscription and the hub follows its namespace', () => {
    const { one } = synthHub({ operator: { ...OPERATORS.acm, channel: 'release-2.14', namespace: 'acm', installPlanApproval: 'Manual' } });
    expect(one('Subscription').spec).toMatchObject({ channel: 'release-2.14', installPlanApproval: 'Manual' });
    expect(one('MultiClusterHub').metadata.namespace).toBe('acm');
  });

  test('a bad operator setting is an error naming the field', () => {
    expect(() => synthHub({ operator: { ...OPERATORS.acm, channel: '' } })).toThrow(/^OperatorInstall channel: must be a non-empty channel name/);
  });
});

describeWithSchemas('ACM: strict schema validation', () => {
  test.each([
    ['ConfigurationPolicy (defaults)', () => synthPolicy(base).objects],
    ['ConfigurationPolicy (every prop)', () => synthPolicy({
      ...base, namespace: 'policies', remediationAction: 'inform', severity: 'critical', clusterSets: ['prod'], placementName: 'p', bindingName: 'b',
      excludeLocalCluster: true, tolerateUnreachable: true, dependsOn: [{ name: 'other', namespace: 'policies' }],
    }).objects],
    ['AcmHub', () => synthHub({ availability: 'Basic' }).objects],
  ])('%s', (_, objects) => {
    for (const o of objects()) {
      expect([`${o.kind}/${o.metadata.name}`, schemaValidator()!.validate(o)]).toEqual([`${o.kind}/${o.metadata.name}`, []]);
    }
  });
});
