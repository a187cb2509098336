/**
 * A shell script run as an Argo CD Sync hook Job, with a ServiceAccount, and a Role + RoleBinding granting
 * it exactly the given rules: the shape the pattern's in-cluster helpers share (the Azure NAT gateway, the
 * InstallPlan approvers). The container is locked down (non-root, no privilege escalation, no
 * capabilities, read-only root, RuntimeDefault seccomp) with a small writable `/tmp` (point `HOME` there).
 */
import * as k8s from '../../imports/k8s';
import { Construct } from 'constructs';
import { setSyncWave } from './argo';

/** What a script Job is made of. */
export interface ScriptJobSpec {
  /** Name of the Job, its ServiceAccount, Role and RoleBinding. */
  readonly name: string;
  /** Namespace of the Job and its ServiceAccount. */
  readonly namespace: string;
  /** Namespace of the Role and RoleBinding (where the objects it reads live). */
  readonly roleNamespace: string;
  readonly rules: k8s.PolicyRule[];
  /** Container name. */
  readonly container: string;
  readonly image: string;
  /** The bash script. */
  readonly script: string;
  /** Environment (a random OpenShift UID has no writable home: set `HOME=/tmp`). */
  readonly env: k8s.EnvVar[];
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
  /** Size limit of the writable `/tmp`. */
  readonly tmpSizeLimit: string;
  /** `argocd.argoproj.io/hook-delete-policy`. */
  readonly deletePolicy: string;
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number;
  /** Sync waves of the RBAC objects and of the Job. */
  readonly waves: { readonly rbac: number; readonly job: number };
}

/** The objects of a script Job, created in `scope` with ids `ServiceAccount`, `Role`, `RoleBinding`, `Resource`. */
export interface ScriptJob {
  readonly job: k8s.KubeJob;
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly role: k8s.KubeRole;
  readonly roleBinding: k8s.KubeRoleBinding;
}

export function scriptJob(scope: Construct, spec: ScriptJobSpec): ScriptJob {
  const { name, namespace } = spec;
  const serviceAccount = new k8s.KubeServiceAccount(scope, 'ServiceAccount', { metadata: { name, namespace } });
  const role = new k8s.KubeRole(scope, 'Role', { metadata: { name, namespace: spec.roleNamespace }, rules: spec.rules });
  const roleBinding = new k8s.KubeRoleBinding(scope, 'RoleBinding', {
    metadata: { name, namespace: spec.roleNamespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  });
  for (const rbac of [serviceAccount, role, roleBinding]) {
    setSyncWave(rbac, spec.waves.rbac);
  }
  const quantity = (q: { readonly cpu: string; readonly memory: string }) => ({ cpu: k8s.Quantity.fromString(q.cpu), memory: k8s.Quantity.fromString(q.memory) });
  const job = new k8s.KubeJob(scope, 'Resource', {
    metadata: {
      name,
      namespace,
      annotations: { 'argocd.argoproj.io/hook': 'Sync', 'argocd.argoproj.io/hook-delete-policy': spec.deletePolicy },
    },
    spec: {
      backoffLimit: spec.backoffLimit,
      activeDeadlineSeconds: spec.activeDeadlineSeconds,
      template: {
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: true,
          restartPolicy: 'Never',
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: spec.container,
            image: spec.image,
            command: ['/bin/bash', '-c', spec.script],
            env: spec.env,
            resources: { requests: quantity(spec.requests), limits: quantity(spec.limits) },
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
              readOnlyRootFilesystem: true,
              runAsNonRoot: true,
            },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString(spec.tmpSizeLimit) } }],
        },
      },
    },
  });
  setSyncWave(job, spec.waves.job);
  return { job, serviceAccount, role, roleBinding };
}
