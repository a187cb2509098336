/**
 * SandboxedContainers on bare metal: kata-cc on the cluster's TDX / SEV-SNP nodes instead of peer pods.
 */
import { Testing } from 'cdk8s';
import { BareMetalTeeNodes } from '../../lib/baremetal';
import { ArgoAppChart } from '../../lib/gitops/argo-app-chart';
import { ClusterGroup } from '../../lib/gitops/cluster-group';
import { buildInitData } from '../../lib/initdata';
import { OPERATORS } from '../../lib/olm/catalog';
import { azureAcmTemplateData, OSC_NAMESPACE } from '../../lib/sandbox/peer-pods';
import { SandboxedContainers, SandboxedContainersProps } from '../../lib/sandbox/sandboxed-containers';
import { problemsOf } from '../support/problems';
import { describeWithSchemas, schemaValidator } from '../support/schemas';

type Manifest = Record<string, any>;
const OPERATOR = { ...OPERATORS.sandbox };

/** A bare-metal TDX sandbox next to its node side, in one Argo CD Application. */
function setup(props: Partial<SandboxedContainersProps> = {}) {
  const app = Testing.app();
  const group = new ClusterGroup(app, 'metal', { source: { repoURL: 'https://git.example.com/o/r.git', targetRevision: 'main', path: 'dist' } });
  const chart = new ArgoAppChart(group, 'sandbox', { project: 'sandbox', namespace: OSC_NAMESPACE, syncWave: 20 });
  const nodes = new BareMetalTeeNodes(chart, 'nodes', { tee: 'tdx' });
  const sandbox = new SandboxedContainers(chart, 'sandbox', {
    operator: OPERATOR,
    bareMetal: { tee: 'tdx' },
    nodeSelector: nodes.nodeSelector,
    deploymentMode: 'MachineConfig',
    ...props,
  });
  const objects: Manifest[] = Testing.synth(chart);
  return { sandbox, objects, of: (kind: string) => objects.filter(o => o.kind === kind) };
}
const wave = (o: Manifest) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave']);

describe('SandboxedContainers with bareMetal', () => {
  const { sandbox, objects, of } = setup();

  test('KataConfig without peer pods, on the nodes NFD labels TDX, in the last wave', () => {
    const [kc] = of('KataConfig');
    expect(kc.spec).toEqual({
      enablePeerPods: false,
      checkNodeEligibility: false,
      kataConfigPoolSelector: { matchLabels: { 'intel.feature.node.kubernetes.io/tdx': 'true' } },
    });
    expect(kc.metadata).not.toHaveProperty('namespace');
    expect(wave(kc)).toBe(100);
  });

  test('the confidential feature gate, as for peer pods; kata-cc is the runtime class', () => {
    const [gates] = of('ConfigMap').filter(c => c.metadata.name === 'osc-feature-gates');
    expect(gates.data).toEqual({ confidential: 'true', deploymentMode: 'MachineConfig' });
    expect(sandbox.runtimeClassName).toBe('kata-cc');
    expect(sandbox.bareMetal).toEqual({ tee: 'tdx' });
  });

  test('nothing of peer pods: no peer-pods-cm, no ACM policy, no default initdata, no NAT gateway Job', () => {
    // (the only Job is the InstallPlan approver of the pinned NFD operator)
    expect(objects.filter(o => o.metadata.name === 'peer-pods-cm' || o.kind === 'Policy' || (o.kind === 'Job' && !o.metadata.name.endsWith('-approver')))).toEqual([]);
    expect(objects.filter(o => o.kind === 'Job').map(o => o.metadata.name).sort()).toEqual(['nfd-approver']);
    expect(sandbox.peerPodsConfigMap).toBeUndefined();
    expect(sandbox.peerPodsPolicy).toBeUndefined();
  });

  test('the nodes are prepared before KataConfig: operators, then the MachineConfig, then NFD objects, then KataConfig', () => {
    const [mc] = of('MachineConfig');
    const [kc] = of('KataConfig');
    const nfd = [...of('NodeFeatureDiscovery'), ...of('NodeFeatureRule')];
    for (const sub of of('Subscription')) expect(wave(sub)).toBeLessThan(wave(mc));
    for (const cr of nfd) expect(wave(cr)).toBeLessThan(wave(kc));
    expect(wave(mc)).toBeLessThan(wave(kc));
  });

  test('snapshot of the sandbox objects', () => {
    expect(objects.filter(o => ['KataConfig', 'ConfigMap'].includes(o.kind))).toMatchSnapshot();
  });

  test('peer pods are unchanged: kata-remote and enablePeerPods true', () => {
    const initData = buildInitData({ algorithm: 'sha256', aa: { kbsUrl: 'https://kbs.apps.example.com' } });
    const peer = new SandboxedContainers(Testing.chart(), 'sandbox', {
      operator: OPERATOR, defaultInitData: initData, peerPods: { type: 'acm', data: azureAcmTemplateData({ initdata: initData.encoded }), clusterSelector: { cloud: 'Azure' } },
    });
    expect(peer.runtimeClassName).toBe('kata-remote');
    expect(peer.kataConfig.toJson().spec.enablePeerPods).toBe(true);
  });
});

describeWithSchemas('bare-metal sandbox objects are schema-valid', () => {
  test.each(['tdx', 'snp'] as const)('%s', tee => {
    for (const o of setup({ bareMetal: { tee } }).objects) {
      expect([`${o.kind}/${o.metadata.name}`, schemaValidator()!.validate(o)]).toEqual([`${o.kind}/${o.metadata.name}`, []]);
    }
  });
});

describe('bad props: one line naming the prop', () => {
  const initData = buildInitData({ algorithm: 'sha256', aa: { kbsUrl: 'https://kbs.apps.example.com' } });
  const build = (props: Partial<SandboxedContainersProps>) => () => new SandboxedContainers(Testing.chart(), 's', { operator: OPERATOR, ...props } as SandboxedContainersProps);

  test('peer-pods settings with bareMetal', () => {
    expect(problemsOf(build({
      bareMetal: { tee: 'snp' }, defaultInitData: initData, natGateway: { resourceNamePrefix: 'coco' } as any, sshPublicKey: { vaultPath: 'secret/data/hub/ssh', property: 'id_rsa.pub' },
    }))).toEqual([
      'SandboxedContainers defaultInitData: must be left out with bareMetal: it configures peer pods, and bare-metal kata-cc runs no pod VM in a cloud',
      'SandboxedContainers natGateway: must be left out with bareMetal: it configures peer pods, and bare-metal kata-cc runs no pod VM in a cloud',
      'SandboxedContainers sshPublicKey: must be left out with bareMetal: it configures peer pods, and bare-metal kata-cc runs no pod VM in a cloud',
    ]);
  });

  test('an unknown TEE', () => {
    expect(problemsOf(build({ bareMetal: { tee: 'sev' as 'snp' } }))).toEqual(['SandboxedContainers bareMetal.tee: must be one of "tdx", "snp" (the bare-metal TEE of the nodes), got "sev"']);
  });

  test('neither peer pods nor bare metal', () => {
    expect(problemsOf(build({}))).toEqual([
      'SandboxedContainers peerPods: is required for peer pods (or set bareMetal for kata-cc on the cluster\'s own TDX or SEV-SNP nodes)',
      'SandboxedContainers defaultInitData: is required for peer pods: its blob is peer-pods-cm INITDATA, the initdata of every peer pod without its own',
    ]);
  });
});
