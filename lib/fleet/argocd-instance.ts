/**
 * The Argo CD instance that syncs a spoke, as the hub's ACM policy shapes it (pure data). OpenShift GitOps
 * creates `openshift-gitops` in `openshift-gitops` by itself; a policy is needed only to put the instance in
 * another namespace or to change it, here to assess the health of Applications.
 */
import { DEFAULT_ARGO_NAMESPACE } from './gitops-operator';

/**
 * Health of an `argoproj.io/Application` (Argo CD removed it in 1.8): without it an app of apps does not
 * wait for a child Application's health before the next sync wave, so the waves only order creation.
 * Byte for byte the check of argoproj/argo-cd `docs/operator-manual/health.md` ("Argocd App"); with the
 * operator it goes to the ArgoCD resource's `resourceHealthChecks` (the doc: "If you are using
 * argocd-operator, this is overridden by the argocd-operator resourceCustomizations").
 */
export const APPLICATION_HEALTH_CHECK = [
  'hs = {}',
  'hs.status = "Progressing"',
  'hs.message = ""',
  'if obj.status ~= nil then',
  '  if obj.status.health ~= nil then',
  '    hs.status = obj.status.health.status',
  '    if obj.status.health.message ~= nil then',
  '      hs.message = obj.status.health.message',
  '    end',
  '  end',
  'end',
  'return hs',
  '',
].join('\n');

/** The Argo CD instance of a spoke. */
export interface SpokeArgoCdSettings {
  /**
   * Namespace of the instance: where the spoke's bootstrap puts its AppProjects and Applications.
   * @default "openshift-gitops" (the operator's default instance)
   */
  readonly namespace?: string;
  /**
   * Name of the ArgoCD resource. Its application controller's ServiceAccount is
   * `<name>-argocd-application-controller`, which the spoke's bootstrap RBAC must name.
   * @default "openshift-gitops"
   */
  readonly name?: string;
  /**
   * Assess the health of Applications ({@link APPLICATION_HEALTH_CHECK}), so the spoke's app of apps waits
   * for each wave of Applications to be healthy before the next.
   * @default true
   */
  readonly applicationHealth?: boolean;
}

/** The namespace and name of the instance. */
export function argoCdInstance(settings: SpokeArgoCdSettings = {}): { namespace: string; name: string } {
  return { namespace: settings.namespace ?? DEFAULT_ARGO_NAMESPACE, name: settings.name ?? DEFAULT_ARGO_NAMESPACE };
}

/**
 * The objects the instance policy enforces (`musthave`: only the fields given, so the operator's defaults
 * of the default instance stay), or none when the operator's default instance is used unchanged. A
 * namespace of its own comes with its Namespace.
 */
export function argoCdInstanceObjects(settings: SpokeArgoCdSettings = {}): Record<string, unknown>[] {
  const { namespace, name } = argoCdInstance(settings);
  const health = settings.applicationHealth ?? true;
  const own = namespace !== DEFAULT_ARGO_NAMESPACE;
  if (!own && !health) return [];
  return [
    ...(own ? [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }] : []),
    {
      apiVersion: 'argoproj.io/v1beta1',
      kind: 'ArgoCD',
      metadata: { name, namespace },
      spec: health ? { resourceHealthChecks: [{ group: 'argoproj.io', kind: 'Application', check: APPLICATION_HEALTH_CHECK }] } : {},
    },
  ];
}
