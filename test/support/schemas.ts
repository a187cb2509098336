/**
 * The schema folder for strict validation tests. In CI (CI=true) a missing folder fails the run; on
 * other machines the schema tests are skipped with a visible notice.
 */
import * as fs from 'fs';
import { SchemaValidator } from '../../tools/schema-validator';
import { schemasDir } from '../../tools/schemas';

let cached: SchemaValidator | undefined | null = null;

/** The validator, or undefined (with a notice) when the schemas are not available outside CI. */
export function schemaValidator(): SchemaValidator | undefined {
  if (cached !== null) {
    return cached;
  }
  const dir = schemasDir();
  if (!fs.existsSync(dir)) {
    if (process.env.CI === 'true') {
      throw new Error(`schema folder ${dir} not found: CI must have the schemas (set COCO_SCHEMAS_DIR)`);
    }
    process.stderr.write(`\nNOTICE: schema validation tests SKIPPED: ${dir} not found. Point COCO_SCHEMAS_DIR at the schema folder (shared/schemas) to run them.\n`);
    cached = undefined;
    return cached;
  }
  cached = SchemaValidator.load(dir);
  return cached;
}

/** `describe` that skips when the schemas are unavailable. */
export const describeWithSchemas = (name: string, fn: () => void): void =>
  (schemaValidator() ? describe : describe.skip)(name, fn);
