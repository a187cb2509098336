/**
 * Reading the configuration loads no construct: lib/config imports neither cdk8s, constructs nor the
 * generated CRD classes, and the synth command reports a bad pattern.yaml before it loads any of them.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../support/render';

const HEAVY = String.raw`/node_modules/(cdk8s|cdk8s-plus-28|constructs)/|/imports/`;

/** The heavy modules loaded after running `script` (CommonJS, sources through tsx) in a fresh node. */
function heavyModulesAfter(script: string): string[] {
  const probe = `${script}; process.stdout.write(JSON.stringify(Object.keys(require.cache).filter(m => new RegExp(${JSON.stringify(HEAVY)}).test(m.split(require('path').sep).join('/')))));`;
  const out = execFileSync(process.execPath, ['-r', 'tsx/cjs', '-e', probe], { cwd: REPO, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
  return JSON.parse(out) as string[];
}

test('lib/config/load imports no construct, cdk8s or generated class', () => {
  // WHEN / THEN
  expect(heavyModulesAfter(`require('./lib/config/load').loadPattern('pattern.yaml')`)).toEqual([]);
});

test('a synth that fails on its configuration loads none of them', () => {
  // GIVEN a pattern.yaml with a bad cloud
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-light-'));
  const file = path.join(dir, 'pattern.yaml');
  fs.writeFileSync(file, 'gitops:\n  repoURL: https://git.example.com/org/gitops.git\nclusterGroups:\n  simple:\n    cloud: gcp\n');
  try {
    // WHEN
    const script = `const code = require('./lib/cli/synth-command').runSynth(['--config', ${JSON.stringify(file)}, '--check'], { out: () => {}, err: l => { if (!l.startsWith('error: ')) throw new Error(l); }, env: {}, cwd: process.cwd() }); if (code !== 1) throw new Error('exit ' + code)`;
    // THEN
    expect(heavyModulesAfter(script)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
