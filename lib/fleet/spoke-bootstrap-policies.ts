/**
 * The hub side of a spoke cluster group: ACM policies that bring up Argo CD on every managed cluster of the
 * group and hand it the group's rendered folder, so a cluster labelled into the group needs nothing by hand.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfigurationPolicy, GLOBAL_SET_NAMESPACE, ObjectTemplate, PolicyReference } from '../acm/configuration-policy';
import { defaultSpokeSelector, LONGEST_SPOKE_POLICY_SUFFIX, REPLICATED_POLICY_NAME_MAX, SPOKE_POLICY_PREFIX_MAX } from '../acm/names';
import { Problem, quote, ruleProblems, throwIfProblems } from '../errors';
import { dnsLabelProblem } from '../naming/dns';
import { argoCdInstance, argoCdInstanceObjects, SpokeArgoCdSettings } from './argocd-instance';
import { GITOPS_OPERATOR, gitopsChannelProblem, gitopsOperatorObjects, GitOpsOperatorSettings } from './gitops-operator';

/** An object the spoke must have before its app of apps starts: an ApiObject of the spoke's chart or a manifest. */
export type BootstrapObject = ApiObject | Readonly<Record<string, unknown>>;

export interface SpokeBootstrapPoliciesProps {
  /** The spoke cluster group. */
  readonly group: string;
  /**
   * Labels of the group's managed clusters. The hub itself (`local-cluster`) is never selected.
   * @default { clusterGroup: <group> }
   */
  readonly clusterSelector?: Readonly<Record<string, string>>;
  /**
   * Prefix of the Policy names (`<prefix>-gitops`, `-argocd`, `-bootstrap`) and of their Placements and
   * PlacementBindings. ACM names a policy on a cluster `<namespace>.<name>`, at most 63 characters, so in
   * `open-cluster-management-global-set` the prefix has at most 18.
   * @default - the group name
   */
  readonly namePrefix?: string;
  /**
   * OpenShift GitOps on the spokes.
   * @default - GITOPS_OPERATOR's channel and catalog
   */
  readonly operator?: GitOpsOperatorSettings;
  /**
   * The Argo CD instance of the spokes.
   * @default - the operator's default instance, with Application health assessment
   */
  readonly argoCd?: SpokeArgoCdSettings;
  /**
   * What starts the spoke's app of apps, e.g. the spoke group's `Bootstrap.seed` (its controller RBAC, root
   * AppProject and root Application pointing at `<path>/<group>/bootstrap`).
   */
  readonly bootstrapObjects: readonly BootstrapObject[];
}

/**
 * For one spoke cluster group, on the hub: three ACM policies, each with its Placement (the group's labels,
 * never the hub, kept while a cluster is unreachable) and PlacementBinding, in
 * `open-cluster-management-global-set`, which ACM binds to the `global` ManagedClusterSet (every managed
 * cluster), so no ManagedClusterSetBinding is needed:
 *
 * 1. `<prefix>-gitops`: OpenShift GitOps (Namespace, OperatorGroup, Subscription; see ./gitops-operator.ts);
 * 2. `<prefix>-argocd`, once (1) is Compliant: the Argo CD instance, when one is needed (./argocd-instance.ts);
 * 3. `<prefix>-bootstrap`, once (2) (or (1)) is Compliant: the bootstrap objects.
 *
 * Every object is `musthave`: Argo CD adds its tracking metadata to the bootstrap objects it then syncs
 * itself, which `mustonlyhave` would strip on every evaluation. The policies prune nothing: a cluster taken out
 * of the group keeps its Argo CD and root Application.
 */
export class SpokeBootstrapPolicies extends Construct {
  /** The policies, in dependency order. */
  public readonly policies: readonly ConfigurationPolicy[];
  public readonly operatorPolicy: ConfigurationPolicy;
  /** The Argo CD instance policy, when one is needed. */
  public readonly argoCdPolicy?: ConfigurationPolicy;
  public readonly bootstrapPolicy: ConfigurationPolicy;
  /** The channel the spokes' OpenShift GitOps follows (see `spokeGitOpsFinding`). */
  public readonly channel: string;
  /** The spoke cluster group. */
  public readonly group: string;
  /** The labels of the group's managed clusters. */
  public readonly clusterSelector: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: SpokeBootstrapPoliciesProps) {
    super(scope, id);
    throwIfProblems(spokeBootstrapProblems(props));
    const prefix = props.namePrefix ?? props.group;
    const clusterSelector = props.clusterSelector ?? defaultSpokeSelector(props.group);
    this.channel = props.operator?.channel ?? GITOPS_OPERATOR.channel;
    this.group = props.group;
    this.clusterSelector = clusterSelector;

    const policy = (name: string, objects: readonly BootstrapObject[], dependsOn?: PolicyReference): ConfigurationPolicy =>
      new ConfigurationPolicy(this, name, {
        name: `${prefix}-${name}`,
        configurationPolicyName: `${prefix}-${name}`,
        clusterSelector,
        excludeLocalCluster: true,
        tolerateUnreachable: true,
        dependsOn: dependsOn ? [dependsOn] : undefined,
        objectTemplates: objects.map((objectDefinition): ObjectTemplate => ({ complianceType: 'musthave', objectDefinition })),
      });

    this.operatorPolicy = policy('gitops', gitopsOperatorObjects(props.operator, argoCdInstance(props.argoCd).namespace));
    const instance = argoCdInstanceObjects(props.argoCd);
    this.argoCdPolicy = instance.length > 0 ? policy('argocd', instance, this.operatorPolicy) : undefined;
    this.bootstrapPolicy = policy('bootstrap', props.bootstrapObjects, this.argoCdPolicy ?? this.operatorPolicy);
    this.policies = [this.operatorPolicy, ...(this.argoCdPolicy ? [this.argoCdPolicy] : []), this.bootstrapPolicy];
  }
}

function spokeBootstrapProblems(props: SpokeBootstrapPoliciesProps): Problem[] {
  const problems = ruleProblems('SpokeBootstrapPolicies', [
    ['group', props.group, dnsLabelProblem],
    ['namePrefix', props.namePrefix, dnsLabelProblem],
    ['argoCd.namespace', props.argoCd?.namespace, dnsLabelProblem],
    ['argoCd.name', props.argoCd?.name, dnsLabelProblem],
    ['operator.channel', props.operator?.channel, gitopsChannelProblem],
  ]);
  const prefix = props.namePrefix ?? props.group;
  const longest = `${GLOBAL_SET_NAMESPACE}.${prefix}${LONGEST_SPOKE_POLICY_SUFFIX}`;
  if (problems.length === 0 && longest.length > REPLICATED_POLICY_NAME_MAX) {
    problems.push({
      path: `SpokeBootstrapPolicies ${props.namePrefix === undefined ? 'group' : 'namePrefix'}`,
      message: `makes the policy "${prefix}${LONGEST_SPOKE_POLICY_SUFFIX}", which ACM replicates as "${longest}" (${longest.length} characters, at most ${REPLICATED_POLICY_NAME_MAX}): give a namePrefix of at most ${SPOKE_POLICY_PREFIX_MAX} characters`,
    });
  }
  if (props.clusterSelector !== undefined && Object.keys(props.clusterSelector).length === 0) {
    problems.push({ path: 'SpokeBootstrapPolicies clusterSelector', message: 'must have at least one label: an empty selector would bootstrap every managed cluster' });
  }
  if (props.bootstrapObjects.length === 0) {
    problems.push({ path: 'SpokeBootstrapPolicies bootstrapObjects', message: 'must list at least one object (e.g. the spoke group\'s Bootstrap.seed)' });
  }
  props.bootstrapObjects.forEach((o, i) => {
    const missing = identityOf(o).filter(([, v]) => typeof v !== 'string' || v === '').map(([k]) => k);
    if (missing.length > 0) {
      problems.push({ path: `SpokeBootstrapPolicies bootstrapObjects[${i}]`, message: `must have ${missing.join(', ')}, got ${quote(ApiObject.isApiObject(o) ? o.toJson() : o)}` });
    }
  });
  return problems;
}

/** apiVersion, kind and metadata.name of an object. */
function identityOf(o: BootstrapObject): [string, unknown][] {
  if (ApiObject.isApiObject(o)) return [['apiVersion', o.apiVersion], ['kind', o.kind], ['metadata.name', o.metadata.name]];
  const metadata = o.metadata as { name?: unknown } | undefined;
  return [['apiVersion', o.apiVersion], ['kind', o.kind], ['metadata.name', metadata?.name]];
}
