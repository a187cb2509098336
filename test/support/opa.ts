/**
 * The real Rego engine for the policy tests: OPA 0.61.0 (the Kata agent and Trustee evaluate with
 * regorus, which states conformance with it). Found as `$OPA_BIN`, else `opa` on PATH, else
 * `../shared/tools/opa` from the project root. In CI (CI=true) a missing engine fails the run; elsewhere
 * the policy tests are skipped with a visible notice.
 *
 * Many inputs are evaluated in one process: a harness module evaluates the query once per case
 * (`with input as ...`), so hundreds of cases cost one `opa eval`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from './render';

let cached: string | undefined | null = null;

/** The engine's path, or undefined (with a notice) when it is not available outside CI. */
export function opaBinary(): string | undefined {
  if (cached !== null) {
    return cached;
  }
  const candidates = [
    process.env.OPA_BIN,
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map(d => path.join(d, 'opa')),
    path.resolve(REPO, '..', 'shared', 'tools', 'opa'),
  ].filter((c): c is string => !!c);
  cached = candidates.find(c => {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return fs.statSync(c).isFile();
    } catch {
      return false;
    }
  });
  if (cached === undefined) {
    if (process.env.CI === 'true') {
      throw new Error('the Rego engine (opa) was not found: CI must have it (set OPA_BIN, put opa on PATH, or provide ../shared/tools/opa)');
    }
    process.stderr.write('\nNOTICE: policy tests on the real Rego engine SKIPPED: opa not found. Set OPA_BIN, put opa on PATH, or provide ../shared/tools/opa.\n');
  }
  return cached;
}

/** `describe` that skips when the engine is unavailable. */
export const describeWithOpa = (name: string, fn: () => void): void =>
  (opaBinary() ? describe : describe.skip)(name, fn);

/** The Rego dialects the consumers parse: v0 (regorus 0.2, older Trustee and agents) and v1 (newer). */
export type RegoDialect = 'v0' | 'v1';

function run(args: string[], input?: string): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(opaBinary()!, args, { encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024 });
  if (result.error) {
    throw result.error;
  }
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

function scratch(modules: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-opa-'));
  for (const [name, text] of Object.entries(modules)) {
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/**
 * Parse errors of `text` in `dialect` (empty when it parses and compiles), as `opa check` reports them;
 * `others` are modules it is compiled with (e.g. a stand-in for an engine extension).
 */
export function regoProblems(text: string, dialect: RegoDialect, others: Record<string, string> = {}): string[] {
  const dir = scratch({ ...others, 'policy.rego': text });
  try {
    const files = [...Object.keys(others), 'policy.rego'].map(f => path.join(dir, f));
    const r = run(['check', '--format', 'json', ...(dialect === 'v1' ? ['--v1-compatible'] : []), ...files]);
    if (r.status === 0) {
      return [];
    }
    const parsed = JSON.parse(r.stdout || r.stderr) as { errors?: { message: string; location?: { row: number } }[] };
    return (parsed.errors ?? []).map(e => `${e.location?.row ?? '?'}: ${e.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One evaluation: the input, and data documents to put in place for it (`with data.<key> as ...`). */
export interface RegoCase {
  readonly input: unknown;
  /** Top-level data documents for this case, e.g. `{ plugin: 'resource', 'resource-path': [...] }`. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/**
 * Evaluates `query` (e.g. `data.policy.allow`) for every case in one `opa eval`, with the modules
 * `modules` (file name to Rego text) loaded, in `dialect`. The result per case is the value, or
 * `undefined` when the query is undefined for that input. Fails when a module does not parse.
 */
export function evaluateRego(modules: Record<string, string>, query: string, cases: readonly RegoCase[], dialect: RegoDialect = 'v1'): unknown[] {
  return evaluateRegoQueries(modules, [{ query, cases }], dialect)[0];
}

/** Cases to evaluate one query for (see {@link evaluateRegoQueries}). */
export interface RegoQueryCases {
  readonly query: string;
  readonly cases: readonly RegoCase[];
}

/**
 * {@link evaluateRego} for several queries over the same modules, still in one `opa eval` (each started
 * engine costs tens of milliseconds, most of a policy test's time): the results per query, in order.
 */
export function evaluateRegoQueries(modules: Record<string, string>, queries: readonly RegoQueryCases[], dialect: RegoDialect = 'v1'): unknown[][] {
  const all = queries.flatMap(q => q.cases);
  const dataKeys = [...new Set(all.flatMap(c => Object.keys(c.data ?? {})))].sort();
  for (const key of dataKeys) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) {
      throw new Error(`unsupported data key ${key}`);
    }
  }
  // Data documents missing from a case are set to a marker no policy reads, so every case replaces them.
  const withData = dataKeys.map(k => ` with data["${k}"] as object.get(c, ["data", "${k}"], "__undefined__")`).join('');
  // One rule per query, over its own cases.
  const harness = [
    'package coco_harness',
    '',
    'import rego.v1',
    '',
    ...queries.flatMap((q, k) => [
      `results_${k}[i] := r if {`,
      `  some i, c in data.coco_harness_cases[${k}]`,
      `  r := ${q.query} with input as c.input${withData}`,
      '}',
      '',
    ]),
  ].join('\n');
  const dir = scratch({ ...modules, 'coco_harness.rego': harness });
  try {
    const cases = queries.map(q => q.cases.map(c => ({ input: c.input, data: c.data ?? {} })));
    fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify({ coco_harness_cases: cases }));
    const files = [...Object.keys(modules), 'coco_harness.rego', 'cases.json'].flatMap(f => ['-d', path.join(dir, f)]);
    const r = run(['eval', '--format', 'json', ...(dialect === 'v1' ? ['--v1-compatible'] : []), ...files, 'data.coco_harness']);
    if (r.status !== 0) {
      throw new Error(`opa eval failed:\n${r.stderr || r.stdout}`);
    }
    const out = JSON.parse(r.stdout) as { result?: { expressions: { value: Record<string, Record<string, unknown>> }[] }[] };
    const values = out.result?.[0]?.expressions[0]?.value ?? {};
    return queries.map((q, k) => q.cases.map((_, i) => values[`results_${k}`]?.[String(i)]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
