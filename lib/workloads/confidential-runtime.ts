import { buildInitData, InitDataAlgorithm, RenderedInitData } from '../initdata';
import { InputError } from '../errors';
import { AgentPolicyBinding, AgentPolicySpec, renderAgentPolicy, summarizeAgentPolicy } from '../policy';
import { DEFAULT_OSC_VERSION, InitDataAnnotation, initDataAnnotationProblem, oscRelease } from '../sandbox/osc-versions';
import { AttestedTee } from '../trustee/attestation-policy';
import { IMAGE_POLICY_RESOURCE } from '../trustee/image-policy';
import { PEER_PODS_RUNTIME_CLASS } from './runtime-classes';
import { Trustee } from '../trustee/trustee';

/** Name of the cluster-wide default initdata (peer-pods-cm INITDATA) in reports and policies. */
export const CLUSTER_DEFAULT_INITDATA = 'cluster default (peer-pods-cm)';

/** The image security policy as a KBS resource path. */
const IMAGE_POLICY_RESOURCE_PATH = `${IMAGE_POLICY_RESOURCE.repository}/${IMAGE_POLICY_RESOURCE.type}/${IMAGE_POLICY_RESOURCE.tag}`;

/** Where confidential workloads of a cluster group attest, and how their pods run. */
export interface ConfidentialRuntimeProps {
  /**
   * RuntimeClass of confidential pods: `kata-remote` for peer pods, `kata-cc` on bare metal.
   * @default "kata-remote"
   */
  readonly runtimeClass?: string;
  /**
   * The Trustee rendered by this app that serves the KBS, if any: initdata digests and what each workload
   * may obtain are handed to it.
   * @default - none (an external KBS: give kbsUrl)
   */
  readonly trustee?: Trustee;
  /**
   * KBS URL.
   * @default - the trustee's
   */
  readonly kbsUrl?: string;
  /**
   * Certificate (CA) pinned for the KBS.
   * @default - the trustee's
   */
  readonly kbsCertificate?: string;
  /**
   * TEEs the pod VMs run on (what the initdata digest is bound to).
   * @default ["azure-snp-vtpm"] (the default Azure confidential VM sizes, DCas_v5)
   */
  readonly tees?: readonly AttestedTee[];
  /**
   * initdata digest algorithm.
   * @default "sha256" (what Azure's vTPM binding takes)
   */
  readonly algorithm?: InitDataAlgorithm;
  /**
   * The cluster-wide default agent policy.
   * @default { preset: "no-exec" }
   */
  readonly defaultAgentPolicy?: AgentPolicySpec;
  /**
   * Point the guest at Trustee's image security policy (`kbs:///default/security-policy/osc`).
   * @default - true when the trustee serves it, false otherwise
   */
  readonly imageSecurityPolicy?: boolean;
  /**
   * Allowed pod VM sizes.
   * @default - not restricted here
   */
  readonly vmSizes?: readonly string[];
  /**
   * The pod annotation the installed OSC's cloud-api-adaptor reads initdata from: take it from the OSC
   * release (`oscRelease(version).initDataAnnotation`), since it changed in OSC 1.11.
   * @default - that of the default OSC release ("io.katacontainers.config.hypervisor.cc_init_data")
   */
  readonly initDataAnnotation?: InitDataAnnotation;
  /**
   * Where the runtime's workloads run, when its Trustee serves several places (a hub attesting its spokes):
   * the Trustee then names each initdata "<origin>: <namespace>/<name>", so its grants say whose it is.
   * @default - none: "<namespace>/<name>"
   */
  readonly origin?: string;
  /**
   * Whether pods without their own initdata boot the cluster-wide default (peer pods: `peer-pods-cm`
   * INITDATA), so that Trustee accepts it. On bare metal (kata-cc) there is no such default: every
   * confidential pod carries its own, and the default built here is handed to nobody.
   * @default true
   */
  readonly clusterDefaultInitData?: boolean;
}

/**
 * What a cluster group's confidential workloads share: the runtime class, the KBS they attest to, and
 * how their initdata is built. Every initdata built here is handed to the Trustee (when the pattern
 * renders it), so its digest becomes a reference value in the same synth.
 */
export class ConfidentialRuntime {
  public readonly runtimeClass: string;
  public readonly kbsUrl: string;
  public readonly kbsCertificate?: string;
  public readonly trustee?: Trustee;
  public readonly tees: readonly AttestedTee[];
  public readonly algorithm: InitDataAlgorithm;
  public readonly defaultAgentPolicy: AgentPolicySpec;
  public readonly imageSecurityPolicy: boolean;
  public readonly vmSizes: readonly string[];
  /** The pod annotation confidential workloads carry their initdata in. */
  public readonly initDataAnnotation: InitDataAnnotation;
  /** Where the workloads run, as the Trustee names them (see `origin` in the props). */
  public readonly origin?: string;
  /** The cluster-wide default initdata (peer-pods-cm INITDATA). */
  public readonly defaultInitData: RenderedInitData;

  constructor(props: ConfidentialRuntimeProps) {
    const annotationProblem = props.initDataAnnotation === undefined ? undefined : initDataAnnotationProblem(props.initDataAnnotation);
    if (annotationProblem) {
      throw new InputError([{ path: 'ConfidentialRuntime initDataAnnotation', message: annotationProblem }]);
    }
    const kbsUrl = props.kbsUrl ?? props.trustee?.kbsUrl;
    if (kbsUrl === undefined) {
      throw new InputError([{ path: 'ConfidentialRuntime kbsUrl', message: 'is required without a trustee: the workloads need to know where the KBS is' }]);
    }
    this.initDataAnnotation = props.initDataAnnotation ?? oscRelease(DEFAULT_OSC_VERSION).initDataAnnotation;
    this.runtimeClass = props.runtimeClass ?? PEER_PODS_RUNTIME_CLASS;
    this.kbsUrl = kbsUrl;
    this.kbsCertificate = props.kbsCertificate ?? (props.kbsUrl === undefined ? props.trustee?.kbsCertificate : undefined);
    this.trustee = props.trustee;
    this.tees = props.tees ?? ['azure-snp-vtpm'];
    this.algorithm = props.algorithm ?? 'sha256';
    this.defaultAgentPolicy = props.defaultAgentPolicy ?? { preset: 'no-exec' };
    this.imageSecurityPolicy = props.imageSecurityPolicy
      ?? (props.trustee !== undefined && props.trustee.resourceProblem(IMAGE_POLICY_RESOURCE_PATH) === undefined);
    this.vmSizes = props.vmSizes ?? [];
    this.origin = props.origin;
    this.defaultInitData = (props.clusterDefaultInitData ?? true)
      ? this.initData(CLUSTER_DEFAULT_INITDATA, this.defaultAgentPolicy)
      : this.render(this.defaultAgentPolicy);
  }

  /** The name the Trustee gives the initdata called `name` here ("<origin>: <name>" when the runtime has an origin). */
  public trusteeName(name: string): string {
    return this.origin ? `${this.origin}: ${name}` : name;
  }

  /** The origin (the group of another runtime) and the name of an initdata as a Trustee names it (see {@link trusteeName}). */
  public static parseTrusteeName(accepted: string): { readonly origin?: string; readonly name: string } {
    const at = accepted.indexOf(': ');
    return at < 0 ? { name: accepted } : { origin: accepted.slice(0, at), name: accepted.slice(at + 2) };
  }

  /**
   * Builds an initdata for a workload: the group's KBS settings with `agentPolicy` (bound to the pod spec
   * when `binding` is given), and hands its digest to the Trustee under `name`, with the resources it may
   * obtain: the declared ones (`binding.obtains`) and the image security policy its data hub fetches.
   */
  public initData(name: string, agentPolicy: AgentPolicySpec, binding?: AgentPolicyBinding): RenderedInitData {
    const rendered = this.render(agentPolicy, binding);
    if (this.trustee && this.tees.length > 0) {
      this.trustee.acceptInitData(this.trusteeName(name), rendered, this.tees, {
        obtains: binding?.obtains ?? [],
        imagePolicy: this.imageSecurityPolicy ? IMAGE_POLICY_RESOURCE_PATH : undefined,
        debug: summarizeAgentPolicy(agentPolicy).exec === 'allowed',
      });
    }
    return rendered;
  }

  /** An initdata with the group's KBS settings and `agentPolicy`, handed to nobody. */
  private render(agentPolicy: AgentPolicySpec, binding?: AgentPolicyBinding): RenderedInitData {
    const kbs = { kbsUrl: this.kbsUrl, kbsCertificate: this.kbsCertificate };
    return buildInitData({
      algorithm: this.algorithm,
      aa: kbs,
      cdh: { ...kbs, imageSecurityPolicyUri: this.imageSecurityPolicy ? IMAGE_POLICY_RESOURCE.uri : undefined },
      policy: renderAgentPolicy(agentPolicy, binding),
    });
  }
}
