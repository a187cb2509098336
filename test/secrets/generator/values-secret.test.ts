import { execFileSync } from 'child_process';
import { parse } from 'yaml';
import { renderValuesSecret, ValuesSecretEntry } from '../../../lib/secrets/generator/values-secret';

const ENTRIES: ValuesSecretEntry[] = [
  { name: 'kbsres1', vaultPrefixes: ['hub'], fields: [{ name: 'key1', value: 'c2VjcmV0' }] },
  { name: 'sshKey', vaultPrefixes: ['global', 'hub'], fields: [{ name: 'id_rsa', path: '/home/u/.coco-cdk8s/id_rsa' }] },
  {
    name: 'tricky',
    vaultPrefixes: ['hub'],
    fields: [
      { name: 'yes', value: 'on' },
      { name: 'octal', value: '0777' },
      { name: 'sexagesimal', value: '1:20' },
      { name: 'policy', value: '{\n  "default": [{"type": "reject"}]\n}\n' },
      { name: 'no-newline', value: 'line1\nline2' },
    ],
  },
];

function hasPyYaml(): boolean {
  try {
    execFileSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('renderValuesSecret', () => {
  test('writes version "2.0" as a string and the secrets as given', () => {
    // WHEN
    const text = renderValuesSecret(ENTRIES, ['header']);
    // THEN
    expect(text).toContain('\nversion: "2.0"\nsecrets:\n');
    expect(parse(text)).toEqual({
      version: '2.0',
      secrets: ENTRIES.map(e => ({ name: e.name, vaultPrefixes: e.vaultPrefixes, fields: e.fields })),
    });
  });

  test('starts with the header as comment lines', () => {
    // WHEN
    const text = renderValuesSecret(ENTRIES, ['first line', '', 'third']);
    // THEN
    expect(text.startsWith('# first line\n#\n# third\n')).toBe(true);
  });

  test('quotes strings that YAML 1.1 would read as booleans or numbers', () => {
    // WHEN
    const text = renderValuesSecret(ENTRIES, []);
    // THEN
    expect(text).toContain('- name: "yes"\n        value: "on"\n');
    expect(text).toContain('value: "0777"\n');
    expect(text).toContain('value: "1:20"\n');
  });

  (hasPyYaml() ? test : test.skip)('PyYAML (the YAML 1.1 parser load-secrets uses) reads the same data (skipped without python3-yaml)', () => {
    // GIVEN
    const text = renderValuesSecret(ENTRIES, ['header']);
    // WHEN
    const json = execFileSync('python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], {
      input: text,
      encoding: 'utf8',
    });
    // THEN
    expect(JSON.parse(json)).toEqual(parse(text));
  });
});
