import * as k8s from '../../imports/k8s';
import { Construct } from 'constructs';
import { setSyncWave, Waves } from '../gitops/argo';
import { ConfidentialRuntime } from './confidential-runtime';
import { imageRepository } from './image';
import { ConfidentialWorkload } from './confidential-workload';
import { WebApp } from './web-app';

/** The reference's image. */
export const HELLO_OPENSHIFT_IMAGE = 'quay.io/openshift/origin-hello-openshift';

/** Label that marks a workload whose agent policy allows exec (debug only). */
export const INSECURE_LABEL = 'coco-cdk8s.io/insecure-policy';

export interface HelloOpenshiftProps {
  readonly runtime: ConfidentialRuntime;
  /**
   * @default "hello-openshift"
   */
  readonly namespace?: string;
  /**
   * @default "quay.io/openshift/origin-hello-openshift"
   */
  readonly image?: string;
  /**
   * @default 8888
   */
  readonly port?: number;
  /**
   * Fail instead of warning when an image is not pinned by digest.
   * @default false
   */
  readonly strictImages?: boolean;
  /**
   * KBS resources the debug pod (`insecure-policy`, exec allowed) may obtain: a high posture finding.
   * @default - none
   */
  readonly insecurePolicyObtains?: readonly string[];
}

/**
 * The reference's hello-openshift, three ways, with its names: `standard` (an ordinary pod),
 * `insecure-policy` (a peer pod whose initdata carries the allow-all agent policy, so `oc exec` works;
 * labelled as insecure) and `secure` (a peer pod with the default no-exec policy). Each gets its own
 * Service and a Route to that Service.
 */
export class HelloOpenshift extends Construct {
  public readonly standard: WebApp;
  public readonly insecurePolicy: ConfidentialWorkload;
  public readonly secure: ConfidentialWorkload;

  constructor(scope: Construct, id: string, props: HelloOpenshiftProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'hello-openshift';
    const base = {
      namespace,
      image: props.image ?? HELLO_OPENSHIFT_IMAGE,
      port: props.port ?? 8888,
      serviceAccountName: namespace,
    };
    setSyncWave(new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: namespace } }), Waves.OPERATOR);
    new NonRootServiceAccount(this, 'ServiceAccount', { name: namespace, namespace });

    this.standard = new WebApp(this, 'standard', { ...base, name: 'standard' });
    // The default image's program and environment (openshift/origin examples/hello-openshift/Dockerfile:
    // FROM scratch, ENTRYPOINT ["/hello-openshift"], no ENV), so the agent policy pins both.
    const known = imageRepository(base.image) === HELLO_OPENSHIFT_IMAGE;
    const confidential = {
      ...base,
      runtime: props.runtime,
      strictImages: props.strictImages,
      ...(known ? { container: { command: ['/hello-openshift'] }, imageEnv: { [imageRepository(base.image)]: [] } } : {}),
    };
    this.insecurePolicy = new ConfidentialWorkload(this, 'insecure-policy', {
      ...confidential,
      name: 'insecure-policy',
      agentPolicy: { preset: 'allow-all' },
      labels: { [INSECURE_LABEL]: 'true' },
      obtains: props.insecurePolicyObtains,
      allowDebugAccess: (props.insecurePolicyObtains ?? []).length > 0,
    });
    this.secure = new ConfidentialWorkload(this, 'secure', { ...confidential, name: 'secure' });
  }
}

/**
 * A ServiceAccount allowed to run pods as a fixed non-root user (the demo images' `runAsUser: 1001`):
 * restricted-v2 only admits UIDs from the namespace's range, so it is bound to `nonroot-v2`.
 */
export class NonRootServiceAccount extends Construct {
  constructor(scope: Construct, id: string, props: { readonly name: string; readonly namespace: string }) {
    super(scope, id);
    const sa = new k8s.KubeServiceAccount(this, 'Resource', { metadata: { name: props.name, namespace: props.namespace } });
    const binding = new k8s.KubeRoleBinding(this, 'NonRootScc', {
      metadata: { name: `${props.name}-nonroot-v2`, namespace: props.namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:openshift:scc:nonroot-v2' },
      subjects: [{ kind: 'ServiceAccount', name: props.name, namespace: props.namespace }],
    });
    for (const o of [sa, binding]) setSyncWave(o, Waves.CONFIG);
  }
}
