/**
 * Jest global setup: one private temporary folder for the whole run (TMPDIR, which os.tmpdir() reads and the
 * workers inherit), removed by global-teardown.js. cdk8s' `Testing.app()` makes a `cdk8s.outdir.*` folder per
 * app and never removes it; with this, nothing a test makes outlives the run.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-jest-'));
  process.env.COCO_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
