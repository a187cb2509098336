/**
 * Jest test environment: Node's, plus what a worker keeps across the test files it runs.
 *
 * Every test file gets a fresh module registry, so a cache in a test module lasts one file. Compiling the
 * strict schema validators (ajv code generation for the Kubernetes and CRD schemas) cost about a second
 * per test file that validates, over 20 files: a third of the suite's CPU. The validator holds no state
 * but its compiled schemas, so this environment loads it once per worker, in the worker's own realm (not
 * a test file's, whose whole module registry it would otherwise keep alive), from the same sources
 * (tools/schema-validator.ts, bundled with esbuild), and hands it to each test file as
 * `globalThis.__cocoWorker.schemaValidator(dir)`. test/support/schemas.ts copies what it returns into
 * the test file's realm.
 */
'use strict';
const Module = require('module');
const path = require('path');
const { TestEnvironment } = require('jest-environment-node');

const REPO = path.resolve(__dirname, '..', '..');

/** What this worker keeps, by key: survives from one test file to the next. */
const kept = new Map();

function keep(key, make) {
  if (!kept.has(key)) {
    kept.set(key, make());
  }
  return kept.get(key);
}

/** Loads TypeScript `source` (importing from the project) as a module of this worker, outside any test file. */
function loadBundled(name, source) {
  const { buildSync } = require('esbuild');
  const filename = path.join(REPO, 'test', 'support', `${name}.worker.js`);
  const { outputFiles } = buildSync({
    stdin: { contents: source, resolveDir: REPO, sourcefile: `${name}.worker.ts`, loader: 'ts' },
    ...require('../../bin/bundle').NODE_BUNDLE,
    // ajv, yaml, ... from node_modules, as the tools load them
    packages: 'external',
    write: false,
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: false } },
  });
  const m = new Module(filename, module);
  m.filename = filename;
  m.paths = Module._nodeModulePaths(path.dirname(filename));
  m._compile(outputFiles[0].text, filename);
  return m.exports;
}

const worker = Object.freeze({
  /** The strict schema validator of schema folder `dir` (tools/schema-validator.ts), one per worker. */
  schemaValidator(dir) {
    return keep(`schemaValidator:${dir}`, () => {
      const { SchemaValidator } = keep('tools/schema-validator', () => loadBundled('schema-validator', "export { SchemaValidator } from './tools/schema-validator';"));
      return SchemaValidator.load(dir);
    });
  },
});

class CocoEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__cocoWorker = worker;
  }
}

module.exports = CocoEnvironment;
