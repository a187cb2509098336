/**
 * Renders an {@link AgentPolicySpec} into the Rego text the Kata agent evaluates.
 *
 * Syntax choices, so the text parses in every regorus the agent has shipped with:
 * - `default <Name> := true|false` for every request, as in kata `src/kata-opa/*.rego`;
 * - rules with a body use `<Name> if { ... }` and import `future.keywords.if` and
 *   `future.keywords.in` explicitly (one import per keyword). Older regorus releases parse Rego v0
 *   and need the imports; newer ones default to Rego v1, which requires `if` before a body and
 *   still accepts (ignores) the `future.keywords` imports. `import rego.v1` is not used: in v1
 *   mode it clashes with explicit keyword imports.
 * - the allow-list is data, `policy_data := {...}`, written as plain JSON (one argument vector per
 *   line) at the end of the text, where genpolicy puts its data, so tools that read that tail as
 *   JSON (Trustee's init-data claims) get valid JSON.
 */
import { InputError } from '../errors';
import { agentPolicyProblems } from './problems';
import { AGENT_REQUESTS } from './requests';
import { BOUND_RULES, boundPolicyData } from './bound-policy';
import { PodIdentity } from './pod-identity';
import { AgentPolicySpec, agentPolicyDefaults } from './spec';

/** The pod an agent policy is bound to, and who it is (written into the measured policy). */
export interface AgentPolicyBinding {
  readonly pod: PodIdentity;
  /** KBS resources the workload declares ("<repository>/<type>/<tag>"), part of its identity. */
  readonly obtains: readonly string[];
}

/**
 * Deterministic Rego text for `spec`: `package agent_policy`, a default for every name in
 * {@link AGENT_REQUESTS} and `AllowRequestsFailingPolicy := false`, for a `no-exec` allow-list a rule that
 * allows `ExecProcessRequest` only when `input.process.Args` equals one listed argument vector exactly
 * (array equality), and, bound to a pod (`binding`), the rules that allow only that pod's containers
 * (`bound-policy.ts`). Ends with a newline. Throws an {@link InputError} (paths under `agentPolicy`) for an
 * invalid spec.
 */
export function renderAgentPolicy(spec: AgentPolicySpec, binding?: AgentPolicyBinding): string {
  const problems = agentPolicyProblems(spec, 'agentPolicy');
  if (problems.length > 0) {
    throw new InputError(problems);
  }
  const allowList = spec.execAllowList ?? [];
  const defaults = agentPolicyDefaults(spec.preset, binding !== undefined);
  const rules = allowList.length > 0 || binding !== undefined;
  const lines: string[] = [
    '# Kata agent policy rendered by coco-cdk8s.',
    `# Preset "${spec.preset}": ${presetSummary(spec, allowList.length)}`,
    ...(binding ? [
      `# Bound to ${binding.pod.namespace}/${binding.pod.workload}: only its sandbox and its containers (${binding.pod.containers.map(c => c.name).join(', ')}) may be created.`,
    ] : []),
    '',
    'package agent_policy',
    '',
  ];
  if (rules) {
    lines.push('import future.keywords.every', 'import future.keywords.if', 'import future.keywords.in', '');
  }
  lines.push(...AGENT_REQUESTS.map(name => `default ${name} := ${defaults.get(name)}`));
  lines.push('', '# A request the policy fails to evaluate is denied, never let through.', 'default AllowRequestsFailingPolicy := false');
  if (allowList.length > 0) {
    lines.push(
      '',
      '# Exec is allowed only for an argument vector listed in policy_data.exec_allow_list,',
      '# compared as a whole array: no prefix, pattern or joined-string matching.',
      'ExecProcessRequest if {',
      '    some allowed_args in policy_data.exec_allow_list',
      '    allowed_args == input.process.Args',
      '}',
    );
  }
  if (binding) {
    lines.push(BOUND_RULES.trimEnd());
  }
  if (rules) {
    const data: Record<string, unknown> = {
      ...(binding ? { identity: { namespace: binding.pod.namespace, workload: binding.pod.workload, obtains: [...binding.obtains].sort() } } : {}),
      ...(binding ? boundPolicyData(binding.pod) : {}),
      ...(allowList.length > 0 ? { exec_allow_list: allowList } : {}),
    };
    lines.push('', `policy_data := ${regoJson(data, 2)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `value` as JSON, which is also a Rego literal. Single quotes are written as `\u0027` so the policy
 * never contains `'''` and always fits in an initdata literal string.
 */
function regoJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/'/g, '\\u0027');
}

function presetSummary(spec: AgentPolicySpec, allowListLength: number): string {
  if (spec.preset === 'allow-all') {
    return 'every request allowed (debugging only).';
  }
  const exec = allowListLength > 0 ? `exec only for ${allowListLength} listed command(s)` : 'no exec';
  return `${exec}, no log reading, no stdin, no policy replacement.`;
}
