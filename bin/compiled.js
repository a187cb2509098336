'use strict';
/**
 * Whether build/ (from `npm run build`) is newer than every TypeScript source it is compiled from.
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

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

function compiledIsFresh() {
  try {
    const built = fs.statSync(path.join(root, 'build', '.stamp')).mtimeMs;
    const sources = Math.max(newestSource(path.join(root, 'lib')), newestSource(path.join(root, 'imports')), fs.statSync(path.join(root, 'main.ts')).mtimeMs);
    return sources < built;
  } catch {
    return false;
  }
}

module.exports = { compiledIsFresh, root };
