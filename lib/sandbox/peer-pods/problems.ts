/**
 * Small helpers the peer-pods validators share: joining field paths and collecting problems.
 */
import { Problem, quote } from '../../errors';

/** `prefix.field`, or just `field` when the caller gave no prefix. */
export function fieldPath(prefix: string, field: string): string {
  return prefix ? `${prefix}.${field}` : field;
}

/** A problem when `value` is not a settings object (a map), or undefined. */
export function settingsObjectProblems(value: unknown, path: string): Problem[] | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? undefined
    : [{ path, message: `must be a map of settings, got ${quote(value)}` }];
}

/** Collects problems under one path prefix; `check` skips undefined values (optional settings). */
export class ProblemList {
  public readonly problems: Problem[] = [];

  constructor(private readonly prefix: string) {}

  /** Records `message` about `field` (relative to the prefix). */
  public add(field: string, message: string): void {
    this.problems.push({ path: fieldPath(this.prefix, field), message });
  }

  /** Runs `rule` on a value that is set and records its problem, if any. */
  public check<T>(field: string, value: T | undefined, rule: (v: T) => string | undefined): void {
    if (value === undefined) {
      return;
    }
    const message = rule(value);
    if (message !== undefined) {
      this.add(field, message);
    }
  }

  /** Runs `rule` on a required value; the rule must also reject undefined and values of the wrong type. */
  public checkRequired<T>(field: string, value: T, rule: (v: T) => string | undefined): void {
    const message = rule(value);
    if (message !== undefined) {
      this.add(field, message);
    }
  }

  /** Records problems found by another validator (their paths are already complete). */
  public addAll(problems: readonly Problem[]): void {
    this.problems.push(...problems);
  }
}
