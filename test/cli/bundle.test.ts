/**
 * The synth as one file with V8's code cache (bin/bundle.js, run by bin/compiled.js `runBundle`): it renders what
 * the sources render, writes a cache V8 then accepts, and still runs when the cache is missing or foreign.
 * The bundle is made here from main.ts with the build's own esbuild settings, so the test does not depend on
 * whether `npm run build` ran since the sources last changed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listFiles } from '../../lib/output/write';
import { folderContents } from '../support/folders';
import { REPO } from '../support/render';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundle } = require('../../bin/bundle') as { bundle: (entry: string, outfile: string) => void };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-bundle-'));
const BUNDLE = path.join(dir, 'synth.js');
const CACHE = `${BUNDLE}.cache`;

/** Runs the bundle the way bin/synth.js does, in a child process (`synth` stands in for the script in argv); prints whether the cache was used. */
function runBundled(args: string[], writeCache = false) {
  const launcher = `
    const { runBundle } = require(${JSON.stringify(path.join(REPO, 'bin', 'compiled.js'))});
    const cached = runBundle(${JSON.stringify(BUNDLE)}, ${JSON.stringify(CACHE)}, { writeCache: ${writeCache} });
    process.stderr.write('cache used: ' + cached + '\\n');`;
  return spawnSync(process.execPath, ['-e', launcher, 'synth', ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
}

beforeAll(() => bundle(path.join(REPO, 'main.ts'), BUNDLE));

test('renders pattern.yaml as the sources do, writes a code cache, and V8 accepts it on the next run', () => {
  // WHEN the bundle renders once without a cache, writing one
  const first = runBundled(['--output', path.join(dir, 'first')], true);
  expect(first.status).toBe(0);
  expect(first.stderr).toContain('cache used: false');
  expect(fs.statSync(CACHE).size).toBeGreaterThan(100_000);
  // THEN the next run uses it and renders the same files
  const second = runBundled(['--output', path.join(dir, 'second')]);
  expect(second.status).toBe(0);
  expect(second.stderr).toContain('cache used: true');
  expect(folderContents(path.join(dir, 'second'))).toEqual(folderContents(path.join(dir, 'first')));
  // AND that is exactly the committed dist/ (which the sources render: CI checks it)
  const check = runBundled(['--check', '--output', path.join(REPO, 'dist')]);
  expect(check.stdout).toMatch(/^dist is up to date \(\d+ files\)\n$/);
});

test('a cache V8 refuses (another build) is ignored, and the synth still runs', () => {
  fs.writeFileSync(CACHE, Buffer.alloc(4096, 7));
  const r = runBundled(['--output', path.join(dir, 'foreign')]);
  expect(r.status).toBe(0);
  expect(r.stderr).toContain('cache used: false');
  expect(listFiles(path.join(dir, 'foreign'))).toContain('simple/POSTURE.md');
});

test('a configuration with problems is reported in one line per problem, exit 1, nothing written', () => {
  const bad = path.join(dir, 'bad.yaml');
  fs.writeFileSync(bad, 'gitops:\n  repoURL: https://git.example.com/org/gitops.git\nclusterGroups:\n  simple:\n    cloud: gcp\n');
  const r = runBundled(['--config', bad, '--output', path.join(dir, 'bad')]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('error: clusterGroups.simple.cloud: must be one of "azure", "aws", "libvirt", "baremetal", got "gcp"');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(fs.existsSync(path.join(dir, 'bad'))).toBe(false);
});
