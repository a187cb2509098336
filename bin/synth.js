#!/usr/bin/env node
/**
 * `npm run synth` launcher. Runs the compiled app when build/ (made by `npm run build`, which `npm ci` runs) is
 * newer than every TypeScript source it was compiled from: its one-file bundle build/synth.js with V8's code cache
 * (bin/bundle.js) when that is current too, else build/main.js. Otherwise (or with COCO_SYNTH_SOURCES=1) runs the
 * sources through tsx. Every way renders the same files; the bundle starts fastest, tsx slowest. COCO_DEBUG=1
 * prints which one ran.
 */
'use strict';
const path = require('path');
const { BUNDLE, CODE_CACHE, bundleIsFresh, compiledIsFresh, root, runBundle } = require('./compiled');

const debug = line => process.env.COCO_DEBUG && process.stderr.write(`synth: ${line}\n`);

if (process.env.COCO_SYNTH_SOURCES !== '1' && compiledIsFresh()) {
  if (bundleIsFresh()) {
    const cached = runBundle(BUNDLE, CODE_CACHE, { writeCache: process.env.COCO_WRITE_CODE_CACHE === '1' });
    debug(`ran the bundle build/synth.js, ${cached ? 'with' : 'without'} its code cache`);
  } else {
    require(path.join(root, 'build', 'main.js'));
    debug('ran build/main.js (the bundle is older than the build or than node_modules)');
  }
} else {
  require('tsx/cjs');
  require(path.join(root, 'main.ts'));
  debug('ran the TypeScript sources through tsx');
}
