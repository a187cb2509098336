import { InputError } from '../../lib/errors';
import { AGENT_REQUESTS, AgentPolicySpec, renderAgentPolicy } from '../../lib/policy';
import { describeWithOpa, evaluateRego, regoProblems } from '../support/opa';

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
    // THEN every request has a true default and nothing else is emitted (failing evaluations stay denied)
    expect([...defaults(rego).keys()]).toEqual([...AGENT_REQUESTS, 'AllowRequestsFailingPolicy']);
    expect(deniedNames(rego)).toEqual(['AllowRequestsFailingPolicy']);
    expect(rego).not.toMatch(/ if |policy_data|import/);
    expect(rego).toMatchSnapshot();
  });

  test('no-exec denies exec, log reading, stdin and policy replacement only', () => {
    // WHEN rendering the secure default
    const rego = renderAgentPolicy({ preset: 'no-exec' });
    // THEN exactly those requests (and the termination-log reader) default to false
    expect([...defaults(rego).keys()]).toEqual([...AGENT_REQUESTS, 'AllowRequestsFailingPolicy']);
    expect(deniedNames(rego).sort()).toEqual(['AllowRequestsFailingPolicy', 'ExecProcessRequest', 'GetDiagnosticDataRequest', 'ReadStreamRequest', 'SetPolicyRequest', 'WriteStreamRequest']);
    expect(rego).not.toMatch(/ExecProcessRequest if/);
    expect(rego).toMatchSnapshot();
  });

  test.each<AgentPolicySpec>([
    { preset: 'allow-all' },
    { preset: 'no-exec' },
    { preset: 'no-exec', execAllowList: [KEY3] },
  ])('unbound to a pod, never denies container creation or file copies (%j)', spec => {
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
    for (const keyword of ['every', 'if', 'in']) {
      expect(code.filter(line => line === `import future.keywords.${keyword}`)).toHaveLength(1);
    }
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

describeWithOpa('agent policy presets on the real engine', () => {
  const ALL = [...AGENT_REQUESTS];
  /** The decision of every request name for one input. */
  function decisions(rego: string, input: unknown, dialect: 'v0' | 'v1' = 'v1'): Record<string, unknown> {
    return evaluateRego({ 'policy.rego': rego }, 'data.agent_policy', [{ input }], dialect)[0] as Record<string, unknown>;
  }
  const pod = { container_id: 'a'.repeat(64), exec_id: 'x', process: { Args: ['/bin/sh'] } };

  test.each<AgentPolicySpec>([{ preset: 'allow-all' }, { preset: 'no-exec' }, { preset: 'no-exec', execAllowList: [KEY3] }])('%j parses as Rego v0 and v1', spec => {
    const rego = renderAgentPolicy(spec);
    expect(regoProblems(rego, 'v0')).toEqual([]);
    expect(regoProblems(rego, 'v1')).toEqual([]);
  });

  test('allow-all allows every request the agent asks about, and never lets a failing evaluation through', () => {
    const d = decisions(renderAgentPolicy({ preset: 'allow-all' }), pod, 'v0');
    expect(ALL.filter(n => d[n] !== true)).toEqual([]);
    expect(d.AllowRequestsFailingPolicy).toBe(false);
  });

  test('no-exec denies exactly exec, logs, stdin, diagnostic logs and SetPolicy, and allows a normal pod start', () => {
    const d = decisions(renderAgentPolicy({ preset: 'no-exec' }), pod);
    expect(ALL.filter(n => d[n] !== true).sort()).toEqual(['ExecProcessRequest', 'GetDiagnosticDataRequest', 'ReadStreamRequest', 'SetPolicyRequest', 'WriteStreamRequest']);
  });

  test('an exec allow-list admits exactly its argument vectors and no near miss', () => {
    const rego = renderAgentPolicy({ preset: 'no-exec', execAllowList: [KEY3, ['/bin/true']] });
    const exec = (args: unknown) => ({ input: { container_id: 'a'.repeat(64), exec_id: 'x', process: { Args: args } } });
    const cases: [string, unknown, boolean][] = [
      ['the listed argv', KEY3, true],
      ['the second listed argv', ['/bin/true'], true],
      ['an extra argument', [...KEY3, '-v'], false],
      ['a missing argument', KEY3.slice(0, 2), false],
      ['reordered', [KEY3[0], KEY3[2], KEY3[1]], false],
      ['wrapped in sh -c', ['sh', '-c', KEY3.join(' ')], false],
      ['joined into one string', [KEY3.join(' ')], false],
      ['with a trailing space', [KEY3[0], KEY3[1], `${KEY3[2]} `], false],
      ['another resource', [KEY3[0], KEY3[1], KEY3[2].replace('key3', 'key1')], false],
      ['no arguments', [], false],
    ];
    for (const dialect of ['v0', 'v1'] as const) {
      const got = evaluateRego({ 'policy.rego': rego }, 'data.agent_policy.ExecProcessRequest', cases.map(c => exec(c[1])), dialect);
      expect(Object.fromEntries(cases.map((c, i) => [c[0], got[i]]))).toEqual(Object.fromEntries(cases.map(c => [c[0], c[2]])));
    }
  });
});
