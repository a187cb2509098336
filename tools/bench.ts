/**
 * `npm run bench`: wall time of the synth, in one run, against the floor of loading cdk8s-plus-28.
 *   floor                 node -e "require('cdk8s-plus-28')"
 *   npm run synth         end to end, as a user or CI runs it (npm + the compiled app + render + atomic write)
 *   ... from sources      the same with COCO_SYNTH_SOURCES=1: the TypeScript sources through tsx (what runs
 *                         when build/ is older than the sources)
 *   render only           load pattern.yaml, render and write, inside one warm process (no start-up)
 * Each is run once to warm caches, then RUNS times; median, min and max are printed.
 * Target (issue #2): end-to-end warm synth at most 1.0 s on a 2-core machine.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderPattern } from '../lib/cli/synth-command';
import { loadPattern } from '../lib/config/load';
import { writeTree } from '../lib/output/write';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGET_SECONDS = 1.0;
const root = path.resolve(__dirname, '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-bench-'));
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function measure(fn: () => void): number[] {
  fn();
  return Array.from({ length: RUNS }, () => time(fn)).sort((a, b) => a - b);
}

const run = (cmd: string, args: string[]) => () => {
  execFileSync(cmd, args, { cwd: root, env, stdio: 'ignore' });
};

const synth = (dir: string, extraEnv: NodeJS.ProcessEnv = {}) => () => {
  execFileSync('npm', ['run', '--silent', 'synth', '--', '--output', path.join(out, dir)], { cwd: root, env: { ...env, ...extraEnv }, stdio: 'ignore' });
};
const rows: [string, number[]][] = [
  ['floor: node -e "require(\'cdk8s-plus-28\')"', measure(run(process.execPath, ['-e', "require('cdk8s-plus-28')"]))],
  ['npm run synth (end to end)', measure(synth('e2e'))],
  ['npm run synth from sources (tsx)', measure(synth('tsx', { COCO_SYNTH_SOURCES: '1' }))],
  ['render only (in-process, warm)', measure(() => writeTree(renderPattern(loadPattern(path.join(root, 'pattern.yaml'))), path.join(out, 'inproc')))],
];
fs.rmSync(out, { recursive: true, force: true });

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compiledIsFresh } = require('../bin/compiled') as { compiledIsFresh: () => boolean };
const fmt = (s: number) => `${s.toFixed(3)} s`;
const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
process.stdout.write(`synth benchmark: ${RUNS} runs after one warm-up, ${os.cpus().length} cores, node ${process.version}\n`);
process.stdout.write(`compiled app: ${compiledIsFresh() ? 'fresh (npm run synth runs build/main.js)' : 'STALE or missing: npm run synth ran the sources; run "npm run build"'}\n\n`);
process.stdout.write(`${'what'.padEnd(42)} ${'median'.padStart(9)} ${'min'.padStart(9)} ${'max'.padStart(9)}\n`);
for (const [name, xs] of rows) {
  process.stdout.write(`${name.padEnd(42)} ${fmt(median(xs)).padStart(9)} ${fmt(xs[0]).padStart(9)} ${fmt(xs[xs.length - 1]).padStart(9)}\n`);
}
const e2e = median(rows[1][1]);
process.stdout.write(`\nend-to-end median ${fmt(e2e)} vs target ${fmt(TARGET_SECONDS)}: ${e2e <= TARGET_SECONDS ? 'within target' : 'OVER TARGET'}\n`);
