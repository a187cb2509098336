/**
 * `npm run validate [-- DIR]`: strict schema validation of every YAML document in a rendered folder
 * (default: dist) against the schema folder (COCO_SCHEMAS_DIR, default ../shared/schemas); see
 * tools/validate-command.ts.
 */
import { runValidate } from './validate-command';

process.exitCode = runValidate(process.argv.slice(2), {
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
});
