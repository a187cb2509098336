/**
 * Intel DCAP for TDX hosts: PCCS, QGS, the Intel Device Plugins Operator and the SGX device plugin.
 */
import { Testing } from 'cdk8s';
import { IntelDcap, IntelDcapProps, PRIVILEGED_SCC_CLUSTER_ROLE } from '../../lib/baremetal';
import { problemsOf } from '../support/problems';
import { describeWithSchemas, schemaValidator } from '../support/schemas';

type Obj = Record<string, any>;

function render(props: IntelDcapProps = {}): { dcap: IntelDcap; objects: Obj[] } {
  const chart = Testing.chart();
  const dcap = new IntelDcap(chart, 'dcap', props);
  return { dcap, objects: Testing.synth(chart) as Obj[] };
}
const wave = (o: Obj) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave'];

describe('IntelDcap', () => {
  const { dcap, objects } = render();
  const one = (kind: string, name: string) => {
    const hits = objects.filter(o => o.kind === kind && o.metadata.name === name);
    expect(hits).toHaveLength(1);
    return hits[0];
  };

  test('the PCCS secrets come from Vault through External Secrets, never as Secrets in the output', () => {
    expect(objects.filter(o => o.kind === 'Secret')).toEqual([]);
    const settings = one('ExternalSecret', 'pccs-secrets-eso');
    expect(settings.metadata.namespace).toBe('intel-dcap');
    expect(settings.spec.target.name).toBe('pccs-secrets');
    expect(settings.spec.data.map((d: Obj) => [d.secretKey, `${d.remoteRef.key}#${d.remoteRef.property}`])).toEqual([
      ['PCCS_API_KEY', 'secret/data/hub/pccs#api_key'],
      ['PCCS_USER_TOKEN_HASH', 'secret/data/hub/pccs#user_token_hash'],
      ['USER_TOKEN', 'secret/data/hub/pccs#user_token'],
      ['PCCS_ADMIN_TOKEN_HASH', 'secret/data/hub/pccs#admin_token_hash'],
    ]);
    expect(one('ExternalSecret', 'pccs-tls-eso').spec.data.map((d: Obj) => [d.secretKey, `${d.remoteRef.key}#${d.remoteRef.property}`])).toEqual([
      ['private.pem', 'secret/data/hub/pccs-tls#private_key'],
      ['file.crt', 'secret/data/hub/pccs-tls#certificate'],
    ]);
  });

  test('only the PCCS and QGS accounts may run privileged pods (the SCC role bound to each, not to default)', () => {
    const bindings = objects.filter(o => o.kind === 'RoleBinding' && o.metadata.namespace === 'intel-dcap');
    expect(bindings.map(b => [b.metadata.name, b.roleRef.name, b.subjects])).toEqual([
      ['pccs-privileged-scc', PRIVILEGED_SCC_CLUSTER_ROLE, [{ kind: 'ServiceAccount', name: 'pccs', namespace: 'intel-dcap' }]],
      ['tdx-qgs-privileged-scc', PRIVILEGED_SCC_CLUSTER_ROLE, [{ kind: 'ServiceAccount', name: 'tdx-qgs', namespace: 'intel-dcap' }]],
    ]);
  });

  test('the PCCS: pinned image, its Secrets, a host cache relabelled by a privileged init container, on control-plane nodes, port 8042', () => {
    const d = one('Deployment', 'pccs');
    const pod = d.spec.template.spec;
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    expect(pod.serviceAccountName).toBe('pccs');
    expect(pod.nodeSelector).toEqual({ 'node-role.kubernetes.io/control-plane': '' });
    expect(pod.initContainers[0].securityContext).toEqual({ runAsUser: 0, runAsGroup: 0, privileged: true });
    const [c] = pod.containers;
    expect(c.image).toMatch(/^registry\.redhat\.io\/openshift-sandboxed-containers\/osc-pccs@sha256:[0-9a-f]{64}$/);
    expect(c.envFrom).toEqual([{ secretRef: { name: 'pccs-secrets' } }]);
    expect(c.env).toEqual([{ name: 'PCCS_LOG_LEVEL', value: 'info' }, { name: 'PCCS_FILL_MODE', value: 'LAZY' }]);
    expect(pod.volumes).toEqual([
      { name: 'pccs-tls', secret: { secretName: 'pccs-tls' } },
      { name: 'host-database', hostPath: { path: '/var/cache/pccs/', type: 'DirectoryOrCreate' } },
    ]);
    expect(one('Service', 'pccs-service').spec.ports).toEqual([{ name: 'pccs', protocol: 'TCP', port: 8042, targetPort: 'pccs-port' }]);
    expect(dcap.collateralServiceUrl).toBe('https://pccs-service.intel-dcap.svc:8042/sgx/certification/v4/');
  });

  test('the QGS on every TDX node: vsock 4050, SGX resources, the PCCS by its full name, the registration sidecar', () => {
    const ds = one('DaemonSet', 'tdx-qgs');
    const pod = ds.spec.template.spec;
    expect(pod.nodeSelector).toEqual({ 'intel.feature.node.kubernetes.io/tdx': 'true' });
    expect([pod.hostNetwork, pod.dnsPolicy]).toEqual([true, 'ClusterFirstWithHostNet']);
    expect(JSON.parse(ds.spec.template.metadata.annotations['qcnl-conf'])).toEqual({
      pccs_url: 'https://pccs-service.intel-dcap.svc:8042/sgx/certification/v4/', use_secure_cert: false, pck_cache_expire_hours: 168,
    });
    const [sidecar] = pod.initContainers;
    expect([sidecar.restartPolicy, sidecar.command, sidecar.env]).toEqual([
      'Always', ['/usr/bin/dcap-registration-flow'], [{ name: 'PCCS_URL', value: 'https://pccs-service.intel-dcap.svc:8042' }, { name: 'SECURE_CERT', value: 'false' }],
    ]);
    const [qgs] = pod.containers;
    expect(qgs.args).toEqual(['-p=4050', '-n=4']);
    expect(qgs.resources.limits).toEqual({ 'sgx.intel.com/epc': '512Ki', 'sgx.intel.com/enclave': 1, 'sgx.intel.com/provision': 1 });
    expect(qgs.securityContext).toEqual({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  test('the Intel Device Plugins Operator (certified, cluster-wide, pinned) and the SGX device plugin on SGX nodes', () => {
    const sub = one('Subscription', 'intel-device-plugins-operator');
    expect(sub.metadata.namespace).toBe('openshift-operators');
    expect(sub.spec).toMatchObject({ source: 'certified-operators', channel: 'stable', startingCSV: 'intel-device-plugins-operator.v0.35.0', installPlanApproval: 'Manual' });
    expect(objects.filter(o => o.kind === 'OperatorGroup' || (o.kind === 'Namespace' && o.metadata.name === 'openshift-operators'))).toEqual([]);
    const plugin = one('SgxDevicePlugin', 'sgxdeviceplugin-sample');
    expect(plugin.metadata).not.toHaveProperty('namespace');
    expect(plugin.spec).toEqual({
      image: 'registry.connect.redhat.com/intel/intel-sgx-plugin@sha256:4ac8769c4f0a82b3ea04cf1532f15e9935c71fe390ff5a9dc3ee57f970a65f0b',
      enclaveLimit: 110, provisionLimit: 110, logLevel: 4, nodeSelector: { 'intel.feature.node.kubernetes.io/sgx': 'true' },
    });
  });

  test('waves: the namespace, then the operator, then accounts and Secrets, then the workloads and the plugin', () => {
    expect(wave(one('Namespace', 'intel-dcap'))).toBe('-11');
    expect(wave(one('Subscription', 'intel-device-plugins-operator'))).toBe('-10');
    for (const o of objects.filter(x => ['ServiceAccount', 'RoleBinding', 'ExternalSecret'].includes(x.kind) && x.metadata.namespace === 'intel-dcap')) expect(wave(o)).toBe('1');
    for (const o of objects.filter(x => ['Deployment', 'DaemonSet', 'Service', 'SgxDevicePlugin'].includes(x.kind))) expect(wave(o)).toBe('10');
  });

  test('snapshot', () => {
    expect(objects).toMatchSnapshot();
  });
});

test('a proxy, another namespace, node selector and thread count are followed', () => {
  const { dcap, objects } = render({ namespace: 'dcap', pccs: { httpsProxy: 'http://proxy.example.com:3128', nodeSelector: { 'kubernetes.io/hostname': 'm0' } }, quoteGeneration: { threads: 8 } });
  const pod = objects.find(o => o.kind === 'Deployment')!.spec.template.spec;
  expect(pod.containers[0].env).toContainEqual({ name: 'CLUSTER_HTTPS_PROXY', value: 'http://proxy.example.com:3128' });
  expect(pod.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'm0' });
  expect(objects.find(o => o.kind === 'DaemonSet')!.spec.template.spec.containers[0].args).toEqual(['-p=4050', '-n=8']);
  expect(dcap.collateralServiceUrl).toBe('https://pccs-service.dcap.svc:8042/sgx/certification/v4/');
});

describeWithSchemas('every Intel DCAP object is schema-valid', () => {
  test('defaults', () => {
    for (const o of render().objects) {
      expect([`${o.kind}/${o.metadata.name}`, schemaValidator()!.validate(o)]).toEqual([`${o.kind}/${o.metadata.name}`, []]);
    }
  });
});

describe('bad props: one line naming the prop', () => {
  test.each([
    [{ namespace: 'Intel DCAP' }, 'IntelDcap namespace: must be a DNS-1123 label'],
    [{ pccs: { httpsProxy: 'proxy:3128' } }, 'Pccs httpsProxy: must be an http(s) URL of the proxy (e.g. "http://proxy.example.com:3128"), got "proxy:3128"'],
    [{ quoteGeneration: { threads: 0 } }, 'TdxQuoteGeneration threads: must be a whole number from 1 to 64, got 0'],
    [{ sgxDevicePlugin: { limit: 0 } }, 'IntelSgxDevicePlugin limit: must be a whole number from 1, got 0'],
  ])('%j', (props, line) => {
    const problems = problemsOf(() => render(props as IntelDcapProps));
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(line)).toBe(true);
  });
});
