/**
 * Which folders the synth may replace. It only ever replaces a folder it rendered itself: every render
 * writes {@link RENDER_MARKER} at the top of the output folder, listing every file of that render, and a
 * folder is only replaced when it holds that marker and nothing the marker does not list. A folder
 * rendered before the marker existed is recognised by its layout alone (every file is
 * `<group>/POSTURE.md` or `<group>/<app>/<file>`, nothing hidden). Everything else is refused, so no flag
 * can destroy a file the program did not write.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isInside } from '../paths';

/** The file every render writes at the top of its output folder. */
export const RENDER_MARKER = '.coco-cdk8s-render';

const MARKER_HEADER = [
  '# Written by coco-cdk8s (npm run synth) with every render. The synth replaces this folder only while',
  '# it holds this file and nothing else than the files listed below; do not add your own files here.',
];

/** The marker's content for a render of `files` (relative paths, `/`-separated). */
export function renderMarker(files: Iterable<string>): string {
  return [...MARKER_HEADER, ...[...files].filter(f => f !== RENDER_MARKER).sort(), ''].join('\n');
}

/** The files a marker lists, or undefined when `text` is not a marker. */
export function markerFiles(text: string): Set<string> | undefined {
  const lines = text.split('\n');
  if (MARKER_HEADER.some((h, i) => lines[i] !== h)) {
    return undefined;
  }
  return new Set(lines.slice(MARKER_HEADER.length).filter(l => l !== ''));
}

/** Where a synth runs from: the paths it must never replace. */
export interface OutputGuard {
  /** The folder the command runs in. */
  readonly cwd: string;
  /** Files the render reads (the pattern file, certificates): their folders are never replaced. */
  readonly inputs?: readonly string[];
}

/**
 * Why `target` must not be replaced by a render, or undefined when it may be (it does not exist, it is
 * empty, or it is a folder this program rendered).
 */
export function outputFolderProblem(target: string, guard: OutputGuard): string | undefined {
  const abs = path.resolve(target);
  if (path.parse(abs).root === abs) {
    return 'is the root of the filesystem; choose a folder of its own, e.g. dist';
  }
  const repo = repositoryRoot(guard.cwd);
  const protectedPaths = [...(repo === undefined ? [] : [repo]), guard.cwd, ...(guard.inputs ?? [])].map(p => path.resolve(p));
  const what = (p: string) => (p === repo ? 'the repository root' : p === path.resolve(guard.cwd) ? 'the current folder' : path.basename(p));
  const same = protectedPaths.find(p => p === abs);
  if (same !== undefined) {
    return `is ${what(same)}; choose a folder of its own, e.g. dist`;
  }
  const inside = protectedPaths.find(p => isInside(abs, p));
  if (inside !== undefined) {
    return `holds ${what(inside)}; choose a folder of its own, e.g. dist`;
  }
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    return `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  if (stat.isSymbolicLink()) {
    return 'is a symbolic link; give the folder it points to';
  }
  if (!stat.isDirectory()) {
    return 'is a file, not a folder; choose a folder';
  }
  const parent = path.dirname(abs);
  if (fs.statSync(parent).dev !== stat.dev) {
    return 'is the root of a mounted filesystem; choose a folder inside it';
  }
  return renderedFolderProblem(abs);
}

/** Why the existing folder `dir` is not one this program rendered, or undefined when it is. */
function renderedFolderProblem(dir: string): string | undefined {
  const entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[];
  if (entries.some(e => e.name === '.git')) {
    return 'holds a .git folder; the synth only replaces a folder it rendered itself';
  }
  const files = entries
    .filter(e => !e.isDirectory())
    .map(e => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'))
    .sort();
  if (files.length === 0) {
    return undefined;
  }
  const foreign = (unknown: readonly string[]) =>
    `holds ${unknown.length} file(s) no render wrote (${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', ...' : ''}); the synth only replaces a folder it rendered itself`;
  const markerPath = path.join(dir, RENDER_MARKER);
  if (files.includes(RENDER_MARKER)) {
    const listed = markerFiles(fs.readFileSync(markerPath, 'utf8'));
    if (listed === undefined) {
      return `holds a ${RENDER_MARKER} this program did not write`;
    }
    const unknown = files.filter(f => f !== RENDER_MARKER && !listed.has(f));
    return unknown.length > 0 ? foreign(unknown) : undefined;
  }
  const unknown = files.filter(f => !LEGACY_LAYOUT.test(f));
  return unknown.length > 0 ? foreign(unknown) : undefined;
}

/**
 * The layout of a render made before the marker existed: `<group>/POSTURE.md` and
 * `<group>/<app>/<Kind>.<name>.yaml` (or `<name>.initdata.toml` / `.digests`), names without a leading dot.
 */
const LEGACY_LAYOUT = /^[a-z0-9][a-z0-9-]*\/(POSTURE\.md|[a-z0-9][a-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9.-]*\.(yaml|initdata\.toml|initdata\.digests))$/;

/** The nearest folder at or above `dir` holding `.git`, or undefined. */
function repositoryRoot(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) {
      return d;
    }
    if (path.dirname(d) === d) {
      return undefined;
    }
  }
}

