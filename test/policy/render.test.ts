import { InputError } from '../../lib/errors';
import { AGENT_REQUESTS, AgentPolicySpec, renderAgentPolicy } from '../../lib/policy';

const KEY3 = ['curl', '-s', 'http://127.0.0.1:8006/cdh/resource/default/kbsres1/key3'];

/** Parses the `default <Name> := <bool>` lines into a map; fails on a repeated name. */
function defaults(rego: string): Map<string, boolean> {
  const result = new Map<string, boolean>();
  for (const match of rego.matchAll(/^default (\w+) := (true|false)$/gm)) {
    expect(result.has(match[1])).toBe(false);
    result.set(match[1], match[2] === 'true');
  }
  return result;
}

function deniedNames(rego: string): string[] {
  return [...defaults(rego)].filter(([, allowed]) => !allowed).map(([name]) => name);
}

/** The JSON object after `policy_data := ` (it runs to the end of the text). */
function policyData(rego: string): unknown {
  const start = rego.indexOf('policy_data := ');
  expect(start).toBeGreaterThan(0);
  return JSON.parse(rego.slice(start + 'policy_data := '.length));
}

describe('renderAgentPolicy', () => {
  test('allow-all allows every request and has no rules', () => {
    // WHEN rendering the debug preset
    const rego = renderAgentPolicy({ preset: 'allow-all' });
    // THEN every request has a true default and nothing else is emitted
    expect([...defaults(rego).keys()]).toEqual([...AGENT_REQUESTS]);
    expect(deniedNames(rego)).toEqual([]);
    expect(rego).not.toMatch(/ if |policy_data|import/);
    expect(rego).toMatchSnapshot();
  });

  test('no-exec denies exec, log reading, stdin and policy replacement only', () => {
    // WHEN rendering the secure default
    const rego = renderAgentPolicy({ preset: 'no-exec' });
    // THEN exactly those four requests default to false
    expect([...defaults(rego).keys()]).toEqual([...AGENT_REQUESTS]);
    expect(deniedNames(rego).sort()).toEqual(['ExecProcessRequest', 'ReadStreamRequest', 'SetPolicyRequest', 'WriteStreamRequest']);
    expect(rego).not.toMatch(/ExecProcessRequest if/);
    expect(rego).toMatchSnapshot();
  });

  test.each<AgentPolicySpec>([
    { preset: 'allow-all' },
    { preset: 'no-exec' },
    { preset: 'no-exec', execAllowList: [KEY3] },
  ])('never denies container creation or file copies (%j)', spec => {
    // WHEN rendering any preset
    const rules = defaults(renderAgentPolicy(spec));
    // THEN the requests every pod needs stay allowed
    expect(rules.get('CreateContainerRequest')).toBe(true);
    expect(rules.get('CopyFileRequest')).toBe(true);
  });

  test('declares the agent_policy package and only defaults, imports, rules and data', () => {
    // WHEN rendering with an allow-list
    const rego = renderAgentPolicy({ preset: 'no-exec', execAllowList: [KEY3] });
    // THEN the package comes first after comments, and each future keyword is imported exactly once
    const code = rego.split('\n').filter(line => line !== '' && !line.startsWith('#'));
    expect(code[0]).toBe('package agent_policy');
    expect(code.filter(line => line === 'import future.keywords.if')).toHaveLength(1);
    expect(code.filter(line => line === 'import future.keywords.in')).toHaveLength(1);
    expect(rego).not.toContain('import rego.v1');
    expect(rego.endsWith('}\n')).toBe(true);
  });

  test('an exec allow-list allows ExecProcessRequest by exact argv equality, with the list as data', () => {
    // GIVEN two allowed commands
    const other = ['cat', '/sealed/secret-value/key2'];
    // WHEN rendering
    const rego = renderAgentPolicy({ preset: 'no-exec', execAllowList: [KEY3, other] });
    // THEN the rule compares whole arrays against the data, and the default stays false
    expect(rego).toContain('ExecProcessRequest if {\n    some allowed_args in policy_data.exec_allow_list\n    allowed_args == input.process.Args\n}');
    expect(rego).not.toContain('concat(');
    expect(defaults(rego).get('ExecProcessRequest')).toBe(false);
    expect(policyData(rego)).toEqual({ exec_allow_list: [KEY3, other] });
    expect(rego).toMatchSnapshot();
  });

  test('writes single quotes in arguments as JSON escapes, so the policy fits an initdata literal string', () => {
    // GIVEN an argument with single quotes
    const argv = ['sh', "-c", "echo '''"];
    // WHEN rendering
    const rego = renderAgentPolicy({ preset: 'no-exec', execAllowList: [argv] });
    // THEN no single quote reaches the text, and the data still reads back exactly
    expect(rego).not.toContain("'");
    expect(policyData(rego)).toEqual({ exec_allow_list: [argv] });
  });

  test('an empty allow-list renders the plain no-exec policy', () => {
    // WHEN rendering no-exec with and without an empty list
    // THEN the texts are identical
    expect(renderAgentPolicy({ preset: 'no-exec', execAllowList: [] })).toBe(renderAgentPolicy({ preset: 'no-exec' }));
  });

  test('is deterministic and keeps the allow-list order', () => {
    // GIVEN the same commands in two orders
    const a = ['id'];
    // WHEN rendering twice
    const first = renderAgentPolicy({ preset: 'no-exec', execAllowList: [KEY3, a] });
    const again = renderAgentPolicy({ preset: 'no-exec', execAllowList: [KEY3, a] });
    const swapped = renderAgentPolicy({ preset: 'no-exec', execAllowList: [a, KEY3] });
    // THEN equal input gives equal text, and the order is the caller's
    expect(again).toBe(first);
    expect(policyData(swapped)).toEqual({ exec_allow_list: [a, KEY3] });
  });

  test('refuses an allow-list with allow-all', () => {
    // WHEN rendering a meaningless combination
    const render = () => renderAgentPolicy({ preset: 'allow-all', execAllowList: [KEY3] });
    // THEN it throws an InputError naming the field
    expect(render).toThrow(InputError);
    expect(render).toThrow(/^agentPolicy\.execAllowList: must be omitted with preset "allow-all"/);
  });

  test('refuses an unknown preset', () => {
    // WHEN rendering a preset that does not exist
    const render = () => renderAgentPolicy({ preset: 'deny-all' } as unknown as AgentPolicySpec);
    // THEN it throws an InputError naming the field and the value
    expect(render).toThrow('agentPolicy.preset: must be one of "allow-all", "no-exec", got "deny-all"');
  });
});
