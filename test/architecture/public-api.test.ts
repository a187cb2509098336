/**
 * The public API is a deliberate list: every runtime name lib/index.ts exports is snapshotted, so adding
 * or removing one is a visible diff in review (types are listed in lib/index.ts itself). The command line
 * is a separate entry point (`coco-cdk8s/cli`), and neither exposes the secrets generator.
 */
import * as api from '../../lib';
import * as cli from '../../lib/cli';
import { closure, LIB } from '../support/imports';
import * as path from 'path';

test('the library exports exactly these names', () => {
  const names = Object.keys(api).sort();
  expect(names.length).toBeLessThanOrEqual(80);
  expect(names).toMatchSnapshot();
});

test('the command line entry exports the synth command and the pattern', () => {
  expect(Object.keys(cli).sort()).toEqual(['CocoPattern', 'loadPattern', 'parsePattern', 'parsePatternYaml', 'processIO', 'renderPattern', 'runSynth', 'synthesize']);
});

test('neither entry point loads the secrets generator (it handles private keys; the repository\'s tools run it)', () => {
  const loaded = closure([path.join(LIB, 'index.ts'), path.join(LIB, 'cli', 'index.ts')]);
  expect([...loaded.keys()].filter(m => m.includes(`${path.sep}secrets${path.sep}generator${path.sep}`) || m.endsWith('secrets-command.ts'))).toEqual([]);
});
