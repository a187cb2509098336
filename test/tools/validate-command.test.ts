/**
 * `npm run validate`: whatever a folder holds, one line per problem naming the file, exit 1, no stack trace.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SchemaValidator } from '../../tools/schema-validator';
import { schemasDir } from '../../tools/schemas';
import { runValidate } from '../../tools/validate-command';
import { describeWithSchemas } from '../support/schemas';
import { aliasBomb } from '../support/yaml';

const ROOT = path.resolve(__dirname, '..', '..');

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-validate-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A validator that accepts everything (the schema folder is not needed to read YAML). */
const acceptAll = () => ({ validate: () => [] }) as unknown as SchemaValidator;

function run(argv: string[], cwd: string, loadValidator = acceptAll) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runValidate(argv, { out: l => out.push(l), err: l => err.push(l), cwd }, loadValidator);
  return { code, out, err };
}

describe('npm run validate', () => {
  test('GIVEN a YAML alias bomb WHEN validating THEN one line names the file, exit 1', () => {
    const dir = folder({ 'g/app/ConfigMap.ok.yaml': 'kind: ConfigMap\n', 'g/app/bomb.yaml': aliasBomb() });
    const r = run(['.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      'g/app/bomb.yaml: invalid YAML: Excessive alias count indicates a resource exhaustion attack',
      '1 of 2 objects failed validation',
    ]);
  });

  test('GIVEN any other YAML error WHEN validating THEN one line per broken document', () => {
    const dir = folder({ 'a.yaml': 'kind: [\n', 'b.yml': 'a: 1\na: 2\n', 'c.yaml': 'kind: A\n---\n\tkind: B\n' });
    const r = run([dir], os.tmpdir());
    expect(r.code).toBe(1);
    expect(r.err.slice(0, -1)).toEqual([
      expect.stringMatching(/a\.yaml: invalid YAML: \S[^\n]*$/),
      expect.stringMatching(/b\.yml: invalid YAML: Map keys must be unique/),
      expect.stringMatching(/c\.yaml: invalid YAML: \S[^\n]*$/),
    ]);
    expect(r.err.every(l => !/\n|    at /.test(l))).toBe(true);
  });

  test('GIVEN an unreadable file WHEN validating THEN one line names it', () => {
    if (process.getuid?.() === 0) return; // root reads everything
    const dir = folder({ 'x.yaml': 'kind: A\n' });
    fs.chmodSync(path.join(dir, 'x.yaml'), 0o000);
    const r = run(['.'], dir);
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/^x\.yaml: cannot read: EACCES/);
  });

  test('GIVEN valid documents THEN exit 0 and a count; objects the validator refuses are named', () => {
    const dir = folder({ 'a.yaml': 'kind: ConfigMap\nmetadata: { name: m }\n' });
    expect(run(['.'], dir)).toEqual({ code: 0, out: ['1 objects valid'], err: [] });
    const refuse = () => ({ validate: () => ['data: unknown field "x"'] }) as unknown as SchemaValidator;
    expect(run(['.'], dir, refuse).err).toEqual(['a.yaml (ConfigMap m): data: unknown field "x"', '1 of 1 objects failed validation']);
  });

  test('usage, a missing folder and a missing schema folder are one line each', () => {
    const dir = folder({});
    expect(run(['--x'], dir)).toMatchObject({ code: 1, err: ['usage: npm run validate [-- DIR]'] });
    expect(run(['nope'], dir)).toMatchObject({ code: 1, err: ['error: nope: no such folder'] });
    const missing = () => { throw new Error('no schema folder at /x'); };
    expect(run(['.'], dir, missing)).toMatchObject({ code: 1, err: ['error: no schema folder at /x; set COCO_SCHEMAS_DIR to the schema folder'] });
  });

});

describeWithSchemas('npm run validate, the script', () => {
  test('an alias bomb gives one line on stderr and exit 1', () => {
    const dir = folder({ 'bomb.yaml': aliasBomb() });
    let status = 0;
    let stderr = '';
    try {
      execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'tools', 'validate.ts'), dir],
        { cwd: dir, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, COCO_SCHEMAS_DIR: schemasDir() } });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = (e as { stderr: string }).stderr;
    }
    expect(status).toBe(1);
    expect(stderr).toBe('bomb.yaml: invalid YAML: Excessive alias count indicates a resource exhaustion attack\n1 of 1 objects failed validation\n');
  });
});
