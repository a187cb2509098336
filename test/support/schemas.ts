/**
 * The schema folder for strict validation tests. In CI (CI=true) a missing folder fails the run; on
 * other machines the schema tests are skipped with a visible notice.
 */
import * as fs from 'fs';
import type { SchemaValidator } from '../../tools/schema-validator';
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
  // tools/schema-validator (and ajv) is loaded here only under another test environment
  cached = workerValidator(dir) ?? (require('../../tools/schema-validator') as typeof import('../../tools/schema-validator')).SchemaValidator.load(dir);
  return cached;
}

/** What test/support/environment.js hands each test file: state its worker keeps from file to file. */
interface Worker {
  schemaValidator(dir: string): SchemaValidator;
}

/**
 * The validator the worker keeps (see test/support/environment.js: compiling the schemas once per worker,
 * not once per test file), as an object of this test file whose results are arrays of this file's realm
 * (jest compares arrays of another realm by constructor); undefined under another test environment.
 */
function workerValidator(dir: string): SchemaValidator | undefined {
  const worker = (globalThis as { __cocoWorker?: Worker }).__cocoWorker;
  if (!worker) {
    return undefined;
  }
  const shared = worker.schemaValidator(dir);
  const local: Pick<SchemaValidator, 'validate' | 'crdNamespaced'> = {
    validate: obj => [...shared.validate(obj)],
    crdNamespaced: (apiVersion, kind) => shared.crdNamespaced(apiVersion, kind),
  };
  return local as SchemaValidator;
}

/** `describe` that skips when the schemas are unavailable. */
export const describeWithSchemas = (name: string, fn: () => void): void =>
  (schemaValidator() ? describe : describe.skip)(name, fn);

type Json = Record<string, any>;

/**
 * For every object an ACM Policy embeds (each ConfigurationPolicy and each of its object templates): the
 * line the validator must report when that object alone gets an unknown field. Proves the embedded
 * objects are validated at all (a validator that skipped them would accept every corrupted copy).
 */
export function embeddedObjectChecks(policy: Json): { where: string; corrupted: Json; expected: string }[] {
  const checks: { where: string; corrupted: Json; expected: string }[] = [];
  (policy.spec?.['policy-templates'] ?? []).forEach((t: Json, i: number) => {
    const outer = `spec.policy-templates[${i}].objectDefinition`;
    const corruptTemplate = structuredClone(policy);
    corruptTemplate.spec['policy-templates'][i].objectDefinition.notAField = 1;
    checks.push({ where: outer, corrupted: corruptTemplate, expected: `${outer}: (root): unknown field "notAField"` });
    (t.objectDefinition?.spec?.['object-templates'] ?? []).forEach((_: Json, j: number) => {
      const inner = `spec.object-templates[${j}].objectDefinition`;
      const corrupted = structuredClone(policy);
      corrupted.spec['policy-templates'][i].objectDefinition.spec['object-templates'][j].objectDefinition.notAField = 1;
      checks.push({ where: `${outer}: ${inner}`, corrupted, expected: `${outer}: ${inner}: (root): unknown field "notAField"` });
    });
  });
  return checks;
}
