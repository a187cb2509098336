/**
 * The documentation a user needs is in the repository: every relative link of README.md and docs/ resolves to a
 * file or folder inside it (a fresh clone has nothing next to it).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

describe.each(['README.md', 'docs/DESIGN.md'])('%s', doc => {
  test('every relative link resolves inside the repository', () => {
    const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map(m => m[1]).filter(l => !/^[a-z]+:|^#/.test(l));
    const broken = links.filter(l => {
      const target = path.resolve(path.dirname(path.join(ROOT, doc)), l.replace(/#.*$/, ''));
      const rel = path.relative(ROOT, target);
      return rel.startsWith('..') || path.isAbsolute(rel) || !fs.existsSync(target);
    });
    expect(broken).toEqual([]);
  });
});

test('the README points at the design in the repository, and the LICENSE is the Apache License 2.0 package.json declares', () => {
  expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('[`docs/DESIGN.md`](docs/DESIGN.md)');
  expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).license).toBe('Apache-2.0');
  const license = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
  expect(license).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
  expect(license).toContain('END OF TERMS AND CONDITIONS');
});
