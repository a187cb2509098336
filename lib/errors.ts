/**
 * Errors a user can act on: each problem names the field it is about and says what was expected.
 * The CLI prints one line per problem and exits 1; library users get the same text in `message`.
 */

/** One problem with an input: the field path (`clusterGroups.simple.trustee.version`) and what is wrong. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** Renders a problem as the one line the CLI prints. */
export function formatProblem(problem: Problem): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

/**
 * An input was rejected. Carries every problem found, so a user fixes them in one go.
 */
export class InputError extends Error {
  public readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** Throws an {@link InputError} with a single problem about `path`. */
export function reject(path: string, message: string): never {
  throw new InputError([{ path, message }]);
}

/** Throws when `problems` is not empty. */
export function throwIfProblems(problems: readonly Problem[]): void {
  if (problems.length > 0) {
    throw new InputError(problems);
  }
}

/** Quotes a value for an error message: strings in double quotes, everything else as JSON. */
export function quote(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

/** A field, its value (undefined: not given, so not checked) and the name rule it must follow. */
export type FieldRule = readonly [field: string, value: string | undefined, rule: (value: string) => string | undefined];

/** The problems of each given value against its rule, named `<prefix> <field>`. */
export function ruleProblems(prefix: string, fields: readonly FieldRule[]): Problem[] {
  const problems: Problem[] = [];
  for (const [field, value, rule] of fields) {
    const problem = value === undefined ? undefined : rule(value);
    if (problem) problems.push({ path: `${prefix} ${field}`, message: problem });
  }
  return problems;
}

/**
 * Problem text for a value that must be one of `choices` (version strings such as "1.10"), or undefined.
 * A number gets a hint to quote it: YAML reads an unquoted `1.10` as the number 1.1, so the value
 * written can no longer be told apart from another version.
 */
export function choiceProblem(value: unknown, choices: readonly string[], what: string): string | undefined {
  if (typeof value === 'string' && choices.includes(value)) {
    return undefined;
  }
  const list = choices.map(c => `"${c}"`).join(', ');
  if (typeof value === 'number') {
    return `must be a quoted string, one of ${list} (${what}): YAML reads an unquoted version as a number (1.10 becomes 1.1), got the number ${value}`;
  }
  return `must be one of ${list} (${what}), got ${quote(value)}`;
}
