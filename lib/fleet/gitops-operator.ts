/**
 * OpenShift GitOps on a spoke cluster, as the hub's ACM policy installs it: Namespace, OperatorGroup and
 * Subscription, pure data (the policy construct wraps them).
 *
 * Shapes: Red Hat OpenShift GitOps 1.19 "Installing the GitOps Operator using the CLI"
 * (https://docs.redhat.com/en/documentation/red_hat_openshift_gitops/1.19/html/installing_gitops/installing-gitops-operator-using-cli_installing-openshift-gitops):
 * from GitOps 1.10 the operator lives in `openshift-gitops-operator`, with an OperatorGroup of that name
 * (`upgradeStrategy: Default`, no target namespaces: all namespaces) and the Subscription
 * `openshift-gitops-operator`. The channel pins a minor: "to install version 1.8.x, use the gitops-1.8
 * channel" (GitOps 1.17 "Installing Red Hat OpenShift GitOps"); validatedpatterns/acm-chart v0.2.8
 * (`values.yaml` `acm.spokeGitops.channel`, `templates/policies/ocp-gitops-policy.yaml`) installs spokes from
 * `gitops-1.21` with Automatic approval, as here.
 *
 * Why Automatic, when every other operator of the pattern is pinned with Manual approval and an
 * InstallPlan approver: with Manual, OLM waits for approval of the first InstallPlan too, and on a fresh
 * spoke nothing can approve it (the approver is an Argo CD hook, and Argo CD is what this installs). ACM's
 * OperatorPolicy (`upgradeApproval: None` + `versions`) would approve exactly one CSV, but its CRD is not in
 * the schema folder, so it could not be validated. A `gitops-<minor>` channel only carries the z-stream
 * releases of that minor; that they install without review is the finding {@link spokeGitOpsFinding}.
 */
import { quote } from '../errors';
import type { Finding } from '../posture/finding';

/** The defaults of OpenShift GitOps on a spoke. */
export const GITOPS_OPERATOR = {
  package: 'openshift-gitops-operator',
  namespace: 'openshift-gitops-operator',
  /** The minor the spokes follow (validatedpatterns/acm-chart v0.2.8 `acm.spokeGitops.channel`). */
  channel: 'gitops-1.21',
  source: 'redhat-operators',
  sourceNamespace: 'openshift-marketplace',
} as const;

/** Namespace of the operator's default Argo CD instance (also named `openshift-gitops`). */
export const DEFAULT_ARGO_NAMESPACE = 'openshift-gitops';

/** How the spokes get OpenShift GitOps; every field has a default. */
export interface GitOpsOperatorSettings {
  /**
   * OLM channel: `gitops-<major>.<minor>`, the minor the spokes follow (`latest` would move them across minors).
   * @default GITOPS_OPERATOR.channel
   */
  readonly channel?: string;
  /**
   * CatalogSource.
   * @default "redhat-operators"
   */
  readonly source?: string;
  /**
   * Namespace of the CatalogSource.
   * @default "openshift-marketplace"
   */
  readonly sourceNamespace?: string;
}

/** Problem text for a channel that does not pin a minor, or undefined. */
export function gitopsChannelProblem(channel: string): string | undefined {
  return /^gitops-\d+\.\d+$/.test(channel)
    ? undefined
    : `must be a "gitops-<major>.<minor>" channel (e.g. "${GITOPS_OPERATOR.channel}"), which holds the spokes at one minor version, got ${quote(channel)}`;
}

/**
 * The Namespace, OperatorGroup and Subscription of OpenShift GitOps. With an Argo CD namespace other than
 * {@link DEFAULT_ARGO_NAMESPACE}, the Subscription makes the instance there cluster-scoped
 * (`ARGOCD_CLUSTER_CONFIG_NAMESPACES`, GitOps 1.17 "Declarative cluster configuration") and turns off the
 * default instance (`DISABLE_DEFAULT_ARGOCD_INSTANCE`, GitOps 1.19 "Setting up an Argo CD instance"), as
 * acm-chart v0.2.8 `ocp-gitops-policy.yaml` does.
 */
export function gitopsOperatorObjects(settings: GitOpsOperatorSettings = {}, argoNamespace: string = DEFAULT_ARGO_NAMESPACE): Record<string, unknown>[] {
  const { package: name, namespace } = GITOPS_OPERATOR;
  const env = argoNamespace === DEFAULT_ARGO_NAMESPACE ? undefined : [
    { name: 'ARGOCD_CLUSTER_CONFIG_NAMESPACES', value: argoNamespace },
    { name: 'DISABLE_DEFAULT_ARGOCD_INSTANCE', value: 'true' },
  ];
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    { apiVersion: 'operators.coreos.com/v1', kind: 'OperatorGroup', metadata: { name, namespace }, spec: { upgradeStrategy: 'Default' } },
    {
      apiVersion: 'operators.coreos.com/v1alpha1',
      kind: 'Subscription',
      metadata: { name, namespace },
      spec: {
        name,
        channel: settings.channel ?? GITOPS_OPERATOR.channel,
        installPlanApproval: 'Automatic',
        source: settings.source ?? GITOPS_OPERATOR.source,
        sourceNamespace: settings.sourceNamespace ?? GITOPS_OPERATOR.sourceNamespace,
        ...(env ? { config: { env } } : {}),
      },
    },
  ];
}

/** The posture finding of the spokes' GitOps operator: it follows its channel's z-stream without review. */
export function spokeGitOpsFinding(group: string, channel: string): Finding {
  return {
    id: 'spoke-gitops-follows-channel',
    severity: 'low',
    title: `OpenShift GitOps on the spoke clusters of ${group} follows channel ${channel} (Automatic approval)`,
    detail: 'OLM installs every z-stream release of that minor on the spokes without a commit. It is the bootstrapper, '
      + 'not part of what is attested, and a minor channel carries only fixes; but what runs is not what git shows.',
    fix: 'Move the spokes to another minor by changing the channel; to hold one release, apply an ACM OperatorPolicy '
      + '(upgradeApproval: None, versions: [<csv>]) instead of the Subscription',
  };
}
