import { parse } from 'smol-toml';
import { InputError, Problem } from '../../lib/errors';
import { InitDataDocument, normalizeInitDataEntry, renderInitDataToml } from '../../lib/initdata';
import { VECTOR_TOML } from './vectors';

function problemsOf(render: () => unknown): readonly Problem[] {
  try {
    render();
  } catch (error) {
    if (error instanceof InputError) {
      return error.problems;
    }
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('renderInitDataToml', () => {
  test('renders the trustee-osc.md §3.3 vector byte for byte', () => {
    // WHEN rendering a document with one empty aa.toml
    const toml = renderInitDataToml({ algorithm: 'sha256', data: { 'aa.toml': '' } });
    // THEN it is exactly the 67-byte vector
    expect(toml).toBe(VECTOR_TOML);
    expect(Buffer.byteLength(toml, 'utf8')).toBe(67);
  });

  test('lists entries in the fixed order, separated by an empty line, and reads back exactly', () => {
    // GIVEN entries given in another key order
    const data = { 'policy.rego': 'package agent_policy\n', 'aa.toml': 'a = 1\n', 'cdh.toml': 'b = 2\n' };
    // WHEN rendering
    const toml = renderInitDataToml({ algorithm: 'sha384', data });
    // THEN the layout is fixed and smol-toml reads the same data back
    expect(toml).toBe([
      'algorithm = "sha384"',
      'version = "0.1.0"',
      '',
      '[data]',
      `"aa.toml" = '''`,
      `a = 1`,
      `'''`,
      '',
      `"cdh.toml" = '''`,
      'b = 2',
      `'''`,
      '',
      `"policy.rego" = '''`,
      'package agent_policy',
      `'''`,
      '',
    ].join('\n'));
    expect(parse(toml)).toEqual({ algorithm: 'sha384', version: '0.1.0', data });
  });

  test('leaves out absent and undefined entries', () => {
    // WHEN only policy.rego is given
    const toml = renderInitDataToml({ algorithm: 'sha512', data: { 'aa.toml': undefined, 'policy.rego': 'package agent_policy\n' } });
    // THEN only that entry is written
    expect(parse(toml)).toEqual({ algorithm: 'sha512', version: '0.1.0', data: { 'policy.rego': 'package agent_policy\n' } });
  });

  test('renders an empty data table when nothing is carried', () => {
    expect(renderInitDataToml({ algorithm: 'sha256', data: {} })).toBe('algorithm = "sha256"\nversion = "0.1.0"\n\n[data]\n');
  });

  test('writes the given version', () => {
    expect(renderInitDataToml({ algorithm: 'sha256', version: '0.2.0', data: {} })).toContain('version = "0.2.0"\n');
  });

  test('adds a final newline to non-empty content that lacks one, and keeps empty content empty', () => {
    // WHEN content has no final newline
    const toml = renderInitDataToml({ algorithm: 'sha256', data: { 'aa.toml': 'a = 1', 'cdh.toml': '' } });
    // THEN the closing quotes sit on their own line and the data gains exactly one newline
    expect(toml).toContain(`"aa.toml" = '''\na = 1\n'''\n`);
    expect(parse(toml)).toMatchObject({ data: { 'aa.toml': 'a = 1\n', 'cdh.toml': '' } });
    expect(normalizeInitDataEntry('x\n')).toBe('x\n');
    expect(normalizeInitDataEntry('')).toBe('');
  });

  test('keeps leading newlines, tabs, single and double quotes and non-ASCII text exactly', () => {
    // GIVEN content that is awkward for TOML but allowed in a literal string
    const content = "\n\tkey = 'it''s' \"quoted\" \\n ünïcödé 🔐 ''\n";
    // WHEN rendering
    const toml = renderInitDataToml({ algorithm: 'sha256', data: { 'policy.rego': content } });
    // THEN it reads back byte for byte
    expect((parse(toml) as { data: Record<string, string> }).data['policy.rego']).toBe(content);
  });

  test('rejects an unknown algorithm', () => {
    expect(problemsOf(() => renderInitDataToml({ algorithm: 'sha1', data: {} } as unknown as InitDataDocument))).toEqual([
      { path: 'algorithm', message: 'must be one of "sha256", "sha384", "sha512", got "sha1"' },
    ]);
  });

  test('rejects a malformed version', () => {
    expect(problemsOf(() => renderInitDataToml({ algorithm: 'sha256', version: '0.1"', data: {} }))).toEqual([
      { path: 'version', message: 'must be a version of three numbers such as "0.1.0", got "0.1\\""' },
    ]);
  });

  test('rejects data that is not an object', () => {
    expect(problemsOf(() => renderInitDataToml({ algorithm: 'sha256', data: 'aa' } as unknown as InitDataDocument))).toEqual([
      { path: 'data', message: 'must be an object of file contents, got "aa"' },
    ]);
  });

  test('rejects an unknown entry name and non-text content', () => {
    // WHEN the data has a typo and a number
    const document = { algorithm: 'sha256', data: { 'aa.tml': 'x', 'cdh.toml': 5 } } as unknown as InitDataDocument;
    // THEN both are reported
    expect(problemsOf(() => renderInitDataToml(document))).toEqual([
      { path: 'data["aa.tml"]', message: 'must be one of "aa.toml", "cdh.toml", "policy.rego", got "aa.tml"' },
      { path: 'data["cdh.toml"]', message: 'must be text, got 5' },
    ]);
  });

  test("rejects content containing ''' (it would close the literal string)", () => {
    const problems = problemsOf(() => renderInitDataToml({ algorithm: 'sha256', data: { 'policy.rego': "x = '''\n" } }));
    expect(problems).toEqual([{
      path: 'data["policy.rego"]',
      message: `must not contain three single quotes in a row (they would close the TOML literal string), got "x = '''\\n"`,
    }]);
  });

  test.each([
    ['a NUL', 'a\u0000b\n', '0000'],
    ['an escape', 'a\u001Bb\n', '001B'],
    ['a DEL', 'a\u007Fb\n', '007F'],
    ['a form feed', 'a\u000Cb\n', '000C'],
  ])('rejects content with %s character', (_name, content, code) => {
    const problems = problemsOf(() => renderInitDataToml({ algorithm: 'sha256', data: { 'aa.toml': content } }));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('data["aa.toml"]');
    expect(problems[0].message).toMatch(new RegExp(`^must not contain control characters other than tab and newline \\(found U\\+${code}\\), got `));
  });

  test('rejects CRLF line endings, saying why', () => {
    const problems = problemsOf(() => renderInitDataToml({ algorithm: 'sha256', data: { 'cdh.toml': 'a = 1\r\n' } }));
    expect(problems).toEqual([{
      path: 'data["cdh.toml"]',
      message: 'must not contain control characters other than tab and newline (found U+000D, a carriage return: use LF line endings), got "a = 1\\r\\n"',
    }]);
  });

  test('rejects content that is not well-formed Unicode', () => {
    expect(problemsOf(() => renderInitDataToml({ algorithm: 'sha256', data: { 'aa.toml': 'a\uDC00\n' } }))).toEqual([
      { path: 'data["aa.toml"]', message: 'must be well-formed Unicode text, got a string with a lone UTF-16 surrogate' },
    ]);
  });
});

describe('renderInitDataToml read-back check', () => {
  beforeEach(() => jest.resetModules());
  afterEach(() => jest.dontMock('smol-toml'));

  test('fails loudly when the text does not read back as the input', () => {
    // GIVEN a TOML parser that returns different data
    jest.doMock('smol-toml', () => ({ ...jest.requireActual('smol-toml'), parse: () => ({ algorithm: 'sha256' }) }));
    const { renderInitDataToml: render } = jest.requireActual('../../lib/initdata/document') as typeof import('../../lib/initdata/document');
    // WHEN rendering THEN the mismatch is an internal error, not silent output
    expect(() => render({ algorithm: 'sha256', data: {} })).toThrow(/^rendered initdata does not read back as its input/);
  });

  test('fails loudly when the text does not parse', () => {
    // GIVEN a TOML parser that rejects everything
    jest.doMock('smol-toml', () => ({ ...jest.requireActual('smol-toml'), parse: () => { throw new Error('boom'); } }));
    const { renderInitDataToml: render } = jest.requireActual('../../lib/initdata/document') as typeof import('../../lib/initdata/document');
    // WHEN rendering THEN the parse failure is reported with the text
    expect(() => render({ algorithm: 'sha256', data: {} })).toThrow(/^rendered initdata does not parse as TOML \(boom\)/);
  });
});
