/**
 * The Rego rules that bind an agent policy to one pod spec: `CreateContainerRequest` is allowed only for
 * the pod's own sandbox (pause) container and the containers its template declares, `CopyFileRequest`
 * only for the files the runtime copies for them, `CreateSandboxRequest` only without guest hooks or
 * kernel modules. Rendered into the policy by {@link renderAgentPolicy} when it is given a pod.
 *
 * Request shapes (what OpenShift's CRI-O and the kata shim send; no upstream tool covers CRI-O:
 * kata's genpolicy reads containerd's `io.kubernetes.cri.*` annotations only):
 * - the agent evaluates `data.agent_policy.<request message name>` with the request as JSON, field names
 *   as in the protobuf definitions (`container_id`, `storages`, `OCI.Process.Args`, `OCI.Mounts[].type_`)
 *   (kata-containers `src/agent/src/policy.rs`, 3.13 to 4.1);
 * - CRI-O annotates every container with `io.kubernetes.cri-o.ContainerType` (`sandbox` | `container`),
 *   and app containers with the kubelet's `io.kubernetes.container.name` and `io.kubernetes.pod.namespace`
 *   (cri-o `internal/factory/container/container.go` `SpecAddAnnotations`, `server/sandbox_run_linux.go`);
 *   the kata shim adds `io.katacontainers.pkg.oci.container_type` (`pod_sandbox` | `pod_container`)
 *   (kata `src/runtime/pkg/oci/utils.go`);
 * - the image is pulled in the guest: one storage with `driver: image_guest_pull`, `source` = the image
 *   (CRI-O: `io.kubernetes.cri-o.ImageName`; the sandbox: the literal `pause`), `mount_point` =
 *   `/run/kata-containers/<container id>/rootfs` and `driver_options` = `image_guest_pull={"metadata":
 *   {container annotations}}`, whose container type decides whether the agent unpacks the pause bundle
 *   or pulls (kata `src/runtime/virtcontainers/kata_agent.go`, `src/agent/src/storage/image_pull_handler.rs`).
 *   Upstream genpolicy validates neither `source` nor the metadata (a TODO in `rules.rego`): we do;
 * - without a shared filesystem the shim copies each file a container mounts (hosts, hostname,
 *   resolv.conf, termination-log, ConfigMap/Secret files) with `CopyFileRequest` to
 *   `/run/kata-containers/shared/containers/<container id>-<16 hex>-<name>` and points the mount there;
 *   memory emptyDirs are `ephemeral` storages under `/run/kata-containers/sandbox/ephemeral/`
 *   (kata `virtcontainers/kata_agent.go`, `fs_share_linux.go`);
 * - kata removes the network, cgroup, pid and time namespaces and empties namespace paths; the peer-pods
 *   forwarder adds back one `network` namespace (cloud-api-adaptor `pkg/forwarder/interceptor`);
 * - CRI-O's environment: `PATH` (or the image's), `TERM=xterm`, `HOSTNAME`, the image's variables, the
 *   kubelet's (with service links disabled only the `kubernetes` service's remain) and the spec's
 *   (cri-o `server/container_create.go`, runtime-tools `generate.New`);
 * - OpenShift's CRI-O runs the pause container as `/usr/bin/pod` (machine-config-operator crio.conf
 *   `pause_command`); upstream's is `/pause`.
 * Targets: OSC 1.10 to 1.12 (kata 3.17 / 3.21 / 3.25 agents, cloud-api-adaptor v0.14 to v0.18) with the
 * CRI-O of OpenShift 4.16 to 4.20. CopyFileRequest is checked by `path`, which both the raw request
 * (agents before 3.29) and the sanitised one (3.29+, OSC 1.12's backport) carry.
 */
import { ContainerIdentity, CRIO_DEFAULT_CAPABILITIES, MountIdentity, PodIdentity } from './pod-identity';

/** Files the runtime itself mounts into containers (copied by the shim), by destination. */
export const RUNTIME_FILE_MOUNTS = ['/dev/termination-log', '/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/run/.containerenv'] as const;

/** Pause commands: OpenShift's CRI-O and upstream's. */
export const PAUSE_ARGS: readonly (readonly string[])[] = [['/usr/bin/pod'], ['/pause']];

/** CRI-O's default PATH (runtime-tools `generate.New`), used when the image does not state its own. */
export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Variables the host must never add to a container whose image environment is not stated: the dynamic
 * loader's hooks (no image sets them legitimately).
 */
const LOADER_HOOKS = '^(LD_[A-Z_]+|GCONV_PATH|GLIBC_TUNABLES|MALLOC_[A-Z_]+|HOSTALIASES|LOCALDOMAIN|RES_OPTIONS|NLSPATH)$';

/** Runtime-added variables, as patterns (the values depend on the node and the cluster). */
const IP = '[0-9a-fA-F.:]+';
const RUNTIME_ENV = [
  '^TERM=xterm$',
  '^HOSTNAME=[a-z0-9]([-a-z0-9.]*[a-z0-9])?$',
  `^KUBERNETES_SERVICE_HOST=${IP}$`,
  '^KUBERNETES_SERVICE_PORT=[0-9]{1,5}$',
  '^KUBERNETES_SERVICE_PORT_HTTPS=[0-9]{1,5}$',
  `^KUBERNETES_PORT=tcp://${IP}:[0-9]{1,5}$`,
  `^KUBERNETES_PORT_443_TCP=tcp://${IP}:443$`,
  '^KUBERNETES_PORT_443_TCP_PROTO=tcp$',
  '^KUBERNETES_PORT_443_TCP_PORT=443$',
  `^KUBERNETES_PORT_443_TCP_ADDR=${IP}$`,
];

/** A string as a regular expression matching exactly it. */
function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A Rego array of strings, written as the rules are (`["a", "b"]`). */
const regoList = (items: readonly string[]) => `[${items.map(i => JSON.stringify(i)).join(', ')}]`;

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** The data the rules read, as `policy_data` carries it. */
export function boundPolicyData(pod: PodIdentity): Record<string, unknown> {
  const fileNames = new Set<string>(RUNTIME_FILE_MOUNTS.map(basename));
  for (const c of pod.containers) {
    for (const m of c.mounts) {
      if (m.kind === 'files') fileNames.add(basename(m.destination));
      if (m.kind === 'disk') fileNames.add(m.volume);
    }
  }
  return {
    namespace: pod.namespace,
    sandbox: { args: PAUSE_ARGS },
    containers: pod.containers.map(containerData),
    copy_file_names: [...fileNames].sort(),
    runtime_env: RUNTIME_ENV,
    loader_hooks: LOADER_HOOKS,
  };
}

function containerData(c: ContainerIdentity): Record<string, unknown> {
  const imageEnv = c.imageEnv === null ? null : c.imageEnv.some(e => e.startsWith('PATH=')) ? c.imageEnv : [...c.imageEnv, DEFAULT_PATH].sort();
  return {
    name: c.name,
    image_sources: c.imageSources,
    args: c.args,
    cwd: c.cwd,
    env: c.env,
    env_names: c.env.map(e => e.slice(0, e.indexOf('='))),
    image_env: imageEnv,
    uid: c.uid,
    gid: c.gid,
    no_new_privileges: c.noNewPrivileges,
    capabilities: c.capabilities,
    read_only_root: c.readOnlyRoot,
    mounts: c.mounts.map(mountData),
  };
}

function mountData(m: MountIdentity): Record<string, unknown> {
  const shared = '^/run/kata-containers/shared/containers/';
  const source = m.kind === 'memory'
    ? `^/run/kata-containers/sandbox/ephemeral/${escapeRegex(m.volume)}$`
    : m.kind === 'disk'
      ? `^(/run/kata-containers/sandbox/local/${escapeRegex(m.volume)}|${shared.slice(1)}sandbox-[0-9a-f]{16}-${escapeRegex(m.volume)})$`
      : `${shared}(watchable/)?[0-9a-f]{64}-[0-9a-f]{16}-${escapeRegex(basename(m.destination))}$`;
  return {
    destination: m.destination,
    volume: m.volume,
    kind: m.kind,
    // Kubernetes mounts ConfigMap, Secret and projected volumes read-only whatever the spec says.
    read_only: m.readOnly || m.kind === 'files',
    source,
  };
}

/** The Rego rules of a bound policy (the defaults and `policy_data` are written by the caller). */
export const BOUND_RULES = String.raw`
##### The pod's own containers: the sandbox (pause) container and the ones its template declares.

CreateContainerRequest if {
  container_request_common
  sandbox_container
}

CreateContainerRequest if {
  container_request_common
  some c in policy_data.containers
  declared_container(c)
}

container_request_common if {
  regex.match("^[0-9a-f]{64}$", input.container_id)
  empty(input.devices)
  empty(input.shared_mounts)
  input.string_user == null
  input.OCI.Hooks == null
  input.sandbox_pidns == false
  pod_namespace_ok
  namespaces_ok
  every_destination_once
}

# The pod's namespace, from CRI-O's and the kubelet's annotations (at least one of them).
pod_namespace_ok if {
  values := [v | some k in ["io.kubernetes.cri-o.Namespace", "io.kubernetes.pod.namespace"]; v := input.OCI.Annotations[k]]
  count(values) > 0
  every v in values {
    v == policy_data.namespace
  }
}

# No host namespace: ipc, uts and mount of the VM, at most one network namespace (the forwarder's).
namespaces_ok if {
  types := [ns.Type | some ns in input.OCI.Linux.Namespaces]
  every t in ["ipc", "uts", "mount"] {
    t in types
  }
  every ns in input.OCI.Linux.Namespaces {
    namespace_allowed(ns)
  }
  count([t | some t in types; t == "network"]) <= 1
  count({t | some t in types}) == count(types)
}

namespace_allowed(ns) if {
  ns.Type in ["ipc", "uts", "mount"]
  ns.Path == ""
}

namespace_allowed(ns) if {
  ns.Type == "network"
}

every_destination_once if {
  destinations := [m.destination | some m in input.OCI.Mounts]
  count({d | some d in destinations}) == count(destinations)
}

container_type(crio, kata) if {
  input.OCI.Annotations["io.kubernetes.cri-o.ContainerType"] == crio
  input.OCI.Annotations["io.katacontainers.pkg.oci.container_type"] == kata
  not containerd_type_differs(crio)
}

containerd_type_differs(crio) if {
  input.OCI.Annotations["io.kubernetes.cri.container-type"] != crio
}

# The one image the guest pulls: its reference, where it lands and what its metadata says it is.
guest_pull(sources, crio_type) if {
  pulls := [s | some s in input.storages; s.driver == "image_guest_pull"]
  count(pulls) == 1
  pull := pulls[0]
  pull.source in sources
  pull.mount_point == concat("", ["/run/kata-containers/", input.container_id, "/rootfs"])
  input.OCI.Root.Path == pull.mount_point
  count(pull.driver_options) == 1
  startswith(pull.driver_options[0], "image_guest_pull=")
  metadata := json.unmarshal(trim_prefix(pull.driver_options[0], "image_guest_pull=")).metadata
  metadata["io.kubernetes.cri-o.ContainerType"] == crio_type
  not metadata_type_differs(metadata, crio_type)
}

metadata_type_differs(metadata, crio_type) if {
  metadata["io.kubernetes.cri.container-type"] != crio_type
}

# A process without capabilities beyond the allowed ones.
capabilities_within(allowed) if {
  input.OCI.Process.Capabilities == null
}

capabilities_within(allowed) if {
  caps := input.OCI.Process.Capabilities
  every key in ["Ambient", "Bounding", "Effective", "Inheritable", "Permitted"] {
    every cap in list_or_empty(object.get(caps, key, null)) {
      trim_prefix(cap, "CAP_") in allowed
    }
  }
}

# /proc and /sys masked as for any unprivileged container.
masked_paths_ok if {
  every p in ["/proc/kcore", "/proc/keys", "/sys/firmware"] {
    p in input.OCI.Linux.MaskedPaths
  }
  every p in ["/proc/sys", "/proc/sysrq-trigger"] {
    p in input.OCI.Linux.ReadonlyPaths
  }
}

sandbox_container if {
  container_type("sandbox", "pod_sandbox")
  guest_pull(["pause"], "sandbox")
  input.OCI.Process.Args in policy_data.sandbox.args
  every e in input.OCI.Process.Env {
    sandbox_env(e)
  }
  every m in input.OCI.Mounts {
    sandbox_mount(m)
  }
  capabilities_within(${regoList(CRIO_DEFAULT_CAPABILITIES)})
}

sandbox_env(e) if {
  startswith(e, "PATH=")
}

sandbox_env(e) if {
  some pattern in policy_data.runtime_env
  regex.match(pattern, e)
}

declared_container(c) if {
  container_type("container", "pod_container")
  input.OCI.Annotations["io.kubernetes.container.name"] == c.name
  guest_pull(c.image_sources, "container")
  args_ok(c)
  cwd_ok(c)
  env_ok(c)
  user_ok(c)
  no_new_privileges_ok(c)
  capabilities_within(c.capabilities)
  input.OCI.Root.Readonly == c.read_only_root
  masked_paths_ok
  every m in input.OCI.Mounts {
    mount_ok(c, m)
  }
  every s in input.storages {
    storage_ok(c, s)
  }
}

args_ok(c) if {
  c.args == null
}

args_ok(c) if {
  input.OCI.Process.Args == c.args
}

cwd_ok(c) if {
  c.cwd == null
}

cwd_ok(c) if {
  input.OCI.Process.Cwd == c.cwd
}

user_ok(c) if {
  uid_ok(c)
  gid_ok(c)
}

uid_ok(c) if {
  c.uid == null
  input.OCI.Process.User.UID != 0
}

uid_ok(c) if {
  input.OCI.Process.User.UID == c.uid
}

gid_ok(c) if {
  c.gid == null
}

gid_ok(c) if {
  input.OCI.Process.User.GID == c.gid
}

no_new_privileges_ok(c) if {
  c.no_new_privileges == false
}

no_new_privileges_ok(c) if {
  input.OCI.Process.NoNewPrivileges == true
}

# The environment: each declared variable with its value, no name twice, nothing else than the image's,
# the runtime's and (for an image whose environment is not stated) names that are no loader hook.
env_ok(c) if {
  names := [env_name(e) | some e in input.OCI.Process.Env]
  count({n | some n in names}) == count(names)
  every e in c.env {
    e in input.OCI.Process.Env
  }
  every e in input.OCI.Process.Env {
    env_allowed(c, e)
  }
}

env_name(e) := split(e, "=")[0]

env_allowed(c, e) if {
  e in c.env
}

env_allowed(c, e) if {
  c.image_env != null
  e in c.image_env
}

env_allowed(c, e) if {
  some pattern in policy_data.runtime_env
  regex.match(pattern, e)
}

env_allowed(c, e) if {
  c.image_env == null
  not env_name(e) in c.env_names
  not regex.match(policy_data.loader_hooks, env_name(e))
}

mount_ok(c, m) if {
  system_mount(m)
}

mount_ok(c, m) if {
  runtime_file_mount(m)
}

sandbox_mount(m) if {
  system_mount(m)
}

sandbox_mount(m) if {
  runtime_file_mount(m)
}

# A file the runtime mounts (hosts, hostname, resolv.conf, termination log, .containerenv), copied by
# the shim for this very container.
runtime_file_mount(m) if {
  m.destination in ${regoList(RUNTIME_FILE_MOUNTS)}
  m.type_ == "bind"
  names := split(m.destination, "/")
  name := replace(names[count(names) - 1], ".", "\\.")
  regex.match(concat("", ["^/run/kata-containers/shared/containers/", input.container_id, "-[0-9a-f]{16}-", name, "$"]), m.source)
}

mount_ok(c, m) if {
  some d in c.mounts
  m.destination == d.destination
  m.type_ == "bind"
  regex.match(d.source, m.source)
  read_only_ok(d, m)
}

read_only_ok(d, m) if {
  d.read_only == false
}

read_only_ok(d, m) if {
  "ro" in m.options
}

system_mount(m) if {
  some allowed in [
    {"destination": "/proc", "type_": "proc", "source": "proc"},
    {"destination": "/dev", "type_": "tmpfs", "source": "tmpfs"},
    {"destination": "/dev/pts", "type_": "devpts", "source": "devpts"},
    {"destination": "/dev/mqueue", "type_": "mqueue", "source": "mqueue"},
    {"destination": "/sys", "type_": "sysfs", "source": "sysfs"},
    {"destination": "/sys/fs/cgroup", "type_": "cgroup", "source": "cgroup"},
    {"destination": "/dev/shm", "type_": "bind", "source": "/run/kata-containers/sandbox/shm"},
    {"destination": "/dev/shm", "type_": "tmpfs", "source": "shm"},
  ]
  m.destination == allowed.destination
  m.type_ == allowed.type_
  m.source == allowed.source
}

storage_ok(c, s) if {
  s.driver == "image_guest_pull"
}

storage_ok(c, s) if {
  s.driver == "ephemeral"
  some d in c.mounts
  d.kind == "memory"
  s.mount_point == concat("", ["/run/kata-containers/sandbox/ephemeral/", d.volume])
}

storage_ok(c, s) if {
  s.driver == "local"
  some d in c.mounts
  d.kind == "disk"
  s.mount_point == concat("", ["/run/kata-containers/sandbox/local/", d.volume])
}

##### Files the runtime copies into the VM: only the ones these containers mount, only in the shared folder.

CopyFileRequest if {
  regex.match("^/run/kata-containers/shared/containers/(watchable/)?([0-9a-f]{64}|sandbox)-[0-9a-f]{16}-[^/]+(/[^/]+)*$", input.path)
  not path_traverses(input.path)
  parts := split(trim_prefix(trim_prefix(input.path, "/run/kata-containers/shared/containers/"), "watchable/"), "/")
  some name in policy_data.copy_file_names
  endswith(parts[0], concat("", ["-", name]))
  not symlink_escapes
}

path_traverses(p) if {
  some segment in split(p, "/")
  segment == ".."
}

symlink_escapes if {
  input.file_type == "Symlink"
  startswith(input.symlink_target, "/")
}

symlink_escapes if {
  input.file_type == "Symlink"
  path_traverses(input.symlink_target)
}

##### The sandbox itself: no guest hooks, no kernel modules, no shared PID namespace.

CreateSandboxRequest if {
  input.sandbox_pidns == false
  input.guest_hook_path == ""
  empty(input.kernel_modules)
}

empty(x) if {
  x == null
}

empty(x) if {
  count(x) == 0
}

list_or_empty(x) := [] if {
  x == null
} else := x
`;
