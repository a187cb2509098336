import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { setSyncWave, skipDryRunOnMissingResource, Waves } from '../gitops/argo';
import { OperatorInstall, OperatorInstallProps } from '../olm/operator-install';

export interface AcmHubProps {
  /** OLM install of advanced-cluster-management. */
  readonly operator: OperatorInstallProps;
  /**
   * `High` runs the hub components with several replicas; `Basic` with one (enough for a single cluster).
   * @default "High"
   */
  readonly availability?: 'High' | 'Basic';
}

/**
 * Advanced Cluster Management: the operator through OLM and the `MultiClusterHub` `multiclusterhub`.
 * The hub manages itself as `local-cluster` (ACM labels it `cloud=<provider>`, e.g. `cloud=Azure`), and
 * every managed cluster, local-cluster included, is in the `global` ManagedClusterSet, which ACM binds to
 * the `open-cluster-management-global-set` namespace: a Policy placed from there reaches the hub itself
 * without further objects. That is what the peer-pods policy uses.
 */
export class AcmHub extends Construct {
  public readonly install: OperatorInstall;
  public readonly hub: ApiObject;

  constructor(scope: Construct, id: string, props: AcmHubProps) {
    super(scope, id);
    this.install = new OperatorInstall(this, 'Operator', props.operator);
    // No typed class: the MultiClusterHub CRD is not among the imported schemas.
    this.hub = new ApiObject(this, 'Resource', {
      apiVersion: 'operator.open-cluster-management.io/v1',
      kind: 'MultiClusterHub',
      metadata: { name: 'multiclusterhub', namespace: props.operator.namespace },
      spec: {
        availabilityConfig: props.availability ?? 'High',
        // The hub imports itself as local-cluster, where the pattern's policies apply.
        disableHubSelfManagement: false,
      },
    });
    setSyncWave(this.hub, Waves.OPERAND);
    skipDryRunOnMissingResource(this.hub);
  }
}
