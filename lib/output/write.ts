/**
 * Writes rendered output atomically, and compares it with what is on disk.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RenderedTree } from './render';

/**
 * Replaces `outDir` with exactly the files of `tree`: everything is written into a temporary sibling
 * folder first and swapped in with renames, so a failure leaves `outDir` as it was.
 */
export function writeTree(tree: RenderedTree, outDir: string): void {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.new-`));
  try {
    for (const [file, content] of tree) {
      const full = path.join(staging, file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
    if (fs.existsSync(target)) {
      const old = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.old-`));
      fs.renameSync(target, path.join(old, 'out'));
      try {
        fs.renameSync(staging, target);
      } catch (e) {
        fs.renameSync(path.join(old, 'out'), target);
        throw e;
      }
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      fs.renameSync(staging, target);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Every file under `dir` (relative, `/`-separated), sorted. Empty when `dir` does not exist. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter(e => e.isFile())
    .map(e => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'))
    .sort();
}

/** One difference between rendered output and a folder. */
export interface TreeDifference {
  readonly file: string;
  readonly change: 'missing' | 'differs' | 'stale';
}

/**
 * Differences between `tree` and the files in `dir`: `missing` (rendered, not on disk), `differs`,
 * `stale` (on disk, no longer rendered).
 */
export function diffTree(tree: RenderedTree, dir: string): TreeDifference[] {
  const onDisk = new Set(listFiles(dir));
  const diffs: TreeDifference[] = [];
  for (const [file, content] of tree) {
    if (!onDisk.has(file)) {
      diffs.push({ file, change: 'missing' });
    } else if (fs.readFileSync(path.join(dir, file), 'utf8') !== content) {
      diffs.push({ file, change: 'differs' });
    }
    onDisk.delete(file);
  }
  for (const file of onDisk) {
    diffs.push({ file, change: 'stale' });
  }
  return diffs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
