/**
 * Configuration is pure data: loading the pattern.yaml schema and rules loads no construct, no cdk8s and
 * no generated CRD class (so a bad pattern.yaml is reported before anything heavy loads).
 */
import * as fs from 'fs';
import * as path from 'path';
import { closure, LIB } from '../support/imports';
import { REPO } from '../support/render';

const CONFIG = path.join(LIB, 'config');
const FORBIDDEN = ['package:cdk8s', 'package:cdk8s-plus-28', 'package:constructs'];

test('nothing under lib/config/ loads a construct, cdk8s or a generated class', () => {
  const loaded = closure(fs.readdirSync(CONFIG).filter(f => f.endsWith('.ts')).map(f => path.join(CONFIG, f)));
  const offending = [...loaded].filter(([m]) => FORBIDDEN.includes(m) || m.startsWith(path.join(REPO, 'imports')))
    .map(([m, from]) => `${m.startsWith('package:') ? m : path.relative(REPO, m)} (loaded by ${path.relative(REPO, from)})`);
  expect(offending).toEqual([]);
  expect(loaded.has('package:zod')).toBe(true);
});

test('the check sees a construct loaded through another module', () => {
  const loaded = closure([path.join(LIB, 'trustee', 'trustee.ts')]);
  expect(loaded.has('package:cdk8s')).toBe(true);
});
