/**
 * Tests mirror lib/: every folder of tests is a folder of lib/ (or of the repository's tools), so the test of a
 * module is found where the module is.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from '../support/render';

const TEST = path.join(REPO, 'test');
/** Test folders that test something other than a lib/ folder. */
const OUTSIDE_LIB: Readonly<Record<string, string>> = {
  architecture: 'rules about lib/ as a whole',
  support: 'helpers of the tests',
  tools: 'tools/ (schema validator, import, bench, cdk8s CLI)',
};

function testFolders(): string[] {
  return (fs.readdirSync(TEST, { recursive: true }) as string[])
    .filter(f => f.endsWith('.test.ts'))
    .map(f => path.dirname(f))
    .filter((d, i, all) => d !== '.' && all.indexOf(d) === i);
}

test('every test folder mirrors a lib/ folder', () => {
  const folders = testFolders();
  expect(folders.length).toBeGreaterThan(15);
  const strays = folders.filter(d => !(d.split(path.sep)[0] in OUTSIDE_LIB) && !fs.existsSync(path.join(REPO, 'lib', d)));
  expect(strays).toEqual([]);
});
