/**
 * Workloads: WebApp, ConfidentialWorkload, the demo apps (HelloOpenshift, KbsAccess) and the
 * ConfidentialRuntime that ties their initdata to Trustee.
 */
import { App, Chart, Testing } from 'cdk8s';
import { parse } from 'smol-toml';
import { ArgoAppChart } from '../../lib/gitops/argo-app-chart';
import { ClusterGroup } from '../../lib/gitops/cluster-group';
import { azurePcr8, decodeInitData, initDataDigest } from '../../lib/initdata';
import { renderApp } from '../../lib/output/render';
import { warningsOf } from '../../lib/output/warnings';
import { AGENT_REQUESTS, AgentPolicySpec } from '../../lib/policy';
import { DEFAULT_AZURE_INSTANCE_SIZES } from '../../lib/sandbox/peer-pods';
import { IMAGE_POLICY_RESOURCE } from '../../lib/trustee/image-policy';
import { INITDATA_REFERENCE_VALUES, Trustee, TrusteeProps } from '../../lib/trustee/trustee';
import { ConfidentialRuntime, ConfidentialRuntimeProps } from '../../lib/workloads/confidential-runtime';
import {
  CDH_RESOURCE_URL, ConfidentialWorkload, ConfidentialWorkloadProps, INIT_DATA_ANNOTATION, kbsResourcePath, MACHINE_TYPE_ANNOTATION,
} from '../../lib/workloads/confidential-workload';
import { HelloOpenshift, HelloOpenshiftProps, INSECURE_LABEL } from '../../lib/workloads/hello-openshift';
import { isPinnedByDigest } from '../../lib/workloads/image';
import { KbsAccess, KbsAccessProps } from '../../lib/workloads/kbs-access';
import { RESTRICTED_SECURITY_CONTEXT, WebApp, WebAppProps } from '../../lib/workloads/web-app';
import { KBS_CERT } from '../initdata/certificate';
import { describeWithSchemas, schemaValidator } from '../support/schemas';
import { readReferenceValues } from '../support/reference-values';
import { problemsOf } from '../support/problems';

type Manifest = Record<string, any>;

const KBS_HOST = 'kbs-trustee-operator-system.apps.test.example.com';
const KBS_URL = `https://${KBS_HOST}`;
const PINNED = `quay.io/example/app@sha256:${'a'.repeat(64)}`;
const PINNED_FETCHER = `registry.access.redhat.com/ubi9/ubi@sha256:${'b'.repeat(64)}`;

/**
 * A cluster group with a Trustee (as lib/pattern/trustee.ts builds it), the group's ConfidentialRuntime
 * (as lib/pattern/sandbox.ts builds it) and an empty Application `apps` for the workloads.
 */
function setup(runtimeProps: Partial<ConfidentialRuntimeProps> = {}, trusteeProps: Partial<TrusteeProps> = {}) {
  const app = Testing.app();
  const group = new ClusterGroup(app, 'simple', { source: { repoURL: 'https://git.example.com/o/r.git', targetRevision: 'main', path: 'dist' } });
  const trusteeChart = new ArgoAppChart(group, 'trustee', { project: 'trustee', namespace: 'trustee-operator-system', syncWave: 20 });
  const trustee = new Trustee(trusteeChart, 'trustee', {
    kbsHost: KBS_HOST, kbsCertificate: KBS_CERT, initDataExpiration: '2099-01-01T00:00:00Z', ...trusteeProps,
  });
  const runtime = new ConfidentialRuntime({
    runtimeClass: 'kata-remote',
    kbsUrl: trustee.kbsUrl,
    kbsCertificate: trustee.kbsCertificate,
    trustee,
    tees: ['azure-snp-vtpm'],
    algorithm: 'sha256',
    defaultAgentPolicy: { preset: 'no-exec' },
    imageSecurityPolicy: true,
    vmSizes: DEFAULT_AZURE_INSTANCE_SIZES,
    ...runtimeProps,
  });
  const chart = new ArgoAppChart(group, 'apps', { project: 'workloads', namespace: 'apps', syncWave: 30 });
  const synth = (): Manifest[] => Testing.synth(chart);
  const referenceValues = (): Manifest[] => {
    const cm = (Testing.synth(trusteeChart) as Manifest[]).find(o => o.kind === 'ConfigMap' && o.metadata.name === 'rvps-reference-values')!;
    return readReferenceValues(cm.data);
  };
  return { app, group, trustee, runtime, chart, synth, referenceValues };
}

const find = (objects: Manifest[], kind: string, name: string): Manifest => {
  const hits = objects.filter(o => o.kind === kind && o.metadata.name === name);
  if (hits.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${hits.length}`);
  return hits[0];
};
const podSpec = (deployment: Manifest) => deployment.spec.template.spec;
const podAnnotations = (deployment: Manifest): Record<string, string> | undefined => deployment.spec.template.metadata.annotations;

/** The initdata a Deployment's pods carry, decoded and parsed. */
function initDataOf(deployment: Manifest): { text: string; doc: Record<string, any> } {
  const blob = podAnnotations(deployment)?.[INIT_DATA_ANNOTATION];
  if (!blob) throw new Error(`${deployment.metadata.name} has no ${INIT_DATA_ANNOTATION} annotation`);
  const text = decodeInitData(blob);
  return { text, doc: parse(text) as Record<string, any> };
}

/** `default <Request> := <bool>` lines of a Rego agent policy. */
function policyDefaults(rego: string): Record<string, boolean> {
  return Object.fromEntries([...rego.matchAll(/^default (\w+) := (true|false)$/gm)].map(m => [m[1], m[2] === 'true']));
}


const webProps: WebAppProps = { name: 'web', namespace: 'apps', image: PINNED, port: 8080 };

describe('WebApp', () => {
  test('renders a Deployment (not a bare Pod), a ClusterIP Service and a Route', () => {
    // GIVEN
    const { chart, synth } = setup();
    // WHEN
    new WebApp(chart, 'web', webProps);
    // THEN
    expect(synth().map(o => `${o.apiVersion} ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'apps/v1 Deployment apps/web', 'v1 Service apps/web', 'route.openshift.io/v1 Route apps/web',
    ]);
  });

  test('the Deployment runs the image on the port with the restricted security context and no runtime class', () => {
    // GIVEN
    const { chart, synth } = setup();
    // WHEN
    new WebApp(chart, 'web', { ...webProps, serviceAccountName: 'sa', replicas: 2 });
    // THEN
    const deployment = find(synth(), 'Deployment', 'web');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'web' });
    expect(podAnnotations(deployment)).toBeUndefined();
    const spec = podSpec(deployment);
    expect(spec.runtimeClassName).toBeUndefined();
    expect(spec.serviceAccountName).toBe('sa');
    expect(spec.initContainers).toBeUndefined();
    expect(spec.containers).toEqual([{
      name: 'web', image: PINNED, ports: [{ containerPort: 8080, protocol: 'TCP', name: '8080-tcp' }], securityContext: RESTRICTED_SECURITY_CONTEXT,
    }]);
    expect(RESTRICTED_SECURITY_CONTEXT).toEqual({
      privileged: false, allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 1001, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('the Service selects the pods and the Route points at that same Service', () => {
    const { chart, synth } = setup();
    new WebApp(chart, 'web', webProps);
    const objects = synth();
    const service = find(objects, 'Service', 'web');
    expect(service.spec).toEqual({ type: 'ClusterIP', selector: { app: 'web' }, ports: [{ name: '8080-tcp', port: 8080, protocol: 'TCP', targetPort: 8080 }] });
    const route = find(objects, 'Route', 'web');
    expect(route.spec.to).toEqual({ kind: 'Service', name: 'web', weight: 100 });
    expect(route.spec.port).toEqual({ targetPort: 8080 });
    expect(route.spec.tls).toEqual({ termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' });
  });

  test('the Route can be plain HTTP, passthrough or left out', () => {
    const { chart, synth } = setup();
    new WebApp(chart, 'plain', { ...webProps, name: 'plain', route: 'none' });
    new WebApp(chart, 'pass', { ...webProps, name: 'pass', route: 'passthrough' });
    new WebApp(chart, 'none', { ...webProps, name: 'none', route: false });
    const objects = synth();
    expect(find(objects, 'Route', 'plain').spec.tls).toBeUndefined();
    expect(find(objects, 'Route', 'pass').spec.tls.termination).toBe('passthrough');
    expect(objects.filter(o => o.kind === 'Route').map(o => o.metadata.name)).toEqual(['plain', 'pass']);
  });

  test('extra labels, container settings and volume mounts are rendered', () => {
    // GIVEN
    const { chart, synth } = setup();
    // WHEN
    const web = new WebApp(chart, 'web', {
      ...webProps,
      containerName: 'main',
      labels: { tier: 'front' },
      container: { env: [{ name: 'A', value: 'b' }], volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }] },
    });
    web.mainVolumeMounts.push({ name: 'late', mountPath: '/late' });
    web.podSpec.volumes.push({ name: 'cfg', emptyDir: {} }, { name: 'late', emptyDir: {} });
    // THEN
    const deployment = find(synth(), 'Deployment', 'web');
    expect(deployment.metadata.labels).toMatchObject({ app: 'web', tier: 'front' });
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    const container = podSpec(deployment).containers[0];
    expect(container.name).toBe('main');
    expect(container.env).toEqual([{ name: 'A', value: 'b' }]);
    expect(container.volumeMounts).toEqual([{ name: 'cfg', mountPath: '/cfg' }, { name: 'late', mountPath: '/late' }]);
    expect(podSpec(deployment).volumes.map((v: Manifest) => v.name)).toEqual(['cfg', 'late']);
  });

  describe('errors', () => {
    test.each([
      ['a name that is not a DNS label', { name: 'Web_App' }, /^WebApp Web_App name: must be a DNS-1123 label/],
      ['a namespace that is not a DNS label', { namespace: 'my.apps' }, /^WebApp web namespace: must be a DNS-1123 label.*got "my.apps"$/],
      ['port 0', { port: 0 }, /^WebApp web port: must be a port number from 1 to 65535, got 0$/],
      ['port 65536', { port: 65536 }, /^WebApp web port: must be a port number from 1 to 65535, got 65536$/],
      ['a fractional port', { port: 80.5 }, /^WebApp web port: must be a port number from 1 to 65535, got 80.5$/],
      ['a bad image reference', { image: 'Quay.io/App:latest' }, /^WebApp web image: must be an image reference .*got "Quay.io\/App:latest"$/],
      ['an image without a registry path', { image: 'nginx' }, /^WebApp web image: must be an image reference/],
      ['a short digest', { image: 'quay.io/example/app@sha256:abc' }, /^WebApp web image: must be an image reference/],
      ['negative replicas', { replicas: -1 }, /^WebApp web replicas: must be a whole number of at least 0, got -1$/],
      ['an "app" label that would orphan the pods', { labels: { app: 'other' } }, /^WebApp web labels: must not set "app"/],
    ])('%s', (_, bad, message) => {
      const { chart } = setup();
      const problems = problemsOf(() => new WebApp(chart, 'web', { ...webProps, ...bad } as WebAppProps));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(message);
    });

    test('reports every problem at once', () => {
      const { chart } = setup();
      expect(problemsOf(() => new WebApp(chart, 'web', { name: 'web', namespace: 'A', image: 'x', port: -1 }))).toHaveLength(3);
    });
  });
});

const cwProps = (runtime: ConfidentialRuntime, extra: Partial<ConfidentialWorkloadProps> = {}): ConfidentialWorkloadProps => ({
  name: 'app', namespace: 'apps', image: PINNED, port: 8080, runtime, ...extra,
});

describe('ConfidentialWorkload', () => {
  test('runs its pods with the runtime\'s class, kata-remote, and no service account token', () => {
    // GIVEN
    const { chart, runtime, synth } = setup();
    // WHEN
    const workload = new ConfidentialWorkload(chart, 'app', cwProps(runtime));
    // THEN
    const spec = podSpec(find(synth(), 'Deployment', 'app'));
    expect(spec.runtimeClassName).toBe('kata-remote');
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(workload.runtimeClass).toBe('kata-remote');
  });

  test('a bare-metal workload takes kata-cc', () => {
    const { chart, runtime, synth } = setup();
    new ConfidentialWorkload(chart, 'app', cwProps(runtime, { runtimeClass: 'kata-cc' }));
    expect(podSpec(find(synth(), 'Deployment', 'app')).runtimeClassName).toBe('kata-cc');
  });

  test('the cc_init_data annotation decodes to initdata pointing at the KBS, its certificate pinned, with a no-exec policy', () => {
    // GIVEN
    const { chart, runtime, synth } = setup();
    // WHEN
    const workload = new ConfidentialWorkload(chart, 'app', cwProps(runtime));
    // THEN
    const { text, doc } = initDataOf(find(synth(), 'Deployment', 'app'));
    expect(text).toBe(workload.initData.toml);
    expect(doc.algorithm).toBe('sha256');
    const aa = parse(doc.data['aa.toml']) as Manifest;
    expect(aa.token_configs.kbs).toEqual({ url: KBS_URL, cert: KBS_CERT });
    expect(aa.token_configs.coco_as).toEqual({ url: KBS_URL });
    const cdh = parse(doc.data['cdh.toml']) as Manifest;
    expect(cdh.kbc).toEqual({ name: 'cc_kbc', url: KBS_URL, kbs_cert: KBS_CERT });
    expect(cdh.image).toEqual({ image_security_policy_uri: IMAGE_POLICY_RESOURCE.uri });
    const policy = policyDefaults(doc.data['policy.rego']);
    expect(Object.keys(policy).sort()).toEqual([...AGENT_REQUESTS, 'AllowRequestsFailingPolicy'].sort());
    // Bound to the pod spec: container creation only by rule, for this pod's containers.
    expect(policy).toMatchObject({ ExecProcessRequest: false, ReadStreamRequest: false, WriteStreamRequest: false, SetPolicyRequest: false, CreateContainerRequest: false });
    expect(doc.data['policy.rego']).toContain('"workload": "app"');
  });

  test('its own agent policy replaces the cluster default in its initdata only', () => {
    // GIVEN
    const { chart, runtime, synth } = setup();
    const allowList: AgentPolicySpec = { preset: 'no-exec', execAllowList: [['cat', '/etc/os-release']] };
    // WHEN
    const workload = new ConfidentialWorkload(chart, 'app', cwProps(runtime, { agentPolicy: allowList }));
    // THEN
    const rego: string = initDataOf(find(synth(), 'Deployment', 'app')).doc.data['policy.rego'];
    expect(rego).toContain('"cat",\n      "/etc/os-release"');
    expect(workload.agentPolicy).toBe(allowList);
    expect(workload.initData.digest).not.toBe(runtime.defaultInitData.digest);
  });

  test('the initdata is handed to the Trustee: its PCR8 is among the reference values', () => {
    // GIVEN
    const { chart, runtime, trustee, synth, referenceValues } = setup();
    // WHEN
    new ConfidentialWorkload(chart, 'app', cwProps(runtime, { agentPolicy: { preset: 'allow-all' } }));
    // THEN: PCR8 computed here from the decoded annotation, not taken from the construct
    const { text } = initDataOf(find(synth(), 'Deployment', 'app'));
    const pcr8 = azurePcr8(initDataDigest(text, 'sha256'));
    const rv = trustee.referenceValues.find(v => v.name === INITDATA_REFERENCE_VALUES['azure-snp-vtpm'])!;
    expect(rv.values).toContain(pcr8);
    expect(referenceValues().find(v => v.name === 'coco_initdata_azure_snp_pcr08')!.value).toContain(pcr8);
    expect(trustee.acceptedInitData.map(a => a.name)).toEqual(['cluster default (peer-pods-cm)', 'apps/app']);
  });

  test('the initdata is not handed to a Trustee when the runtime has none (external KBS)', () => {
    const { chart, trustee } = setup();
    const external = new ConfidentialRuntime({
      runtimeClass: 'kata-remote', kbsUrl: 'https://kbs.example.com', tees: ['azure-snp-vtpm'], algorithm: 'sha256',
      defaultAgentPolicy: { preset: 'no-exec' }, imageSecurityPolicy: false, vmSizes: [],
    });
    const workload = new ConfidentialWorkload(chart, 'app', cwProps(external));
    expect(trustee.acceptedInitData.map(a => a.name)).toEqual(['cluster default (peer-pods-cm)']);
    expect(workload.initData.toml).toContain('url = "https://kbs.example.com"');
    expect(workload.initData.toml).not.toContain('image_security_policy_uri');
  });

  test('vmSize sets the machine_type annotation', () => {
    const { chart, runtime, synth } = setup();
    new ConfidentialWorkload(chart, 'app', cwProps(runtime, { vmSize: 'Standard_DC4as_v5' }));
    expect(podAnnotations(find(synth(), 'Deployment', 'app'))).toMatchObject({ [MACHINE_TYPE_ANNOTATION]: 'Standard_DC4as_v5' });
    expect(MACHINE_TYPE_ANNOTATION).toBe('io.katacontainers.config.hypervisor.machine_type');
  });

  test('without vmSize there is no machine_type annotation', () => {
    const { chart, runtime, synth } = setup();
    new ConfidentialWorkload(chart, 'app', cwProps(runtime));
    expect(Object.keys(podAnnotations(find(synth(), 'Deployment', 'app'))!)).toEqual([INIT_DATA_ANNOTATION]);
  });

  test('the initdata annotation is the runtime\'s: OSC 1.10 reads runtime.cc_init_data, and only that one is written', () => {
    // GIVEN a runtime for OSC 1.10
    const { chart, runtime, synth } = setup({ initDataAnnotation: 'io.katacontainers.config.runtime.cc_init_data' });
    // WHEN
    const workload = new ConfidentialWorkload(chart, 'app', cwProps(runtime));
    // THEN
    const annotations = podAnnotations(find(synth(), 'Deployment', 'app'))!;
    expect(Object.keys(annotations)).toEqual(['io.katacontainers.config.runtime.cc_init_data']);
    expect(decodeInitData(annotations['io.katacontainers.config.runtime.cc_init_data'])).toBe(workload.initData.toml);
    expect(workload.initDataAnnotation).toBe('io.katacontainers.config.runtime.cc_init_data');
  });

  test('by default the initdata annotation is that of the default OSC release (hypervisor.cc_init_data); a workload may override it', () => {
    const { chart, runtime, synth } = setup();
    expect(runtime.initDataAnnotation).toBe('io.katacontainers.config.hypervisor.cc_init_data');
    expect(INIT_DATA_ANNOTATION).toBe('io.katacontainers.config.hypervisor.cc_init_data');
    new ConfidentialWorkload(chart, 'app', cwProps(runtime, { initDataAnnotation: 'io.katacontainers.config.runtime.cc_init_data' }));
    expect(Object.keys(podAnnotations(find(synth(), 'Deployment', 'app'))!)).toEqual(['io.katacontainers.config.runtime.cc_init_data']);
  });

  test('the readable initdata names the annotation it is in', () => {
    const { app, chart, runtime } = setup({ initDataAnnotation: 'io.katacontainers.config.runtime.cc_init_data' });
    new ConfidentialWorkload(chart, 'app', cwProps(runtime));
    const digests = [...renderApp(app)].find(([f]) => f.endsWith('app.initdata.digests'));
    expect(digests?.[1]).toContain('io.katacontainers.config.runtime.cc_init_data');
  });

  test('any vmSize is accepted when the runtime does not restrict sizes', () => {
    const { chart, runtime, synth } = setup({ vmSizes: [] });
    new ConfidentialWorkload(chart, 'app', cwProps(runtime, { vmSize: 'm6a.large' }));
    expect(podAnnotations(find(synth(), 'Deployment', 'app'))![MACHINE_TYPE_ANNOTATION]).toBe('m6a.large');
  });

  test('kbsResources: an init container fetches each secret from the data hub into a shared in-memory folder', () => {
    // GIVEN
    const { chart, runtime, synth } = setup();
    // WHEN
    new ConfidentialWorkload(chart, 'app', cwProps(runtime, {
      fetcherImage: PINNED_FETCHER,
      kbsResources: [{ resource: 'kbsres1/key1', file: 'one.txt' }, { resource: 'default/passphrase/passphrase', file: 'pass' }],
    }));
    // THEN
    const spec = podSpec(find(synth(), 'Deployment', 'app'));
    expect(spec.volumes).toEqual([{ name: 'kbs-resources', emptyDir: { medium: 'Memory' } }]);
    expect(spec.initContainers).toHaveLength(1);
    const init = spec.initContainers[0];
    expect(init.image).toBe(PINNED_FETCHER);
    expect(init.volumeMounts).toEqual([{ name: 'kbs-resources', mountPath: '/output' }]);
    expect(init.securityContext).toEqual(RESTRICTED_SECURITY_CONTEXT);
    expect(init.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    const commands = init.command[2].split(' && ');
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/^curl .*-o '\/output\/one\.txt' 'http:\/\/127\.0\.0\.1:8006\/cdh\/resource\/default\/kbsres1\/key1'$/);
    expect(commands[1]).toMatch(/^curl .*-o '\/output\/pass' 'http:\/\/127\.0\.0\.1:8006\/cdh\/resource\/default\/passphrase\/passphrase'$/);
    // -f: an HTTP error fails the init container instead of writing the error page into the file.
    expect(commands.every((c: string) => / -[a-zA-Z]*f[a-zA-Z]* /.test(c))).toBe(true);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'kbs-resources', mountPath: '/output', readOnly: true }]);
    expect(CDH_RESOURCE_URL).toBe('http://127.0.0.1:8006/cdh/resource');
  });

  test('kbsResourcesPath moves the shared folder', () => {
    const { chart, runtime, synth } = setup();
    new ConfidentialWorkload(chart, 'app', cwProps(runtime, { fetcherImage: PINNED_FETCHER, kbsResources: [{ resource: 'kbsres1/key1', file: 'k' }], kbsResourcesPath: '/secrets' }));
    const spec = podSpec(find(synth(), 'Deployment', 'app'));
    expect(spec.initContainers[0].command[2]).toContain(`-o '/secrets/k'`);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'kbs-resources', mountPath: '/secrets', readOnly: true }]);
  });

  test('kbsResourcePath drops the default repository and leaves the rest alone', () => {
    expect(kbsResourcePath('default/kbsres1/key3')).toBe('kbsres1/key3');
    expect(kbsResourcePath('kbsres1/key3')).toBe('kbsres1/key3');
    expect(kbsResourcePath('other/kbsres1/key3')).toBe('other/kbsres1/key3');
  });

  test('the readable initdata is rendered next to the manifests, equal to the decoded annotation', () => {
    // GIVEN
    const { app, chart, runtime, synth } = setup();
    // WHEN
    const workload = new ConfidentialWorkload(chart, 'app', cwProps(runtime));
    const tree = renderApp(app);
    // THEN
    expect(tree.get('simple/apps/app.initdata.toml')).toBe(initDataOf(find(synth(), 'Deployment', 'app')).text);
    expect(tree.get('simple/apps/app.initdata.digests')).toContain(`azure_vtpm_pcr8 = ${workload.initData.pcr8}\n`);
  });

  describe('images', () => {
    test('an image pinned by digest gives no warning', () => {
      const { app, chart, runtime } = setup();
      new ConfidentialWorkload(chart, 'app', cwProps(runtime));
      expect(warningsOf(app)).toEqual([]);
    });

    test('a tag-only image is a warning naming the workload', () => {
      const { app, chart, runtime } = setup();
      new ConfidentialWorkload(chart, 'app', cwProps(runtime, { image: 'quay.io/example/app:1.0' }));
      expect(warningsOf(app)).toEqual([{
        path: 'simple/apps/app',
        message: 'apps/app: image "quay.io/example/app:1.0" is not pinned by digest: the agent policy and guest pull cannot tie the pod to one image (use image@sha256:...)',
      }]);
    });

    test('the fetcher image is checked too, when there is an init container', () => {
      const { app, chart, runtime } = setup();
      new ConfidentialWorkload(chart, 'app', cwProps(runtime, { kbsResources: [{ resource: 'kbsres1/key1', file: 'k' }] }));
      expect(warningsOf(app).map(w => w.message)).toEqual([expect.stringContaining('"registry.access.redhat.com/ubi9/ubi:latest" is not pinned by digest')]);
    });

    test('strictImages turns the warning into an error', () => {
      const { app, chart, runtime } = setup();
      expect(problemsOf(() => new ConfidentialWorkload(chart, 'app', cwProps(runtime, { image: 'quay.io/example/app:1.0', strictImages: true })))).toEqual([
        'ConfidentialWorkload app image: apps/app: image "quay.io/example/app:1.0" is not pinned by digest: the agent policy and guest pull cannot tie the pod to one image (use image@sha256:...)',
      ]);
      expect(warningsOf(app)).toEqual([]);
    });

    test('strictImages passes pinned images', () => {
      const { chart, runtime } = setup();
      expect(() => new ConfidentialWorkload(chart, 'app', cwProps(runtime, { strictImages: true, fetcherImage: PINNED_FETCHER, kbsResources: [{ resource: 'kbsres1/key1', file: 'k' }] })))
        .not.toThrow();
      expect(isPinnedByDigest(PINNED)).toBe(true);
      expect(isPinnedByDigest(`quay.io/example/app:1.0@sha256:${'c'.repeat(64)}`)).toBe(true);
      expect(isPinnedByDigest('quay.io/example/app:sha256')).toBe(false);
    });
  });

  describe('errors', () => {
    test.each([
      ['an unknown runtime class', { runtimeClass: 'kata' },
        'ConfidentialWorkload app runtimeClass: must be a confidential runtime class ("kata-remote", "kata-cc"), got "kata"'],
      ['the non-confidential runtime', { runtimeClass: 'runc' },
        'ConfidentialWorkload app runtimeClass: must be a confidential runtime class ("kata-remote", "kata-cc"), got "runc"'],
      ['a VM size outside the allowed list', { vmSize: 'Standard_D4s_v5' },
        `ConfidentialWorkload app vmSize: must be one of the allowed pod VM sizes (${DEFAULT_AZURE_INSTANCE_SIZES.join(', ')}), got "Standard_D4s_v5"`],
      ['a KBS secret Trustee does not serve', { kbsResources: [{ resource: 'nope/key1', file: 'k' }] },
        'ConfidentialWorkload app kbsResources[0].resource: names secret resource "nope", which Trustee does not serve'],
      ['a KBS key Trustee does not serve', { kbsResources: [{ resource: 'kbsres1/key9', file: 'k' }] },
        'ConfidentialWorkload app kbsResources[0].resource: names key "key9" of secret resource "kbsres1"'],
      ['a KBS resource of another repository', { kbsResources: [{ resource: 'other/kbsres1/key1', file: 'k' }] },
        'ConfidentialWorkload app kbsResources[0].resource: must be "<secret>/<key>" or "default/<secret>/<key>", got "other/kbsres1/key1"'],
      ['a KBS resource that would change the URL', { kbsResources: [{ resource: 'kbsres1/key1?x=1', file: 'k' }] },
        'ConfidentialWorkload app kbsResources[0].resource: must be "<secret>/<key>" or "default/<secret>/<key>", got "kbsres1/key1?x=1"'],
      ['a duplicate resource file', { kbsResources: [{ resource: 'kbsres1/key1', file: 'k' }, { resource: 'kbsres1/key2', file: 'k' }] },
        'ConfidentialWorkload app kbsResources[1].file: is used twice: "k"'],
      ['a file name that is a path', { kbsResources: [{ resource: 'kbsres1/key1', file: '../etc/passwd' }] },
        'ConfidentialWorkload app kbsResources[0].file: must be a plain file name, got "../etc/passwd"'],
      ['a file name ".."', { kbsResources: [{ resource: 'kbsres1/key1', file: '..' }] },
        'ConfidentialWorkload app kbsResources[0].file: must be a plain file name, got ".."'],
      ['an agent policy with an empty exec entry', { agentPolicy: { preset: 'no-exec', execAllowList: [[]] } },
        'ConfidentialWorkload app agentPolicy.execAllowList[0]'],
      ['an unknown initdata annotation', { initDataAnnotation: 'io.katacontainers.config.cc_init_data' as never },
        'ConfidentialWorkload app initDataAnnotation: must be "io.katacontainers.config.runtime.cc_init_data" (OSC 1.10) or "io.katacontainers.config.hypervisor.cc_init_data" (OSC 1.11 and later), got "io.katacontainers.config.cc_init_data"'],
      ['an unknown agent policy preset', { agentPolicy: { preset: 'none' } as unknown as AgentPolicySpec },
        'ConfidentialWorkload app agentPolicy.preset: must be one of "allow-all", "no-exec", got "none"'],
      ['a debug workload that fetches a secret', { agentPolicy: { preset: 'allow-all' }, kbsResources: [{ resource: 'kbsres1/key1', file: 'k' }] },
        'ConfidentialWorkload app agentPolicy: allows exec (preset "allow-all"), so whoever can exec into the pod reads what it obtains'],
      ['a debug workload that obtains a secret', { agentPolicy: { preset: 'allow-all' }, obtains: ['passphrase/passphrase'] },
        'ConfidentialWorkload app agentPolicy: allows exec'],
      ['obtaining a secret Trustee does not serve', { obtains: ['nope/x'] },
        'ConfidentialWorkload app obtains[0]: names secret resource "nope", which Trustee does not serve'],
      ['an env value from a Secret', { container: { env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] } },
        'ConfidentialWorkload app.containers[app].env[0].valueFrom: "TOKEN" takes its value from the cluster'],
      ['variables from a ConfigMap', { container: { envFrom: [{ configMapRef: { name: 'c' } }] } },
        'ConfidentialWorkload app.containers[app].envFrom: takes variables from a ConfigMap or Secret'],
      ['a privileged container', { securityContext: { privileged: true } },
        'ConfidentialWorkload app.containers[app].securityContext.privileged: must not be true in a confidential pod'],
    ])('%s', (_, bad, message) => {
      const { chart, runtime } = setup();
      const problems = problemsOf(() => new ConfidentialWorkload(chart, 'app', cwProps(runtime, { fetcherImage: PINNED_FETCHER, ...bad } as Partial<ConfidentialWorkloadProps>)));
      expect(problems).toHaveLength(1);
      expect(problems[0].startsWith(message)).toBe(true);
    });

    test.each([
      ['port out of range', { port: 70000 }, /^WebApp app port: must be a port number from 1 to 65535, got 70000$/],
      ['a name that is not a DNS label', { name: 'App' }, /^WebApp App name: must be a DNS-1123 label/],
      ['a namespace that is not a DNS label', { namespace: 'apps_ns' }, /^WebApp app namespace: must be a DNS-1123 label/],
      ['a bad image reference', { image: 'not an image' }, /^WebApp app image: must be an image reference/],
    ])('%s (checked by WebApp first)', (_, bad, message) => {
      const { chart, runtime } = setup();
      const problems = problemsOf(() => new ConfidentialWorkload(chart, 'app', cwProps(runtime, bad)));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(message);
    });

    test('a debug workload may obtain a secret when allowed explicitly, and Trustee then grants it', () => {
      const { chart, runtime, trustee } = setup();
      new ConfidentialWorkload(chart, 'app', cwProps(runtime, { agentPolicy: { preset: 'allow-all' }, obtains: ['passphrase/passphrase'], allowDebugAccess: true }));
      expect(trustee.grants.find(g => g.name === 'apps/app')!.resources).toEqual(['default/passphrase/passphrase', 'default/security-policy/osc']);
      expect(trustee.acceptedInitData.find(a => a.name === 'apps/app')!.access.debug).toBe(true);
    });

    test('the pod spec is frozen once its identity is taken: a later change fails instead of leaving pods and initdata apart', () => {
      const { chart, runtime } = setup();
      const workload = new ConfidentialWorkload(chart, 'app', cwProps(runtime));
      expect(() => workload.podSpec.initContainers.push({ name: 'sidecar', image: PINNED })).toThrow(TypeError);
      expect(() => workload.podSpec.volumes.push({ name: 'v', emptyDir: {} })).toThrow(TypeError);
    });

    test('reports every problem at once', () => {
      const { chart, runtime } = setup();
      const problems = problemsOf(() => new ConfidentialWorkload(chart, 'app', cwProps(runtime, {
        runtimeClass: 'kata', vmSize: 'x', kbsResources: [{ resource: 'nope/x', file: '/abs' }],
      })));
      expect(problems.map(p => p.split(':')[0])).toEqual([
        'ConfidentialWorkload app runtimeClass', 'ConfidentialWorkload app vmSize',
        'ConfidentialWorkload app kbsResources[0].resource', 'ConfidentialWorkload app kbsResources[0].file',
      ]);
    });
  });
});

describe('ConfidentialRuntime', () => {
  test('builds the cluster default initdata and hands it to the Trustee for each TEE', () => {
    // WHEN
    const { runtime, trustee } = setup({ tees: ['azure-snp-vtpm', 'azure-tdx-vtpm'] });
    // THEN
    expect(trustee.acceptedInitData).toEqual([{
      name: 'cluster default (peer-pods-cm)', initData: runtime.defaultInitData, tees: ['azure-snp-vtpm', 'azure-tdx-vtpm'],
      access: { obtains: [], imagePolicy: 'default/security-policy/osc', debug: false },
    }]);
    const names = trustee.referenceValues.map(v => v.name);
    expect(names).toEqual(['coco_initdata_azure_snp_pcr08', 'coco_initdata_azure_tdx_pcr08']);
    for (const rv of trustee.referenceValues) {
      expect(rv.values).toEqual([runtime.defaultInitData.pcr8]);
    }
  });

  test('stands on its own with a Trustee: its KBS, its certificate, kata-remote, SNP, sha256, no-exec, the image policy', () => {
    const { trustee } = setup();
    const runtime = new ConfidentialRuntime({ trustee });
    expect(runtime).toMatchObject({
      runtimeClass: 'kata-remote', kbsUrl: trustee.kbsUrl, kbsCertificate: trustee.kbsCertificate, tees: ['azure-snp-vtpm'],
      algorithm: 'sha256', defaultAgentPolicy: { preset: 'no-exec' }, imageSecurityPolicy: true, vmSizes: [],
    });
    const chart = Testing.chart();
    const workload = new ConfidentialWorkload(chart, 'api', { name: 'api', namespace: 'apps', image: PINNED, port: 8080, runtime });
    expect(trustee.grants.find(g => g.name === 'apps/api')!.resources).toEqual(['default/security-policy/osc']);
    expect(workload.initData.toml).toContain(trustee.kbsUrl);
  });

  test('without a Trustee it needs the KBS URL, and points at no image policy', () => {
    expect(() => new ConfidentialRuntime({})).toThrow('ConfidentialRuntime kbsUrl: is required without a trustee');
    expect(new ConfidentialRuntime({ kbsUrl: 'https://kbs.example.org' }).imageSecurityPolicy).toBe(false);
  });

  test('hands nothing to the Trustee when no TEE is known (e.g. AWS, libvirt)', () => {
    const { trustee } = setup({ tees: [] });
    expect(trustee.acceptedInitData).toEqual([]);
    expect(trustee.referenceValues).toEqual([]);
  });

  test('the default initdata carries the default agent policy and the KBS settings', () => {
    const { runtime } = setup({ defaultAgentPolicy: { preset: 'allow-all' } });
    const doc = parse(runtime.defaultInitData.toml) as Manifest;
    expect(policyDefaults(doc.data['policy.rego']).ExecProcessRequest).toBe(true);
    expect(doc.data['aa.toml']).toContain(KBS_URL);
    expect(decodeInitData(runtime.defaultInitData.encoded)).toBe(runtime.defaultInitData.toml);
  });

  test('an unknown initdata annotation is an error naming the prop', () => {
    expect(problemsOf(() => setup({ initDataAnnotation: 'cc_init_data' as never }))).toEqual([
      'ConfidentialRuntime initDataAnnotation: must be "io.katacontainers.config.runtime.cc_init_data" (OSC 1.10) or "io.katacontainers.config.hypervisor.cc_init_data" (OSC 1.11 and later), got "cc_init_data"',
    ]);
  });

  test('a runtime without imageSecurityPolicy leaves the image policy out', () => {
    const { runtime } = setup({ imageSecurityPolicy: false });
    expect(runtime.defaultInitData.toml).not.toContain('image_security_policy_uri');
  });
});

function hello(props: Partial<HelloOpenshiftProps> = {}) {
  const s = setup();
  const construct = new HelloOpenshift(s.chart, 'hello-openshift', { runtime: s.runtime, ...props });
  return { ...s, construct, objects: s.synth() };
}

describe('HelloOpenshift', () => {
  test('renders the namespace, a non-root service account and standard, insecure-policy and secure, each a Deployment, Service and Route', () => {
    const { objects } = hello();
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/insecure-policy', 'Deployment/secure', 'Deployment/standard',
      'Namespace/hello-openshift',
      'RoleBinding/hello-openshift-nonroot-v2',
      'Route/insecure-policy', 'Route/secure', 'Route/standard',
      'Service/insecure-policy', 'Service/secure', 'Service/standard',
      'ServiceAccount/hello-openshift',
    ]);
    expect(objects.filter(o => o.kind === 'Pod')).toEqual([]);
    for (const o of objects.filter(x => x.kind !== 'Namespace')) {
      expect(o.metadata.namespace).toBe('hello-openshift');
    }
  });

  test('runtime class per variant: standard none, insecure-policy and secure kata-remote', () => {
    const { objects } = hello();
    expect(podSpec(find(objects, 'Deployment', 'standard')).runtimeClassName).toBeUndefined();
    expect(podSpec(find(objects, 'Deployment', 'insecure-policy')).runtimeClassName).toBe('kata-remote');
    expect(podSpec(find(objects, 'Deployment', 'secure')).runtimeClassName).toBe('kata-remote');
  });

  test('standard is an ordinary pod: no initdata, and its service account token as usual', () => {
    const standard = find(hello().objects, 'Deployment', 'standard');
    expect(podAnnotations(standard)).toBeUndefined();
    expect(podSpec(standard).automountServiceAccountToken).toBeUndefined();
  });

  test('insecure-policy\'s initdata allows everything, exec included', () => {
    const rego = initDataOf(find(hello().objects, 'Deployment', 'insecure-policy')).doc.data['policy.rego'];
    const defaults = policyDefaults(rego);
    expect(Object.keys(defaults).sort()).toEqual([...AGENT_REQUESTS, 'AllowRequestsFailingPolicy'].sort());
    // Everything but the bound requests, which rules allow for this pod's own containers only.
    expect(Object.entries(defaults).filter(([, v]) => !v).map(([k]) => k).sort()).toEqual(['AllowRequestsFailingPolicy', 'CopyFileRequest', 'CreateContainerRequest', 'CreateSandboxRequest']);
  });

  test('secure\'s initdata denies exec, log reading, stdin and policy replacement', () => {
    const rego = initDataOf(find(hello().objects, 'Deployment', 'secure')).doc.data['policy.rego'];
    const denied = Object.entries(policyDefaults(rego)).filter(([, v]) => !v).map(([k]) => k).sort();
    expect(denied).toEqual(['AllowRequestsFailingPolicy', 'CopyFileRequest', 'CreateContainerRequest', 'CreateSandboxRequest', 'ExecProcessRequest', 'GetDiagnosticDataRequest', 'ReadStreamRequest', 'SetPolicyRequest', 'WriteStreamRequest']);
  });

  test('only insecure-policy carries the insecure label, on the Deployment and its pods', () => {
    const { objects } = hello();
    const insecure = find(objects, 'Deployment', 'insecure-policy');
    expect(insecure.metadata.labels[INSECURE_LABEL]).toBe('true');
    expect(insecure.spec.template.metadata.labels[INSECURE_LABEL]).toBe('true');
    for (const name of ['standard', 'secure']) {
      expect(JSON.stringify(find(objects, 'Deployment', name))).not.toContain(INSECURE_LABEL);
    }
    expect(INSECURE_LABEL).toBe('coco-cdk8s.io/insecure-policy');
  });

  test('every Route points at its own Service (the reference sent insecure-policy to standard)', () => {
    const { objects } = hello();
    for (const name of ['standard', 'insecure-policy', 'secure']) {
      const route = find(objects, 'Route', name);
      expect(route.spec.to).toEqual({ kind: 'Service', name, weight: 100 });
      expect(route.spec.port.targetPort).toBe(8888);
      expect(find(objects, 'Service', name).spec.selector).toEqual({ app: name });
    }
  });

  test('the reference\'s image, port and restricted security context, under the non-root service account', () => {
    const { objects } = hello();
    for (const name of ['standard', 'insecure-policy', 'secure']) {
      const spec = podSpec(find(objects, 'Deployment', name));
      expect(spec.serviceAccountName).toBe('hello-openshift');
      expect(spec.containers[0]).toMatchObject({
        image: 'quay.io/openshift/origin-hello-openshift', ports: [{ containerPort: 8888, name: '8888-tcp', protocol: 'TCP' }], securityContext: RESTRICTED_SECURITY_CONTEXT,
      });
    }
  });

  test('the service account may run as UID 1001 through the nonroot-v2 SCC', () => {
    const binding = find(hello().objects, 'RoleBinding', 'hello-openshift-nonroot-v2');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:openshift:scc:nonroot-v2' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'hello-openshift', namespace: 'hello-openshift' }]);
  });

  test('both confidential variants hand their initdata to the Trustee', () => {
    const { objects, trustee } = hello();
    const accepted = trustee.referenceValues.find(v => v.name === 'coco_initdata_azure_snp_pcr08')!.values;
    for (const name of ['insecure-policy', 'secure']) {
      expect(accepted).toContain(azurePcr8(initDataDigest(initDataOf(find(objects, 'Deployment', name)).text, 'sha256')));
    }
    expect(trustee.acceptedInitData.map(a => a.name)).toEqual(['cluster default (peer-pods-cm)', 'hello-openshift/insecure-policy', 'hello-openshift/secure']);
  });

  test('warns about the tag-only image of each confidential variant', () => {
    const { app } = hello();
    expect(warningsOf(app).map(w => w.message.split(':')[0])).toEqual(['hello-openshift/insecure-policy', 'hello-openshift/secure']);
  });

  test('strictImages fails on the tag-only image', () => {
    expect(() => hello({ strictImages: true })).toThrow(/^ConfidentialWorkload insecure-policy image: .* is not pinned by digest/);
  });

  test('namespace, image and port follow the props', () => {
    const { objects } = hello({ namespace: 'demo', image: PINNED, port: 9000, strictImages: true });
    const secure = find(objects, 'Deployment', 'secure');
    expect(secure.metadata.namespace).toBe('demo');
    expect(podSpec(secure).containers[0]).toMatchObject({ image: PINNED, ports: [{ containerPort: 9000 }] });
    expect(podSpec(secure).serviceAccountName).toBe('demo');
    expect(find(objects, 'Route', 'secure').spec.port.targetPort).toBe(9000);
  });

  test('a port out of range fails', () => {
    expect(() => hello({ port: 0 })).toThrow(/^WebApp standard port: must be a port number from 1 to 65535, got 0$/);
  });
});

function kbsAccess(props: Partial<KbsAccessProps> = {}) {
  const s = setup();
  const construct = new KbsAccess(s.chart, 'kbs-access', { runtime: s.runtime, ...props });
  return { ...s, construct, objects: s.synth() };
}

describe('KbsAccess', () => {
  test('renders the namespace, service account and the secure app with Service and Route', () => {
    const { objects } = kbsAccess();
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/secure', 'Namespace/kbs-access', 'RoleBinding/kbs-access-nonroot-v2',
      'Route/secure', 'Service/secure', 'ServiceAccount/kbs-access',
    ]);
  });

  test('FILEPATH in the pod spec tells the app which file to serve (pinned by the agent policy, unlike the reference\'s ConfigMap)', () => {
    const spec = podSpec(find(kbsAccess().objects, 'Deployment', 'secure'));
    expect(spec.containers[0].env).toEqual([{ name: 'FILEPATH', value: '/output/kbsres1.txt' }]);
    expect(spec.containers[0].envFrom).toBeUndefined();
    expect(spec.enableServiceLinks).toBe(false);
  });

  test('the init container requests default/kbsres1/key3 from the data hub into /output/kbsres1.txt', () => {
    // WHEN
    const spec = podSpec(find(kbsAccess().objects, 'Deployment', 'secure'));
    // THEN
    expect(spec.initContainers).toHaveLength(1);
    const [shell, flag, script] = spec.initContainers[0].command;
    expect([shell, flag]).toEqual(['/bin/sh', '-c']);
    expect(script).toMatch(/^curl .* -o '\/output\/kbsres1\.txt' 'http:\/\/127\.0\.0\.1:8006\/cdh\/resource\/default\/kbsres1\/key3'$/);
    expect(spec.initContainers[0].image).toBe('registry.access.redhat.com/ubi9/ubi:latest');
  });

  test('the app shares the in-memory folder with the init container, and runs its program named absolutely', () => {
    const spec = podSpec(find(kbsAccess().objects, 'Deployment', 'secure'));
    expect(spec.volumes).toEqual([{ name: 'kbs-resources', emptyDir: { medium: 'Memory' } }]);
    expect(spec.initContainers[0].volumeMounts).toEqual([{ name: 'kbs-resources', mountPath: '/output' }]);
    expect(spec.containers).toEqual([expect.objectContaining({
      name: 'python-access',
      image: 'ghcr.io/butler54/kbs-access-app:latest',
      ports: [{ containerPort: 5000, name: '5000-tcp', protocol: 'TCP' }],
      command: ['/opt/app-root/bin/python', '/app/server.py'],
      env: [{ name: 'FILEPATH', value: '/output/kbsres1.txt' }],
      volumeMounts: [{ name: 'kbs-resources', mountPath: '/output', readOnly: true }],
    })]);
  });

  test('a confidential Deployment without the cluster\'s service account token', () => {
    const deployment = find(kbsAccess().objects, 'Deployment', 'secure');
    expect(podSpec(deployment).runtimeClassName).toBe('kata-remote');
    expect(podSpec(deployment).automountServiceAccountToken).toBe(false);
    expect(podSpec(deployment).serviceAccountName).toBe('kbs-access');
    expect(policyDefaults(initDataOf(deployment).doc.data['policy.rego']).ExecProcessRequest).toBe(false);
  });

  test('the Route points at the secure Service on port 5000', () => {
    const { objects } = kbsAccess();
    expect(find(objects, 'Route', 'secure').spec).toMatchObject({ to: { kind: 'Service', name: 'secure' }, port: { targetPort: 5000 } });
    expect(find(objects, 'Service', 'secure').spec.ports).toEqual([{ name: '5000-tcp', port: 5000, protocol: 'TCP', targetPort: 5000 }]);
  });

  test('the nonroot-v2 RoleBinding lets the service account run as UID 1001', () => {
    const binding = find(kbsAccess().objects, 'RoleBinding', 'kbs-access-nonroot-v2');
    expect(binding.roleRef.name).toBe('system:openshift:scc:nonroot-v2');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kbs-access', namespace: 'kbs-access' }]);
  });

  test('its initdata is handed to the Trustee', () => {
    const { objects, trustee } = kbsAccess();
    const pcr8 = azurePcr8(initDataDigest(initDataOf(find(objects, 'Deployment', 'secure')).text, 'sha256'));
    expect(trustee.referenceValues.find(v => v.name === 'coco_initdata_azure_snp_pcr08')!.values).toContain(pcr8);
    expect(trustee.acceptedInitData.map(a => a.name)).toContain('kbs-access/secure');
  });

  test('warns about both tag-only images, the app and the fetcher', () => {
    const { app } = kbsAccess();
    expect(warningsOf(app).map(w => w.message)).toEqual([
      expect.stringContaining('"ghcr.io/butler54/kbs-access-app:latest" is not pinned by digest'),
      expect.stringContaining('"registry.access.redhat.com/ubi9/ubi:latest" is not pinned by digest'),
    ]);
  });

  test('strictImages fails on a tag-only fetcher image even when the app is pinned', () => {
    expect(() => kbsAccess({ image: PINNED, strictImages: true })).toThrow(/"registry.access.redhat.com\/ubi9\/ubi:latest" is not pinned by digest/);
    expect(() => kbsAccess({ image: PINNED, fetcherImage: PINNED_FETCHER, strictImages: true })).not.toThrow();
  });

  test.each([
    ['passphrase/passphrase', '/output/passphrase.txt', 'default/passphrase/passphrase'],
    ['default/kbsres1/key1', '/output/kbsres1.txt', 'default/kbsres1/key1'],
  ])('resource %s is served from %s', (resource, file, path) => {
    // WHEN
    const { objects } = kbsAccess({ resource });
    // THEN
    expect(podSpec(find(objects, 'Deployment', 'secure')).containers[0].env).toEqual([{ name: 'FILEPATH', value: file }]);
    expect(podSpec(find(objects, 'Deployment', 'secure')).initContainers[0].command[2]).toContain(`-o '${file}' '${CDH_RESOURCE_URL}/${path}'`);
  });

  test('a resource Trustee does not serve fails, naming the field', () => {
    expect(() => kbsAccess({ resource: 'kbsres2/key1' })).toThrow(/^ConfidentialWorkload secure kbsResources\[0\]\.resource: names secret resource "kbsres2", which Trustee does not serve/);
  });

  test('namespace and port follow the props', () => {
    const { objects } = kbsAccess({ namespace: 'kbs-demo', port: 8080 });
    expect(find(objects, 'Deployment', 'secure').metadata.namespace).toBe('kbs-demo');
    expect(find(objects, 'Route', 'secure').spec.port.targetPort).toBe(8080);
  });
});

describe('the demo apps together', () => {
  test('every confidential workload\'s initdata is among the Trustee reference values, rendered', () => {
    // GIVEN
    const s = setup();
    new HelloOpenshift(s.chart, 'hello', { runtime: s.runtime });
    new KbsAccess(new ArgoAppChart(s.group, 'kbs', { project: 'workloads', namespace: 'kbs-access' }), 'kbs', { runtime: s.runtime });
    // WHEN
    const tree = renderApp(s.app);
    // THEN
    const values: string[] = readReferenceValues(
      (Testing.synth(s.trustee.node.scope as ArgoAppChart) as Manifest[]).find(o => o.metadata.name === 'rvps-reference-values')!.data,
    ).find(v => v.name === 'coco_initdata_azure_snp_pcr08')!.value;
    const blobs = [...tree].filter(([f]) => f.endsWith('.yaml') && f.includes('Deployment.'))
      .map(([, y]) => /cc_init_data: (\S+)/.exec(y)?.[1]).filter((b): b is string => !!b);
    expect(blobs).toHaveLength(3);
    for (const blob of blobs) {
      expect(values).toContain(azurePcr8(initDataDigest(decodeInitData(blob), 'sha256')));
    }
  });

  test('constructs outside a cluster group still synthesize', () => {
    const s = setup();
    const chart = new Chart(new App(), 'plain');
    new HelloOpenshift(chart, 'hello', { runtime: s.runtime });
    expect(Testing.synth(chart).filter(o => o.kind === 'Deployment')).toHaveLength(3);
  });
});

describeWithSchemas('workloads: strict schema validation', () => {
  test.each([
    ['HelloOpenshift', () => hello().objects],
    ['KbsAccess', () => kbsAccess().objects],
    ['ConfidentialWorkload, every option', () => {
      const { chart, runtime, synth } = setup();
      new ConfidentialWorkload(chart, 'app', cwProps(runtime, {
        vmSize: 'Standard_DC4as_v5', runtimeClass: 'kata-cc', replicas: 3, route: 'passthrough', labels: { tier: 'x' },
        kbsResources: [{ resource: 'kbsres1/key1', file: 'k' }], container: { env: [{ name: 'A', value: 'b' }] },
      }));
      return synth();
    }],
  ])('%s', (_, objects) => {
    for (const o of objects()) {
      expect([`${o.kind}/${o.metadata.name}`, schemaValidator()!.validate(o)]).toEqual([`${o.kind}/${o.metadata.name}`, []]);
    }
  });
});

describe('the names a Trustee gives initdata', () => {
  test('parseTrusteeName reads back what trusteeName writes, with and without an origin', () => {
    const { trustee } = setup();
    for (const origin of [undefined, 'azure-spokes']) {
      const runtime = new ConfidentialRuntime({ runtimeClass: 'kata-remote', kbsUrl: trustee.kbsUrl, kbsCertificate: trustee.kbsCertificate, trustee, origin });
      const written = runtime.trusteeName('hello-openshift/secure');
      expect(written).toBe(origin ? 'azure-spokes: hello-openshift/secure' : 'hello-openshift/secure');
      expect(ConfidentialRuntime.parseTrusteeName(written)).toEqual(origin ? { origin, name: 'hello-openshift/secure' } : { name: 'hello-openshift/secure' });
    }
  });
});
