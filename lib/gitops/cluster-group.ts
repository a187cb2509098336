import { Construct } from 'constructs';
import { reject } from '../errors';
import { dnsLabelProblem } from '../naming/dns';
import type { ArgoAppChart } from './argo-app-chart';
import { ARGO_APP_CHART, brand, CLUSTER_GROUP, hasBrand } from './brands';

/** Where Argo CD reads a cluster group's rendered output from. */
export interface GitSource {
  /** Git repository URL. */
  readonly repoURL: string;
  /** Branch, tag or commit. */
  readonly targetRevision: string;
  /** Folder of the repository holding the rendered output (the synth output dir). */
  readonly path: string;
}

export interface ClusterGroupProps {
  /** Where Argo CD finds the rendered output. */
  readonly source: GitSource;
  /**
   * Namespace of the Argo CD instance that syncs this group.
   * @default "openshift-gitops"
   */
  readonly argoNamespace?: string;
}

/**
 * A set of clusters that get the same Argo CD Applications. Its construct id is the group name and the
 * output folder (`<output>/<group>/`); every {@link ArgoAppChart} inside it is one Application.
 */
export class ClusterGroup extends Construct {
  /** The cluster group that contains `scope`. */
  public static of(scope: Construct): ClusterGroup {
    const found = scope.node.scopes.slice().reverse().find(ClusterGroup.isClusterGroup);
    if (!found) {
      throw new Error(`${scope.node.path} is not inside a ClusterGroup`);
    }
    return found;
  }

  /** True for ClusterGroup constructs, also across copies of this library. */
  public static isClusterGroup(x: unknown): x is ClusterGroup {
    return hasBrand(x, CLUSTER_GROUP);
  }

  /** The group name (the construct id). */
  public readonly name: string;
  public readonly source: GitSource;
  public readonly argoNamespace: string;

  constructor(scope: Construct, id: string, props: ClusterGroupProps) {
    super(scope, id);
    const problem = dnsLabelProblem(id);
    if (problem) {
      reject('clusterGroup', problem);
    }
    brand(this, CLUSTER_GROUP);
    this.name = id;
    this.source = props.source;
    this.argoNamespace = props.argoNamespace ?? 'openshift-gitops';
  }

  /** Repository path of this group's folder. */
  public get path(): string {
    return `${this.source.path}/${this.name}`;
  }

  /** The Argo CD Applications of this group, in construct order. */
  public get apps(): ArgoAppChart[] {
    return this.node.findAll().filter((c): c is ArgoAppChart => hasBrand(c, ARGO_APP_CHART)).filter(c => ClusterGroup.of(c) === this);
  }
}

