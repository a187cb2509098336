'use strict';
/**
 * Whether build/ (from `npm run build`) is newer than every TypeScript source it is compiled from, whether its
 * one-file bundle (bin/bundle.js) is newer than that build and than the installed dependencies it holds a copy of,
 * and how that bundle is run.
 */
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const root = path.resolve(__dirname, '..');
const STAMP = path.join(root, 'build', '.stamp');
const BUNDLE = path.join(root, 'build', 'synth.js');
const CODE_CACHE = `${BUNDLE}.cache`;
/** npm rewrites this file on every install, update or removal of a package. */
const INSTALLED = path.join(root, 'node_modules', '.package-lock.json');

/** Newest modification time (ms) of the .ts files under `dir`. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestSource(full));
    } else if (entry.name.endsWith('.ts')) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

const mtime = file => fs.statSync(file).mtimeMs;

function compiledIsFresh() {
  try {
    const built = mtime(STAMP);
    const sources = Math.max(newestSource(path.join(root, 'lib')), newestSource(path.join(root, 'imports')), mtime(path.join(root, 'main.ts')));
    return sources < built;
  } catch {
    return false;
  }
}

/** The bundle is current: made after the last build and after the last change to node_modules. */
function bundleIsFresh() {
  try {
    const bundled = mtime(BUNDLE);
    return bundled >= mtime(STAMP) && (!fs.existsSync(INSTALLED) || bundled >= mtime(INSTALLED));
  } catch {
    return false;
  }
}

/**
 * Runs `bundle` as the CommonJS module it is, with V8's code cache from `cache` when V8 accepts it (it refuses one
 * made by another node or V8 build, and then compiles as for any file). With `writeCache`, afterwards writes the
 * cache of what this run compiled (the synth is synchronous: it has run by then). Returns whether a cache was used.
 */
function runBundle(bundle, cache, { writeCache = false } = {}) {
  let cachedData;
  try {
    cachedData = fs.readFileSync(cache);
  } catch {
    // no cache
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  const module = { exports: {}, filename: bundle, id: bundle };
  script.runInThisContext().call(module.exports, module.exports, require, module, bundle, path.dirname(bundle));
  if (writeCache) {
    fs.writeFileSync(cache, script.createCachedData());
  }
  return cachedData !== undefined && !script.cachedDataRejected;
}

module.exports = { BUNDLE, CODE_CACHE, bundleIsFresh, compiledIsFresh, root, runBundle };
