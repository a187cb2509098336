import { allowedCapabilities, imageSources, podIdentity, podIdentityProblems, PodSpecInput, unpinnedParts } from '../../lib/policy';
import { renderAgentPolicy } from '../../lib/policy/render';

const POD: PodSpecInput = {
  namespace: 'shop',
  workload: 'api',
  initContainers: [{ name: 'init', image: 'quay.io/x/init@sha256:' + 'a'.repeat(64), command: ['/bin/sh', '-c', 'true'] }],
  containers: [{
    name: 'api',
    image: 'quay.io/x/api:1.0',
    args: ['--port', '8080'],
    env: [{ name: 'MODE', value: 'prod' }, { name: 'A', value: '' }],
    securityContext: { allowPrivilegeEscalation: false, runAsUser: 1001, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
    volumeMounts: [{ name: 'cache', mountPath: '/cache' }, { name: 'config', mountPath: '/etc/app', readOnly: true }],
  }],
  volumes: [{ name: 'cache', emptyDir: { medium: 'Memory' } }, { name: 'config', configMap: { name: 'app' } }],
  imageEnv: { [`quay.io/x/init@sha256:${'a'.repeat(64)}`]: ['PATH=/bin'] },
};

describe('podIdentity', () => {
  test('pins every container of the pod spec, init containers first', () => {
    const id = podIdentity(POD);
    expect(id.containers.map(c => [c.name, c.role])).toEqual([['init', 'init'], ['api', 'app']]);
    const api = id.containers[1];
    expect(api).toMatchObject({
      args: null, env: ['A=', 'MODE=prod'], imageEnv: null, uid: 1001, gid: null, noNewPrivileges: true, capabilities: ['NET_BIND_SERVICE'], readOnlyRoot: false,
      mounts: [{ destination: '/cache', volume: 'cache', kind: 'memory', readOnly: false }, { destination: '/etc/app', volume: 'config', kind: 'files', readOnly: true }],
    });
    expect(id.containers[0]).toMatchObject({ args: ['/bin/sh', '-c', 'true'], imageEnv: ['PATH=/bin'] });
  });

  test('reports what only the image knows as not pinned', () => {
    const [init, api] = podIdentity(POD).containers;
    expect(unpinnedParts(init)).toEqual([]);
    expect(unpinnedParts(api).map(p => p.split(' (')[0])).toEqual(['its command', 'its image environment']);
  });

  test('the image references the guest may be asked to pull are the spec\'s and CRI-O\'s normalised forms', () => {
    expect(imageSources('quay.io/x/api:1.0')).toEqual(['quay.io/x/api:1.0']);
    expect(imageSources('quay.io/x/api')).toEqual(['quay.io/x/api', 'quay.io/x/api:latest']);
    expect(imageSources('nginx')).toEqual(['docker.io/library/nginx', 'docker.io/library/nginx:latest', 'nginx']);
    expect(imageSources('org/app@sha256:' + 'b'.repeat(64))).toEqual([`docker.io/org/app@sha256:${'b'.repeat(64)}`, `org/app@sha256:${'b'.repeat(64)}`]);
  });

  test('capabilities: CRI-O\'s defaults unless dropped, plus the added ones', () => {
    expect(allowedCapabilities(undefined)).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'NET_BIND_SERVICE', 'SETGID', 'SETPCAP', 'SETUID']);
    expect(allowedCapabilities({ capabilities: { drop: ['KILL', 'CAP_CHOWN'] } })).not.toContain('KILL');
    expect(allowedCapabilities({ capabilities: { drop: ['ALL'], add: ['CAP_NET_RAW'] } })).toEqual(['NET_RAW']);
  });

  test('two workloads differing only in what they obtain get different policies', () => {
    const pod = podIdentity(POD);
    expect(renderAgentPolicy({ preset: 'no-exec' }, { pod, obtains: ['default/a/b'] })).not.toBe(renderAgentPolicy({ preset: 'no-exec' }, { pod, obtains: [] }));
    expect(renderAgentPolicy({ preset: 'no-exec' }, { pod, obtains: ['default/a/b'] })).toMatchSnapshot();
  });
});

describe('podIdentityProblems', () => {
  const withApi = (change: Record<string, unknown>, volumes = POD.volumes) => ({ ...POD, volumes, containers: [{ ...POD.containers[0], ...change }] }) as PodSpecInput;

  test('a valid pod has none', () => {
    expect(podIdentityProblems(POD, 'p')).toEqual([]);
  });

  test.each<[string, PodSpecInput, string]>([
    ['an env value from a Secret', withApi({ env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }), 'p.containers[api].env[0].valueFrom: "TOKEN" takes its value from the cluster'],
    ['envFrom a ConfigMap', withApi({ envFrom: [{ configMapRef: { name: 'c' } }] }), 'p.containers[api].envFrom: takes variables from a ConfigMap or Secret'],
    ['privileged', withApi({ securityContext: { privileged: true } }), 'p.containers[api].securityContext.privileged: must not be true in a confidential pod'],
    ['an unmasked /proc', withApi({ securityContext: { procMount: 'Unmasked' } }), 'p.containers[api].securityContext.procMount: must be "Default"'],
    ['a hostPath volume', withApi({ volumeMounts: [{ name: 'host', mountPath: '/host' }] }, [{ name: 'host', hostPath: { path: '/' } }]), 'p.containers[api].volumeMounts[0]: mounts volume "host" of kind hostPath, which a confidential pod cannot trust'],
    ['a mount of no volume', withApi({ volumeMounts: [{ name: 'none', mountPath: '/x' }] }), 'p.containers[api].volumeMounts[0].name: names no volume of the pod, got "none"'],
    ['a subPath', withApi({ volumeMounts: [{ name: 'cache', mountPath: '/x', subPath: 'a' }] }), 'p.containers[api].volumeMounts[0].subPath: is not supported'],
    ['two containers of one name', { ...POD, initContainers: [{ name: 'api', image: 'quay.io/x/y:1' }] }, 'p.containers[api]: is a second container named "api"'],
  ])('%s', (_, pod, message) => {
    const problems = podIdentityProblems(pod, 'p').map(p => `${p.path}: ${p.message}`);
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(message)).toBe(true);
  });
});
