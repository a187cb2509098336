/**
 * PeerPodsPolicy: `peer-pods-cm` by ACM policy, built on each selected cluster from its own cloud-conf. Used
 * by SandboxedContainers on a single cluster (the reference pattern's names, output unchanged), and on a hub
 * for a spoke cluster group (`clusterGroup=<group>`, never the hub, names per group).
 */
import { Testing } from 'cdk8s';
import { buildInitData, RenderedInitData } from '../../lib/initdata';
import { OPERATORS } from '../../lib/olm/catalog';
import { renderAgentPolicy } from '../../lib/policy';
import { ACM_CLOUD_CONF, azureAcmTemplateData, OSC_NAMESPACE, PEER_PODS_CONFIGMAP } from '../../lib/sandbox/peer-pods';
import { PeerPodsPolicy, PeerPodsPolicyProps } from '../../lib/sandbox/peer-pods-policy';
import { SandboxedContainers } from '../../lib/sandbox/sandboxed-containers';
import { KBS_CERT } from '../initdata/certificate';
import { ManagedClusterLike, selectedClusters } from '../support/placement';
import { problemsOf } from '../support/problems';
import { describeWithSchemas, embeddedObjectChecks, schemaValidator } from '../support/schemas';

type Manifest = Record<string, any>;

const initData = (kbsUrl: string): RenderedInitData => buildInitData({
  algorithm: 'sha256',
  aa: { kbsUrl, kbsCertificate: KBS_CERT },
  cdh: { kbsUrl, kbsCertificate: KBS_CERT },
  policy: renderAgentPolicy({ preset: 'no-exec' }),
});
const INIT_DATA = initData('https://kbs-trustee-operator-system.apps.hub.example.com');
const DATA = azureAcmTemplateData({ initdata: INIT_DATA.encoded });
const { INITDATA: _, ...DATA_WITHOUT_INITDATA } = DATA;

/** What a hub renders for spoke group `group`. */
const spokeProps = (group: string, defaultInitData = INIT_DATA): PeerPodsPolicyProps => ({
  data: DATA_WITHOUT_INITDATA, defaultInitData, clusterSelector: { clusterGroup: group }, excludeLocalCluster: true, tolerateUnreachable: true, namePrefix: group,
});

function synth(...props: PeerPodsPolicyProps[]) {
  const chart = Testing.chart();
  props.forEach((p, i) => new PeerPodsPolicy(chart, `p${i}`, p));
  const objects: Manifest[] = Testing.synth(chart);
  return { objects, one: (kind: string, name: string) => objects.find(o => o.kind === kind && o.metadata.name === name)! };
}
const configMap = (policy: Manifest) => policy.spec['policy-templates'][0].objectDefinition.spec['object-templates'][0];

describe('PeerPodsPolicy for a spoke cluster group on a hub', () => {
  test('names carry the group: Policy, ConfigurationPolicy, Placement and PlacementBinding', () => {
    const { objects, one } = synth(spokeProps('azure-spokes'));
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Policy/azure-spokes-peer-pods', 'Placement/azure-spokes-peer-pods-placement', 'PlacementBinding/azure-spokes-peer-pods-placement-binding',
    ]);
    expect(one('Policy', 'azure-spokes-peer-pods').spec['policy-templates'][0].objectDefinition.metadata.name).toBe('azure-spokes-peer-pods-cm');
  });

  test('the Placement selects the group\'s clusters, never the hub, and keeps unreachable ones', () => {
    const clusters: ManagedClusterLike[] = [
      { name: 'local-cluster', labels: { 'local-cluster': 'true', 'cloud': 'Azure', 'clusterGroup': 'spoke' } },
      { name: 'spoke-1', labels: { cloud: 'Azure', clusterGroup: 'spoke' } },
      { name: 'spoke-2', labels: { cloud: 'Azure', clusterGroup: 'spoke' }, taints: [{ key: 'cluster.open-cluster-management.io/unreachable', effect: 'NoSelect' }] },
      { name: 'other-azure', labels: { cloud: 'Azure', clusterGroup: 'edge' } },
    ];
    const { one } = synth(spokeProps('spoke'));
    expect(selectedClusters(one('Placement', 'spoke-peer-pods-placement'), clusters)).toEqual(['spoke-1', 'spoke-2']);
  });

  test('every cluster-specific value is a managed-cluster template reading that cluster\'s own cloud-conf (no hub template, no Azure id in git)', () => {
    const { one } = synth(spokeProps('spoke'));
    const cm = configMap(one('Policy', 'spoke-peer-pods'));
    expect(cm.complianceType).toBe('mustonlyhave');
    expect(cm.objectDefinition.metadata).toEqual({ name: PEER_PODS_CONFIGMAP, namespace: OSC_NAMESPACE });
    const data: Record<string, string> = cm.objectDefinition.data;
    for (const key of ['AZURE_REGION', 'AZURE_RESOURCE_GROUP', 'AZURE_SUBNET_ID', 'AZURE_NSG_ID']) {
      expect([key, data[key]]).toEqual([key, expect.stringContaining(`{{ ${ACM_CLOUD_CONF}.`)]);
    }
    expect(Object.values(data).some(v => v.includes('{{hub'))).toBe(false);
    expect(JSON.stringify(data)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });

  test('INITDATA is the spoke group\'s default initdata', () => {
    const spoke = initData('https://kbs-trustee-operator-system.apps.other-hub.example.com');
    const { one } = synth(spokeProps('spoke', spoke));
    expect(configMap(one('Policy', 'spoke-peer-pods')).objectDefinition.data.INITDATA).toBe(spoke.encoded);
  });

  test('two spoke groups on one hub: distinct names, each placed on its own clusters', () => {
    const { objects } = synth(spokeProps('spoke-a'), spokeProps('spoke-b'));
    const names = objects.map(o => `${o.kind}/${o.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
    expect(objects.filter(o => o.kind === 'Placement').map(p => p.spec.predicates[0].requiredClusterSelector.labelSelector.matchLabels))
      .toEqual([{ clusterGroup: 'spoke-a' }, { clusterGroup: 'spoke-b' }]);
  });

  test('another INITDATA than the default initdata\'s blob is refused, naming the field', () => {
    expect(problemsOf(() => synth({ ...spokeProps('spoke'), data: { ...DATA, INITDATA: 'aW5pdGRhdGE=' } }))).toEqual([
      'PeerPodsPolicy data.INITDATA: must be the blob of defaultInitData (its readable copy and the reference values describe it): leave it out and the construct sets it, got another value',
    ]);
  });

  test('a prefix too long for the replicated policy name is refused by the policy builder, naming it', () => {
    expect(problemsOf(() => synth(spokeProps('s'.repeat(19))))).toEqual([
      'ConfigurationPolicy name: "<namespace>.<name>" must be at most 63 characters (ACM replicates the policy under that name), got 64',
    ]);
  });

  test('snapshot', () => {
    expect(synth(spokeProps('spoke')).objects).toMatchSnapshot();
  });
});

describe('PeerPodsPolicy on a single cluster: what SandboxedContainers renders, unchanged', () => {
  test('without a prefix: the reference pattern\'s names and selector, no hub exclusion, no tolerations', () => {
    const { objects } = synth({ data: DATA, defaultInitData: INIT_DATA, clusterSelector: { cloud: 'Azure' } });
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Policy/peerpods-cm-policy', 'Placement/peerpods-placement', 'PlacementBinding/peerpods-placement-binding',
    ]);
    expect(objects[1].spec).toEqual({ clusterSets: ['global'], predicates: [{ requiredClusterSelector: { labelSelector: { matchLabels: { cloud: 'Azure' } } } }] });
  });

  test('is byte for byte the policy SandboxedContainers renders for the acm source', () => {
    const chart = Testing.chart();
    new SandboxedContainers(chart, 'osc', {
      operator: { ...OPERATORS.sandbox }, defaultInitData: INIT_DATA, peerPods: { type: 'acm', data: DATA, clusterSelector: { cloud: 'Azure' } },
    });
    const fromSandbox = (Testing.synth(chart) as Manifest[]).filter(o => o.apiVersion.includes('open-cluster-management'));
    expect(fromSandbox).toEqual(synth({ data: DATA, defaultInitData: INIT_DATA, clusterSelector: { cloud: 'Azure' } }).objects);
  });
});

describe('SandboxedContainers with peer-pods-cm from the managing hub', () => {
  test('renders no policy and no ConfigMap for peer-pods-cm (the hub\'s PeerPodsPolicy creates it)', () => {
    const chart = Testing.chart();
    const osc = new SandboxedContainers(chart, 'osc', { operator: { ...OPERATORS.sandbox }, defaultInitData: INIT_DATA, peerPods: { type: 'hub' } });
    const objects: Manifest[] = Testing.synth(chart);
    expect(objects.filter(o => o.apiVersion.includes('open-cluster-management') || o.metadata.name === PEER_PODS_CONFIGMAP)).toEqual([]);
    expect([osc.peerPodsPolicy, osc.peerPodsConfigMap]).toEqual([undefined, undefined]);
    expect(objects.map(o => o.kind)).toContain('KataConfig');
  });
});

describeWithSchemas('PeerPodsPolicy: strict schema validation', () => {
  test('every object, the embedded ConfigMap included; a corrupted embedded object fails', () => {
    const { objects } = synth(spokeProps('spoke'));
    for (const o of objects) {
      expect([`${o.kind}/${o.metadata.name}`, schemaValidator()!.validate(o)]).toEqual([`${o.kind}/${o.metadata.name}`, []]);
    }
    const checks = embeddedObjectChecks(objects.find(o => o.kind === 'Policy')!);
    expect(checks).toHaveLength(2);
    for (const { where, corrupted, expected } of checks) {
      expect([where, schemaValidator()!.validate(corrupted)]).toEqual([where, [expected]]);
    }
  });
});
