/**
 * The agent policies of the default pattern on the real Rego engine: each confidential workload's own
 * sandbox and containers, shaped as OpenShift's CRI-O and the kata shim send them, are allowed; every
 * tampered or foreign request is denied.
 */
import { gunzipSync } from 'zlib';
import { parse } from 'smol-toml';
import { AGENT_REQUESTS } from '../../lib/policy';
import {
  containerId, containerRequest, containersOf, copyFileRequest, createSandboxRequest, execRequest, podOf, PodUnderTest, sandboxRequest, sharedFile, tampered,
} from '../support/crio-requests';
import { describeWithOpa, evaluateRego, evaluateRegoQueries, RegoCase, regoProblems } from '../support/opa';
import { find, renderDefault } from '../support/render';

/** The policy.rego inside a rendered Deployment's initdata annotation. */
function policyOf(deployment: any): string {
  const blob = Object.entries(deployment.spec.template.metadata.annotations as Record<string, string>).find(([k]) => k.endsWith('.cc_init_data'))![1];
  const doc = parse(gunzipSync(Buffer.from(blob, 'base64')).toString('utf8')) as { data: Record<string, string> };
  return doc.data['policy.rego'];
}

const tree = renderDefault();
const WORKLOADS = [['hello-openshift', 'secure'], ['hello-openshift', 'insecure-policy'], ['kbs-access', 'secure']] as const;
const deployments = Object.fromEntries(WORKLOADS.map(([app, name]) => [`${app}/${name}`, find(tree, 'Deployment', name, `simple/${app}/`)]));
const policies = Object.fromEntries(Object.entries(deployments).map(([k, d]) => [k, policyOf(d)]));
const pods = Object.fromEntries(Object.entries(deployments).map(([k, d]) => [k, podOf(d)])) as Record<string, PodUnderTest>;

/**
 * The decisions under the policy of workload `key`: for each [request name, cases], the decision of each
 * case. One engine run per call (starting one took most of this file's time).
 */
function decide(key: string, ...requests: [name: string, cases: RegoCase[]][]): unknown[][] {
  return evaluateRegoQueries({ 'policy.rego': policies[key] }, requests.map(([name, cases]) => ({ query: `data.agent_policy.${name}`, cases })), 'v1');
}

describeWithOpa('bound agent policies of the default pattern, on the real engine', () => {
  test.each(Object.keys(policies))('%s parses as Rego v0 and v1 and defines every request the agent asks about', key => {
    expect(regoProblems(policies[key], 'v0')).toEqual([]);
    expect(regoProblems(policies[key], 'v1')).toEqual([]);
    const results = evaluateRego({ 'policy.rego': policies[key] }, 'data.agent_policy', [{ input: {} }])[0] as Record<string, unknown>;
    for (const name of [...AGENT_REQUESTS, 'AllowRequestsFailingPolicy']) {
      expect(results).toHaveProperty(name);
    }
    expect(results.AllowRequestsFailingPolicy).toBe(false);
  });

  test.each(Object.keys(policies))('%s: its own sandbox, CreateSandbox, containers and copied files are allowed', key => {
    const pod = pods[key];
    const own = containersOf(pod).map(c => containerRequest(pod, c.name));
    const copies = own.flatMap(o => o.copies);
    const shapes = ['raw', 'sanitised'] as const;
    const [containers, sandbox, ...copied] = decide(key,
      ['CreateContainerRequest', [{ input: sandboxRequest(pod) }, ...own.map(o => ({ input: o.request }))]],
      ['CreateSandboxRequest', [{ input: createSandboxRequest(pod) }]],
      ...shapes.map(shape => ['CopyFileRequest', copies.map(p => ({ input: copyFileRequest(p, shape) }))] as [string, RegoCase[]]));
    expect(containers).toEqual(Array(own.length + 1).fill(true));
    expect(sandbox).toEqual([true]);
    expect(copies.length).toBeGreaterThan(0);
    expect(copied).toHaveLength(shapes.length);
    for (const decisions of copied) {
      expect(decisions).toEqual(copies.map(() => true));
    }
  });

  /** Tampered versions of a container request, each of which must be denied. */
  function tamperings(pod: PodUnderTest, name: string): [string, any][] {
    const { request } = containerRequest(pod, name);
    const pull = (r: any) => r.storages.find((s: any) => s.driver === 'image_guest_pull');
    const image: string = request.OCI.Annotations['io.kubernetes.cri-o.ImageName'];
    const repo = image.replace(/[:@].*$/, '');
    const env = (r: any) => r.OCI.Process.Env as string[];
    const declared = env(request).find(e => /^FILEPATH=/.test(e));
    return [
      ['another repository', tampered(request, r => { pull(r).source = 'quay.io/attacker/app:latest'; })],
      ['the same repository with another tag', tampered(request, r => { pull(r).source = `${repo}:v2`; })],
      ['the same repository with a digest', tampered(request, r => { pull(r).source = `${repo}@sha256:${'e'.repeat(64)}`; })],
      ['an added loader variable (LD_PRELOAD)', tampered(request, r => { env(r).push('LD_PRELOAD=/output/evil.so'); })],
      ...(declared ? [['a changed declared value', tampered(request, r => { r.OCI.Process.Env = env(r).map(e => (e === declared ? 'FILEPATH=/etc/shadow' : e)); })] as [string, any]] : []),
      ...(declared ? [['a declared variable twice', tampered(request, r => { env(r).push('FILEPATH=/etc/shadow'); })] as [string, any]] : []),
      ['changed arguments', tampered(request, r => { r.OCI.Process.Args = [...r.OCI.Process.Args.slice(0, -1), '--evil']; })],
      ['an appended argument', tampered(request, r => { r.OCI.Process.Args.push('--debug'); })],
      ['a shell instead of the program', tampered(request, r => { r.OCI.Process.Args = ['/bin/sh', '-c', 'curl http://127.0.0.1:8006/cdh/resource/default/kbsres1/key3']; })],
      ['privileged (every capability, nothing masked)', tampered(request, r => {
        const all = ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN', 'CAP_SYS_PTRACE'];
        r.OCI.Process.Capabilities = { Ambient: [], Bounding: all, Effective: all, Inheritable: [], Permitted: all };
        r.OCI.Linux.MaskedPaths = [];
        r.OCI.Linux.ReadonlyPaths = [];
      })],
      ['an added capability', tampered(request, r => { for (const k of ['Bounding', 'Effective', 'Permitted']) r.OCI.Process.Capabilities[k].push('CAP_SYS_ADMIN'); })],
      ['no-new-privileges off', tampered(request, r => { r.OCI.Process.NoNewPrivileges = false; })],
      ['root', tampered(request, r => { r.OCI.Process.User.UID = 0; })],
      ['an extra host mount', tampered(request, r => { r.OCI.Mounts.push({ destination: '/host', options: ['rbind', 'rw'], source: '/', type_: 'bind' }); })],
      ['a mount of the VM\'s /run', tampered(request, r => { r.OCI.Mounts.push({ destination: '/run/confidential-containers', options: ['rbind'], source: '/run/confidential-containers', type_: 'bind' }); })],
      ['a runtime file from another container', tampered(request, r => {
        r.OCI.Mounts = r.OCI.Mounts.map((m: any) => (m.destination === '/etc/hosts' ? sharedFile('f'.repeat(64), '/etc/hosts').mount : m));
      })],
      ['a host PID namespace', tampered(request, r => { r.OCI.Linux.Namespaces.push({ Type: 'pid', Path: '/proc/1/ns/pid' }); })],
      ['the host IPC namespace', tampered(request, r => { r.OCI.Linux.Namespaces[0].Path = '/proc/1/ns/ipc'; })],
      ['a read-write root declared read-only (or the other way round)', tampered(request, r => { r.OCI.Root.Readonly = !r.OCI.Root.Readonly; })],
      ['a second image pulled', tampered(request, r => { r.storages.push({ ...pull(r), source: 'quay.io/attacker/app:latest' }); })],
      ['no guest pull (a rootfs from the host)', tampered(request, r => { r.storages = r.storages.filter((s: any) => s.driver !== 'image_guest_pull'); })],
      ['the pull marked as the sandbox (the agent would skip the image)', tampered(request, r => {
        const meta = JSON.parse(pull(r).driver_options[0].slice('image_guest_pull='.length));
        meta.metadata['io.kubernetes.cri-o.ContainerType'] = 'sandbox';
        pull(r).driver_options = [`image_guest_pull=${JSON.stringify(meta)}`];
      })],
      ['another namespace', tampered(request, r => { r.OCI.Annotations['io.kubernetes.pod.namespace'] = 'attacker'; })],
      ['an undeclared container name', tampered(request, r => { r.OCI.Annotations['io.kubernetes.container.name'] = 'sidecar'; })],
      ['a guest hook', tampered(request, r => { r.OCI.Hooks = { Prestart: [{ Path: '/bin/evil' }] }; })],
    ];
  }

  test.each(Object.keys(policies))('%s: every tampered container request is denied', key => {
    const pod = pods[key];
    const containers = containersOf(pod).map(c => ({ name: c.name, cases: tamperings(pod, c.name) }));
    const decisions = decide(key, ...containers.map(c => ['CreateContainerRequest', c.cases.map(([, input]) => ({ input }))] as [string, RegoCase[]]));
    containers.forEach((c, k) => {
      const allowed = c.cases.filter((_, i) => decisions[k][i] !== false).map(([what]) => `${c.name}: ${what}`);
      expect(allowed).toEqual([]);
    });
  });

  test('a container of another workload is denied, and so is a tampered sandbox', () => {
    const secure = pods['hello-openshift/secure'];
    const kbs = pods['kbs-access/secure'];
    const foreign = [
      // kbs-access's app in hello-openshift/secure's VM (its namespace made to match)
      tampered(containerRequest(kbs, 'python-access').request, r => { r.OCI.Annotations['io.kubernetes.pod.namespace'] = 'hello-openshift'; }),
      // hello-openshift's container in kbs-access/secure's VM
      tampered(containerRequest(secure, 'secure').request, r => { r.OCI.Annotations['io.kubernetes.pod.namespace'] = 'kbs-access'; }),
    ];
    const sandbox = sandboxRequest(secure);
    const badSandboxes = [
      tampered(sandbox, r => { r.storages[0].source = 'quay.io/attacker/pause:latest'; }),
      tampered(sandbox, r => { r.OCI.Process.Args = ['/bin/sh', '-c', 'evil']; }),
      tampered(sandbox, r => { r.OCI.Mounts.push({ destination: '/host', options: ['rbind'], source: '/', type_: 'bind' }); }),
      tampered(sandbox, r => { r.OCI.Process.Env.push('LD_PRELOAD=/x.so'); }),
    ];
    const [foreignInSecure, badSandboxDecisions] = decide('hello-openshift/secure',
      ['CreateContainerRequest', [{ input: foreign[0] }]],
      ['CreateContainerRequest', badSandboxes.map(input => ({ input }))]);
    expect(foreignInSecure).toEqual([false]);
    expect(decide('kbs-access/secure', ['CreateContainerRequest', [{ input: foreign[1] }]])[0]).toEqual([false]);
    expect(badSandboxDecisions).toEqual(badSandboxes.map(() => false));
  });

  test('CopyFile and CreateSandbox outside what the pod needs are denied', () => {
    const pod = pods['kbs-access/secure'];
    const id = containerId(pod, 'python-access');
    const cases = [
      copyFileRequest('/etc/ld.so.preload'),
      copyFileRequest(`/run/kata-containers/shared/containers/${id}-0123456789abcdef-hosts/../../../../etc/passwd`),
      copyFileRequest(`/run/kata-containers/shared/containers/${id}-0123456789abcdef-evil.so`),
      copyFileRequest(`/run/kata-containers/shared/containers/${id}-0123456789abcdef-hosts/x`, 'sanitised', { file_type: 'Symlink', symlink_target: '/run/confidential-containers' }),
      copyFileRequest(`/run/kata-containers/shared/containers/${id}-0123456789abcdef-hosts/x`, 'sanitised', { file_type: 'Symlink', symlink_target: '../../../etc' }),
    ];
    const sandboxes = [
      tampered(createSandboxRequest(pod), r => { r.kernel_modules = [{ name: 'evil.ko', parameters: [] }]; }),
      tampered(createSandboxRequest(pod), r => { r.guest_hook_path = '/attacker/controlled/path'; }),
      tampered(createSandboxRequest(pod), r => { r.sandbox_pidns = true; }),
    ];
    const [copyDecisions, sandboxDecisions] = decide('kbs-access/secure',
      ['CopyFileRequest', cases.map(input => ({ input }))],
      ['CreateSandboxRequest', sandboxes.map(input => ({ input }))]);
    expect(copyDecisions).toEqual(cases.map(() => false));
    expect(sandboxDecisions).toEqual(sandboxes.map(() => false));
  });

  test('the exec layer stays on top: no-exec denies exec, logs, stdin and policy replacement; the debug policy allows them', () => {
    const secure = pods['hello-openshift/secure'];
    const exec = { input: execRequest(containerId(secure, 'secure'), ['/bin/sh']) };
    const execLayer = ['ExecProcessRequest', 'ReadStreamRequest', 'WriteStreamRequest', 'SetPolicyRequest', 'GetDiagnosticDataRequest'];
    // A normal pod life keeps working under no-exec.
    const podLife = ['StartContainerRequest', 'WaitProcessRequest', 'StatsContainerRequest', 'VolumeStatsRequest', 'RemoveContainerRequest', 'UpdateInterfaceRequest', 'UpdateRoutesRequest', 'GuestDetailsRequest'];
    const underSecure = decide('hello-openshift/secure',
      ...execLayer.map(name => [name, [exec]] as [string, RegoCase[]]),
      ...podLife.map(name => [name, [{ input: { container_id: containerId(secure, 'secure') } }]] as [string, RegoCase[]]));
    const underDebug = decide('hello-openshift/insecure-policy', ...execLayer.map(name => [name, [exec]] as [string, RegoCase[]]));
    execLayer.forEach((name, i) => {
      expect([name, underSecure[i]]).toEqual([name, [false]]);
      expect([name, underDebug[i]]).toEqual([name, [true]]);
    });
    podLife.forEach((name, i) => expect([name, underSecure[execLayer.length + i]]).toEqual([name, [true]]));
  });

  test('the three workloads have distinct policies, hence distinct initdata', () => {
    expect(new Set(Object.values(policies)).size).toBe(3);
  });
});
