/**
 * `npm run validate [-- DIR]` (tools/validate.ts): strict schema validation of every YAML document in a
 * rendered folder. One line per problem, naming the file (and the object); exit 1 on any problem, never a
 * stack trace, whatever the folder holds (invalid YAML, alias bombs, unreadable files).
 */
import * as fs from 'fs';
import * as path from 'path';
import { readManifests, SchemaValidator } from './schema-validator';
import { schemasDir } from './schemas';

/** Where the command writes; tests pass their own. */
export interface ValidateIO {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
}

/** Runs the command; `loadValidator` defaults to the schema folder (COCO_SCHEMAS_DIR). Returns the exit code. */
export function runValidate(argv: readonly string[], io: ValidateIO,
  loadValidator: () => SchemaValidator = () => SchemaValidator.load(schemasDir())): number {
  if (argv.length > 1 || argv[0]?.startsWith('-')) {
    io.err('usage: npm run validate [-- DIR]');
    return 1;
  }
  const dir = path.resolve(io.cwd, argv[0] ?? 'dist');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    io.err(`error: ${argv[0] ?? 'dist'}: no such folder`);
    return 1;
  }
  let validator: SchemaValidator;
  try {
    validator = loadValidator();
  } catch (e) {
    io.err(`error: ${(e as Error).message}; set COCO_SCHEMAS_DIR to the schema folder`);
    return 1;
  }
  let failures = 0;
  const manifests = readManifests(dir);
  for (const { file, obj, error } of manifests) {
    const shown = path.relative(io.cwd, file) || '.';
    let lines: string[];
    if (error !== undefined) {
      lines = [`${shown}: ${error}`];
    } else {
      const o = obj as { kind?: string; metadata?: { name?: string } } | null;
      let problems: string[];
      try {
        problems = validator.validate(obj);
      } catch (e) {
        problems = [`cannot validate: ${String((e as Error)?.message ?? e).split('\n')[0]}`];
      }
      lines = problems.map(p => `${shown} (${o?.kind ?? '?'} ${o?.metadata?.name ?? '?'}): ${p}`);
    }
    lines.forEach(io.err);
    failures += lines.length > 0 ? 1 : 0;
  }
  if (failures > 0) {
    io.err(`${failures} of ${manifests.length} objects failed validation`);
    return 1;
  }
  io.out(`${manifests.length} objects valid`);
  return 0;
}
