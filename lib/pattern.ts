/**
 * CocoPattern: composes the areas per cluster group from pattern.yaml.
 */
import { Construct } from 'constructs';
import { ClusterGroupConfig, PatternConfig } from './config/schema';
import { ArgoAppChart } from './gitops/argo-app-chart';
import { Bootstrap } from './gitops/bootstrap';
import { ClusterGroup } from './gitops/cluster-group';
import { OPERATORS } from './olm/catalog';
import { OperatorInstall } from './olm/operator-install';

/** Sync waves of the Applications inside a group's app of apps. */
export const AppWaves = {
  PLATFORM: 10,
  CONFIDENTIAL: 20,
  WORKLOADS: 30,
} as const;

export interface CocoPatternProps {
  /** The validated configuration (see `loadPattern`). */
  readonly config: PatternConfig;
}

/** The whole pattern: one {@link ClusterGroup} per configured cluster group. */
export class CocoPattern extends Construct {
  public readonly groups: ClusterGroup[];

  constructor(scope: Construct, id: string, props: CocoPatternProps) {
    super(scope, id);
    const { config } = props;
    this.groups = Object.entries(config.clusterGroups).map(([name, group]) => this.renderGroup(config, name, group));
  }

  private renderGroup(config: PatternConfig, name: string, group: ClusterGroupConfig): ClusterGroup {
    const cg = new ClusterGroup(this, name, {
      source: { repoURL: config.gitops.repoURL, targetRevision: config.gitops.targetRevision, path: config.gitops.path },
      argoNamespace: config.gitops.namespace,
    });

    if (group.acm.enabled) {
      const acm = new ArgoAppChart(cg, 'acm', { project: 'hub', namespace: OPERATORS.acm.namespace, syncWave: AppWaves.PLATFORM });
      new OperatorInstall(acm, 'operator', { ...OPERATORS.acm, ...group.acm.operator });
    }
    if (group.trustee.enabled) {
      const trustee = new ArgoAppChart(cg, 'trustee', { project: 'trustee', namespace: OPERATORS.trustee.namespace, syncWave: AppWaves.CONFIDENTIAL });
      new OperatorInstall(trustee, 'operator', { ...OPERATORS.trustee, ...group.trustee.operator });
    }
    if (group.sandbox.enabled) {
      const sandbox = new ArgoAppChart(cg, 'sandbox', { project: 'sandbox', namespace: OPERATORS.sandbox.namespace, syncWave: AppWaves.CONFIDENTIAL });
      new OperatorInstall(sandbox, 'operator', { ...OPERATORS.sandbox, ...group.sandbox.operator });
    }

    new Bootstrap(cg, 'bootstrap', {
      rootName: `${config.name}-${name}`,
      controllerServiceAccount: config.gitops.controllerServiceAccount,
    });
    return cg;
  }
}
