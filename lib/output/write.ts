/**
 * Writes rendered output atomically, and compares it with what is on disk.
 */
import * as fs from 'fs';
import * as path from 'path';
import { reject } from '../errors';
import { outputFolderProblem, OutputGuard, RENDER_MARKER, renderMarker } from './output-folder';
import { RenderedTree } from './render';

/** Why the output folder cannot be written; the message names the folder and the reason. */
export class OutputFolderError extends Error {}

/**
 * Replaces `outDir` with exactly the files of `tree`: everything is written into a temporary sibling
 * folder first and swapped in with renames, so a failure leaves `outDir` as it was, and nothing else
 * (no temporary folder) behind. Only a missing folder, an empty one or one this program rendered is
 * replaced (see {@link outputFolderProblem}); anything else throws an {@link OutputFolderError}.
 * The new folder gets the mode the process umask gives (not the temporary folder's 0700). A folder that already
 * holds exactly these files is not touched: the result is then `unchanged`.
 */
export function writeTree(tree: RenderedTree, outDir: string, guard: OutputGuard = { cwd: process.cwd() }): 'written' | 'unchanged' {
  const target = path.resolve(outDir);
  const problem = outputFolderProblem(target, guard);
  if (problem !== undefined) {
    throw new OutputFolderError(problem);
  }
  // A folder that already holds exactly this render is left alone: re-rendering an unchanged pattern (the common
  // case in a pre-commit hook) then reads the files instead of writing and deleting every one of them.
  if (holdsTree(tree, target)) {
    return 'unchanged';
  }
  const parent = path.dirname(target);
  const createdParent = firstMissing(parent);
  fs.mkdirSync(parent, { recursive: true });
  let staging: string | undefined;
  let old: string | undefined;
  try {
    staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.new-`));
    fs.chmodSync(staging, 0o777 & ~process.umask());
    const folders = new Set<string>();
    for (const [file, content] of tree) {
      const full = path.join(staging, file);
      const folder = path.dirname(full);
      if (!folders.has(folder)) {
        fs.mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      fs.writeFileSync(full, content);
    }
    if (fs.existsSync(target)) {
      old = `${staging.replace(/\.new-([^/\\]*)$/, '.old-$1')}`;
      fs.renameSync(target, old);
      try {
        fs.renameSync(staging, target);
      } catch (e) {
        fs.renameSync(old, target);
        old = undefined;
        throw e;
      }
    } else {
      fs.renameSync(staging, target);
    }
    staging = undefined;
    return 'written';
  } catch (e) {
    if (createdParent !== undefined && !fs.existsSync(target)) {
      fs.rmSync(createdParent, { recursive: true, force: true });
    }
    throw e;
  } finally {
    for (const leftover of [staging, old]) {
      if (leftover !== undefined) {
        fs.rmSync(leftover, { recursive: true, force: true });
      }
    }
  }
}

/** Whether the folder `dir` holds exactly the files of `tree` with their content (stops at the first difference). */
function holdsTree(tree: RenderedTree, dir: string): boolean {
  if (!fs.existsSync(dir)) {
    return false;
  }
  const files = listFiles(dir);
  return files.length === tree.size
    && files.every(file => tree.get(file) === fs.readFileSync(path.join(dir, file), 'utf8'));
}

/** The outermost folder of `dir` and its parents that does not exist yet, or undefined. */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) {
    missing = d;
  }
  return missing;
}

/** `tree` plus the marker that lets a later render recognise the folder as its own. */
export function withRenderMarker(tree: RenderedTree): RenderedTree {
  const files = new Map(tree);
  files.set(RENDER_MARKER, renderMarker(tree.keys()));
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Every file under `dir` (relative, `/`-separated), sorted. Empty when `dir` does not exist; a file is refused. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  if (!fs.statSync(dir).isDirectory()) {
    reject(dir, 'is not a folder: give the folder a render was written to');
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
