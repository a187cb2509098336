/**
 * SandboxedContainers: the OSC operator, feature gates, KataConfig, peer-pods-cm (ACM policy or static
 * ConfigMap), the NAT gateway Job, the SSH debug key and the readable default initdata.
 */
import { VaultSecret } from '../../lib/secrets/vault-secret';
import { createHash } from 'node:crypto';
import { App, Testing } from 'cdk8s';
import { ArgoAppChart } from '../../lib/gitops/argo-app-chart';
import { Bootstrap } from '../../lib/gitops/bootstrap';
import { ClusterGroup } from '../../lib/gitops/cluster-group';
import { azurePcr8, buildInitData, decodeInitData, initDataDigest, RenderedInitData } from '../../lib/initdata';
import { OPERATORS } from '../../lib/olm/catalog';
import { renderApp } from '../../lib/output/render';
import { renderAgentPolicy } from '../../lib/policy';
import {
  ACM_AZURE_IMAGE_ID, ACM_AZURE_NSG_ID, ACM_AZURE_REGION, ACM_AZURE_RESOURCE_GROUP, ACM_AZURE_SUBNET_ID, azureAcmTemplateData, azureStaticData,
  AZURE_OPERATOR_WRITTEN_KEYS, OSC_NAMESPACE, PEER_PODS_CONFIGMAP,
} from '../../lib/sandbox/peer-pods';
import { PeerPodsConfigSource, SandboxedContainers, SandboxedContainersProps } from '../../lib/sandbox/sandboxed-containers';
import { KBS_CERT } from '../initdata/certificate';
import { describeWithSchemas, schemaValidator } from '../support/schemas';
import { STATIC_AZURE, SUBSCRIPTION as SUB } from '../support/reference-pattern';

const KBS_URL = 'https://kbs-trustee-operator-system.apps.test.example.com';
const INIT_DATA: RenderedInitData = buildInitData({
  algorithm: 'sha256',
  aa: { kbsUrl: KBS_URL, kbsCertificate: KBS_CERT },
  cdh: { kbsUrl: KBS_URL, kbsCertificate: KBS_CERT },
  policy: renderAgentPolicy({ preset: 'no-exec' }),
});


const ACM_PEER_PODS: PeerPodsConfigSource = { type: 'acm', data: azureAcmTemplateData({ initdata: INIT_DATA.encoded }), clusterSelector: { cloud: 'Azure' } };
const STATIC_PEER_PODS: PeerPodsConfigSource = {
  type: 'static', data: azureStaticData(STATIC_AZURE, { initdata: INIT_DATA.encoded }), operatorWrittenKeys: AZURE_OPERATOR_WRITTEN_KEYS,
};

type Manifest = Record<string, any>;

/** A SandboxedContainers in an Argo CD Application `sandbox` of cluster group `simple`, with its bootstrap. */
function setup(props: Partial<SandboxedContainersProps> = {}) {
  const app = Testing.app();
  const group = new ClusterGroup(app, 'simple', { source: { repoURL: 'https://git.example.com/o/r.git', targetRevision: 'main', path: 'dist' } });
  const chart = new ArgoAppChart(group, 'sandbox', { project: 'sandbox', namespace: OSC_NAMESPACE, syncWave: 20 });
  const sandbox = new SandboxedContainers(chart, 'sandbox', {
    operator: { ...OPERATORS.sandbox },
    peerPods: ACM_PEER_PODS,
    defaultInitData: INIT_DATA,
    ...props,
  });
  const bootstrap = new Bootstrap(group, 'bootstrap', { rootName: 'coco-simple' });
  const objects: Manifest[] = Testing.synth(chart);
  const one = (kind: string, name: string): Manifest => {
    const hits = objects.filter(o => o.kind === kind && o.metadata.name === name);
    if (hits.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${hits.length}`);
    return hits[0];
  };
  const application = () => (Testing.synth(bootstrap) as Manifest[]).find(o => o.kind === 'Application' && o.metadata.name === 'sandbox')!;
  return { app, sandbox, objects, one, application };
}

const wave = (o: Manifest) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave'];
const syncOptions = (o: Manifest) => o.metadata.annotations?.['argocd.argoproj.io/sync-options'];
const configMapTemplate = (policy: Manifest) => policy.spec['policy-templates'][0].objectDefinition.spec['object-templates'][0];

describe('SandboxedContainers: operator and runtime', () => {
  test('installs the operator through OLM: package sandboxed-containers-operator, channel stable, its own namespace', () => {
    // GIVEN / WHEN
    const { one } = setup();
    // THEN
    expect(one('Namespace', 'openshift-sandboxed-containers-operator').metadata.namespace).toBeUndefined();
    expect(one('OperatorGroup', 'openshift-sandboxed-containers-operator-operator-group').spec)
      .toEqual({ targetNamespaces: ['openshift-sandboxed-containers-operator'] });
    const sub = one('Subscription', 'sandboxed-containers-operator');
    expect(sub.metadata.namespace).toBe('openshift-sandboxed-containers-operator');
    expect(sub.spec).toMatchObject({ name: 'sandboxed-containers-operator', channel: 'stable', source: 'redhat-operators' });
  });

  test('osc-feature-gates turns on confidential containers, in wave 1', () => {
    // WHEN
    const { one } = setup();
    // THEN
    const gates = one('ConfigMap', 'osc-feature-gates');
    expect(gates.metadata.namespace).toBe(OSC_NAMESPACE);
    expect(gates.data).toEqual({ confidential: 'true' });
    expect(wave(gates)).toBe('1');
  });

  test('osc-feature-gates carries deploymentMode when set', () => {
    const { one } = setup({ deploymentMode: 'DaemonSet' });
    expect(one('ConfigMap', 'osc-feature-gates').data).toEqual({ confidential: 'true', deploymentMode: 'DaemonSet' });
  });

  test('KataConfig default-kata-config is cluster-scoped, enables peer pods and sets checkNodeEligibility explicitly', () => {
    // WHEN
    const { one } = setup();
    // THEN
    const kata = one('KataConfig', 'default-kata-config');
    expect(kata.apiVersion).toBe('kataconfiguration.openshift.io/v1');
    expect(kata.metadata.namespace).toBeUndefined();
    expect(kata.spec).toEqual({ enablePeerPods: true, checkNodeEligibility: false });
    expect(Object.keys(kata.spec)).toContain('checkNodeEligibility');
  });

  test('KataConfig syncs in wave 100, after the feature gates it depends on, and skips the dry run of its CRD', () => {
    const { one } = setup();
    const kata = one('KataConfig', 'default-kata-config');
    expect(wave(kata)).toBe('100');
    expect(Number(wave(kata))).toBeGreaterThan(Number(wave(one('ConfigMap', 'osc-feature-gates'))));
    expect(syncOptions(kata)).toBe('SkipDryRunOnMissingResource=true');
  });

  test('KataConfig follows its settings: name, node eligibility, log level and node selector', () => {
    // WHEN
    const { one, sandbox } = setup({ kataConfigName: 'my-kata', checkNodeEligibility: true, logLevel: 'debug', nodeSelector: { 'node-role.kubernetes.io/kata': '' } });
    // THEN
    expect(one('KataConfig', 'my-kata').spec).toEqual({
      enablePeerPods: true,
      checkNodeEligibility: true,
      logLevel: 'debug',
      kataConfigPoolSelector: { matchLabels: { 'node-role.kubernetes.io/kata': '' } },
    });
    expect(sandbox.kataConfig.name).toBe('my-kata');
  });
});

describe('SandboxedContainers: peer-pods-cm through ACM', () => {
  test('renders the Policy, its Placement and PlacementBinding, and no plain peer-pods-cm', () => {
    // WHEN
    const { objects, sandbox } = setup();
    // THEN
    expect(objects.filter(o => o.apiVersion.includes('open-cluster-management')).map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Placement/peerpods-placement', 'PlacementBinding/peerpods-placement-binding', 'Policy/peerpods-cm-policy',
    ]);
    expect(objects.filter(o => o.kind === 'ConfigMap' && o.metadata.name === PEER_PODS_CONFIGMAP)).toEqual([]);
    expect(sandbox.peerPodsPolicy).toBeDefined();
    expect(sandbox.peerPodsConfigMap).toBeUndefined();
  });

  test('Policy peerpods-cm-policy enforces ConfigurationPolicy peerpods-cm-cp: mustonlyhave peer-pods-cm in the OSC namespace', () => {
    // WHEN
    const { one } = setup();
    // THEN
    const policy = one('Policy', 'peerpods-cm-policy');
    expect(policy.apiVersion).toBe('policy.open-cluster-management.io/v1');
    expect(policy.spec).toMatchObject({ disabled: false, remediationAction: 'enforce' });
    expect(policy.spec['policy-templates']).toHaveLength(1);
    const cp = policy.spec['policy-templates'][0].objectDefinition;
    expect(cp).toMatchObject({
      apiVersion: 'policy.open-cluster-management.io/v1',
      kind: 'ConfigurationPolicy',
      metadata: { name: 'peerpods-cm-cp' },
      spec: { remediationAction: 'enforce', severity: 'medium' },
    });
    expect(cp.spec['object-templates']).toHaveLength(1);
    const template = configMapTemplate(policy);
    expect(template.complianceType).toBe('mustonlyhave');
    expect(template.objectDefinition).toMatchObject({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'peer-pods-cm', namespace: 'openshift-sandboxed-containers-operator' },
    });
  });

  test('the ConfigMap data holds the ACM template expressions byte for byte', () => {
    // WHEN
    const { one } = setup();
    // THEN
    const data = configMapTemplate(one('Policy', 'peerpods-cm-policy')).objectDefinition.data;
    expect(data).toEqual(ACM_PEER_PODS.data);
    expect(data.AZURE_IMAGE_ID).toBe(ACM_AZURE_IMAGE_ID);
    expect(data.AZURE_RESOURCE_GROUP).toBe(ACM_AZURE_RESOURCE_GROUP);
    expect(data.AZURE_REGION).toBe(ACM_AZURE_REGION);
    expect(data.AZURE_SUBNET_ID).toBe(ACM_AZURE_SUBNET_ID);
    expect(data.AZURE_NSG_ID).toBe(ACM_AZURE_NSG_ID);
    // Written out, so a change of the constants themselves also fails here.
    expect(data.AZURE_IMAGE_ID).toBe(
      '{{if (lookup "v1" "ConfigMap" "openshift-sandboxed-containers-operator" "peer-pods-cm").metadata.name }}'
      + '{{ fromConfigMap "openshift-sandboxed-containers-operator" "peer-pods-cm" "AZURE_IMAGE_ID" }}{{ else }}{{ end }}',
    );
    expect(data.AZURE_SUBNET_ID).toBe(
      '/subscriptions/{{ (fromJson (fromConfigMap "openshift-cloud-controller-manager" "cloud-conf" "cloud.conf" | toLiteral)).subscriptionId }}'
      + '/resourceGroups/{{ (fromJson (fromConfigMap "openshift-cloud-controller-manager" "cloud-conf" "cloud.conf" | toLiteral)).vnetResourceGroup }}'
      + '/providers/Microsoft.Network/virtualNetworks/{{ (fromJson (fromConfigMap "openshift-cloud-controller-manager" "cloud-conf" "cloud.conf" | toLiteral)).vnetName }}'
      + '/subnets/{{ (fromJson (fromConfigMap "openshift-cloud-controller-manager" "cloud-conf" "cloud.conf" | toLiteral)).subnetName }}',
    );
    expect(data.AZURE_REGION).toBe('{{ (fromJson (fromConfigMap "openshift-cloud-controller-manager" "cloud-conf" "cloud.conf" | toLiteral)).location }}');
    expect(data.INITDATA).toBe(INIT_DATA.encoded);
  });

  test('the template expressions survive YAML rendering unchanged', () => {
    // WHEN
    const { app } = setup();
    const yaml = renderApp(app).get('simple/sandbox/Policy.peerpods-cm-policy.yaml')!;
    // THEN
    expect(yaml).toContain(`AZURE_IMAGE_ID: '${ACM_AZURE_IMAGE_ID}'`);
    expect(yaml).toContain(`AZURE_SUBNET_ID: ${ACM_AZURE_SUBNET_ID}\n`);
  });

  test('the Placement (v1beta1) selects Azure clusters from the global cluster set', () => {
    const { one } = setup();
    const placement = one('Placement', 'peerpods-placement');
    expect(placement.apiVersion).toBe('cluster.open-cluster-management.io/v1beta1');
    expect(placement.spec).toEqual({
      clusterSets: ['global'],
      predicates: [{ requiredClusterSelector: { labelSelector: { matchLabels: { cloud: 'Azure' } } } }],
    });
  });

  test('the Placement follows the cluster selector', () => {
    const { one } = setup({ peerPods: { ...ACM_PEER_PODS, clusterSelector: { cloud: 'Azure', env: 'prod' } } as PeerPodsConfigSource });
    expect(one('Placement', 'peerpods-placement').spec.predicates[0].requiredClusterSelector.labelSelector.matchLabels).toEqual({ cloud: 'Azure', env: 'prod' });
  });

  test('the PlacementBinding binds the Policy to the Placement', () => {
    const { one } = setup();
    const binding = one('PlacementBinding', 'peerpods-placement-binding');
    expect(binding.placementRef).toEqual({ apiGroup: 'cluster.open-cluster-management.io', kind: 'Placement', name: 'peerpods-placement' });
    expect(binding.subjects).toEqual([{ apiGroup: 'policy.open-cluster-management.io', kind: 'Policy', name: 'peerpods-cm-policy' }]);
  });

  test('Policy, Placement and PlacementBinding skip the Argo CD dry run and share one namespace', () => {
    const { objects } = setup();
    const acm = objects.filter(o => o.apiVersion.includes('open-cluster-management'));
    expect(acm).toHaveLength(3);
    for (const o of acm) {
      expect(syncOptions(o)).toBe('SkipDryRunOnMissingResource=true');
      expect(o.metadata.namespace).toBe('open-cluster-management-global-set');
    }
  });

  test('the Application ignores no differences: the policy keeps AZURE_IMAGE_ID itself', () => {
    const { application } = setup();
    expect(application().spec.ignoreDifferences).toBeUndefined();
    expect(application().spec.syncPolicy.syncOptions).toBeUndefined();
  });
});

describe('SandboxedContainers: static peer-pods-cm', () => {
  test('renders a plain ConfigMap in wave 1 with the given values and no ACM objects', () => {
    // WHEN
    const { one, objects, sandbox } = setup({ peerPods: STATIC_PEER_PODS });
    // THEN
    const cm = one('ConfigMap', PEER_PODS_CONFIGMAP);
    expect(cm.metadata.namespace).toBe(OSC_NAMESPACE);
    expect(wave(cm)).toBe('1');
    expect(cm.data).toMatchObject({ CLOUD_PROVIDER: 'azure', AZURE_REGION: 'eastus', AZURE_SUBNET_ID: STATIC_AZURE.subnetId, INITDATA: INIT_DATA.encoded });
    expect(objects.filter(o => o.apiVersion.includes('open-cluster-management'))).toEqual([]);
    expect(sandbox.peerPodsPolicy).toBeUndefined();
  });

  test('leaves out the empty key the operator writes, and keeps every other key', () => {
    // WHEN
    const { one } = setup({ peerPods: STATIC_PEER_PODS });
    // THEN
    const data = one('ConfigMap', PEER_PODS_CONFIGMAP).data;
    expect(STATIC_PEER_PODS.data.AZURE_IMAGE_ID).toBe('');
    expect(data).not.toHaveProperty('AZURE_IMAGE_ID');
    const { AZURE_IMAGE_ID: _, ...rest } = STATIC_PEER_PODS.data;
    expect(data).toEqual(rest);
  });

  test('the Application ignores the operator-written key and respects ignoreDifferences', () => {
    // WHEN
    const { application } = setup({ peerPods: STATIC_PEER_PODS });
    // THEN
    const spec = application().spec;
    expect(spec.ignoreDifferences).toEqual([
      { group: '', kind: 'ConfigMap', name: 'peer-pods-cm', namespace: 'openshift-sandboxed-containers-operator', jsonPointers: ['/data/AZURE_IMAGE_ID'] },
    ]);
    expect(spec.syncPolicy.syncOptions).toEqual(['RespectIgnoreDifferences=true']);
  });

  test('a pod VM image given by the user is rendered and not ignored', () => {
    // GIVEN
    const imageId = `/subscriptions/${SUB}/resourceGroups/images/providers/Microsoft.Compute/galleries/g/images/podvm/versions/1.0.0`;
    const peerPods: PeerPodsConfigSource = {
      type: 'static', data: azureStaticData({ ...STATIC_AZURE, imageId }, { initdata: INIT_DATA.encoded }), operatorWrittenKeys: AZURE_OPERATOR_WRITTEN_KEYS,
    };
    // WHEN
    const { one, application } = setup({ peerPods });
    // THEN
    expect(one('ConfigMap', PEER_PODS_CONFIGMAP).data.AZURE_IMAGE_ID).toBe(imageId);
    expect(application().spec.ignoreDifferences).toBeUndefined();
  });

  test('an empty value of a key the operator does not write is kept, and INITDATA is the default initdata\'s blob', () => {
    const peerPods: PeerPodsConfigSource = { type: 'static', data: { CLOUD_PROVIDER: 'libvirt', LIBVIRT_NET: '' }, operatorWrittenKeys: [] };
    const { one } = setup({ peerPods });
    expect(one('ConfigMap', PEER_PODS_CONFIGMAP).data).toEqual({ CLOUD_PROVIDER: 'libvirt', LIBVIRT_NET: '', INITDATA: INIT_DATA.encoded });
  });

  test('peer-pods data left without INITDATA gets the default initdata (ACM and static alike)', () => {
    const { INITDATA: _, ...withoutInitData } = STATIC_PEER_PODS.data;
    expect(setup({ peerPods: { ...STATIC_PEER_PODS, data: withoutInitData } }).one('ConfigMap', PEER_PODS_CONFIGMAP).data.INITDATA).toBe(INIT_DATA.encoded);
    const { INITDATA: __, ...acmWithout } = ACM_PEER_PODS.data;
    const { one } = setup({ peerPods: { ...ACM_PEER_PODS, data: acmWithout } });
    expect(configMapTemplate(one('Policy', 'peerpods-cm-policy')).objectDefinition.data.INITDATA).toBe(INIT_DATA.encoded);
  });

  test('peer-pods data with another INITDATA than the default initdata is refused', () => {
    const peerPods: PeerPodsConfigSource = { ...STATIC_PEER_PODS, data: { ...STATIC_PEER_PODS.data, INITDATA: 'aW5pdGRhdGE=' } };
    expect(() => setup({ peerPods })).toThrow(/^SandboxedContainers peerPods\.data\.INITDATA: must be the blob of defaultInitData/);
  });

  test('outside an Argo CD Application it still renders, with nothing to ignore', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new SandboxedContainers(chart, 'sandbox', { operator: { ...OPERATORS.sandbox }, peerPods: STATIC_PEER_PODS, defaultInitData: INIT_DATA });
    // THEN
    const cm = Testing.synth(chart).find(o => o.kind === 'ConfigMap' && o.metadata.name === PEER_PODS_CONFIGMAP);
    expect(cm.data).not.toHaveProperty('AZURE_IMAGE_ID');
  });
});

describe('SandboxedContainers: NAT gateway and SSH debug key', () => {
  test('without natGateway there is no Job and no access to the cloud credentials', () => {
    const { objects, sandbox } = setup();
    expect(objects.filter(o => ['Job', 'Role', 'RoleBinding', 'ServiceAccount'].includes(o.kind))).toEqual([]);
    expect(sandbox.natGateway).toBeUndefined();
  });

  test('with natGateway the Job and its RBAC are rendered in the OSC namespace', () => {
    // WHEN
    const { objects, one } = setup({ natGateway: { resourcePrefix: 'demo', idleTimeoutMinutes: 15 } });
    // THEN
    const job = one('Job', 'azure-nat-gateway');
    expect(job.metadata.namespace).toBe(OSC_NAMESPACE);
    expect(JSON.stringify(job.spec)).toContain('demo');
    expect(objects.filter(o => ['Role', 'RoleBinding', 'ServiceAccount'].includes(o.kind)).map(o => o.kind).sort()).toEqual(['Role', 'RoleBinding', 'ServiceAccount']);
  });

  test('no SSH key is copied unless asked for', () => {
    const { objects } = setup();
    expect(objects.filter(o => o.kind === 'ExternalSecret')).toEqual([]);
  });

  test('SSH debug copies only the public key id_rsa.pub, never the private key id_rsa', () => {
    // WHEN
    const { objects, one } = setup({ sshPublicKey: { vaultPath: 'secret/data/global/sshKey', property: 'id_rsa.pub' } });
    // THEN
    const es = one('ExternalSecret', 'ssh-key-secret-eso');
    expect(es.metadata.namespace).toBe(OSC_NAMESPACE);
    expect(es.spec.target).toMatchObject({ name: 'ssh-key-secret' });
    expect(es.spec.data).toEqual([{ secretKey: 'id_rsa.pub', remoteRef: { key: 'secret/data/global/sshKey', property: 'id_rsa.pub' } }]);
    expect(es.spec.dataFrom).toBeUndefined();
    expect(JSON.stringify(objects)).not.toMatch(/"id_rsa"/);
    expect(es.spec.secretStoreRef).toEqual({ name: 'vault-backend', kind: 'ClusterSecretStore' });
  });

  test('declares that the SSH entry holds the generated public key, and where it was configured', () => {
    // WHEN
    const { sandbox } = setup({ sshPublicKey: { vaultPath: 'secret/data/global/sshKey', property: 'pub', settings: { vaultPath: 'ssh.vaultPath', property: 'ssh.property' } } });
    // THEN
    const secret = sandbox.node.findAll().find((c): c is VaultSecret => c instanceof VaultSecret)!;
    expect(secret.contents).toEqual({ 'id_rsa.pub': { material: 'sshPublicKey' } });
    expect(secret.settings).toEqual({ vaultPath: 'ssh.vaultPath', properties: { 'id_rsa.pub': 'ssh.property' } });
  });

  test('the SSH key ExternalSecret reads from the given store and property', () => {
    const { one } = setup({ sshPublicKey: { vaultPath: 'secret/data/debug/ssh', property: 'public' }, store: { name: 'my-store', kind: 'SecretStore' } });
    const es = one('ExternalSecret', 'ssh-key-secret-eso');
    expect(es.spec.data).toEqual([{ secretKey: 'id_rsa.pub', remoteRef: { key: 'secret/data/debug/ssh', property: 'public' } }]);
    expect(es.spec.secretStoreRef).toEqual({ name: 'my-store', kind: 'SecretStore' });
  });

  test('fails when the SSH property is the private key', () => {
    // The ssh-key-secret must never hold the private key, whatever the property is called in Vault.
    expect(() => setup({ sshPublicKey: { vaultPath: 'secret/data/global/sshKey', property: 'id_rsa' } }))
      .toThrow(/SandboxedContainers sshPublicKey\.property: must name the public key .*got "id_rsa"/);
  });
});

describe('SandboxedContainers: readable initdata', () => {
  test.each([
    ['acm', ACM_PEER_PODS],
    ['static', STATIC_PEER_PODS],
  ])('%s: default.initdata.toml is exactly what peer-pods-cm INITDATA decodes to', (_, peerPods) => {
    // GIVEN
    const { app, one } = setup({ peerPods });
    // WHEN
    const tree = renderApp(app);
    // THEN
    const blob: string = peerPods.type === 'acm'
      ? configMapTemplate(one('Policy', 'peerpods-cm-policy')).objectDefinition.data.INITDATA
      : one('ConfigMap', PEER_PODS_CONFIGMAP).data.INITDATA;
    expect(tree.get('simple/sandbox/default.initdata.toml')).toBe(decodeInitData(blob));
  });

  test('default.initdata.digests lists the digest and PCR8 of exactly those bytes', () => {
    // GIVEN
    const { app } = setup();
    // WHEN
    const tree = renderApp(app);
    // THEN
    const toml = tree.get('simple/sandbox/default.initdata.toml')!;
    const digest = createHash('sha256').update(toml, 'utf8').digest('hex');
    expect(initDataDigest(toml, 'sha256')).toBe(digest);
    const digests = tree.get('simple/sandbox/default.initdata.digests')!;
    expect(digests).toContain('algorithm = sha256\n');
    expect(digests).toContain(`digest = ${digest}\n`);
    expect(digests).toContain(`azure_vtpm_pcr8 = ${azurePcr8(digest)}\n`);
    expect(digests).toContain(`encoded_bytes = ${INIT_DATA.encoded.length}\n`);
    expect(digests).toMatch(/^# initdata default: /);
  });

  test('the readable files are not manifests Argo CD would apply', () => {
    const { app } = setup();
    const files = [...renderApp(app).keys()].filter(f => f.startsWith('simple/sandbox/') && !f.endsWith('.yaml'));
    expect(files).toEqual(['simple/sandbox/default.initdata.digests', 'simple/sandbox/default.initdata.toml']);
  });
});

describe('SandboxedContainers: props', () => {
  test('a different operator channel and catalog reach the Subscription', () => {
    const { one } = setup({ operator: { ...OPERATORS.sandbox, channel: 'stable-1.9', source: 'my-catalog' } });
    expect(one('Subscription', 'sandboxed-containers-operator').spec).toMatchObject({ channel: 'stable-1.9', source: 'my-catalog' });
  });

  test('a bad operator namespace is an error naming the field', () => {
    expect(() => new SandboxedContainers(new App(), 's', { operator: { ...OPERATORS.sandbox, namespace: 'Bad NS' }, peerPods: ACM_PEER_PODS, defaultInitData: INIT_DATA }))
      .toThrow(/^OperatorInstall namespace: must be a DNS-1123 label/);
  });
});

describeWithSchemas('SandboxedContainers: strict schema validation', () => {
  test.each([
    ['acm, NAT gateway and SSH key', { natGateway: {}, sshPublicKey: { vaultPath: 'secret/data/global/sshKey', property: 'id_rsa.pub' } }],
    ['static, every KataConfig setting', { peerPods: STATIC_PEER_PODS, checkNodeEligibility: true, logLevel: 'debug', nodeSelector: { a: 'b' }, deploymentMode: 'DaemonSet' }],
  ] as [string, Partial<SandboxedContainersProps>][])('%s', (_, props) => {
    const { objects } = setup(props);
    for (const o of objects) {
      expect([`${o.kind}/${o.metadata.name}`, schemaValidator()!.validate(o)]).toEqual([`${o.kind}/${o.metadata.name}`, []]);
    }
  });
});
