/**
 * Validation of an {@link AgentPolicySpec}. Written against `unknown` values so it also catches
 * mistakes in input that did not come through the TypeScript types (pattern.yaml, JavaScript).
 */
import { Problem, quote } from '../errors';
import { AGENT_POLICY_PRESETS, AgentPolicySpec } from './spec';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every problem with `spec`, each with a field path under `path`
 * (e.g. `clusterGroups.simple.workloads.x.agentPolicy` gives `...agentPolicy.execAllowList[0]`).
 * Empty when the spec can be rendered.
 */
export function agentPolicyProblems(spec: AgentPolicySpec, path: string): Problem[] {
  const value: unknown = spec;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path, message: `must be an object with a "preset", got ${quote(value)}` }];
  }
  const { preset, execAllowList } = value as { preset?: unknown; execAllowList?: unknown };
  const problems: Problem[] = [];
  if (!(AGENT_POLICY_PRESETS as readonly unknown[]).includes(preset)) {
    const presets = AGENT_POLICY_PRESETS.map(p => `"${p}"`).join(', ');
    problems.push({ path: `${path}.preset`, message: `must be one of ${presets}, got ${quote(preset)}` });
  }
  if (execAllowList === undefined) {
    return problems;
  }
  const listPath = `${path}.execAllowList`;
  if (preset === 'allow-all') {
    problems.push({
      path: listPath,
      message: `must be omitted with preset "allow-all" (which already allows every command), got ${quote(execAllowList)}`,
    });
    return problems;
  }
  if (!Array.isArray(execAllowList)) {
    problems.push({ path: listPath, message: `must be a list of argument vectors, got ${quote(execAllowList)}` });
    return problems;
  }
  const seen = new Map<string, number>();
  execAllowList.forEach((entry: unknown, index) => {
    const entryPath = `${listPath}[${index}]`;
    const entryProblems = argvProblems(entry, entryPath);
    problems.push(...entryProblems);
    if (entryProblems.length > 0) {
      return;
    }
    const key = JSON.stringify(entry);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ path: entryPath, message: `must not repeat entry [${first}], got ${quote(entry)}` });
    } else {
      seen.set(key, index);
    }
  });
  return problems;
}

function argvProblems(entry: unknown, path: string): Problem[] {
  if (!Array.isArray(entry)) {
    return [{ path, message: `must be an argument vector (a list of strings such as ["curl", "-s", "http://..."]), got ${quote(entry)}` }];
  }
  if (entry.length === 0) {
    return [{ path, message: `must name at least the program to run, got ${quote(entry)}` }];
  }
  const problems: Problem[] = [];
  entry.forEach((arg: unknown, index) => {
    const argPath = `${path}[${index}]`;
    if (typeof arg !== 'string') {
      problems.push({ path: argPath, message: `must be a string, got ${quote(arg)}` });
    } else if (index === 0 && arg === '') {
      problems.push({ path: argPath, message: `must be a non-empty program name, got ${quote(arg)}` });
    } else if (arg === '') {
      problems.push({ path: argPath, message: `must be a non-empty argument (an exact argv never holds one by accident), got ${quote(arg)}` });
    } else if (arg.includes('\0')) {
      problems.push({ path: argPath, message: `must not contain a NUL character (no process argument can), got ${quote(arg)}` });
    } else if (LONE_SURROGATE.test(arg)) {
      problems.push({ path: argPath, message: `must be well-formed Unicode text, got ${quote(arg)}` });
    }
  });
  return problems;
}
