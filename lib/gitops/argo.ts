/**
 * Argo CD annotations. Argo CD orders a sync by phase, then sync wave, then kind, then name; file
 * names do not matter. These helpers keep the annotation names and value formats in one place.
 */
import { ApiObject } from 'cdk8s';

export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/** Sync waves used across the pattern: operators first, then their custom resources, then workloads. */
export const Waves = {
  /**
   * An operator's Namespace and the ServiceAccount, Role and RoleBinding of its InstallPlan approver:
   * they must exist before the approver Job runs in {@link Waves.OPERATOR}.
   */
  OPERATOR_SETUP: -11,
  /** OperatorGroups, Subscriptions and their InstallPlan approver Jobs (other Namespaces too). */
  OPERATOR: -10,
  /** ConfigMaps and Secrets that custom resources reference. */
  CONFIG: 1,
  /** Custom resources of an installed operator. */
  OPERAND: 10,
  /** Objects that must come last in an app, e.g. KataConfig (it reboots nodes). */
  LATE: 100,
} as const;

/** Sets the object's sync wave. */
export function setSyncWave(obj: ApiObject, wave: number): void {
  obj.metadata.addAnnotation(SYNC_WAVE, String(wave));
}

/**
 * Adds Argo CD sync options to one object (merged with those already set), e.g.
 * `SkipDryRunOnMissingResource=true` for custom resources whose CRD an operator installs later.
 */
export function addSyncOptions(obj: ApiObject, ...options: string[]): void {
  const existing: string | undefined = obj.metadata.toJson().annotations?.[SYNC_OPTIONS];
  const all = new Set([...(existing ? existing.split(',') : []), ...options]);
  obj.metadata.addAnnotation(SYNC_OPTIONS, [...all].join(','));
}

/** Marks a custom resource whose CRD is installed by an operator in the same sync. */
export function skipDryRunOnMissingResource(obj: ApiObject): void {
  addSyncOptions(obj, 'SkipDryRunOnMissingResource=true');
}
