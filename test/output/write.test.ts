import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RENDER_MARKER, renderMarker } from '../../lib/output/output-folder';
import { diffTree, listFiles, OutputFolderError, withRenderMarker, writeTree } from '../../lib/output/write';
import { folderContents } from '../support/folders';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'coco-write-'));
/** A render's tree (with its marker). */
const rendered = (entries: [string, string][]) => withRenderMarker(new Map(entries));
/** Every file under `dir` with its content, to prove a folder was left untouched. */
const contents = (dir: string) => folderContents(dir);

describe('writeTree', () => {
  test('writes exactly the tree, replacing what was there', () => {
    // GIVEN an output folder with an old file of an earlier render
    const dir = path.join(tmp(), 'dist');
    writeTree(rendered([['g/old.yaml', 'old']]), dir);
    // WHEN
    writeTree(rendered([['g/a/x.yaml', 'x'], ['g/b.md', 'b']]), dir);
    // THEN
    expect(listFiles(dir)).toEqual([RENDER_MARKER, 'g/a/x.yaml', 'g/b.md']);
    expect(fs.readFileSync(path.join(dir, 'g/a/x.yaml'), 'utf8')).toBe('x');
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['dist']);
  });

  test('leaves a folder that already holds exactly the tree untouched, and replaces it when one file differs', () => {
    // GIVEN a render written once
    const dir = path.join(tmp(), 'dist');
    const tree = rendered([['g/a/x.yaml', 'x'], ['g/b.md', 'b']]);
    expect(writeTree(tree, dir)).toBe('written');
    const inode = (f: string) => fs.statSync(path.join(dir, f)).ino;
    const before = { dir: fs.statSync(dir).ino, x: inode('g/a/x.yaml') };
    // WHEN the same tree is written again THEN nothing is rewritten
    expect(writeTree(tree, dir)).toBe('unchanged');
    expect({ dir: fs.statSync(dir).ino, x: inode('g/a/x.yaml') }).toEqual(before);
    // WHEN one file differs, or one listed file is missing, THEN the folder is replaced as a whole
    expect(writeTree(rendered([['g/a/x.yaml', 'x2'], ['g/b.md', 'b']]), dir)).toBe('written');
    expect(contents(dir)['g/a/x.yaml']).toBe('x2');
    expect(fs.statSync(dir).ino).not.toBe(before.dir);
    fs.rmSync(path.join(dir, 'g/b.md'));
    expect(writeTree(rendered([['g/a/x.yaml', 'x2'], ['g/b.md', 'b']]), dir)).toBe('written');
    expect(listFiles(dir)).toEqual([RENDER_MARKER, 'g/a/x.yaml', 'g/b.md']);
  });

  test('creates a missing output folder and its parents', () => {
    const dir = path.join(tmp(), 'a', 'b', 'dist');
    writeTree(rendered([['f.yaml', 'f']]), dir);
    expect(listFiles(dir)).toEqual([RENDER_MARKER, 'f.yaml']);
  });

  test('a failure while writing leaves the output folder exactly as it was', () => {
    // GIVEN
    const dir = path.join(tmp(), 'dist');
    writeTree(rendered([['g/keep.yaml', 'keep']]), dir);
    // WHEN a tree that cannot be written (a file and a folder with one name)
    expect(() => writeTree(rendered([['g/a', 'file'], ['g/a/b.yaml', 'under a file']]), dir)).toThrow();
    // THEN
    expect(listFiles(dir)).toEqual([RENDER_MARKER, 'g/keep.yaml']);
    expect(fs.readFileSync(path.join(dir, 'g/keep.yaml'), 'utf8')).toBe('keep');
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['dist']);
  });
});

describe('writeTree never replaces what it did not render', () => {
  /** A folder with `files`, and the guard of a synth run from a scratch project folder. */
  function folderWith(files: Record<string, string>) {
    const cwd = tmp();
    const dir = path.join(cwd, 'out');
    for (const [f, c] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), c);
    }
    return { cwd, dir, guard: { cwd, inputs: [path.join(cwd, 'pattern.yaml')] } };
  }
  const tree = rendered([['g/app/ConfigMap.x.yaml', 'x']]);

  test.each<[string, Record<string, string>, RegExp]>([
    ['a user file beside rendered ones', { 'notes.txt': 'mine' }, /^holds 1 file\(s\) no render wrote \(notes\.txt\)/],
    ['a git clone', { '.git/HEAD': 'ref: refs/heads/main', 'README.md': '# mine' }, /^holds a \.git folder/],
    ['sources', { 'index.ts': 'x', 'a/b.ts': 'y', 'a/c.ts': 'z', 'a/d.ts': 'w' }, /^holds 4 file\(s\) no render wrote \(a\/b\.ts, a\/c\.ts, a\/d\.ts, \.\.\.\)/],
    ['a rendered folder with a file added later', { [RENDER_MARKER]: renderMarker(['g/app/ConfigMap.x.yaml']), 'g/app/ConfigMap.x.yaml': 'x', 'g/app/mine.txt': 'mine' }, /^holds 1 file\(s\) no render wrote \(g\/app\/mine\.txt\)/],
    ['a marker this program did not write', { [RENDER_MARKER]: 'whatever\n', 'x.txt': 'x' }, /^holds a \.coco-cdk8s-render this program did not write$/],
  ])('refuses a folder holding %s, and leaves it and its parent exactly as they were', (_, files, message) => {
    // GIVEN
    const { cwd, dir, guard } = folderWith(files);
    const before = contents(dir);
    // WHEN / THEN
    expect(() => writeTree(tree, dir, guard)).toThrow(OutputFolderError);
    expect(() => writeTree(tree, dir, guard)).toThrow(message);
    expect(contents(dir)).toEqual(before);
    expect(fs.readdirSync(cwd)).toEqual(['out']);
  });

  test('refuses an existing file, and leaves it as it was', () => {
    const cwd = tmp();
    const file = path.join(cwd, 'some-file');
    fs.writeFileSync(file, 'mine');
    expect(() => writeTree(tree, file, { cwd })).toThrow('is a file, not a folder; choose a folder');
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
    expect(fs.readdirSync(cwd)).toEqual(['some-file']);
  });

  test('refuses a symbolic link', () => {
    const { cwd, dir } = folderWith({});
    fs.mkdirSync(dir);
    fs.symlinkSync(dir, path.join(cwd, 'link'));
    expect(() => writeTree(tree, path.join(cwd, 'link'), { cwd })).toThrow('is a symbolic link');
  });

  test.each([
    ['/', 'is the root of the filesystem'],
  ])('refuses %s', (target, message) => {
    expect(() => writeTree(tree, target, { cwd: tmp() })).toThrow(message);
    expect(fs.readdirSync('/').filter(n => n.startsWith('..old') || n.startsWith('.') && n.includes('.new-'))).toEqual([]);
  });

  test('refuses the current folder, the repository root and every folder above them, and the pattern file\'s folder', () => {
    // GIVEN a repository with the synth run from a sub-folder
    const repo = tmp();
    fs.mkdirSync(path.join(repo, '.git'));
    const cwd = path.join(repo, 'project');
    fs.mkdirSync(path.join(cwd, 'configs'), { recursive: true });
    const guard = { cwd, inputs: [path.join(cwd, 'configs', 'pattern.yaml')] };
    // WHEN / THEN
    expect(() => writeTree(tree, cwd, guard)).toThrow('is the current folder');
    expect(() => writeTree(tree, repo, guard)).toThrow('is the repository root');
    expect(() => writeTree(tree, path.dirname(repo), guard)).toThrow('holds the repository root');
    expect(() => writeTree(tree, path.join(cwd, 'configs'), guard)).toThrow('holds pattern.yaml');
    expect(fs.readdirSync(repo).sort()).toEqual(['.git', 'project']);
  });

  test('replaces an empty folder (as `cdk8s synth` leaves it) and a folder of the layout rendered before the marker', () => {
    const empty = folderWith({});
    fs.mkdirSync(empty.dir);
    writeTree(tree, empty.dir, empty.guard);
    expect(listFiles(empty.dir)).toEqual([RENDER_MARKER, 'g/app/ConfigMap.x.yaml']);
    const legacy = folderWith({ 'simple/POSTURE.md': '#', 'simple/acm/Namespace.acm.yaml': 'x', 'simple/sandbox/default.initdata.toml': 'x', 'simple/sandbox/default.initdata.digests': 'x' });
    writeTree(tree, legacy.dir, legacy.guard);
    expect(listFiles(legacy.dir)).toEqual([RENDER_MARKER, 'g/app/ConfigMap.x.yaml']);
  });

  test('replaces its own render, and then refuses once a user adds a file', () => {
    const { dir, guard } = folderWith({});
    writeTree(tree, dir, guard);
    writeTree(rendered([['g/app/ConfigMap.y.yaml', 'y']]), dir, guard);
    expect(listFiles(dir)).toEqual([RENDER_MARKER, 'g/app/ConfigMap.y.yaml']);
    fs.writeFileSync(path.join(dir, 'g', 'mine.yaml'), 'mine');
    expect(() => writeTree(tree, dir, guard)).toThrow(OutputFolderError);
    expect(fs.readFileSync(path.join(dir, 'g', 'mine.yaml'), 'utf8')).toBe('mine');
  });

  test('a failed write into a missing folder leaves no folder it created behind', () => {
    const cwd = tmp();
    const dir = path.join(cwd, 'a', 'b', 'out');
    expect(() => writeTree(rendered([['g/a', 'file'], ['g/a/b.yaml', 'under a file']]), dir, { cwd })).toThrow();
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('the output folder gets the mode the umask gives, not the temporary folder\'s 0700', () => {
    const { dir, guard } = folderWith({});
    writeTree(tree, dir, guard);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o777 & ~process.umask());
  });

  test.each([0o022, 0o027, 0o002])('every folder and file below it follows the umask too (umask %o)', mask => {
    // GIVEN a umask WHEN a tree with nested folders is written
    const dir = path.join(tmp(), 'dist');
    const before = process.umask(mask);
    try {
      writeTree(rendered([['g/app/x.yaml', 'x'], ['g/POSTURE.md', 'p'], ['h/y.yaml', 'y']]), dir);
    } finally {
      process.umask(before);
    }
    // THEN folders are 0777 and files 0666 less the umask, as `mkdir` and a plain write would make them
    const modes = Object.fromEntries(['', 'g', 'g/app', 'h', 'g/app/x.yaml', 'g/POSTURE.md', 'h/y.yaml', RENDER_MARKER]
      .map(f => [f, (fs.statSync(path.join(dir, f)).mode & 0o777).toString(8)]));
    const folder = (0o777 & ~mask).toString(8);
    const file = (0o666 & ~mask).toString(8);
    expect(modes).toEqual({
      '': folder, 'g': folder, 'g/app': folder, 'h': folder,
      'g/app/x.yaml': file, 'g/POSTURE.md': file, 'h/y.yaml': file, [RENDER_MARKER]: file,
    });
  });
});

describe('the render marker', () => {
  test('lists every rendered file, sorted, and is itself part of the tree', () => {
    const tree = withRenderMarker(new Map([['b/x.yaml', 'x'], ['a/POSTURE.md', 'p']]));
    expect([...tree.keys()]).toEqual([RENDER_MARKER, 'a/POSTURE.md', 'b/x.yaml']);
    expect(tree.get(RENDER_MARKER)!.split('\n').filter(l => !l.startsWith('#'))).toEqual(['a/POSTURE.md', 'b/x.yaml', '']);
  });
});

describe('diffTree', () => {
  test('lists missing, differing and stale files, sorted', () => {
    const dir = tmp();
    writeTree(new Map([['a.yaml', 'a'], ['b.yaml', 'b'], ['c.yaml', 'c']]), dir);
    expect(diffTree(new Map([['a.yaml', 'a'], ['b.yaml', 'B'], ['d.yaml', 'd']]), dir)).toEqual([
      { file: 'b.yaml', change: 'differs' },
      { file: 'c.yaml', change: 'stale' },
      { file: 'd.yaml', change: 'missing' },
    ]);
  });

  test('is empty for an identical folder', () => {
    const dir = tmp();
    const tree = new Map([['x/y.yaml', 'y']]);
    writeTree(tree, dir);
    expect(diffTree(tree, dir)).toEqual([]);
  });
});
