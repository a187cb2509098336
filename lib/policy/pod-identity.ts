/**
 * A confidential pod's identity as its agent policy pins it: for every container of the pod template
 * (init containers included), what the host may ask the Kata agent to start. Pure data, derived from the
 * pod spec at synth time, with no image pull: what only the image knows (its entrypoint, its own
 * environment) is pinned when the spec (or the caller) states it, and reported as unpinned otherwise.
 *
 * Shapes follow what OpenShift's CRI-O and the kata shim send (see `bound-policy.ts` for the sources).
 */
import { Problem, quote } from '../errors';
import { imageRepository } from '../workloads/image';

/** How a declared volume reaches the container inside the pod VM. */
export type MountKind =
  /** emptyDir with medium Memory: a tmpfs in the VM (kata `ephemeral` storage). */
  | 'memory'
  /** emptyDir on disk: a folder of the VM. */
  | 'disk'
  /** configMap / secret / projected: files the host copies into the VM (CopyFileRequest). */
  | 'files';

/** A volume mount the pod spec declares. */
export interface MountIdentity {
  readonly destination: string;
  readonly volume: string;
  readonly kind: MountKind;
  readonly readOnly: boolean;
}

/** What the agent policy pins for one container. */
export interface ContainerIdentity {
  /** Container name (`io.kubernetes.container.name`). */
  readonly name: string;
  /** `init` containers run to completion before the app containers. */
  readonly role: 'init' | 'app';
  /** The image as the pod spec names it. */
  readonly image: string;
  /** The image references the guest may pull for it (the spec's, and the normalised forms CRI-O may send). */
  readonly imageSources: readonly string[];
  /** The argument vector (command + args), or null when the spec has no command (the image's entrypoint). */
  readonly args: readonly string[] | null;
  /** Working directory, or null when the spec leaves it to the image. */
  readonly cwd: string | null;
  /** Environment the spec declares, `NAME=value`, sorted. */
  readonly env: readonly string[];
  /**
   * The image's own environment (`NAME=value`) when known; null when not stated: then the host may add
   * variables the spec does not declare (except loader hooks), and the posture report says so.
   */
  readonly imageEnv: readonly string[] | null;
  /** User id (runAsUser), or null when the platform assigns it. */
  readonly uid: number | null;
  /** Group id (runAsGroup), or null. */
  readonly gid: number | null;
  /** `allowPrivilegeEscalation: false` → the process runs with no_new_privs. */
  readonly noNewPrivileges: boolean;
  /** Capabilities the process may hold (without `CAP_`), sorted. */
  readonly capabilities: readonly string[];
  /** `readOnlyRootFilesystem`. */
  readonly readOnlyRoot: boolean;
  readonly mounts: readonly MountIdentity[];
}

/** A pod's identity: who it is and every container it may run. */
export interface PodIdentity {
  readonly namespace: string;
  /** The workload (Deployment) name. */
  readonly workload: string;
  /** Init containers first, in order, then the app containers. */
  readonly containers: readonly ContainerIdentity[];
}

/**
 * CRI-O's default capabilities on OpenShift (machine-config-operator
 * templates/*\/01-*-container-runtime/_base/files/crio.yaml `default_capabilities`), which a container
 * gets unless its securityContext drops them.
 */
export const CRIO_DEFAULT_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'SETGID', 'SETUID', 'SETPCAP', 'NET_BIND_SERVICE', 'KILL'] as const;

/** The subset of a Kubernetes container the identity reads. */
export interface ContainerSpecInput {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  readonly env?: readonly { readonly name: string; readonly value?: string; readonly valueFrom?: unknown }[];
  readonly envFrom?: readonly unknown[];
  readonly securityContext?: {
    readonly privileged?: boolean;
    readonly allowPrivilegeEscalation?: boolean;
    readonly runAsUser?: number;
    readonly runAsGroup?: number;
    readonly readOnlyRootFilesystem?: boolean;
    readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
    readonly procMount?: string;
  };
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean; readonly subPath?: string }[];
}

/** The subset of a Kubernetes volume the identity reads. */
export interface VolumeSpecInput {
  readonly name: string;
  readonly emptyDir?: { readonly medium?: string };
  readonly configMap?: unknown;
  readonly secret?: unknown;
  readonly projected?: unknown;
  readonly [other: string]: unknown;
}

/** Input of {@link podIdentity}. */
export interface PodSpecInput {
  readonly namespace: string;
  readonly workload: string;
  readonly initContainers?: readonly ContainerSpecInput[];
  readonly containers: readonly ContainerSpecInput[];
  readonly volumes?: readonly VolumeSpecInput[];
  /** Pod-level `runAsUser` / `runAsGroup` (containers inherit them). */
  readonly podSecurityContext?: { readonly runAsUser?: number; readonly runAsGroup?: number };
  /**
   * The image environment (`NAME=value`) of images whose environment is known, by image reference or by
   * repository (the reference without tag and digest: the environment of every version of that image).
   */
  readonly imageEnv?: Readonly<Record<string, readonly string[]>>;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Problems that keep a pod spec from being pinned at render time, each naming the field under `path`.
 */
export function podIdentityProblems(pod: PodSpecInput, path = 'pod'): Problem[] {
  const problems: Problem[] = [];
  const volumes = new Map((pod.volumes ?? []).map(v => [v.name, v]));
  const all = [...(pod.initContainers ?? []).map(c => ['initContainers', c] as const), ...pod.containers.map(c => ['containers', c] as const)];
  const names = new Set<string>();
  for (const [list, c] of all) {
    const at = `${path}.${list}[${c.name}]`;
    if (names.has(c.name)) problems.push({ path: at, message: `is a second container named ${quote(c.name)}: names must be unique (the policy tells containers apart by name)` });
    names.add(c.name);
    (c.env ?? []).forEach((e, i) => {
      if (e.valueFrom !== undefined) {
        problems.push({
          path: `${at}.env[${i}].valueFrom`,
          message: `${quote(e.name)} takes its value from the cluster (a ConfigMap, Secret or field), which the agent policy cannot know at render time and the cluster admin can change: set its value in the pod spec, or fetch secrets from Trustee`,
        });
      } else if (!ENV_NAME.test(e.name)) {
        problems.push({ path: `${at}.env[${i}].name`, message: `must be an environment variable name, got ${quote(e.name)}` });
      }
    });
    if ((c.envFrom ?? []).length > 0) {
      problems.push({
        path: `${at}.envFrom`,
        message: 'takes variables from a ConfigMap or Secret, whose content the agent policy cannot know at render time and the cluster admin can change: list the variables in env',
      });
    }
    const sc = c.securityContext ?? {};
    if (sc.privileged) {
      problems.push({ path: `${at}.securityContext.privileged`, message: 'must not be true in a confidential pod: a privileged container holds every capability and the VM\'s devices' });
    }
    if (sc.procMount !== undefined && sc.procMount !== 'Default') {
      problems.push({ path: `${at}.securityContext.procMount`, message: `must be "Default" in a confidential pod (an unmasked /proc exposes the VM), got ${quote(sc.procMount)}` });
    }
    (c.volumeMounts ?? []).forEach((m, i) => {
      const v = volumes.get(m.name);
      if (!v) {
        problems.push({ path: `${at}.volumeMounts[${i}].name`, message: `names no volume of the pod, got ${quote(m.name)}` });
      } else if (volumeKind(v) === undefined) {
        const kind = Object.keys(v).filter(k => k !== 'name').join(', ') || 'nothing';
        problems.push({
          path: `${at}.volumeMounts[${i}]`,
          message: `mounts volume ${quote(m.name)} of kind ${kind}, which a confidential pod cannot trust (its content comes from the host): use emptyDir, configMap, secret or projected`,
        });
      }
      if (m.subPath !== undefined) {
        problems.push({ path: `${at}.volumeMounts[${i}].subPath`, message: `is not supported in a confidential pod (the kata runtime shares whole volumes), got ${quote(m.subPath)}` });
      }
    });
  }
  return problems;
}

function volumeKind(v: VolumeSpecInput): MountKind | undefined {
  if (v.emptyDir !== undefined) return v.emptyDir.medium === 'Memory' ? 'memory' : 'disk';
  if (v.configMap !== undefined || v.secret !== undefined || v.projected !== undefined) return 'files';
  return undefined;
}

/**
 * The references the guest may be asked to pull for `image`: as written, and as CRI-O names an image
 * (`io.kubernetes.cri-o.ImageName`, what the kata shim passes as the guest-pull source): with the
 * `docker.io/` registry (and `library/`) spelt out, and `:latest` when neither tag nor digest is given.
 */
export function imageSources(image: string): string[] {
  const forms = new Set<string>([image]);
  const firstSlash = image.indexOf('/');
  const first = firstSlash < 0 ? '' : image.slice(0, firstSlash);
  const hasRegistry = firstSlash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const qualified = hasRegistry ? image : `docker.io/${firstSlash < 0 ? 'library/' : ''}${image}`;
  forms.add(qualified);
  const lastPart = qualified.slice(qualified.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !lastPart.includes('@')) {
    forms.add(`${qualified}:latest`);
  }
  return [...forms].sort();
}


/** The capabilities a container may hold: CRI-O's defaults unless dropped, plus the added ones. */
export function allowedCapabilities(sc: ContainerSpecInput['securityContext']): string[] {
  const strip = (c: string) => c.toUpperCase().replace(/^CAP_/, '');
  const drop = (sc?.capabilities?.drop ?? []).map(strip);
  const add = (sc?.capabilities?.add ?? []).map(strip);
  const base = drop.includes('ALL') ? [] : CRIO_DEFAULT_CAPABILITIES.filter(c => !drop.includes(c));
  return [...new Set([...base, ...add])].sort();
}

/**
 * The identity of a pod spec. Expects a spec without {@link podIdentityProblems}.
 */
export function podIdentity(pod: PodSpecInput): PodIdentity {
  const volumes = new Map((pod.volumes ?? []).map(v => [v.name, v]));
  const container = (c: ContainerSpecInput, role: 'init' | 'app'): ContainerIdentity => {
    const sc = c.securityContext ?? {};
    const imageEnv = pod.imageEnv?.[c.image] ?? pod.imageEnv?.[imageRepository(c.image)];
    return {
      name: c.name,
      role,
      image: c.image,
      imageSources: imageSources(c.image),
      args: c.command && c.command.length > 0 ? [...c.command, ...(c.args ?? [])] : null,
      cwd: c.workingDir ?? null,
      env: (c.env ?? []).map(e => `${e.name}=${e.value ?? ''}`).sort(),
      imageEnv: imageEnv === undefined ? null : [...imageEnv].sort(),
      uid: sc.runAsUser ?? pod.podSecurityContext?.runAsUser ?? null,
      gid: sc.runAsGroup ?? pod.podSecurityContext?.runAsGroup ?? null,
      noNewPrivileges: sc.allowPrivilegeEscalation === false,
      capabilities: allowedCapabilities(sc),
      readOnlyRoot: sc.readOnlyRootFilesystem === true,
      mounts: (c.volumeMounts ?? []).map(m => ({
        destination: m.mountPath,
        volume: m.name,
        kind: volumeKind(volumes.get(m.name)!)!,
        readOnly: m.readOnly === true,
      })).sort((a, b) => (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0)),
    };
  };
  return {
    namespace: pod.namespace,
    workload: pod.workload,
    containers: [...(pod.initContainers ?? []).map(c => container(c, 'init')), ...pod.containers.map(c => container(c, 'app'))],
  };
}

/**
 * What of a container the policy cannot pin, in words for reports (empty when everything is pinned). An
 * image named by tag is pinned to that tag (reported on its own: the identity floats with the tag).
 */
export function unpinnedParts(c: ContainerIdentity): string[] {
  const parts: string[] = [];
  if (c.args === null) parts.push('its command (no command in the pod spec: the host may start any program of the image)');
  if (c.imageEnv === null) parts.push('its image environment (not stated: the host may add variables the spec does not declare)');
  return parts;
}
