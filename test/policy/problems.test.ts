import { AgentPolicySpec, agentPolicyProblems } from '../../lib/policy';

const PATH = 'clusterGroups.simple.workloads.x.agentPolicy';

/** Problems for a value that did not come through the types (pattern.yaml, JavaScript). */
function problemsOf(value: unknown) {
  return agentPolicyProblems(value as AgentPolicySpec, PATH);
}

describe('agentPolicyProblems', () => {
  test.each<AgentPolicySpec>([
    { preset: 'allow-all' },
    { preset: 'no-exec' },
    { preset: 'no-exec', execAllowList: [] },
    { preset: 'no-exec', execAllowList: [['curl', '-s', 'http://127.0.0.1:8006/cdh/resource/default/kbsres1/key3'], ['id']] },
  ])('accepts %j', spec => {
    // WHEN validating a good spec THEN there is nothing to report
    expect(agentPolicyProblems(spec, PATH)).toEqual([]);
  });

  test('rejects a value that is not an object', () => {
    expect(problemsOf('no-exec')).toEqual([{ path: PATH, message: 'must be an object with a "preset", got "no-exec"' }]);
  });

  test('rejects an unknown preset', () => {
    expect(problemsOf({ preset: 'strict' })).toEqual([
      { path: `${PATH}.preset`, message: 'must be one of "allow-all", "no-exec", got "strict"' },
    ]);
  });

  test('rejects an allow-list with allow-all, even an empty one', () => {
    // WHEN combining the debug preset with a list
    const problems = problemsOf({ preset: 'allow-all', execAllowList: [] });
    // THEN the list is reported as meaningless
    expect(problems).toEqual([{
      path: `${PATH}.execAllowList`,
      message: 'must be omitted with preset "allow-all" (which already allows every command), got []',
    }]);
  });

  test('rejects an allow-list that is not a list', () => {
    expect(problemsOf({ preset: 'no-exec', execAllowList: 'curl -s http://x' })).toEqual([
      { path: `${PATH}.execAllowList`, message: 'must be a list of argument vectors, got "curl -s http://x"' },
    ]);
  });

  test('rejects an entry that is a joined command line instead of an argv', () => {
    expect(problemsOf({ preset: 'no-exec', execAllowList: ['curl -s http://x'] })).toEqual([{
      path: `${PATH}.execAllowList[0]`,
      message: 'must be an argument vector (a list of strings such as ["curl", "-s", "http://..."]), got "curl -s http://x"',
    }]);
  });

  test('rejects an empty entry', () => {
    expect(problemsOf({ preset: 'no-exec', execAllowList: [['id'], []] })).toEqual([
      { path: `${PATH}.execAllowList[1]`, message: 'must name at least the program to run, got []' },
    ]);
  });

  test('rejects empty strings in an entry, naming the argument', () => {
    // WHEN the program name and a later argument are empty
    const problems = problemsOf({ preset: 'no-exec', execAllowList: [['', 'x'], ['curl', '']] });
    // THEN each is reported at its own index
    expect(problems).toEqual([
      { path: `${PATH}.execAllowList[0][0]`, message: 'must be a non-empty program name, got ""' },
      { path: `${PATH}.execAllowList[1][1]`, message: 'must be a non-empty argument (an exact argv never holds one by accident), got ""' },
    ]);
  });

  test('rejects arguments that are not strings', () => {
    expect(problemsOf({ preset: 'no-exec', execAllowList: [['sleep', 5]] })).toEqual([
      { path: `${PATH}.execAllowList[0][1]`, message: 'must be a string, got 5' },
    ]);
  });

  test('rejects a NUL character, which no process argument can hold', () => {
    expect(problemsOf({ preset: 'no-exec', execAllowList: [['cat', 'a\0b']] })).toEqual([
      { path: `${PATH}.execAllowList[0][1]`, message: 'must not contain a NUL character (no process argument can), got "a\\u0000b"' },
    ]);
  });

  test('rejects text that is not well-formed Unicode', () => {
    const problems = problemsOf({ preset: 'no-exec', execAllowList: [['echo', 'x\uD800']] });
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe(`${PATH}.execAllowList[0][1]`);
    expect(problems[0].message).toMatch(/^must be well-formed Unicode text, got /);
  });

  test('rejects a duplicate entry, pointing at the first one', () => {
    expect(problemsOf({ preset: 'no-exec', execAllowList: [['id'], ['whoami'], ['id']] })).toEqual([
      { path: `${PATH}.execAllowList[2]`, message: 'must not repeat entry [0], got ["id"]' },
    ]);
  });

  test('reports every problem at once', () => {
    // WHEN the preset and two entries are wrong
    const problems = problemsOf({ preset: 'nope', execAllowList: [[], [1]] });
    // THEN all three are listed
    expect(problems.map(p => p.path)).toEqual([`${PATH}.preset`, `${PATH}.execAllowList[0]`, `${PATH}.execAllowList[1][0]`]);
  });
});
