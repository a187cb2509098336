import * as k8s from '../../imports/k8s';
import { Construct } from 'constructs';
import { OperatorGroup, Subscription } from '../../imports/operators.coreos.com';
import { quote, ruleProblems, throwIfProblems } from '../errors';
import { setSyncWave, Waves } from '../gitops/argo';
import { dnsLabelProblem, dnsSubdomainProblem } from '../naming/dns';
import { InstallPlanApprover, InstallPlanApproverOptions } from './installplan-approver';

export interface OperatorInstallProps {
  /** OLM package name (Subscription `spec.name`), e.g. "trustee-operator". */
  readonly package: string;
  /** Namespace the operator is installed into. */
  readonly namespace: string;
  /** OLM channel, e.g. "stable". */
  readonly channel: string;
  /**
   * CatalogSource of the package.
   * @default "redhat-operators"
   */
  readonly source?: string;
  /**
   * Namespace of the CatalogSource.
   * @default "openshift-marketplace"
   */
  readonly sourceNamespace?: string;
  /**
   * ClusterServiceVersion to install, e.g. "trustee-operator.v1.1.0": with Manual approval, the version
   * the operator is pinned to.
   * @default - the head of the channel
   */
  readonly startingCSV?: string;
  /**
   * Whether OLM installs upgrades by itself. With Manual, every InstallPlan (the first one included)
   * waits for approval, which is how a version stays pinned; with Automatic, startingCSV only picks the
   * first version and OLM then follows the channel.
   * @default - "Manual" when startingCSV is set, else "Automatic"
   */
  readonly installPlanApproval?: 'Automatic' | 'Manual';
  /**
   * The {@link InstallPlanApprover} that approves the InstallPlan of startingCSV (and no other):
   * options for it, or `false` to approve by hand. Only with Manual approval and a startingCSV.
   * @default - an approver with its defaults, when approval is Manual and startingCSV is set
   */
  readonly approver?: InstallPlanApproverOptions | false;
  /**
   * Subscription name.
   * @default - the package name
   */
  readonly subscriptionName?: string;
  /**
   * Render the Namespace.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * The OperatorGroup: `false` when the namespace already has one (e.g. openshift-operators).
   * @default - "<namespace>-operator-group" targeting the namespace itself
   */
  readonly operatorGroup?: false | {
    readonly name?: string;
    /** Namespaces the operator watches; an empty list means all namespaces (AllNamespaces install mode). */
    readonly targetNamespaces?: string[];
  };
}

/**
 * An operator installed through OLM: Namespace, OperatorGroup and Subscription, in the operator
 * sync wave so that the custom resources of the same Argo CD Application come after them (the
 * Namespace one wave earlier, with the approver's RBAC). With a startingCSV the operator is pinned by
 * default: Manual approval, and an {@link InstallPlanApprover} Job that approves exactly that CSV.
 */
export class OperatorInstall extends Construct {
  public readonly namespace: string;
  /** OLM package name. */
  public readonly package: string;
  public readonly channel: string;
  /** The pinned (Manual) or first (Automatic) ClusterServiceVersion, if any. */
  public readonly startingCSV?: string;
  public readonly installPlanApproval: 'Automatic' | 'Manual';
  public readonly subscription: Subscription;
  public readonly operatorGroup?: OperatorGroup;
  public readonly namespaceObject?: k8s.KubeNamespace;
  /** The Job that approves the InstallPlan of startingCSV, when there is one. */
  public readonly approver?: InstallPlanApprover;

  /** True when OLM may move the operator to a version nobody chose: Automatic approval, or no startingCSV. */
  public get floats(): boolean {
    return this.installPlanApproval === 'Automatic' || this.startingCSV === undefined;
  }

  constructor(scope: Construct, id: string, props: OperatorInstallProps) {
    super(scope, id);
    validate(props);
    this.namespace = props.namespace;
    this.package = props.package;
    this.channel = props.channel;
    this.startingCSV = props.startingCSV;
    this.installPlanApproval = props.installPlanApproval ?? (props.startingCSV ? 'Manual' : 'Automatic');

    if (props.createNamespace ?? true) {
      this.namespaceObject = new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: props.namespace } });
      setSyncWave(this.namespaceObject, Waves.OPERATOR_SETUP);
    }
    if (props.operatorGroup !== false) {
      const og = props.operatorGroup ?? {};
      this.operatorGroup = new OperatorGroup(this, 'OperatorGroup', {
        metadata: { name: og.name ?? `${props.namespace}-operator-group`, namespace: props.namespace },
        spec: og.targetNamespaces?.length === 0 ? {} : { targetNamespaces: og.targetNamespaces ?? [props.namespace] },
      });
      setSyncWave(this.operatorGroup, Waves.OPERATOR);
    }
    this.subscription = new Subscription(this, 'Resource', {
      metadata: { name: props.subscriptionName ?? props.package, namespace: props.namespace },
      spec: {
        name: props.package,
        channel: props.channel,
        source: props.source ?? 'redhat-operators',
        sourceNamespace: props.sourceNamespace ?? 'openshift-marketplace',
        startingCsv: props.startingCSV,
        installPlanApproval: this.installPlanApproval,
      },
    });
    setSyncWave(this.subscription, Waves.OPERATOR);

    if (props.approver !== false && this.installPlanApproval === 'Manual' && props.startingCSV) {
      this.approver = new InstallPlanApprover(this, 'Approver', {
        ...props.approver,
        namespace: props.namespace,
        subscriptionName: this.subscription.name,
        csv: props.startingCSV,
        syncWave: Waves.OPERATOR,
      });
    }
  }
}

function validate(props: OperatorInstallProps): void {
  const problems = ruleProblems('OperatorInstall', [
    ['package', props.package, dnsSubdomainProblem],
    ['namespace', props.namespace, dnsLabelProblem],
    ['source', props.source, dnsSubdomainProblem],
    ['sourceNamespace', props.sourceNamespace, dnsLabelProblem],
    ['startingCSV', props.startingCSV, dnsSubdomainProblem],
    ['subscriptionName', props.subscriptionName, dnsSubdomainProblem],
  ]);
  if (!props.channel || props.channel.trim() !== props.channel) {
    problems.push({ path: 'OperatorInstall channel', message: `must be a non-empty channel name, got ${quote(props.channel)}` });
  }
  if (props.installPlanApproval !== undefined && !['Automatic', 'Manual'].includes(props.installPlanApproval)) {
    problems.push({ path: 'OperatorInstall installPlanApproval', message: `must be "Automatic" or "Manual", got ${quote(props.installPlanApproval)}` });
  }
  if (props.approver && (props.installPlanApproval === 'Automatic' || !props.startingCSV)) {
    problems.push({
      path: 'OperatorInstall approver',
      message: `approves the InstallPlan of startingCSV under Manual approval: it needs a startingCSV and installPlanApproval "Manual", got ${props.startingCSV ? `installPlanApproval ${quote(props.installPlanApproval)}` : 'no startingCSV'}`,
    });
  }
  throwIfProblems(problems);
}
