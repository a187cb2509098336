/**
 * Kata agent requests as OpenShift's CRI-O and the kata shim send them for a pod, built from a rendered
 * Deployment (not from the policy's own data, so the tests cannot agree with the policy by
 * construction). Shapes: kata-containers genpolicy test data (`tests/policy/testdata/state/createcontainer`,
 * `execprocessdeployment`, `copyfile`), with CRI-O's annotations, environment and mounts (cri-o
 * `internal/factory/container/container.go`, `server/sandbox_run_linux.go`, `server/container_create.go`)
 * and the shim's rewrites (kata `virtcontainers/kata_agent.go`); see lib/policy/bound-policy.ts.
 */
import { createHash } from 'crypto';

/** What only the image knows (its entrypoint and environment), for the images the tests use. */
export const IMAGE_FACTS: Record<string, { entrypoint: string[]; env: string[] }> = {
  'quay.io/openshift/origin-hello-openshift': { entrypoint: ['/hello-openshift'], env: [] },
  'registry.access.redhat.com/ubi9/ubi:latest': { entrypoint: ['/bin/bash'], env: ['container=oci', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] },
  // examples/my-confidential-app.ts (an illustration: the image does not exist)
  'quay.io/example/api': { entrypoint: ['/usr/local/bin/api'], env: ['PATH=/usr/local/bin:/usr/bin:/bin'] },
  'ghcr.io/butler54/kbs-access-app:latest': {
    entrypoint: ['container-entrypoint', 'python', '/app/server.py'],
    env: ['APP_ROOT=/opt/app-root', 'HOME=/opt/app-root/src', 'PATH=/opt/app-root/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'PYTHONUNBUFFERED=1', 'BASH_ENV=/opt/app-root/bin/activate', 'container=oci'],
  },
};

const hex = (seed: string, len = 64) => createHash('sha256').update(seed).digest('hex').repeat(2).slice(0, len);
const CRIO_DEFAULT_CAPS = ['CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'SETGID', 'SETUID', 'SETPCAP', 'NET_BIND_SERVICE', 'KILL'];
const KUBE_ENV = [
  'KUBERNETES_PORT_443_TCP_PROTO=tcp',
  'KUBERNETES_PORT_443_TCP_PORT=443',
  'KUBERNETES_PORT_443_TCP_ADDR=172.30.0.1',
  'KUBERNETES_SERVICE_HOST=172.30.0.1',
  'KUBERNETES_SERVICE_PORT=443',
  'KUBERNETES_SERVICE_PORT_HTTPS=443',
  'KUBERNETES_PORT=tcp://172.30.0.1:443',
  'KUBERNETES_PORT_443_TCP=tcp://172.30.0.1:443',
];
const MASKED = ['/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap', '/proc/asound', '/proc/interrupts'];
const READONLY = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** A pod of a rendered Deployment, as the node sees it. */
export interface PodUnderTest {
  readonly namespace: string;
  /** Pod name (Deployment name + generated suffix). */
  readonly podName: string;
  readonly uid: string;
  /** The Deployment's pod template (`spec.template`). */
  readonly template: any;
}

/** A pod of `deployment` (a rendered Deployment manifest). */
export function podOf(deployment: any): PodUnderTest {
  const name = `${deployment.metadata.name}-7c56d66754-pq9qp`;
  return { namespace: deployment.metadata.namespace, podName: name, uid: '9c64c5bf-298f-46c4-ad63-e2270a2ff44c', template: deployment.spec.template };
}

function sandboxId(pod: PodUnderTest): string {
  return hex(`sandbox ${pod.namespace}/${pod.podName}`);
}

function podAnnotations(pod: PodUnderTest): Record<string, string> {
  const labels = Object.fromEntries(Object.entries(pod.template.metadata?.labels ?? {}).map(([k, v]) => [k, String(v)]));
  return {
    ...(pod.template.metadata?.annotations ?? {}),
    'kubernetes.io/config.seen': '2026-12-02T10:00:00.000000000Z',
    'kubernetes.io/config.source': 'api',
    'openshift.io/scc': 'nonroot-v2',
    ...labels,
    'io.kubernetes.pod.name': pod.podName,
    'io.kubernetes.pod.namespace': pod.namespace,
    'io.kubernetes.pod.uid': pod.uid,
  };
}

function guestPull(containerId: string, source: string, annotations: Record<string, string>): any {
  return {
    driver: 'image_guest_pull',
    driver_options: [`image_guest_pull=${JSON.stringify({ metadata: annotations })}`],
    source,
    fstype: 'overlay',
    options: [],
    mount_point: `/run/kata-containers/${containerId}/rootfs`,
    fs_group: null,
    shared: false,
  };
}

function systemMounts(): any[] {
  return [
    { destination: '/proc', options: ['nosuid', 'noexec', 'nodev'], source: 'proc', type_: 'proc' },
    { destination: '/dev', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'], source: 'tmpfs', type_: 'tmpfs' },
    { destination: '/dev/pts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'], source: 'devpts', type_: 'devpts' },
    { destination: '/dev/mqueue', options: ['nosuid', 'noexec', 'nodev'], source: 'mqueue', type_: 'mqueue' },
    { destination: '/sys', options: ['nosuid', 'noexec', 'nodev', 'ro'], source: 'sysfs', type_: 'sysfs' },
    { destination: '/dev/shm', options: ['rbind'], source: '/run/kata-containers/sandbox/shm', type_: 'bind' },
  ];
}

/** The path the shim copies a file a container mounts to, and the mount pointing there. */
export function sharedFile(containerId: string, destination: string, readOnly = false): { path: string; mount: any } {
  const path = `/run/kata-containers/shared/containers/${containerId}-${hex(`${containerId}${destination}`, 16)}-${destination.slice(destination.lastIndexOf('/') + 1)}`;
  return { path, mount: { destination, options: [readOnly ? 'ro' : 'rw', 'bind'], source: path, type_: 'bind' } };
}

function process(args: string[], env: string[], uid: number, caps: string[], noNewPrivileges: boolean, cwd = '/'): any {
  const capList = caps.map(c => `CAP_${c}`);
  return {
    ApparmorProfile: '',
    Args: args,
    Capabilities: { Ambient: [], Bounding: capList, Effective: capList, Inheritable: [], Permitted: capList },
    ConsoleSize: null,
    Cwd: cwd,
    Env: env,
    NoNewPrivileges: noNewPrivileges,
    OOMScoreAdj: 1000,
    Rlimits: [],
    SelinuxLabel: '',
    Terminal: false,
    User: { AdditionalGids: [0], GID: 0, UID: uid, Username: '' },
  };
}

function linux(cgroup: string): any {
  return {
    CgroupsPath: cgroup,
    Devices: [],
    GIDMappings: [],
    IntelRdt: null,
    MaskedPaths: MASKED,
    MountLabel: '',
    // kata keeps ipc, uts and mount with empty paths; the peer-pods forwarder adds the pod's network.
    Namespaces: [{ Path: '', Type: 'ipc' }, { Path: '', Type: 'uts' }, { Path: '', Type: 'mount' }, { Path: '/var/run/netns/podns', Type: 'network' }],
    ReadonlyPaths: READONLY,
    Resources: { BlockIO: null, CPU: null, Devices: [], HugepageLimits: [], Memory: null, Network: null, Pids: null },
    RootfsPropagation: '',
    Seccomp: null,
    Sysctl: {},
    UIDMappings: [],
  };
}

function request(containerId: string, annotations: Record<string, string>, proc: any, mounts: any[], storages: any[], readOnlyRoot: boolean): any {
  return {
    container_id: containerId,
    exec_id: containerId,
    string_user: null,
    devices: [],
    storages,
    OCI: {
      Version: '1.2.1',
      Process: proc,
      Root: { Path: `/run/kata-containers/${containerId}/rootfs`, Readonly: readOnlyRoot },
      Hostname: '',
      Mounts: mounts,
      Hooks: null,
      Annotations: annotations,
      Linux: linux(`kubepods-besteffort.slice:crio:${containerId}`),
      Solaris: null,
      Windows: null,
    },
    sandbox_pidns: false,
    shared_mounts: [],
  };
}

/** The CreateContainerRequest of the pod's sandbox (pause) container, as OpenShift's CRI-O sends it. */
export function sandboxRequest(pod: PodUnderTest): any {
  const id = sandboxId(pod);
  const pause = 'quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:' + hex('pause');
  const annotations: Record<string, string> = {
    ...podAnnotations(pod),
    'io.container.manager': 'cri-o',
    'io.kubernetes.container.name': 'POD',
    'io.kubernetes.cri-o.ContainerID': id,
    'io.kubernetes.cri-o.ContainerName': `k8s_POD_${pod.podName}_${pod.namespace}_${pod.uid}_0`,
    'io.kubernetes.cri-o.ContainerType': 'sandbox',
    'io.kubernetes.cri-o.HostName': pod.podName,
    'io.kubernetes.cri-o.Image': pause,
    'io.kubernetes.cri-o.ImageName': pause,
    'io.kubernetes.cri-o.KubeName': pod.podName,
    'io.kubernetes.cri-o.Namespace': pod.namespace,
    'io.kubernetes.cri-o.RuntimeHandler': 'kata-remote',
    'io.kubernetes.cri-o.SandboxID': id,
    'io.kubernetes.cri-o.SandboxName': `k8s_${pod.podName}_${pod.namespace}_${pod.uid}_0`,
    'io.katacontainers.pkg.oci.bundle_path': `/run/containers/storage/overlay-containers/${id}/userdata`,
    'io.katacontainers.pkg.oci.container_type': 'pod_sandbox',
  };
  const proc = process(['/usr/bin/pod'], ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'TERM=xterm'], 65535, CRIO_DEFAULT_CAPS, true);
  const mounts = [{ destination: '/dev/shm', options: ['rbind'], source: '/run/kata-containers/sandbox/shm', type_: 'bind' }, sharedFile(id, '/etc/resolv.conf', true).mount];
  const r = request(id, annotations, proc, mounts, [guestPull(id, 'pause', annotations)], true);
  r.OCI.Linux.MaskedPaths = [];
  r.OCI.Linux.ReadonlyPaths = [];
  return r;
}

/** Ids of a container of the pod. */
export function containerId(pod: PodUnderTest, name: string): string {
  return hex(`container ${pod.namespace}/${pod.podName}/${name}`);
}

/** Every container of the template (init containers first), by name. */
export function containersOf(pod: PodUnderTest): any[] {
  return [...(pod.template.spec.initContainers ?? []), ...pod.template.spec.containers];
}

/**
 * The CreateContainerRequest of the template's container `name`, as CRI-O and the kata shim send it,
 * and the CopyFileRequest paths that come with it.
 */
export function containerRequest(pod: PodUnderTest, name: string): { request: any; copies: string[] } {
  const spec = containersOf(pod).find(c => c.name === name);
  if (!spec) throw new Error(`no container ${name}`);
  const id = containerId(pod, name);
  const facts = IMAGE_FACTS[spec.image.replace(/@sha256:.*$/, '')] ?? IMAGE_FACTS[spec.image] ?? { entrypoint: ['/entrypoint'], env: [] };
  const sc = { ...(pod.template.spec.securityContext ?? {}), ...(spec.securityContext ?? {}) };
  const drop: string[] = sc.capabilities?.drop ?? [];
  const caps = [...(drop.includes('ALL') ? [] : CRIO_DEFAULT_CAPS.filter(c => !drop.includes(c))), ...(sc.capabilities?.add ?? [])];
  const args = spec.command ? [...spec.command, ...(spec.args ?? [])] : [...facts.entrypoint, ...(spec.args ?? [])];
  // CRI-O: its default PATH and TERM, the image's variables (the image's PATH replaces the default), the
  // kubelet's and the spec's, then HOSTNAME.
  const env = new Map<string, string>([['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ['TERM', 'xterm']]);
  for (const e of [...facts.env, ...KUBE_ENV, ...(spec.env ?? []).map((v: any) => `${v.name}=${v.value}`)]) {
    env.set(e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1));
  }
  env.set('HOSTNAME', pod.podName);
  const annotations: Record<string, string> = {
    ...podAnnotations(pod),
    'io.container.manager': 'cri-o',
    'io.kubernetes.container.hash': '8f5f4b3a',
    'io.kubernetes.container.name': name,
    'io.kubernetes.container.restartCount': '0',
    'io.kubernetes.container.terminationMessagePath': '/dev/termination-log',
    'io.kubernetes.container.terminationMessagePolicy': 'File',
    'io.kubernetes.cri-o.ContainerID': id,
    'io.kubernetes.cri-o.ContainerType': 'container',
    'io.kubernetes.cri-o.Image': spec.image,
    'io.kubernetes.cri-o.ImageName': spec.image.includes(':') || spec.image.includes('@') ? spec.image : `${spec.image}:latest`,
    'io.kubernetes.cri-o.SandboxID': sandboxId(pod),
    'io.kubernetes.cri-o.SandboxName': `k8s_${pod.podName}_${pod.namespace}_${pod.uid}_0`,
    'io.katacontainers.pkg.oci.bundle_path': `/run/containers/storage/overlay-containers/${id}/userdata`,
    'io.katacontainers.pkg.oci.container_type': 'pod_container',
  };
  const files = ['/etc/hosts', '/dev/termination-log', '/etc/hostname', '/etc/resolv.conf', '/run/.containerenv'].map(d => sharedFile(id, d));
  const volumes = new Map<string, any>((pod.template.spec.volumes ?? []).map((v: any) => [v.name, v]));
  const storages = [guestPull(id, annotations['io.kubernetes.cri-o.ImageName'], annotations)];
  const volumeMounts: any[] = [];
  const copies = files.map(f => f.path);
  for (const m of spec.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (v?.emptyDir?.medium === 'Memory') {
      const mountPoint = `/run/kata-containers/sandbox/ephemeral/${m.name}`;
      storages.push({ driver: 'ephemeral', driver_options: [], source: 'tmpfs', fstype: 'tmpfs', options: ['size=8G'], mount_point: mountPoint, fs_group: null, shared: false });
      volumeMounts.push({ destination: m.mountPath, options: [m.readOnly ? 'ro' : 'rw', 'rbind'], source: mountPoint, type_: 'bind' });
    } else {
      const f = sharedFile(id, m.mountPath, true);
      copies.push(f.path, `${f.path}/..data`, `${f.path}/key`);
      volumeMounts.push(f.mount);
    }
  }
  const proc = process(args, [...env].map(([k, v]) => `${k}=${v}`), sc.runAsUser ?? 1000680000, caps, sc.allowPrivilegeEscalation === false, spec.workingDir ?? '/');
  return {
    request: request(id, annotations, proc, [...systemMounts(), ...files.map(f => f.mount), ...volumeMounts], storages, sc.readOnlyRootFilesystem === true),
    copies,
  };
}

/** A CopyFileRequest for `path`, in the shape of the given agent: raw (before kata 3.29) or sanitised (3.29+). */
export function copyFileRequest(path: string, shape: 'raw' | 'sanitised' = 'sanitised', extra: Record<string, unknown> = {}): any {
  return shape === 'raw'
    ? { path, file_size: 12, file_mode: 420, dir_mode: 493, uid: 0, gid: 0, offset: 0, data: [104, 105], ...extra }
    : { path, file_type: 'Regular', symlink_target: null, file_size: 12, file_mode: 420, dir_mode: 493, uid: 0, gid: 0, offset: 0, ...extra };
}

/** The CreateSandboxRequest of a peer pod (the forwarder clears `dns`). */
export function createSandboxRequest(pod: PodUnderTest): any {
  return {
    hostname: pod.podName,
    dns: [],
    storages: [{ driver: 'ephemeral', driver_options: [], source: 'shm', fstype: 'tmpfs', options: ['noexec', 'nosuid', 'nodev', 'mode=1777', 'size=67108864'], mount_point: '/run/kata-containers/sandbox/shm', fs_group: null, shared: false }],
    sandbox_pidns: false,
    sandbox_id: sandboxId(pod),
    guest_hook_path: '',
    kernel_modules: [],
  };
}

/** An ExecProcessRequest running `args` in container `id`. */
export function execRequest(id: string, args: string[]): any {
  return {
    container_id: id,
    exec_id: 'cc5d171e-57fa-4b0d-995c-af55301e92e9',
    process: { ApparmorProfile: '', Args: args, Capabilities: null, ConsoleSize: null, Cwd: '/', Env: ['PATH=/usr/bin:/bin'], NoNewPrivileges: true, OOMScoreAdj: 0, Rlimits: [], SelinuxLabel: '', Terminal: false, User: { AdditionalGids: [], GID: 0, UID: 1001, Username: '' } },
    stderr_port: 0,
    stdin_port: 0,
    stdout_port: 0,
    string_user: null,
  };
}

/** A deep copy of `value` changed by `change`. */
export function tampered<T>(value: T, change: (copy: any) => void): T {
  const copy = JSON.parse(JSON.stringify(value));
  change(copy);
  return copy;
}
