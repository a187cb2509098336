/**
 * The runtime import graph of lib/ (type-only imports are erased and do not count), for architecture
 * tests: module paths, and the packages each module loads.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './render';

export const LIB = path.join(REPO, 'lib');

const IMPORT = /^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

/** The runtime imports of one module: other project modules (absolute paths) and packages (names). */
export function importsOf(file: string): { modules: string[]; packages: string[] } {
  const modules: string[] = [];
  const packages: string[] = [];
  for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
    if (m[1]) continue;
    if (m[2].startsWith('.')) {
      const target = path.resolve(path.dirname(file), m[2]);
      const resolved = [`${target}.ts`, path.join(target, 'index.ts')].find(f => fs.existsSync(f));
      if (resolved) modules.push(resolved);
    } else {
      packages.push(m[2]);
    }
  }
  return { modules, packages };
}

/** Every lib module's runtime imports of other lib modules. */
export function importGraph(): Map<string, string[]> {
  const files = (fs.readdirSync(LIB, { recursive: true }) as string[]).filter(f => f.endsWith('.ts')).map(f => path.join(LIB, f));
  return new Map(files.map(f => [f, importsOf(f).modules]));
}

/** Every module `roots` load, directly or not, with the module that first loads it. */
export function closure(roots: readonly string[]): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string, from: string) => {
    if (seen.has(file)) return;
    seen.set(file, from);
    const { modules, packages } = importsOf(file);
    for (const p of packages) {
      if (!seen.has(`package:${p}`)) seen.set(`package:${p}`, file);
    }
    modules.forEach(m => visit(m, file));
  };
  roots.forEach(r => visit(r, 'root'));
  return seen;
}
