#!/usr/bin/env node
/**
 * `npm run synth` launcher. Runs the compiled app (build/main.js, made by `npm run build`, which
 * `npm ci` runs) when it is newer than every TypeScript source it was compiled from; otherwise (or with
 * COCO_SYNTH_SOURCES=1) runs the sources through tsx. Either way the output is the same; the compiled
 * path skips about 0.3 s of tsx start-up.
 */
'use strict';
const path = require('path');
const { compiledIsFresh, root } = require('./compiled');

if (process.env.COCO_SYNTH_SOURCES !== '1' && compiledIsFresh()) {
  require(path.join(root, 'build', 'main.js'));
} else {
  require('tsx/cjs');
  require(path.join(root, 'main.ts'));
}
