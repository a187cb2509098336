#!/usr/bin/env node
/**
 * Part of `npm run build`, after tsc: the synth CLI as one file, and V8's code cache for it.
 *
 *   build/synth.js        build/main.js with everything it requires (ours, cdk8s, zod, yaml, ...) bundled by esbuild
 *   build/synth.js.cache  the bytecode V8 compiled while that file rendered pattern.yaml once
 *
 * bin/synth.js runs the bundle through vm.Script with the cache: one file read instead of resolving and reading some
 * 460 modules, and functions come compiled instead of being parsed again. Together that is about a third of a
 * default synth (measured with `npm run bench`). Output is unchanged: `npm run synth -- --check` in CI renders
 * through the bundle and compares with the committed dist/.
 *
 * The cache is made by real runs (V8's cache holds the functions compiled so far): they render the example fleet and
 * pattern.yaml into a temporary folder that is removed. When a render fails (pattern.yaml being edited), the cache
 * holds less and the build still succeeds. V8 refuses a cache made by another node or V8 build (bin/synth.js then compiles as usual).
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const esbuild = require('esbuild');
const { BUNDLE, CODE_CACHE, root } = require('./compiled');

/** How the project bundles for node (the synth CLI here, the test workers' tools in test/support/environment.js). */
const NODE_BUNDLE = { bundle: true, platform: 'node', format: 'cjs', target: 'node20' };

/** Bundles `entry` (build/main.js; a test bundles main.ts) and all it requires into `outfile`. */
function bundle(entry, outfile) {
  esbuild.buildSync({ ...NODE_BUNDLE, entryPoints: [entry], outfile, logLevel: 'warning' });
}
module.exports = { NODE_BUNDLE, bundle };

if (require.main !== module) {
  return;
}
bundle(path.join(root, 'build', 'main.js'), BUNDLE);

fs.rmSync(CODE_CACHE, { force: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-code-cache-'));
try {
  // The example fleet first (hub, ACM policies, spokes, bare metal), then pattern.yaml: each run starts from the cache
  // the one before wrote and adds what it compiled.
  for (const config of [path.join('examples', 'fleet', 'pattern.yaml'), 'pattern.yaml']) {
    const run = spawnSync(process.execPath, [path.join(root, 'bin', 'synth.js'), '--config', config, '--output', path.join(tmp, path.basename(path.dirname(path.resolve(root, config))))], {
      cwd: root,
      // COCO_SYNTH_SOURCES cleared: the run must be the bundle's, whatever the shell exported
      env: { ...process.env, COCO_WRITE_CODE_CACHE: '1', COCO_SYNTH_SOURCES: '', COCO_DEBUG: '1', CDK8S_CHECK_UPGRADE: 'false' },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (run.status !== 0) {
      process.stderr.write(`bundle: ${config} did not render (${run.stderr.split('\n').find(l => l.startsWith('error')) ?? `exit ${run.status}`}); the code cache covers less of the synth\n`);
    }
  }
  if (!fs.existsSync(CODE_CACHE)) {
    process.stderr.write('bundle: no code cache written (bin/synth.js did not run the bundle: are the sources newer than build/? run "npm run build" again); the synth still works, slower to start\n');
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
