/**
 * lib/output/yaml-text.ts writes what cdk8s' `Yaml.stringify` writes, byte for byte: on every object the
 * committed patterns render, on generated documents full of strings YAML treats specially, and on what it hands
 * back to cdk8s.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Yaml } from 'cdk8s';
import { buildPattern } from '../../lib/cli/synthesize';
import { loadPattern } from '../../lib/config/load';
import { yamlText } from '../../lib/output/yaml-text';
import { REPO, TEST_NOW } from '../support/render';

const cdk8sYaml = (v: unknown) => Yaml.stringify(v);

describe('yaml version', () => {
  test('yaml is the version cdk8s bundles (the layout of lib/output/yaml-text.ts is that version\'s)', () => {
    const cdk8sDir = path.dirname(require.resolve('cdk8s/package.json'));
    const bundled = JSON.parse(fs.readFileSync(require.resolve('yaml/package.json', { paths: [cdk8sDir] }), 'utf8')).version;
    const ours = JSON.parse(fs.readFileSync(require.resolve('yaml/package.json'), 'utf8')).version;
    expect(ours).toBe(bundled);
  });
});

describe.each(['pattern.yaml', 'examples/fleet/pattern.yaml'])('every object %s renders', file => {
  const config = loadPattern(path.join(REPO, file), file, TEST_NOW);
  const objects = buildPattern(config).app.node.findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject)
    .map(o => o.toJson());

  test('is written as cdk8s writes it', () => {
    expect(objects.length).toBeGreaterThan(90);
    const differing = objects.filter(o => yamlText(o) !== cdk8sYaml(o)).map(o => `${o.kind}/${o.metadata?.name}`);
    expect(differing).toEqual([]);
  });

  test('without handing any of them to cdk8s', () => {
    const spy = jest.spyOn(Yaml, 'stringify');
    try {
      objects.forEach(o => yamlText(o));
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

/** Strings YAML 1.1 reads as something else, or that need quotes, escapes or a block scalar. */
const HARD_STRINGS = [
  '', ' ', 'plain', 'two words', 'yes', 'No', 'ON', 'off', 'y', 'n', '~', 'null', 'Null', 'true', 'False',
  '0', '-1', '+1', '0777', '0o17', '0x1F', '0b101', '1_000', '1e3', '.5', '1.', '-.inf', '.NaN', '12:30:00', '190:20:30',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '=', '-', '?', ':', '- item', '? key', 'a: b', 'a:b', 'a #b', 'a#b',
  '#comment', '&anchor', '*alias', '!tag', '|', '>', "'", '"', "it's", 'say "hi"', 'both \' and "', '%YAML', '---', '...',
  '--- x', 'x\n---\ny', '@at', '`tick`', '[a]', '{a: 1}', 'a,b', 'tab\there', ' leading', 'trailing ', 'trailing:',
  'line\n', 'two\nlines', 'two\nlines\n', 'keep\n\n', '\nleading newline', '  indented\nblock', 'trailing spaces  \nline',
  'line\n  more indented\nback', 'CRLF\r\nline', 'nul\u0000', 'bell\u0007', 'esc\u001b', 'del\u007f', 'nel\u0085', 'nbsp\u00a0',
  'ls\u2028', 'é ü 日本', 'emoji 😀', 'lone \ud800', 'x'.repeat(1100), `${'long line '.repeat(20)}\n${'word '.repeat(30)}`,
  'package policy\n\ndefault allow := false\n', '[data]\n"aa.toml" = \'\'\'\nx = 1\n\'\'\'\n', 'a\n\n\nb', 'end with space \n',
];

/** A deterministic pseudo-random generator (mulberry32), so a failure can be reproduced from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function document(rand: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const r = rand();
  if (depth > 0 && r < 0.3) {
    return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [pick(HARD_STRINGS), document(rand, depth - 1)]));
  }
  if (depth > 0 && r < 0.5) {
    return Array.from({ length: Math.floor(rand() * 4) }, () => document(rand, depth - 1));
  }
  return pick<unknown>([...HARD_STRINGS, 0, 7, -42, 65535, true, false, null]);
}

describe('hard cases', () => {
  test.each(HARD_STRINGS.map(s => [JSON.stringify(s).slice(0, 40), s]))('%s as a key, a value and a list item at several depths', (_name, s) => {
    for (const doc of [
      { [s]: 'v' }, { k: s }, [s], { a: { b: { c: s } } }, { a: [s, { [s]: [s] }] }, [[s, [s]]], { a: [[{ [s]: s }]] },
    ]) {
      expect(yamlText(doc)).toBe(cdk8sYaml(doc));
    }
  });

  test('2000 generated documents', () => {
    const rand = random(15);
    const docs = Array.from({ length: 2000 }, () => ({ kind: 'Generated', data: document(rand, 5), list: [document(rand, 4)] }));
    const expected = docs.map(cdk8sYaml);
    const spy = jest.spyOn(Yaml, 'stringify');
    try {
      const differing = docs.filter((d, i) => yamlText(d) !== expected[i]);
      expect(differing.slice(0, 3)).toEqual([]);
      // most of them are written here, not handed back (the ones holding `<<` are)
      expect(spy.mock.calls.length).toBeLessThan(docs.length / 2);
    } finally {
      spy.mockRestore();
    }
  });

  test('empty collections are written in flow style, as cdk8s writes them', () => {
    const doc = { a: {}, b: [], c: [{}, []], d: { e: [] } };
    expect(yamlText(doc)).toBe('a: {}\nb: []\nc:\n  - {}\n  - []\nd:\n  e: []\n');
    expect(yamlText(doc)).toBe(cdk8sYaml(doc));
  });
});

describe('what it hands to cdk8s', () => {
  test.each([
    ['a float', { a: 1.5 }],
    ['-0', { a: -0 }],
    ['an unsafe integer', { a: 2 ** 60 }],
    ['NaN', { a: NaN }],
    ['undefined', { a: undefined, b: 1 }],
    ['a Date', { a: new Date(0) }],
    ['a key over 1024 characters', { ['k'.repeat(1100)]: 1 }],
    ['the YAML 1.1 merge key', { a: { '<<': '<<' } }],
    ['an empty map', {}],
    ['an empty list', []],
    ['a string document', 'text'],
    ['null', null],
  ])('%s is written by cdk8s', (_name, doc) => {
    const expected = cdk8sYaml(doc);
    const spy = jest.spyOn(Yaml, 'stringify');
    try {
      expect(yamlText(doc)).toBe(expected);
      expect(spy).toHaveBeenCalledWith(doc);
    } finally {
      spy.mockRestore();
    }
  });
});
