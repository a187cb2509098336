import * as k8s from '../../../imports/k8s';
import { Construct } from 'constructs';
import { setSyncWave, Waves } from '../../gitops/argo';

/**
 * The OpenShift SecurityContextConstraints cluster role that admits privileged pods (OpenShift creates one
 * `system:openshift:scc:<name>` ClusterRole per SCC; binding it is what `oc adm policy add-scc-to-user`
 * does).
 */
export const PRIVILEGED_SCC_CLUSTER_ROLE = 'system:openshift:scc:privileged';

/**
 * A ServiceAccount allowed to run privileged pods in its namespace: a RoleBinding to the `privileged` SCC's
 * cluster role, scoped to this one account (Red Hat's helper grants it to the namespace's `default` account
 * with `oc adm policy add-scc-to-user privileged -z default`; a dedicated account keeps other pods of the
 * namespace out). Rendered with the namespace's setup, before the workloads that use it.
 */
export class PrivilegedServiceAccount extends Construct {
  public readonly serviceAccount: k8s.KubeServiceAccount;
  public readonly roleBinding: k8s.KubeRoleBinding;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: { readonly name: string; readonly namespace: string }) {
    super(scope, id);
    this.name = props.name;
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'Resource', { metadata: { name: props.name, namespace: props.namespace } });
    this.roleBinding = new k8s.KubeRoleBinding(this, 'PrivilegedScc', {
      metadata: { name: `${props.name}-privileged-scc`, namespace: props.namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: PRIVILEGED_SCC_CLUSTER_ROLE },
      subjects: [{ kind: 'ServiceAccount', name: props.name, namespace: props.namespace }],
    });
    setSyncWave(this.serviceAccount, Waves.CONFIG);
    setSyncWave(this.roleBinding, Waves.CONFIG);
  }
}
