import * as k8s from '../../imports/k8s';
import { Construct } from 'constructs';
import { setSyncWave, Waves } from '../gitops/argo';
import { ConfidentialRuntime } from './confidential-runtime';
import { imageRepository } from './image';
import { ConfidentialWorkload, kbsResourcePath } from './confidential-workload';
import { NonRootServiceAccount } from './hello-openshift';

export interface KbsAccessProps {
  readonly runtime: ConfidentialRuntime;
  /**
   * @default "kbs-access"
   */
  readonly namespace?: string;
  /**
   * The web app that serves the file named by `$FILEPATH`.
   * @default "ghcr.io/butler54/kbs-access-app:latest"
   */
  readonly image?: string;
  /**
   * Image of the init container that fetches the secret (needs sh and curl).
   * @default "registry.access.redhat.com/ubi9/ubi:latest"
   */
  readonly fetcherImage?: string;
  /**
   * The KBS resource "<secret>/<key>" (or "default/<secret>/<key>") the app serves.
   * @default "kbsres1/key3"
   */
  readonly resource?: string;
  /**
   * @default 5000
   */
  readonly port?: number;
  /**
   * The app image's own environment (`NAME=value`), pinned by the agent policy.
   * @default - not stated: the host may add variables (except loader hooks); a posture finding
   */
  readonly imageEnv?: readonly string[];
  /**
   * Fail instead of warning when an image is not pinned by digest.
   * @default false
   */
  readonly strictImages?: boolean;
}

/** The reference's app image (github.com/butler54/coco-kbs-access). */
export const KBS_ACCESS_IMAGE = 'ghcr.io/butler54/kbs-access-app:latest';

/**
 * The reference's kbs-access: a confidential web app (`secure`, port 5000) whose init container fetches
 * `default/kbsres1/key3` from Trustee into `/output/kbsres1.txt`, which the app serves (`FILEPATH`), with a
 * Service and a Route.
 */
export class KbsAccess extends Construct {
  public readonly workload: ConfidentialWorkload;

  constructor(scope: Construct, id: string, props: KbsAccessProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'kbs-access';
    const resource = kbsResourcePath(props.resource ?? 'kbsres1/key3');
    const file = `${resource.split('/')[0]}.txt`;
    setSyncWave(new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: namespace } }), Waves.OPERATOR);
    new NonRootServiceAccount(this, 'ServiceAccount', { name: namespace, namespace });
    const image = props.image ?? KBS_ACCESS_IMAGE;

    this.workload = new ConfidentialWorkload(this, 'secure', {
      name: 'secure',
      namespace,
      image,
      containerName: 'python-access',
      port: props.port ?? 5000,
      serviceAccountName: namespace,
      runtime: props.runtime,
      // The reference reads FILEPATH from a ConfigMap (`kbsref`); here it is in the pod spec, so the agent
      // policy pins it (a ConfigMap's value is the cluster admin's to change). The default image's program
      // is named absolutely, so the argument vector is pinned too (its Containerfile: CMD python
      // /app/server.py on ubi9/python-311, whose virtual environment is /opt/app-root).
      container: {
        env: [{ name: 'FILEPATH', value: `/output/${file}` }],
        ...(imageRepository(image) === imageRepository(KBS_ACCESS_IMAGE) ? { command: ['/opt/app-root/bin/python', '/app/server.py'] } : {}),
      },
      imageEnv: props.imageEnv ? { [image]: props.imageEnv } : undefined,
      kbsResources: [{ resource, file }],
      kbsResourcesPath: '/output',
      fetcherImage: props.fetcherImage,
      strictImages: props.strictImages,
    });
  }
}
