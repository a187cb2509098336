/**
 * The bare-metal node side: Node Feature Discovery labelling TDX / SEV-SNP nodes and the host kernel
 * arguments, for each TEE.
 */
import { Testing } from 'cdk8s';
import { BareMetalTeeNodes, BareMetalTeeNodesProps, KATA_RULES, TEE_HOSTS, teeNodeFeatureRules } from '../../lib/baremetal';
import { problemsOf } from '../support/problems';
import { describeWithSchemas, schemaValidator } from '../support/schemas';

type Obj = Record<string, any>;

function render(props: BareMetalTeeNodesProps): { nodes: BareMetalTeeNodes; objects: Obj[] } {
  const chart = Testing.chart();
  const nodes = new BareMetalTeeNodes(chart, 'nodes', props);
  return { nodes, objects: Testing.synth(chart) as Obj[] };
}
const of = (objects: Obj[], kind: string) => objects.filter(o => o.kind === kind);
const wave = (o: Obj) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave'];

describe('Intel TDX nodes', () => {
  const { nodes, objects } = render({ tee: 'tdx' });

  test('NFD from OLM, pinned (Manual approval of the 4.20 CSV) in openshift-nfd', () => {
    const [sub] = of(objects, 'Subscription');
    expect(sub.metadata).toMatchObject({ name: 'nfd', namespace: 'openshift-nfd' });
    expect(sub.spec).toMatchObject({ name: 'nfd', channel: 'stable', source: 'redhat-operators', installPlanApproval: 'Manual', startingCSV: 'nfd.4.20.0-202609201357' });
    expect(of(objects, 'OperatorGroup')[0].spec).toEqual({ targetNamespaces: ['openshift-nfd'] });
  });

  test('the NodeFeatureDiscovery instance and the kata and Intel rules, as custom resources after the operator', () => {
    const [nfd] = of(objects, 'NodeFeatureDiscovery');
    expect(nfd.metadata.name).toBe('nfd-instance');
    expect(nfd.spec).toEqual({ workerConfig: { configData: '' } });
    const rules = of(objects, 'NodeFeatureRule');
    expect(rules.map(r => [r.apiVersion, r.metadata.name, r.metadata.namespace])).toEqual([
      ['nfd.k8s-sigs.io/v1alpha1', 'osc-rules', 'openshift-nfd'],
      ['nfd.k8s-sigs.io/v1alpha1', 'intel-dp-devices', 'openshift-nfd'],
    ]);
    const intel = rules[1].spec.rules;
    expect(intel.map((r: Obj) => [r.name, r.labels, r.extendedResources])).toEqual([
      ['intel.sgx', { 'intel.feature.node.kubernetes.io/sgx': 'true' }, { 'sgx.intel.com/epc': '@cpu.security.sgx.epc' }],
      ['intel.tdx', { 'intel.feature.node.kubernetes.io/tdx': 'true' }, { 'tdx.intel.com/keys': '@cpu.security.tdx.total_keys' }],
    ]);
    expect(intel[1].matchFeatures).toEqual([{ feature: 'cpu.security', matchExpressions: { 'tdx.enabled': { op: 'Exists' } } }]);
    for (const cr of [nfd, ...rules]) {
      expect(wave(cr)).toBe('10');
      expect(cr.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
    }
  });

  test('the worker MachineConfig: kvm_intel.tdx=1 nohibernate and vsock-loopback, cluster-scoped, before KataConfig', () => {
    const [mc] = of(objects, 'MachineConfig');
    expect(mc.metadata).toEqual({ name: '99-enable-coco-worker', labels: { 'machineconfiguration.openshift.io/role': 'worker' }, annotations: { 'argocd.argoproj.io/sync-wave': '1' } });
    expect(mc.spec.kernelArguments).toEqual(['kvm_intel.tdx=1', 'nohibernate']);
    const [file] = mc.spec.config.storage.files;
    expect(mc.spec.config.ignition).toEqual({ version: '3.2.0' });
    expect([file.path, file.mode]).toEqual(['/etc/modules-load.d/vsock.conf', 420]);
    expect(Buffer.from(file.contents.source.replace('data:text/plain;charset=utf-8;base64,', ''), 'base64').toString()).toBe('vsock-loopback\n');
    // the assisted installer's bytes (openshift/assisted-service osc manifest.go)
    expect(file.contents.source).toBe('data:text/plain;charset=utf-8;base64,dnNvY2stbG9vcGJhY2sK');
  });

  test('the kata pool selector is the label NFD puts on TDX nodes', () => {
    expect(nodes.nodeSelector).toEqual({ 'intel.feature.node.kubernetes.io/tdx': 'true' });
    expect(nodes.host.runtimeHandler).toBe('kata-tdx');
  });

  test('snapshot', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('AMD SEV-SNP nodes', () => {
  const { nodes, objects } = render({ tee: 'snp' });

  test('the kata and AMD rules; no MachineConfig (SEV-SNP needs no host kernel argument)', () => {
    expect(of(objects, 'NodeFeatureRule').map(r => r.metadata.name)).toEqual(['osc-rules', 'amd-sev-snp']);
    const [amd] = of(objects, 'NodeFeatureRule')[1].spec.rules;
    expect(amd).toEqual({
      name: 'amd.sev-snp',
      labels: { 'amd.feature.node.kubernetes.io/snp': 'true' },
      extendedResources: { 'sev-snp.amd.com/esids': '@cpu.security.sev.encrypted_state_ids' },
      matchFeatures: [{ feature: 'cpu.security', matchExpressions: { 'sev.snp.enabled': { op: 'Exists' } } }],
    });
    expect(of(objects, 'MachineConfig')).toEqual([]);
    expect(nodes.nodeSelector).toEqual({ 'amd.feature.node.kubernetes.io/snp': 'true' });
  });
});

test('single-node and compact clusters: the master role, or both', () => {
  expect(of(render({ tee: 'tdx', roles: ['master', 'worker'] }).objects, 'MachineConfig').map(m => m.metadata.name)).toEqual(['99-enable-coco-master', '99-enable-coco-worker']);
});

test('no rule relies on matchAll (OpenShift NFD drops it and the empty rule matches every node)', () => {
  const rules = JSON.stringify([KATA_RULES, ...teeNodeFeatureRules('tdx'), ...teeNodeFeatureRules('snp')]);
  expect(rules).not.toContain('matchAll');
  // each TEE's label comes from its own rule set only: one TEE per cluster
  expect(JSON.stringify(teeNodeFeatureRules('snp'))).not.toContain(TEE_HOSTS.tdx.nodeLabel);
  expect(JSON.stringify(teeNodeFeatureRules('tdx'))).not.toContain(TEE_HOSTS.snp.nodeLabel);
});

describeWithSchemas('every object is schema-valid', () => {
  test.each(['tdx', 'snp'] as const)('%s', tee => {
    for (const o of render({ tee, roles: ['master', 'worker'], nfdOperandImage: 'registry.redhat.io/openshift4/ose-node-feature-discovery-rhel9:v4.20' }).objects) {
      expect([`${o.kind}/${o.metadata.name}`, schemaValidator()!.validate(o)]).toEqual([`${o.kind}/${o.metadata.name}`, []]);
    }
  });
});

describe('bad props: one line naming the prop', () => {
  test.each([
    [{ tee: 'sev' }, 'BareMetalTeeNodes tee: must be one of "tdx", "snp" (the bare-metal TEE of the nodes), got "sev"'],
    [{ tee: 'tdx', roles: [] }, 'TeeKernelArguments roles: must name at least one MachineConfigPool role (e.g. "worker", or "master" on single-node and compact clusters)'],
    [{ tee: 'tdx', roles: ['Worker'] }, 'TeeKernelArguments roles[0]: must be a DNS-1123 label'],
    [{ tee: 'tdx', roles: ['worker', 'worker'] }, 'TeeKernelArguments roles[1]: is listed twice: "worker"'],
    [{ tee: 'snp', nfdOperandImage: 'an image' }, 'TeeNodeFeatures operandImage: must be an image reference, got "an image"'],
  ])('%j', (props, line) => {
    const [problem] = problemsOf(() => render(props as BareMetalTeeNodesProps));
    expect(problem.startsWith(line)).toBe(true);
  });
});
