import { Lazy } from 'cdk8s';
import * as k8s from '../../imports/k8s';
import { Construct } from 'constructs';
import { Problem, quote, throwIfProblems } from '../errors';
import { dnsLabelProblem } from '../naming/dns';
import { RouteTls, ServiceRoute } from '../openshift/route';
import { imageReferenceProblem } from './image';

/** The restricted security context of the reference pattern's demo containers. */
export const RESTRICTED_SECURITY_CONTEXT: k8s.SecurityContext = {
  privileged: false,
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  runAsUser: 1001,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

export interface WebAppProps {
  /** Name of the Deployment, Service and Route, and the `app` label that selects the pods. */
  readonly name: string;
  readonly namespace: string;
  /** Container image. */
  readonly image: string;
  /** Port the container serves HTTP on. */
  readonly port: number;
  /**
   * Container name.
   * @default - the app name
   */
  readonly containerName?: string;
  /**
   * Replicas.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Security context of the containers.
   * @default RESTRICTED_SECURITY_CONTEXT
   */
  readonly securityContext?: k8s.SecurityContext;
  /**
   * Service account of the pods.
   * @default - the namespace's default
   */
  readonly serviceAccountName?: string;
  /**
   * Extra settings of the main container (env, envFrom, volumeMounts, command, args, resources).
   * @default - none
   */
  readonly container?: Partial<Omit<k8s.Container, 'name' | 'image' | 'ports' | 'securityContext'>>;
  /**
   * TLS of the Route; `false` renders no Route.
   * @default "edge"
   */
  readonly route?: RouteTls | false;
  /**
   * Extra labels of the pods (and the Deployment).
   * @default - only `app: <name>`
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A web app: Deployment (pods are recreated after a failure, unlike the reference's bare Pods), a
 * ClusterIP Service and a Route to that same Service. Subclasses and callers adjust the pod spec
 * through {@link WebApp.podSpec} / {@link WebApp.podAnnotations} before synthesis.
 */
export class WebApp extends Construct {
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  public readonly route?: ServiceRoute;
  /** Mutable pod spec parts, rendered at synthesis. */
  public readonly podSpec: { runtimeClassName?: string; initContainers: k8s.Container[]; volumes: k8s.Volume[]; automountServiceAccountToken?: boolean; enableServiceLinks?: boolean };
  public readonly podAnnotations: Record<string, string> = {};
  /** Volume mounts of the main container (besides `container.volumeMounts`), rendered at synthesis. */
  public readonly mainVolumeMounts: k8s.VolumeMount[] = [];
  /** Security context of the containers. */
  public readonly securityContext: k8s.SecurityContext;
  public readonly name: string;
  public readonly namespace: string;
  /** The main container's image. */
  public readonly image: string;
  /** Images of the init containers, by construct. */
  public readonly initImages: string[] = [];
  /** Labels of the pods. */
  public readonly podLabels: Readonly<Record<string, string>>;
  /** The main container as the props declare it (volume mounts: {@link WebApp.mainContainerMounts}). */
  public readonly mainContainer: k8s.Container;
  private readonly extraMounts: readonly k8s.VolumeMount[];

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    throwIfProblems(webAppProblems(props));
    this.name = props.name;
    this.namespace = props.namespace;
    this.image = props.image;
    this.podSpec = { initContainers: [], volumes: [] };
    this.securityContext = props.securityContext ?? RESTRICTED_SECURITY_CONTEXT;
    const extraMounts = props.container?.volumeMounts ?? [];
    this.extraMounts = extraMounts;
    const labels = { app: props.name, ...(props.labels ?? {}) };
    this.podLabels = labels;
    const portName = `${props.port}-tcp`;
    this.mainContainer = {
      name: props.containerName ?? props.name,
      image: props.image,
      ports: [{ containerPort: props.port, protocol: 'TCP', name: portName.length <= 15 ? portName : undefined }],
      securityContext: this.securityContext,
      ...(props.container ?? {}),
    };

    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        replicas: props.replicas ?? 1,
        selector: { matchLabels: { app: props.name } },
        template: {
          // Rendered at synthesis, so changes to podSpec and podAnnotations after construction land in the output.
          metadata: { labels, annotations: Lazy.any({ produce: () => (Object.keys(this.podAnnotations).length > 0 ? this.podAnnotations : undefined) }) },
          spec: {
            runtimeClassName: Lazy.any({ produce: () => this.podSpec.runtimeClassName }),
            automountServiceAccountToken: Lazy.any({ produce: () => this.podSpec.automountServiceAccountToken }),
            enableServiceLinks: Lazy.any({ produce: () => this.podSpec.enableServiceLinks }),
            serviceAccountName: props.serviceAccountName,
            initContainers: Lazy.any({ produce: () => (this.podSpec.initContainers.length > 0 ? this.podSpec.initContainers : undefined) }),
            containers: [{
              ...this.mainContainer,
              volumeMounts: Lazy.any({ produce: () => (this.mainContainerMounts.length > 0 ? this.mainContainerMounts : undefined) }),
            }],
            volumes: Lazy.any({ produce: () => (this.podSpec.volumes.length > 0 ? this.podSpec.volumes : undefined) }),
          },
        },
      },
    });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: { app: props.name },
        ports: [{ name: portName, port: props.port, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(props.port) }],
      },
    });

    if (props.route !== false) {
      this.route = new ServiceRoute(this, 'Route', {
        name: props.name,
        namespace: props.namespace,
        serviceName: this.service.name,
        targetPort: props.port,
        tls: props.route ?? 'edge',
      });
    }
  }

  /** Every volume mount of the main container. */
  public get mainContainerMounts(): k8s.VolumeMount[] {
    return [...this.extraMounts, ...this.mainVolumeMounts];
  }
}

function webAppProblems(props: WebAppProps): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ path: `WebApp ${props.name ?? ''} ${field}`.replace(/\s+/g, ' '), message });
  for (const [field, value] of [['name', props.name], ['namespace', props.namespace]] as const) {
    const p = dnsLabelProblem(value);
    if (p) add(field, p);
  }
  if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) {
    add('port', `must be a port number from 1 to 65535, got ${quote(props.port)}`);
  }
  const imageProblem = imageReferenceProblem(props.image);
  if (imageProblem) add('image', imageProblem);
  if (props.labels && 'app' in props.labels) {
    // The Deployment and the Service select the pods by `app: <name>`; another value would orphan them.
    add('labels', `must not set "app" (the pods are selected by app: <name>), got ${quote(props.labels)}`);
  }
  if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
    add('replicas', `must be a whole number of at least 0, got ${quote(props.replicas)}`);
  }
  return problems;
}
