import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliIO, runSynth } from '../../lib/cli/synth-command';
import { listFiles } from '../../lib/output/write';
import { CLOUDS } from '../../lib/platforms/providers';
import * as YAML from 'yaml';
import { folderContents } from '../support/folders';
import { minimalInput, minimalYaml, REPO } from '../support/render';

const GOOD = minimalYaml();

/** A scratch project folder and a CLI IO capturing output. */
function scratch() {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-cli-'));
  const out: string[] = [];
  const lines: string[] = [];
  const io: CliIO = { out: l => out.push(l), err: l => lines.push(l), env: {}, cwd };
  return {
    cwd,
    out,
    lines,
    io,
    /** stderr without the warnings (unpinned demo images), which one test checks on its own. */
    errors: () => lines.filter(l => !l.startsWith('warning: ')),
    warnings: () => lines.filter(l => l.startsWith('warning: ')),
  };
}

/** Every file under `dir` with its bytes, to prove a folder was left untouched. */
const snapshotDir = (dir: string) => folderContents(dir, 'base64');

describe('synth', () => {
  test('renders pattern.yaml into dist/<group>/<app>/<Kind>.<name>.yaml', () => {
    // GIVEN
    const s = scratch();
    fs.writeFileSync(path.join(s.cwd, 'pattern.yaml'), GOOD);
    // WHEN
    const code = runSynth([], s.io);
    // THEN
    expect(code).toBe(0);
    expect(s.errors()).toEqual([]);
    const files = listFiles(path.join(s.cwd, 'dist'));
    expect(files).toContain('simple/bootstrap/Application.coco-pattern-simple.yaml');
    expect(files).toContain('simple/trustee/Subscription.trustee-operator.yaml');
    expect(files.filter(f => !/^simple\/[a-z0-9-]+\/[^/]+$/.test(f))).toEqual(['.coco-cdk8s-render', 'simple/POSTURE.md']);
    expect(s.out).toEqual([`rendered ${files.length} files into dist`]);
    // AND a second synth of the same pattern rewrites nothing (the folder and its files are the same inodes)
    const inodes = (dir: string) => [dir, ...listFiles(dir).map(f => path.join(dir, f))].map(f => fs.statSync(f).ino);
    const before = inodes(path.join(s.cwd, 'dist'));
    s.out.length = 0;
    expect(runSynth([], s.io)).toBe(0);
    expect(s.out).toEqual([`rendered ${files.length} files into dist (no file changed)`]);
    expect(inodes(path.join(s.cwd, 'dist'))).toEqual(before);
  });

  test('prints a warning per image that is not pinned by digest, and still succeeds', () => {
    const s = scratch();
    fs.writeFileSync(path.join(s.cwd, 'pattern.yaml'), GOOD);
    expect(runSynth([], s.io)).toBe(0);
    expect(s.warnings()).toEqual([
      'warning: simple: hello-openshift/insecure-policy: image "quay.io/openshift/origin-hello-openshift" is not pinned by digest: the agent policy and guest pull cannot tie the pod to one image (use image@sha256:...)',
      'warning: simple: hello-openshift/secure: image "quay.io/openshift/origin-hello-openshift" is not pinned by digest: the agent policy and guest pull cannot tie the pod to one image (use image@sha256:...)',
      'warning: simple: kbs-access/secure: image "ghcr.io/butler54/kbs-access-app:latest" is not pinned by digest: the agent policy and guest pull cannot tie the pod to one image (use image@sha256:...)',
      'warning: simple: kbs-access/secure: image "registry.access.redhat.com/ubi9/ubi:latest" is not pinned by digest: the agent policy and guest pull cannot tie the pod to one image (use image@sha256:...)',
    ]);
  });

  test('strictImages: true fails with one line per unpinned image field, exit 1, nothing written', () => {
    const s = scratch();
    const input = minimalInput({}, { simple: { workloads: { strictImages: true } } });
    fs.writeFileSync(path.join(s.cwd, 'pattern.yaml'), YAML.stringify(input));
    expect(runSynth([], s.io)).toBe(1);
    expect(s.lines.map(l => l.replace(/: image .*$/, ''))).toEqual([
      'error: clusterGroups.simple.workloads.helloOpenshift.image',
      'error: clusterGroups.simple.workloads.kbsAccess.image',
      'error: clusterGroups.simple.workloads.kbsAccess.fetcherImage',
    ]);
    expect(fs.readdirSync(s.cwd)).toEqual(['pattern.yaml']);
  });

  test('--config and --output choose the files; stale files are removed', () => {
    const s = scratch();
    fs.writeFileSync(path.join(s.cwd, 'my.yaml'), GOOD);
    fs.mkdirSync(path.join(s.cwd, 'out', 'simple', 'old'), { recursive: true });
    fs.writeFileSync(path.join(s.cwd, 'out', 'simple', 'old', 'ConfigMap.gone.yaml'), 'x');
    expect(runSynth(['--config', 'my.yaml', '--output', 'out'], s.io)).toBe(0);
    expect(listFiles(path.join(s.cwd, 'out'))).not.toContain('simple/old/ConfigMap.gone.yaml');
    expect(fs.existsSync(path.join(s.cwd, 'dist'))).toBe(false);
  });

  test.each<[string, (cwd: string) => string, string]>([
    ['a folder with a file no render wrote', cwd => { fs.mkdirSync(path.join(cwd, 'mine')); fs.writeFileSync(path.join(cwd, 'mine', 'notes.txt'), 'mine'); return 'mine'; },
      'error: output folder mine: holds 1 file(s) no render wrote (notes.txt); the synth only replaces a folder it rendered itself; nothing written'],
    ['an existing file', cwd => { fs.writeFileSync(path.join(cwd, 'some-file'), 'mine'); return 'some-file'; },
      'error: output folder some-file: is a file, not a folder; choose a folder; nothing written'],
    ['the filesystem root', () => '/', 'error: output folder /: is the root of the filesystem; choose a folder of its own, e.g. dist; nothing written'],
    ['the current folder', () => '.', 'error: output folder .: is the current folder; choose a folder of its own, e.g. dist; nothing written'],
  ])('--output refuses %s in one line, exit 1, and leaves everything as it was', (_, make, line) => {
    // GIVEN
    const s = scratch();
    fs.writeFileSync(path.join(s.cwd, 'pattern.yaml'), GOOD);
    const target = make(s.cwd);
    const before = snapshotDir(s.cwd);
    // WHEN
    const code = runSynth(['--output', target], s.io);
    // THEN
    expect(code).toBe(1);
    expect(s.errors()).toEqual([line]);
    expect(snapshotDir(s.cwd)).toEqual(before);
    expect(fs.readdirSync(s.cwd).sort()).toEqual(Object.keys(before).map(f => f.split('/')[0]).filter((v, i, a) => a.indexOf(v) === i).sort());
  });

  test('CDK8S_OUTDIR (set by `cdk8s synth`) is the default output folder', () => {
    const s = scratch();
    fs.writeFileSync(path.join(s.cwd, 'pattern.yaml'), GOOD);
    expect(runSynth([], { ...s.io, env: { CDK8S_OUTDIR: 'cli-out' } })).toBe(0);
    expect(listFiles(path.join(s.cwd, 'cli-out')).length).toBeGreaterThan(0);
  });

  test('renders byte-identical output twice', () => {
    const s = scratch();
    fs.writeFileSync(path.join(s.cwd, 'pattern.yaml'), GOOD);
    runSynth(['--output', 'a'], s.io);
    runSynth(['--output', 'b'], s.io);
    expect(snapshotDir(path.join(s.cwd, 'a'))).toEqual(snapshotDir(path.join(s.cwd, 'b')));
  });

  test.each([
    ['a config error', 'gitops:\n  repoURL: nope\n', ['error: gitops.repoURL: must be a Git repository URL (https://host/org/repo.git, ssh://... or git@host:org/repo.git), got "nope"']],
    ['malformed YAML', 'gitops: [\n', [expect.stringMatching(/^error: pattern\.yaml:\d+:\d+: invalid YAML: /)]],
    ['an empty file', '', ['error: pattern.yaml: is empty: expected a mapping with at least "gitops.repoURL"']],
  ])('fails on %s: exit 1, one line per problem, output folder untouched', (_, text, expected) => {
    // GIVEN a previous good rendering
    const s = scratch();
    fs.writeFileSync(path.join(s.cwd, 'pattern.yaml'), GOOD);
    expect(runSynth([], s.io)).toBe(0);
    const before = snapshotDir(path.join(s.cwd, 'dist'));
    // WHEN the configuration breaks
    fs.writeFileSync(path.join(s.cwd, 'pattern.yaml'), text);
    const code = runSynth([], s.io);
    // THEN
    expect(code).toBe(1);
    expect(s.errors()).toEqual(expected);
    expect(snapshotDir(path.join(s.cwd, 'dist'))).toEqual(before);
    expect(fs.readdirSync(s.cwd).sort()).toEqual(['dist', 'pattern.yaml']);
  });

  test('fails on a missing config file', () => {
    const s = scratch();
    expect(runSynth(['--config', 'missing.yaml'], s.io)).toBe(1);
    expect(s.errors()).toEqual(['error: missing.yaml: file not found']);
  });

  test('fails on an unknown flag', () => {
    const s = scratch();
    expect(runSynth(['--ouput', 'x'], s.io)).toBe(1);
    expect(s.errors()).toEqual([expect.stringMatching(/^error: Unknown option '--ouput'.*\(see --help\)$/)]);
  });

  test('prints usage with --help', () => {
    const s = scratch();
    expect(runSynth(['--help'], s.io)).toBe(0);
    expect(s.out[0]).toMatch(/^usage: npm run synth/);
  });
});

describe('synth --check', () => {
  function rendered() {
    const s = scratch();
    fs.writeFileSync(path.join(s.cwd, 'pattern.yaml'), GOOD);
    expect(runSynth([], s.io)).toBe(0);
    s.out.length = 0;
    s.lines.length = 0;
    return s;
  }

  test('passes when the output folder is up to date, and writes nothing', () => {
    const s = rendered();
    const before = snapshotDir(path.join(s.cwd, 'dist'));
    expect(runSynth(['--check'], s.io)).toBe(0);
    expect(s.out).toEqual([expect.stringMatching(/^dist is up to date \(\d+ files\)$/)]);
    expect(snapshotDir(path.join(s.cwd, 'dist'))).toEqual(before);
  });

  test('fails and lists changed, missing and stale files', () => {
    // GIVEN a folder that drifted in three ways
    const s = rendered();
    const dist = path.join(s.cwd, 'dist');
    fs.appendFileSync(path.join(dist, 'simple/trustee/Subscription.trustee-operator.yaml'), '# edited\n');
    fs.rmSync(path.join(dist, 'simple/acm/Namespace.open-cluster-management.yaml'));
    fs.writeFileSync(path.join(dist, 'simple/acm/ConfigMap.leftover.yaml'), 'x');
    const before = snapshotDir(dist);
    // WHEN
    const code = runSynth(['--check'], s.io);
    // THEN
    expect(code).toBe(1);
    expect(s.errors()).toEqual([
      'dist/simple/acm/ConfigMap.leftover.yaml: stale (in the folder, no longer rendered)',
      'dist/simple/acm/Namespace.open-cluster-management.yaml: missing (rendered, not in the folder)',
      'dist/simple/trustee/Subscription.trustee-operator.yaml: differs from what the configuration renders',
      'dist is stale: 3 file(s) differ; run "npm run synth" and commit the result',
    ]);
    expect(snapshotDir(dist)).toEqual(before);
  });

  test('fails when the output folder does not exist', () => {
    const s = scratch();
    fs.writeFileSync(path.join(s.cwd, 'pattern.yaml'), GOOD);
    expect(runSynth(['--check'], s.io)).toBe(1);
    expect(s.errors()[s.errors().length - 1]).toMatch(/^dist is stale: \d+ file\(s\) differ/);
  });

  test('refuses a file as the output folder in one line, and leaves it alone', () => {
    const s = scratch();
    fs.writeFileSync(path.join(s.cwd, 'pattern.yaml'), GOOD);
    fs.writeFileSync(path.join(s.cwd, 'notes.txt'), 'mine\n');
    expect(runSynth(['--check', '--output', 'notes.txt'], s.io)).toBe(1);
    expect(s.errors()).toEqual(['error: notes.txt: is not a folder: give the folder a render was written to']);
    expect(fs.readFileSync(path.join(s.cwd, 'notes.txt'), 'utf8')).toBe('mine\n');
  });
});

describe('the real command', () => {
  test.each([['the compiled app when fresh, else the sources', {}], ['the TypeScript sources through tsx', { COCO_SYNTH_SOURCES: '1' }]])('bin/synth.js runs %s', (_, env) => {
    const s = scratch();
    fs.writeFileSync(path.join(s.cwd, 'pattern.yaml'), GOOD);
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'synth.js'), '--output', 'out'], { cwd: s.cwd, encoding: 'utf8', env: { ...process.env, ...env } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^rendered \d+ files into out\n$/);
    expect(listFiles(path.join(s.cwd, 'out'))).toContain('simple/POSTURE.md');
  });

  test('prints problems without a stack trace and exits 1', () => {
    // GIVEN
    const s = scratch();
    fs.writeFileSync(path.join(s.cwd, 'pattern.yaml'), GOOD.replace('    appsDomain:', '    cloud: gcp\n    appsDomain:'));
    // WHEN
    const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(REPO, 'main.ts')], { cwd: s.cwd, encoding: 'utf8' });
    // THEN
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: clusterGroups.simple.cloud: must be one of ${CLOUDS.map(c => `"${c}"`).join(', ')}, got "gcp"\n`);
    expect(r.stdout).toBe('');
  });
});
