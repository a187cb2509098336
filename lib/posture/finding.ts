/**
 * One finding of the posture report: what weakens a group's posture, how badly, and what fixes it. Its own
 * module, free of the configuration, so constructs that report findings (e.g. lib/fleet) import no config.
 */
export type Severity = 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];

export interface Finding {
  /** Stable identifier, e.g. "trustee-shares-cluster". */
  readonly id: string;
  readonly severity: Severity;
  /** What is wrong, in one sentence. */
  readonly title: string;
  /** Why it matters. */
  readonly detail: string;
  /** The setting (pattern.yaml path) or action that fixes it. */
  readonly fix: string;
}
