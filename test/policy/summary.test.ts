import { summarizeAgentPolicy } from '../../lib/policy';

describe('summarizeAgentPolicy', () => {
  test('allow-all lets the host do everything', () => {
    expect(summarizeAgentPolicy({ preset: 'allow-all' })).toEqual({
      exec: 'allowed', logs: 'allowed', stdin: 'allowed', setPolicy: 'allowed', execAllowList: [],
    });
  });

  test('no-exec denies exec, logs, stdin and policy replacement', () => {
    expect(summarizeAgentPolicy({ preset: 'no-exec' })).toEqual({
      exec: 'denied', logs: 'denied', stdin: 'denied', setPolicy: 'denied', execAllowList: [],
    });
  });

  test('no-exec with an empty allow-list is still denied', () => {
    expect(summarizeAgentPolicy({ preset: 'no-exec', execAllowList: [] }).exec).toBe('denied');
  });

  test('no-exec with an allow-list reports the listed commands as a copy', () => {
    // GIVEN a spec with one allowed command
    const spec = { preset: 'no-exec' as const, execAllowList: [['id', '-u']] };
    // WHEN summarizing and changing the result
    const summary = summarizeAgentPolicy(spec);
    summary.execAllowList[0].push('x');
    // THEN exec is by allow-list, and the spec is untouched
    expect(summary.exec).toBe('allow-list');
    expect(summary.logs).toBe('denied');
    expect(spec.execAllowList).toEqual([['id', '-u']]);
  });
});
