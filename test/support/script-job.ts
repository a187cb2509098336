/**
 * Shared checks for the constructs built on `scriptJob` (lib/gitops/script-job.ts): the InstallPlan
 * approver and the Azure NAT gateway. Each asserts on the rendered objects, never on the props.
 */
import { Chart, Testing } from 'cdk8s';

/** Synthesizes what `build` adds to a fresh chart; `find` returns the first object of a kind. */
export function synthChart<T>(build: (chart: Chart) => T) {
  const chart = Testing.chart();
  const built = build(chart);
  const objects = Testing.synth(chart);
  const find = (kind: string) => objects.find(o => o.kind === kind);
  return { built, objects, find };
}

/** The RoleBinding binds the Role named `name` to the Job's service account (of that name) only. */
export function expectRoleBoundToJob(find: (kind: string) => any, name: string, namespace: string): void {
  const binding = find('RoleBinding');
  expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name });
  expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name, namespace }]);
  expect(find('Job').spec.template.spec.serviceAccountName).toBe(name);
}

/** restricted-v2: non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp, read-only root. */
export function expectRestrictedPod(pod: any): void {
  expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  expect(pod.containers).toHaveLength(1);
  expect(pod.containers[0].securityContext).toEqual({
    allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true,
  });
}

/** A container's environment as a map (values only). */
export const envOf = (job: any): Record<string, string> =>
  Object.fromEntries(job.spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
