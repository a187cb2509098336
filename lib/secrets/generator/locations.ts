/**
 * Where the generator may write: the private folder must lie outside the git work tree, the public files inside
 * it. Paths are compared after resolving symlinks and `..` the way the file system does (component by component),
 * so neither a symlink nor a `..` can smuggle private material into the repository.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isInside } from '../../paths';
import { Problem, quote } from '../../errors';
import { shellQuotedPathProblem } from './load-secrets-rules';
import { PublicFilePaths } from './types';

/** The checked, physical locations. */
export interface Locations {
  readonly repoRoot: string;
  readonly privateDir: string;
  /** True when the private folder has to be created. */
  readonly createPrivateDir: boolean;
  readonly publicFiles: PublicFilePaths;
}

/**
 * `p` with every existing component's symlinks resolved and `..` applied after resolving what precedes it
 * (as the kernel does); components that do not exist yet are appended as they are. `p` must be absolute.
 */
export function physicalPath(p: string): string {
  return resolvePhysical(p, 0);
}

const MAX_SYMLINK_DEPTH = 40;

function resolvePhysical(p: string, depth: number): string {
  let current = path.parse(p).root;
  let exists = true;
  for (const segment of p.split(/[\\/]+/).filter(s => s !== '' && s !== '.')) {
    if (segment === '..') {
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, segment);
    if (exists && lexists(next)) {
      current = realOrDangling(next, depth);
    } else {
      exists = false;
      current = next;
    }
  }
  return current;
}

/** The real path of an existing entry; for a dangling symlink, where it points (a write would land there). */
function realOrDangling(p: string, depth: number): string {
  try {
    return fs.realpathSync(p);
  } catch {
    if (depth >= MAX_SYMLINK_DEPTH || !fs.lstatSync(p).isSymbolicLink()) {
      return p;
    }
    const target = fs.readlinkSync(p);
    // Not path.resolve: it would apply `..` lexically; resolvePhysical applies it after resolving the parent.
    return resolvePhysical(path.isAbsolute(target) ? target : `${path.dirname(p)}${path.sep}${target}`, depth + 1);
  }
}

export { isInside };

/**
 * Checks `repoRoot`, `privateDir` and the public file paths; returns the problems, or the physical locations.
 * Reads the file system, writes nothing.
 */
export function checkLocations(
  repoRoot: string,
  privateDir: string,
  publicFiles: PublicFilePaths,
): { problems: Problem[]; locations?: Locations } {
  const problems: Problem[] = [];
  const repo = checkRepoRoot(repoRoot, problems);
  const priv = checkPrivateDir(privateDir, repo, problems);
  const pub = {
    kbsCertificate: checkPublicFile('publicFiles.kbsCertificate', publicFiles?.kbsCertificate, repo, problems),
    // Optional: nothing in the pattern reads it (the admin public key reaches Trustee through Vault).
    adminPublicKey: publicFiles?.adminPublicKey === undefined ? undefined
      : checkPublicFile('publicFiles.adminPublicKey', publicFiles.adminPublicKey, repo, problems),
  };
  if (pub.kbsCertificate !== undefined && pub.kbsCertificate === pub.adminPublicKey) {
    problems.push({
      path: 'publicFiles.adminPublicKey',
      message: `must differ from publicFiles.kbsCertificate, got ${quote(publicFiles.adminPublicKey)} for both`,
    });
  }
  if (problems.length > 0 || repo === undefined || priv === undefined || pub.kbsCertificate === undefined
    || (publicFiles?.adminPublicKey !== undefined && pub.adminPublicKey === undefined)) {
    return { problems };
  }
  return {
    problems,
    locations: {
      repoRoot: repo,
      privateDir: priv.path,
      createPrivateDir: !priv.exists,
      publicFiles: { kbsCertificate: pub.kbsCertificate, ...(pub.adminPublicKey !== undefined ? { adminPublicKey: pub.adminPublicKey } : {}) },
    },
  };
}

function checkRepoRoot(repoRoot: string, problems: Problem[]): string | undefined {
  if (!isAbsolutePath(repoRoot)) {
    problems.push({ path: 'repoRoot', message: `must be an absolute path, got ${quote(repoRoot)}` });
    return undefined;
  }
  const stat = statOrUndefined(repoRoot);
  if (!stat?.isDirectory()) {
    problems.push({ path: 'repoRoot', message: `must be an existing folder (the git work tree), got ${quote(repoRoot)}` });
    return undefined;
  }
  return fs.realpathSync(repoRoot);
}

function checkPrivateDir(
  privateDir: string,
  repo: string | undefined,
  problems: Problem[],
): { path: string; exists: boolean } | undefined {
  if (!isAbsolutePath(privateDir)) {
    problems.push({ path: 'privateDir', message: `must be an absolute path, got ${quote(privateDir)}` });
    return undefined;
  }
  const physical = physicalPath(privateDir);
  const shellProblem = shellQuotedPathProblem(physical);
  if (shellProblem) {
    problems.push({ path: 'privateDir', message: shellProblem });
    return undefined;
  }
  if (repo !== undefined && isInside(repo, physical)) {
    const resolved = physical === privateDir ? '' : ` (resolves to ${quote(physical)})`;
    problems.push({
      path: 'privateDir',
      message: `must be outside the git work tree ${quote(repo)} so private keys never reach git, got ${quote(privateDir)}${resolved}`,
    });
    return undefined;
  }
  const stat = statOrUndefined(physical);
  if (stat === undefined) {
    return { path: physical, exists: false };
  }
  if (!stat.isDirectory()) {
    problems.push({ path: 'privateDir', message: `must be a folder, got ${quote(privateDir)}, which is a file` });
    return undefined;
  }
  if ((stat.mode & 0o077) !== 0) {
    problems.push({
      path: 'privateDir',
      message: `must not be accessible by group or others (mode 0700), got ${quote(privateDir)} with mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}; run chmod 700 on it`,
    });
    return undefined;
  }
  return { path: physical, exists: true };
}

function checkPublicFile(field: string, file: string, repo: string | undefined, problems: Problem[]): string | undefined {
  if (!isAbsolutePath(file)) {
    problems.push({ path: field, message: `must be an absolute path inside the repository, got ${quote(file)}` });
    return undefined;
  }
  const name = path.basename(file);
  if (/[\\/]$/.test(file) || name === '.' || name === '..') {
    problems.push({ path: field, message: `must be a file path inside the repository, got ${quote(file)}` });
    return undefined;
  }
  // Only the folder is resolved: a symlink at the file's own place must be seen (and refused) as an existing file.
  const physical = path.join(physicalPath(path.dirname(file)), name);
  if (repo === undefined) {
    return undefined;
  }
  if (!isInside(repo, physical) || physical === repo) {
    const resolved = physical === file ? '' : ` (resolves to ${quote(physical)})`;
    problems.push({ path: field, message: `must be a file inside the git work tree ${quote(repo)}, got ${quote(file)}${resolved}` });
    return undefined;
  }
  return physical;
}

function isAbsolutePath(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && path.isAbsolute(value);
}

/** True when something (a file, a folder, a symlink, dangling or not) is at `p`. */
export function lexists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
