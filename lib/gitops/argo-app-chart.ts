import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { reject } from '../errors';
import { dnsLabelProblem } from '../naming/dns';
import { apiGroupOf, apiResourceOf } from './api-resources';
import { ARGO_APP_CHART, brand, hasBrand } from './brands';
import { ClusterGroup } from './cluster-group';

/** A kind an Application creates without rendering it here (e.g. from a Helm chart). */
export interface ExternalResource {
  readonly apiVersion: string;
  readonly kind: string;
  /** Namespace of the objects (namespaced kinds). */
  readonly namespace?: string;
}

/** A Helm chart the Application deploys next to (or instead of) its rendered folder. */
export interface HelmChartSource {
  /** Helm repository URL. */
  readonly repoURL: string;
  /** Chart name. */
  readonly chart: string;
  /** Exact chart version. */
  readonly version: string;
  /**
   * Helm release name.
   * @default - the chart name
   */
  readonly releaseName?: string;
  /** Helm values. */
  readonly values: Record<string, unknown>;
  /** What the chart renders, for the AppProject and the controller RBAC (least privilege). */
  readonly renders: readonly ExternalResource[];
}

/** A field Argo CD must leave alone because something else on the cluster writes it. */
export interface IgnoredDifference {
  readonly group?: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** JSON pointers of the fields, e.g. "/data/AZURE_IMAGE_ID". */
  readonly jsonPointers: readonly string[];
}

export interface ArgoAppChartProps {
  /** AppProject of the Application. */
  readonly project: string;
  /** Destination namespace (objects that carry no namespace land there; we always set one). */
  readonly namespace: string;
  /**
   * Sync wave of the Application inside the root app of apps.
   * @default 0
   */
  readonly syncWave?: number;
  /**
   * Labels for every object of the chart.
   * @default - app.kubernetes.io/part-of and app.kubernetes.io/managed-by
   */
  readonly labels?: Record<string, string>;
  /**
   * A Helm chart the Application also deploys (multi-source Application).
   * @default - only the rendered folder
   */
  readonly helm?: HelmChartSource;
}

/**
 * One Argo CD Application: its objects render to `<output>/<group>/<app>/<Kind>.<name>.yaml` and the
 * group's bootstrap renders an Application pointing at that folder. The construct id is the
 * Application name. The chart sets no namespace, so cluster-scoped objects stay without one.
 */
export class ArgoAppChart extends Chart {
  /** True for ArgoAppChart constructs, also across copies of this library. */
  public static isArgoAppChart(x: unknown): x is ArgoAppChart {
    return hasBrand(x, ARGO_APP_CHART);
  }

  /** The Application name (the construct id); also its folder name. */
  public readonly appName: string;
  public readonly project: string;
  public readonly destinationNamespace: string;
  public readonly syncWave: number;
  public readonly helm?: HelmChartSource;
  /** Fields Argo CD ignores when comparing and syncing (with RespectIgnoreDifferences). */
  public readonly ignoredDifferences: IgnoredDifference[] = [];

  constructor(scope: Construct, id: string, props: ArgoAppChartProps) {
    super(scope, id, {
      disableResourceNameHashes: true,
      labels: props.labels ?? {
        'app.kubernetes.io/part-of': 'coco-cdk8s',
        'app.kubernetes.io/managed-by': 'coco-cdk8s',
      },
    });
    for (const [field, value] of [['app', id], ['project', props.project], ['namespace', props.namespace]]) {
      const problem = dnsLabelProblem(value);
      if (problem) {
        reject(`ArgoAppChart ${id}: ${field}`, problem);
      }
    }
    brand(this, ARGO_APP_CHART);
    this.appName = id;
    this.project = props.project;
    this.destinationNamespace = props.namespace;
    this.syncWave = props.syncWave ?? 0;
    this.helm = props.helm;
  }

  /** The cluster group this Application belongs to. */
  public get clusterGroup(): ClusterGroup {
    return ClusterGroup.of(this);
  }

  /** Repository path of the Application's folder. */
  public get path(): string {
    return `${this.clusterGroup.path}/${this.appName}`;
  }

  /** The API objects of this chart (not of nested charts). */
  public get apiObjects(): ApiObject[] {
    return this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === this);
  }

  /** Lets something on the cluster own a field of an object this Application renders. */
  public ignoreDifference(difference: IgnoredDifference): void {
    this.ignoredDifferences.push(difference);
  }

  /** Every kind (and namespace) this Application writes: rendered objects and what its Helm chart renders. */
  public get resources(): ExternalResource[] {
    return [
      ...this.apiObjects.map(o => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace })),
      ...(this.helm?.renders ?? []),
    ];
  }

  /** Namespaces this Application writes to, sorted. */
  public get namespaces(): string[] {
    return [...new Set([this.destinationNamespace, ...this.resources.map(o => o.namespace).filter((n): n is string => !!n)])].sort();
  }

  /** Cluster-scoped kinds this Application writes, as sorted `{group, kind}`. */
  public get clusterKinds(): { group: string; kind: string }[] {
    const keys = new Map<string, { group: string; kind: string }>();
    for (const o of this.resources) {
      if (!apiResourceOf(o.apiVersion, o.kind).namespaced) {
        const group = apiGroupOf(o.apiVersion);
        keys.set(`${group}/${o.kind}`, { group, kind: o.kind });
      }
    }
    return [...keys.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  }
}

