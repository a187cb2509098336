import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Placement, PlacementSpecPredicatesRequiredClusterSelectorLabelSelector } from '../../imports/cluster.open-cluster-management.io';
import {
  PlacementBinding, PlacementBindingPlacementRefApiGroup, PlacementBindingPlacementRefKind, PlacementBindingSubjectsApiGroup,
  PlacementBindingSubjectsKind, Policy, PolicySpecDependenciesCompliance, PolicySpecRemediationAction,
} from '../../imports/policy.open-cluster-management.io';
import { Problem, ruleProblems, throwIfProblems } from '../errors';
import { addSyncOptions, setSyncWave, Waves } from '../gitops/argo';
import { dnsLabelProblem, dnsSubdomainProblem } from '../naming/dns';

/** One object a ConfigurationPolicy enforces (or checks) on the selected clusters. */
export interface ObjectTemplate {
  /** How the object must look: `mustonlyhave` makes the object exactly this (extra keys removed). */
  readonly complianceType: 'musthave' | 'mustonlyhave' | 'mustnothave';
  /**
   * The object: a manifest, or an ApiObject of another chart (rendered as that chart renders it, at synth
   * time). String values may hold ACM templates (`{{ ... }}`), evaluated on the managed cluster; they are
   * emitted verbatim.
   */
  readonly objectDefinition: Readonly<Record<string, unknown>> | ApiObject;
}

/** A Policy another one can depend on (a {@link ConfigurationPolicy} is one). */
export interface PolicyReference {
  /** Name of the Policy. */
  readonly name: string;
  /** Namespace of the Policy (on the hub). */
  readonly namespace: string;
}


/**
 * The taints ACM puts on a ManagedCluster that stops reporting (`unreachable`) or reports not available
 * (`unavailable`); open-cluster-management-io/api cluster/v1 `ManagedClusterTaintUnreachable` /
 * `ManagedClusterTaintUnavailable`. ACM's own Policies tolerate both (stolostron/multiclusterhub-operator
 * main 31083c8 `pkg/templates/charts/toggle/fine-grained-rbac/templates/placement-policy-virt-rbac-placement.yaml`).
 */
export const CLUSTER_TAINTS = ['cluster.open-cluster-management.io/unreachable', 'cluster.open-cluster-management.io/unavailable'] as const;

export { GLOBAL_SET_NAMESPACE, LOCAL_CLUSTER_LABEL } from './names';
import { GLOBAL_SET_NAMESPACE, LOCAL_CLUSTER_LABEL } from './names';

export interface ConfigurationPolicyProps {
  /** Name of the Policy. */
  readonly name: string;
  /**
   * Namespace of the Policy, Placement and PlacementBinding (on the hub).
   * @default GLOBAL_SET_NAMESPACE
   */
  readonly namespace?: string;
  /** Name of the embedded ConfigurationPolicy. */
  readonly configurationPolicyName: string;
  /** The objects to enforce. */
  readonly objectTemplates: readonly ObjectTemplate[];
  /**
   * `enforce` creates and corrects the objects; `inform` only reports.
   * @default "enforce"
   */
  readonly remediationAction?: 'enforce' | 'inform';
  /**
   * Severity reported for a violation.
   * @default "medium"
   */
  readonly severity?: 'low' | 'medium' | 'high' | 'critical';
  /** Labels a managed cluster must carry to get the policy, e.g. `{ cloud: 'Azure' }`. */
  readonly clusterSelector: Readonly<Record<string, string>>;
  /**
   * Never select the hub itself (its ManagedCluster carries {@link LOCAL_CLUSTER_LABEL} `"true"`), whatever
   * labels it has.
   * @default false
   */
  readonly excludeLocalCluster?: boolean;
  /**
   * Keep the policy on a selected cluster while it is unreachable or unavailable ({@link CLUSTER_TAINTS}):
   * without it, the cluster leaves the PlacementDecision and comes back (its policy status with it) at every
   * connection loss.
   * @default false
   */
  readonly tolerateUnreachable?: boolean;
  /**
   * Policies that must be Compliant on a cluster before this one applies there (`spec.dependencies`); until
   * then its status is Pending and it creates nothing. The order holds per cluster.
   * @default - none
   */
  readonly dependsOn?: readonly PolicyReference[];
  /**
   * ManagedClusterSets the Placement selects from (each must be bound to the namespace).
   * @default ["global"]
   */
  readonly clusterSets?: readonly string[];
  /**
   * Name of the Placement.
   * @default "<name>-placement"
   */
  readonly placementName?: string;
  /**
   * Name of the PlacementBinding.
   * @default "<name>-placement-binding"
   */
  readonly bindingName?: string;
}

/**
 * An ACM Policy with one ConfigurationPolicy, placed on the clusters that carry given labels:
 * Policy + Placement (`cluster.open-cluster-management.io/v1beta1`, replacing the deprecated
 * PlacementRule) + PlacementBinding. Argo CD skips their dry run (the CRDs come with ACM) and
 * sync-waves them after the operators.
 */
export class ConfigurationPolicy extends Construct implements PolicyReference {
  /** Name of the Policy. */
  public readonly name: string;
  /** Namespace of the Policy, Placement and PlacementBinding. */
  public readonly namespace: string;
  public readonly policy: Policy;
  public readonly placement: Placement;
  public readonly binding: PlacementBinding;

  constructor(scope: Construct, id: string, props: ConfigurationPolicyProps) {
    super(scope, id);
    throwIfProblems(configurationPolicyProblems(props));
    const namespace = props.namespace ?? GLOBAL_SET_NAMESPACE;
    this.name = props.name;
    this.namespace = namespace;
    const remediationAction = props.remediationAction ?? 'enforce';
    const placementName = props.placementName ?? `${props.name}-placement`;

    this.policy = new Policy(this, 'Resource', {
      metadata: { name: props.name, namespace },
      spec: {
        disabled: false,
        // The CRD accepts "enforce" and "Enforce"; `cdk8s import` keeps only one spelling per value in the enum.
        remediationAction: remediationAction as unknown as PolicySpecRemediationAction,
        dependencies: props.dependsOn?.map(d => ({
          apiVersion: 'policy.open-cluster-management.io/v1', kind: 'Policy', name: d.name, namespace: d.namespace,
          compliance: PolicySpecDependenciesCompliance.COMPLIANT,
        })),
        policyTemplates: [{
          objectDefinition: {
            apiVersion: 'policy.open-cluster-management.io/v1',
            kind: 'ConfigurationPolicy',
            metadata: { name: props.configurationPolicyName },
            spec: {
              remediationAction,
              severity: props.severity ?? 'medium',
              'object-templates': props.objectTemplates.map(t => ({ complianceType: t.complianceType, objectDefinition: definitionOf(t) })),
            },
          },
        }],
      },
    });
    this.placement = new Placement(this, 'Placement', {
      metadata: { name: placementName, namespace },
      spec: {
        clusterSets: [...(props.clusterSets ?? ['global'])],
        predicates: [{ requiredClusterSelector: { labelSelector: labelSelector(props) } }],
        tolerations: props.tolerateUnreachable ? CLUSTER_TAINTS.map(key => ({ key, operator: 'Exists' })) : undefined,
      },
    });
    this.binding = new PlacementBinding(this, 'Binding', {
      metadata: { name: props.bindingName ?? `${props.name}-placement-binding`, namespace },
      placementRef: {
        apiGroup: PlacementBindingPlacementRefApiGroup.CLUSTER_PERIOD_OPEN_HYPHEN_CLUSTER_HYPHEN_MANAGEMENT_PERIOD_IO,
        kind: PlacementBindingPlacementRefKind.PLACEMENT,
        name: placementName,
      },
      subjects: [{
        apiGroup: PlacementBindingSubjectsApiGroup.POLICY_PERIOD_OPEN_HYPHEN_CLUSTER_HYPHEN_MANAGEMENT_PERIOD_IO,
        kind: PlacementBindingSubjectsKind.POLICY,
        name: props.name,
      }],
    });
    for (const obj of [this.policy, this.placement, this.binding] as ApiObject[]) {
      setSyncWave(obj, Waves.OPERAND);
      addSyncOptions(obj, 'SkipDryRunOnMissingResource=true');
    }
  }
}

/** The object of a template: a manifest as given, an ApiObject as its chart renders it (at synth time). */
function definitionOf(t: ObjectTemplate): Record<string, unknown> {
  const d = t.objectDefinition;
  return ApiObject.isApiObject(d) ? Lazy.any({ produce: () => d.toJson() }) : { ...d };
}

/** The Placement's label selector: the labels, and the hub excluded when asked. */
function labelSelector(props: ConfigurationPolicyProps): PlacementSpecPredicatesRequiredClusterSelectorLabelSelector {
  return {
    matchLabels: { ...props.clusterSelector },
    matchExpressions: props.excludeLocalCluster ? [{ key: LOCAL_CLUSTER_LABEL, operator: 'NotIn', values: ['true'] }] : undefined,
  };
}

function configurationPolicyProblems(props: ConfigurationPolicyProps): Problem[] {
  const problems = ruleProblems('ConfigurationPolicy', [
    ['name', props.name, dnsSubdomainProblem],
    ['namespace', props.namespace, dnsLabelProblem],
    ['configurationPolicyName', props.configurationPolicyName, dnsSubdomainProblem],
    ['placementName', props.placementName, dnsSubdomainProblem],
    ['bindingName', props.bindingName, dnsSubdomainProblem],
  ]);
  // ACM names the replicated policy "<namespace>.<name>", which must stay a valid name of at most 63 characters.
  if ((props.namespace ?? GLOBAL_SET_NAMESPACE).length + 1 + (props.name ?? '').length > 63) {
    problems.push({ path: 'ConfigurationPolicy name', message: `"<namespace>.<name>" must be at most 63 characters (ACM replicates the policy under that name), got ${(props.namespace ?? GLOBAL_SET_NAMESPACE).length + 1 + props.name.length}` });
  }
  if (props.objectTemplates.length === 0) {
    problems.push({ path: 'ConfigurationPolicy objectTemplates', message: 'must list at least one object' });
  }
  if (Object.keys(props.clusterSelector).length === 0) {
    problems.push({ path: 'ConfigurationPolicy clusterSelector', message: 'must have at least one label: an empty selector would place the policy on every managed cluster' });
  }
  if (props.excludeLocalCluster && props.clusterSelector[LOCAL_CLUSTER_LABEL] === 'true') {
    problems.push({ path: 'ConfigurationPolicy clusterSelector', message: `selects ${LOCAL_CLUSTER_LABEL}=true (the hub) while excludeLocalCluster is set: the Placement would select nothing` });
  }
  for (const [i, d] of (props.dependsOn ?? []).entries()) {
    if (d.name === props.name && d.namespace === (props.namespace ?? GLOBAL_SET_NAMESPACE)) {
      problems.push({ path: `ConfigurationPolicy dependsOn[${i}]`, message: `is the policy itself ("${d.name}"): it would stay Pending forever; remove it from dependsOn` });
    }
  }
  return problems;
}
