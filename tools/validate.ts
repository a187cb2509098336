/**
 * `npm run validate [-- DIR]`: strict schema validation of every YAML document in a rendered folder
 * (default: dist) against the schema folder (COCO_SCHEMAS_DIR, default ../shared/schemas).
 */
import * as fs from 'fs';
import * as path from 'path';
import { readManifests, SchemaValidator } from './schema-validator';
import { schemasDir } from './schemas';

function main(argv: string[]): number {
  if (argv.length > 1 || argv[0]?.startsWith('-')) {
    process.stderr.write('usage: npm run validate [-- DIR]\n');
    return 1;
  }
  const dir = path.resolve(argv[0] ?? 'dist');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    process.stderr.write(`error: ${argv[0] ?? 'dist'}: no such folder\n`);
    return 1;
  }
  let validator: SchemaValidator;
  try {
    validator = SchemaValidator.load(schemasDir());
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}; set COCO_SCHEMAS_DIR to the schema folder\n`);
    return 1;
  }
  let failures = 0;
  const manifests = readManifests(dir);
  for (const { file, obj } of manifests) {
    const o = obj as { kind?: string; metadata?: { name?: string } };
    const rel = `${path.relative(process.cwd(), file)} (${o.kind ?? '?'} ${o.metadata?.name ?? '?'})`;
    const parseError = (obj as { __parseError?: string }).__parseError;
    const problems = parseError ? [`invalid YAML: ${parseError.split('\n')[0]}`] : validator.validate(obj);
    for (const p of problems) {
      process.stderr.write(`${rel}: ${p}\n`);
    }
    failures += problems.length > 0 ? 1 : 0;
  }
  if (failures > 0) {
    process.stderr.write(`${failures} of ${manifests.length} objects failed validation\n`);
    return 1;
  }
  process.stdout.write(`${manifests.length} objects valid\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
