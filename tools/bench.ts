/**
 * `npm run bench`: every performance figure of issue #15 in one run, each next to the floor measured in the
 * same run (these machines are shared and noisy: read medians and ratios, not absolute times).
 *   floor                  node -e "require('cdk8s-plus-28')" (what loading cdk8s costs)
 *   node alone             node -e 0
 *   synth (compiled)       node bin/synth.js: the default pattern.yaml, rendered and written
 *   npm run synth          the same end to end, as a user or CI runs it (adds npm's own start-up)
 *   ... from sources       COCO_SYNTH_SOURCES=1: the TypeScript sources through tsx
 *   failing synth          a pattern.yaml with `cloud: gcp`: must be reported before anything heavy loads
 *   hub + N spoke groups   generated fleets (a hub with ACM and Trustee, N spoke groups it brings up), N = 1, 10, 50, 100,
 *                          rendered again into the folder of the previous run (as a pre-commit hook or a developer does:
 *                          a folder that already holds the render is left as it is)
 *   ... into a new folder  the same, every run into a folder that does not exist yet (every file written)
 *   render only            load pattern.yaml, render and write, inside one warm process (no start-up)
 *   npm test               once, with jest's cache cleared first (BENCH_TEST=0 leaves it out)
 * Each synth is run once to warm caches, then RUNS times (BIG_RUNS for 50 and 100 groups); median, min and max are
 * printed, then the targets: synth <= 1.5x the floor, failing synth <= 0.75x, 100 groups <= 3 s with a per-group
 * cost constant within +-20%, npm test <= 60 s, and the peak memory (max RSS) of the 100-group synth.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { renderPattern } from '../lib/cli/synth-command';
import { loadPattern } from '../lib/config/load';
import { writeTree } from '../lib/output/write';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS ?? 3);
const GROUPS = [1, 10, 50, 100];
const root = path.resolve(__dirname, '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-bench-'));
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
const synthJs = path.join(root, 'bin', 'synth.js');
const cert = path.join(root, 'certs', 'kbs-ca.EXAMPLE.pem');

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function measure(fn: () => void, runs = RUNS): number[] {
  fn();
  return Array.from({ length: runs }, () => time(fn)).sort((a, b) => a - b);
}

/** Runs a command; `exitCode` is the one it must end with. */
const run = (cmd: string, args: string[], exitCode = 0, extraEnv: NodeJS.ProcessEnv = {}) => () => {
  const r = spawnSync(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== exitCode) {
    throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status} (expected ${exitCode})\n${r.stderr}`);
  }
};

/**
 * The fleet shape of examples/fleet: a hub running ACM and Trustee, and `n` spoke groups its ACM brings up,
 * whose pods attest to the hub's Trustee.
 */
function hubAndSpokes(n: number): string {
  const trustee = { initDataExpiration: '2099-01-01T00:00:00Z', kbs: { certificate: cert } };
  const clusterGroups: Record<string, unknown> = {
    hub: { appsDomain: 'apps.hub.example.com', acm: { enabled: true }, trustee, sandbox: { enabled: false }, workloads: { helloOpenshift: { enabled: false }, kbsAccess: { enabled: false } } },
  };
  for (let i = 1; i <= n; i++) {
    clusterGroups[`spoke${i}`] = { spoke: { hub: 'hub' } };
  }
  return stringify({ gitops: { repoURL: 'https://git.example.com/org/gitops.git' }, clusterGroups }, { aliasDuplicateObjects: false });
}

const file = (name: string, content: string) => {
  const p = path.join(out, name);
  fs.writeFileSync(p, content);
  return p;
};
const bad = file('bad.yaml', 'gitops:\n  repoURL: https://git.example.com/org/gitops.git\nclusterGroups:\n  simple:\n    cloud: gcp\n');
const fleets = GROUPS.map(n => ({ n, config: file(`fleet-${n}.yaml`, hubAndSpokes(n)) }));

const rows: [string, number[]][] = [
  ['floor: node -e "require(\'cdk8s-plus-28\')"', measure(run(process.execPath, ['-e', "require('cdk8s-plus-28')"]))],
  ['node alone: node -e 0', measure(run(process.execPath, ['-e', '0']))],
  ['synth: node bin/synth.js (default pattern)', measure(run(process.execPath, [synthJs, '--output', path.join(out, 'default')]))],
  ['npm run synth (end to end)', measure(run('npm', ['run', '--silent', 'synth', '--', '--output', path.join(out, 'e2e')]))],
  ['npm run synth from sources (tsx)', measure(run('npm', ['run', '--silent', 'synth', '--', '--output', path.join(out, 'tsx')], 0, { COCO_SYNTH_SOURCES: '1' }))],
  ['failing synth (cloud: gcp)', measure(run(process.execPath, [synthJs, '--config', bad, '--output', path.join(out, 'bad')], 1))],
  ...fleets.map(({ n, config }): [string, number[]] => [
    `hub + ${n} spoke group${n === 1 ? '' : 's'}`,
    measure(run(process.execPath, [synthJs, '--config', config, '--output', path.join(out, `fleet-${n}`)]), n >= 50 ? BIG_RUNS : RUNS),
  ]),
  ...fleets.filter(({ n }) => n === 1 || n === 100).map(({ n, config }): [string, number[]] => {
    let fresh = 0;
    return [
      `hub + ${n} spoke group${n === 1 ? '' : 's'}, into a new folder`,
      measure(() => run(process.execPath, [synthJs, '--config', config, '--output', path.join(out, `new-${n}-${fresh++}`)])(), n >= 50 ? BIG_RUNS : RUNS),
    ];
  }),
  ['render only (in-process, warm)', measure(() => writeTree(renderPattern(loadPattern(path.join(root, 'pattern.yaml'))), path.join(out, 'inproc')))],
];

/** `npm test` once, cold (jest's transform cache cleared first), in seconds of wall time; undefined when left out. */
function npmTest(): number | undefined {
  if (process.env.BENCH_TEST === '0') {
    return undefined;
  }
  run(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--clearCache'])();
  try {
    return time(run('npm', ['test', '--silent']));
  } catch (e) {
    // a failing suite must not throw away the synth figures measured before it
    process.stderr.write(`npm test failed, so its time is not a figure: ${(e as Error).message.split('\n')[0]}\n`);
    return undefined;
  }
}
const testSeconds = npmTest();

/** Peak memory (max RSS) and file count of one synth, read inside the child when it exits. */
function peak(config: string, dir: string): { rssMiB: number; files: number; bytes: number } {
  const report = path.join(out, 'rss.json');
  const preload = file('rss.js', `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.resourceUsage().maxRSS)));`);
  execFileSync(process.execPath, ['-r', preload, synthJs, '--config', config, '--output', dir], { cwd: root, env, stdio: 'ignore' });
  const listed = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter(e => e.isFile());
  const bytes = listed.reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).size, 0);
  return { rssMiB: Number(fs.readFileSync(report, 'utf8')) / 1024, files: listed.length, bytes };
}
const memory = [1, 100].map(n => ({ n, ...peak(fleets.find(f => f.n === n)!.config, path.join(out, `fleet-${n}`)) }));
fs.rmSync(out, { recursive: true, force: true });

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleIsFresh, compiledIsFresh } = require('../bin/compiled') as { bundleIsFresh: () => boolean; compiledIsFresh: () => boolean };
const fmt = (s: number) => `${s.toFixed(3)} s`;
const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
const med = (name: string) => median(rows.find(([n]) => n.startsWith(name))![1]);
const floor = med('floor');
const say = (line = '') => process.stdout.write(`${line}\n`);
say(`synth benchmark: ${RUNS} runs after one warm-up (${BIG_RUNS} for 50 and 100 groups), ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg().map(l => l.toFixed(1)).join(' ')}`);
say(`compiled app: ${!compiledIsFresh() ? 'STALE or missing: bin/synth.js ran the sources; run "npm run build"'
  : bundleIsFresh() ? 'fresh (bin/synth.js runs the bundle build/synth.js with its code cache)' : 'fresh, bundle STALE (bin/synth.js runs build/main.js); run "npm run build"'}`);
say();
say(`${'what'.padEnd(44)} ${'median'.padStart(9)} ${'min'.padStart(9)} ${'max'.padStart(9)} ${'x floor'.padStart(8)}`);
for (const [name, xs] of rows) {
  say(`${name.padEnd(44)} ${fmt(median(xs)).padStart(9)} ${fmt(xs[0]).padStart(9)} ${fmt(xs[xs.length - 1]).padStart(9)} ${(median(xs) / floor).toFixed(2).padStart(8)}`);
}
say();
const perGroup = GROUPS.slice(1).map((n, i) => {
  const m = GROUPS[i];
  return { from: m, to: n, cost: (med(`hub + ${n} `) - med(`hub + ${m} `)) / (n - m) };
});
say(`cost per added spoke group: ${perGroup.map(p => `${p.from}->${p.to}: ${(p.cost * 1000).toFixed(1)} ms`).join(', ')}`);
for (const m of memory) {
  say(`peak memory (max RSS), hub + ${m.n}: ${m.rssMiB.toFixed(0)} MiB for ${m.files} files, ${(m.bytes / 1024 / 1024).toFixed(1)} MiB of output`);
}
say();
const costs = perGroup.map(p => p.cost);
const mean = costs.reduce((a, b) => a + b, 0) / costs.length;
const spread = Math.max(...costs.map(c => Math.abs(c - mean) / mean));
const check = (what: string, ok: boolean) => say(`${ok ? 'met ' : 'MISS'}  ${what}`);
check(`synth ${(med('synth:') / floor).toFixed(2)}x the floor (target <= 1.5x)`, med('synth:') <= 1.5 * floor);
check(`failing synth ${(med('failing') / floor).toFixed(2)}x the floor (target <= 0.75x)`, med('failing') <= 0.75 * floor);
check(`hub + 100 spoke groups ${fmt(med('hub + 100 '))} (target <= 3 s)`, med('hub + 100 ') <= 3);
check(`per-group cost within ${(spread * 100).toFixed(0)}% of its mean ${(mean * 1000).toFixed(1)} ms (target +-20%)`, spread <= 0.2);
if (testSeconds !== undefined) {
  check(`npm test ${fmt(testSeconds)} wall, cold (target <= 60 s)`, testSeconds <= 60);
}
