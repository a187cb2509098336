import { Construct } from 'constructs';
import { InputError, Problem, quote, throwIfProblems } from '../errors';
import { RenderedInitData } from '../initdata';
import { OutputFile } from '../output/output-file';
import { addWarning } from '../output/warnings';
import { ConfidentialRuntime } from './confidential-runtime';
import { AgentPolicySpec, agentPolicyProblems, ContainerSpecInput, podIdentity, PodIdentity, podIdentityProblems, summarizeAgentPolicy, VolumeSpecInput } from '../policy';
import { initDataFiles } from '../sandbox/initdata-files';
import { DEFAULT_OSC_VERSION, InitDataAnnotation, initDataAnnotationProblem, oscRelease } from '../sandbox/osc-versions';
import { KBS_REPOSITORY } from '../trustee/secret-resources';
import { imageRepository, isPinnedByDigest } from './image';
import { CONFIDENTIAL_RUNTIME_CLASSES } from './runtime-classes';
import { WebApp, WebAppProps } from './web-app';

/**
 * Pod annotation carrying the gzip+base64 initdata, as the default OSC release reads it. OSC 1.10 reads
 * another one: a workload uses its runtime's {@link ConfidentialRuntime.initDataAnnotation}.
 */
export const INIT_DATA_ANNOTATION: InitDataAnnotation = oscRelease(DEFAULT_OSC_VERSION).initDataAnnotation;
/** Pod annotation choosing the pod VM size (peer pods). */
export const MACHINE_TYPE_ANNOTATION = 'io.katacontainers.config.hypervisor.machine_type';
/** URL of the confidential data hub inside the pod VM. */
export const CDH_RESOURCE_URL = 'http://127.0.0.1:8006/cdh/resource';

export { CONFIDENTIAL_RUNTIME_CLASSES } from './runtime-classes';

/**
 * A KBS resource reference as "<secret>/<key>": "default/<secret>/<key>" (the repository Trustee serves,
 * spelt out) loses its repository; anything else is returned as given.
 */
export function kbsResourcePath(resource: string): string {
  const parts = resource.split('/');
  return parts.length === 3 && parts[0] === KBS_REPOSITORY ? parts.slice(1).join('/') : resource;
}

/** A secret fetched from Trustee into a file the app reads. */
export interface KbsResourceFile {
  /** KBS resource "<secret>/<key>" or "default/<secret>/<key>" (served from the `default` repository). */
  readonly resource: string;
  /** File name inside the shared folder. */
  readonly file: string;
}

export interface ConfidentialWorkloadProps extends WebAppProps {
  /** The cluster group's confidential runtime: runtime class, KBS and initdata. */
  readonly runtime: ConfidentialRuntime;
  /**
   * RuntimeClass: `kata-remote` for peer pods, `kata-cc` for bare-metal TEEs.
   * @default - the runtime's
   */
  readonly runtimeClass?: string;
  /**
   * The pod's agent policy (part of its initdata).
   * @default - the cluster default (no-exec)
   */
  readonly agentPolicy?: AgentPolicySpec;
  /**
   * Pod VM size (`io.katacontainers.config.hypervisor.machine_type`), one of the runtime's allowed sizes.
   * @default - the cluster default size
   */
  readonly vmSize?: string;
  /**
   * Secrets an init container fetches from Trustee (through the data hub in the pod VM) into a shared
   * in-memory folder before the app starts.
   * @default - none
   */
  readonly kbsResources?: readonly KbsResourceFile[];
  /**
   * Where the fetched files are mounted, in the init container and the app.
   * @default "/output"
   */
  readonly kbsResourcesPath?: string;
  /**
   * Image of the init container (needs `sh` and `curl`).
   * @default "registry.access.redhat.com/ubi9/ubi:latest"
   */
  readonly fetcherImage?: string;
  /**
   * Fail instead of warning when an image is not pinned by digest.
   * @default false
   */
  readonly strictImages?: boolean;
  /**
   * KBS resources ("<secret>/<key>") the app fetches itself at run time (through the data hub at
   * `http://127.0.0.1:8006/cdh/resource/...`), besides the {@link kbsResources} the init container fetches.
   * Trustee releases to this workload's initdata exactly these and the `kbsResources`.
   * @default - none
   */
  readonly obtains?: readonly string[];
  /**
   * Let a workload whose agent policy allows exec (a debug policy) obtain secrets. Without it, declaring
   * `kbsResources` or `obtains` on such a workload is an error: whoever can exec into it can read them.
   * @default false
   */
  readonly allowDebugAccess?: boolean;
  /**
   * The environment each image sets itself (`NAME=value`, from its config: `skopeo inspect --config
   * docker://<image> | jq .config.Env`), by image reference as the pod spec names it. The agent policy then
   * allows exactly these variables besides the declared and the runtime's; for an image without an entry
   * the host may add variables the spec does not declare (except loader hooks), which the posture report
   * flags.
   * @default - none
   */
  readonly imageEnv?: Readonly<Record<string, readonly string[]>>;
  /**
   * The pod annotation that carries the initdata: the one the cluster's OSC release reads
   * (`io.katacontainers.config.runtime.cc_init_data` up to OSC 1.10, `...hypervisor.cc_init_data` from 1.11).
   * @default - the runtime's
   */
  readonly initDataAnnotation?: InitDataAnnotation;
}

/**
 * A confidential workload for anyone's app: a {@link WebApp} whose pods run as confidential VMs
 * (runtime class by platform), with their own initdata injected at synth time as the
 * `cc_init_data` pod annotation (no webhook or Kyverno needed), the initdata digest handed to Trustee,
 * optionally secrets fetched from Trustee by an init container, and the readable initdata next to the
 * manifests.
 */
export class ConfidentialWorkload extends WebApp {
  public readonly initData: RenderedInitData;
  public readonly agentPolicy: AgentPolicySpec;
  public readonly runtimeClass: string;
  /** Pod VM size asked for, if any. */
  public readonly vmSize?: string;
  /** Secrets the init container fetches from Trustee. */
  public readonly kbsResources: readonly KbsResourceFile[];
  /** Every KBS resource this workload's initdata may obtain ("<repository>/<type>/<tag>"), sorted. */
  public readonly obtains: readonly string[];
  /** What the agent policy pins: the pod's containers. */
  public readonly identity: PodIdentity;
  /** The cluster group's confidential runtime. */
  public readonly runtime: ConfidentialRuntime;
  /** The pod annotation the initdata is in. */
  public readonly initDataAnnotation: InitDataAnnotation;

  constructor(scope: Construct, id: string, props: ConfidentialWorkloadProps) {
    super(scope, id, props);
    const runtime = props.runtime;
    this.runtime = runtime;
    this.runtimeClass = props.runtimeClass ?? runtime.runtimeClass;
    this.agentPolicy = props.agentPolicy ?? runtime.defaultAgentPolicy;
    this.vmSize = props.vmSize;
    this.kbsResources = props.kbsResources ?? [];
    this.initDataAnnotation = props.initDataAnnotation ?? runtime.initDataAnnotation;
    throwIfProblems(confidentialProblems(props, this.runtimeClass, this.agentPolicy));

    for (const image of [props.image, ...(props.kbsResources?.length ? [props.fetcherImage ?? DEFAULT_FETCHER_IMAGE] : [])]) {
      if (!isPinnedByDigest(image)) {
        const message = `${props.namespace}/${props.name}: image ${quote(image)} is not pinned by digest: the agent policy and guest pull cannot tie the pod to one image (use image@sha256:...)`;
        if (props.strictImages) {
          throw new InputError([{ path: `ConfidentialWorkload ${props.name} image`, message }]);
        }
        addWarning(this, message);
      }
    }

    this.podSpec.runtimeClassName = this.runtimeClass;
    // The cluster's service account token has no business inside the confidential VM, and service links
    // would make the environment (part of the identity) depend on the namespace's Services.
    this.podSpec.automountServiceAccountToken = false;
    this.podSpec.enableServiceLinks = false;
    if (props.vmSize) {
      this.podAnnotations[MACHINE_TYPE_ANNOTATION] = props.vmSize;
    }

    const resources = props.kbsResources ?? [];
    if (resources.length > 0) {
      const mount = props.kbsResourcesPath ?? '/output';
      const volume = 'kbs-resources';
      this.podSpec.volumes.push({ name: volume, emptyDir: { medium: 'Memory' } });
      const script = resources
        .map(r => `curl -sSf --retry 30 --retry-delay 5 --retry-all-errors -o '${mount}/${r.file}' '${CDH_RESOURCE_URL}/${KBS_REPOSITORY}/${kbsResourcePath(r.resource)}'`)
        .join(' && ');
      this.initImages.push(props.fetcherImage ?? DEFAULT_FETCHER_IMAGE);
      this.podSpec.initContainers.push({
        name: 'fetch-kbs-resources',
        image: props.fetcherImage ?? DEFAULT_FETCHER_IMAGE,
        // An absolute program: the argument vector is part of the identity, whatever PATH says.
        command: ['/bin/sh', '-c', script],
        volumeMounts: [{ name: volume, mountPath: mount }],
        securityContext: this.securityContext,
      });
      this.mainVolumeMounts.push({ name: volume, mountPath: mount, readOnly: true });
    }

    // The identity: the pod spec as it now stands is what the agent policy pins. It is frozen, so that
    // a later change cannot leave the pods and their initdata apart.
    const podInput = {
      namespace: props.namespace,
      workload: props.name,
      initContainers: this.podSpec.initContainers as ContainerSpecInput[],
      containers: [{ ...this.mainContainer, volumeMounts: this.mainContainerMounts } as ContainerSpecInput],
      volumes: this.podSpec.volumes as VolumeSpecInput[],
      imageEnv: { ...DEFAULT_IMAGE_ENV, ...(props.imageEnv ?? {}) },
    };
    throwIfProblems(podIdentityProblems(podInput, `ConfidentialWorkload ${props.name}`));
    this.identity = podIdentity(podInput);
    Object.freeze(this.podSpec.initContainers);
    Object.freeze(this.podSpec.volumes);
    Object.freeze(this.mainVolumeMounts);
    this.obtains = [...new Set([...resources.map(r => r.resource), ...(props.obtains ?? [])]
      .map(r => `${KBS_REPOSITORY}/${kbsResourcePath(r)}`))].sort();
    this.initData = runtime.initData(`${props.namespace}/${props.name}`, this.agentPolicy, { pod: this.identity, obtains: this.obtains });
    this.podAnnotations[this.initDataAnnotation] = this.initData.encoded;

    for (const f of initDataFiles(props.name, this.initData, `${props.namespace}/${props.name} (${this.initDataAnnotation})`)) {
      new OutputFile(this, `InitData-${f.fileName}`, f);
    }
  }
}

const DEFAULT_FETCHER_IMAGE = 'registry.access.redhat.com/ubi9/ubi:latest';

/** A KBS resource reference a workload may name: `<secret>/<key>`, optionally in repository `default` (it ends up in a URL). */
const KBS_RESOURCE_REF = /^(default\/)?[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/;

/**
 * The environment of the default fetcher image, every version of it, from its config (ubi9 `Containerfile`:
 * `ENV container oci` and the standard PATH).
 */
const DEFAULT_IMAGE_ENV: Readonly<Record<string, readonly string[]>> = {
  [imageRepository(DEFAULT_FETCHER_IMAGE)]: ['container=oci', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
};

function confidentialProblems(props: ConfidentialWorkloadProps, runtimeClass: string, policy: AgentPolicySpec): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ path: `ConfidentialWorkload ${props.name} ${field}`, message });
  if (!(CONFIDENTIAL_RUNTIME_CLASSES as readonly string[]).includes(runtimeClass)) {
    add('runtimeClass', `must be a confidential runtime class (${CONFIDENTIAL_RUNTIME_CLASSES.map(c => quote(c)).join(', ')}), got ${quote(runtimeClass)}`);
  }
  if (props.vmSize !== undefined && props.runtime.vmSizes.length > 0 && !props.runtime.vmSizes.includes(props.vmSize)) {
    add('vmSize', `must be one of the allowed pod VM sizes (${props.runtime.vmSizes.join(', ')}), got ${quote(props.vmSize)}`);
  }
  if (props.initDataAnnotation !== undefined) {
    const p = initDataAnnotationProblem(props.initDataAnnotation);
    if (p) add('initDataAnnotation', p);
  }
  problems.push(...agentPolicyProblems(policy, `ConfidentialWorkload ${props.name} agentPolicy`));
  // One problem per resource: its form first (it ends up in a URL), then whether Trustee serves it.
  const resourceProblem = (ref: string) => (KBS_RESOURCE_REF.test(ref)
    ? props.runtime.trustee?.resourceProblem(ref)
    : `must be "<secret>/<key>" or "default/<secret>/<key>", got ${quote(ref)}`);
  (props.obtains ?? []).forEach((r, i) => {
    const p = resourceProblem(r);
    if (p) add(`obtains[${i}]`, p);
  });
  const declares = (props.kbsResources ?? []).length + (props.obtains ?? []).length > 0;
  if (declares && !props.allowDebugAccess && agentPolicyProblems(policy, '').length === 0 && summarizeAgentPolicy(policy).exec === 'allowed') {
    add('agentPolicy', `allows exec (preset ${quote(policy.preset)}), so whoever can exec into the pod reads what it obtains: a debug workload obtains no secret unless allowDebugAccess is true (a high posture finding)`);
  }
  const files = new Set<string>();
  (props.kbsResources ?? []).forEach((r, i) => {
    const p = resourceProblem(r.resource);
    if (p) add(`kbsResources[${i}].resource`, p);
    if (!/^[A-Za-z0-9._-]+$/.test(r.file) || r.file === '.' || r.file === '..') {
      add(`kbsResources[${i}].file`, `must be a plain file name, got ${quote(r.file)}`);
    } else if (files.has(r.file)) {
      add(`kbsResources[${i}].file`, `is used twice: ${quote(r.file)}`);
    }
    files.add(r.file);
  });
  return problems;
}
