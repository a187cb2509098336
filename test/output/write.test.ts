import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diffTree, listFiles, writeTree } from '../../lib/output/write';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'coco-write-'));

describe('writeTree', () => {
  test('writes exactly the tree, replacing what was there', () => {
    // GIVEN an output folder with an old file
    const dir = path.join(tmp(), 'dist');
    fs.mkdirSync(path.join(dir, 'g'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'g', 'old.yaml'), 'old');
    // WHEN
    writeTree(new Map([['g/a/x.yaml', 'x'], ['g/b.md', 'b']]), dir);
    // THEN
    expect(listFiles(dir)).toEqual(['g/a/x.yaml', 'g/b.md']);
    expect(fs.readFileSync(path.join(dir, 'g/a/x.yaml'), 'utf8')).toBe('x');
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['dist']);
  });

  test('creates a missing output folder and its parents', () => {
    const dir = path.join(tmp(), 'a', 'b', 'dist');
    writeTree(new Map([['f.yaml', 'f']]), dir);
    expect(listFiles(dir)).toEqual(['f.yaml']);
  });

  test('a failure while writing leaves the output folder exactly as it was', () => {
    // GIVEN
    const dir = path.join(tmp(), 'dist');
    writeTree(new Map([['g/keep.yaml', 'keep']]), dir);
    // WHEN a tree that cannot be written (a file and a folder with one name)
    expect(() => writeTree(new Map([['g/a', 'file'], ['g/a/b.yaml', 'under a file']]), dir)).toThrow();
    // THEN
    expect(listFiles(dir)).toEqual(['g/keep.yaml']);
    expect(fs.readFileSync(path.join(dir, 'g/keep.yaml'), 'utf8')).toBe('keep');
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['dist']);
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
