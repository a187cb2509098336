/**
 * The YAML text of one rendered object, byte for byte what cdk8s' `Yaml.stringify(obj)` writes, about 20 times
 * faster.
 *
 * cdk8s 2.70 (`cdk8s/lib/yaml.js`) calls `YAML.stringify(obj, { keepUndefined: true, lineWidth: 0, version: '1.1' })`
 * of its bundled yaml 2.9.1, which builds a node tree for every object and costs about 11 µs per value: for a fleet of
 * 100 spoke groups that was half of the render. Here the block layout of yaml 2.9.1 (`stringify/stringifyPair.js`,
 * `stringifyCollection.js`, `nodes/YAMLMap.js`, `nodes/YAMLSeq.js`, `stringifyDocument.js`, default indent 2 and
 * `indentSeq`) is written out for the JSON values manifests hold, and every string still goes through yaml's own
 * `stringifyString` (`yaml/util`) with the context yaml builds for those options, so quoting, block scalars and
 * escapes are yaml's decisions. yaml is pinned to the version cdk8s bundles (test/output/yaml-text.test.ts checks
 * that and compares both on every rendered object and on generated hard cases).
 *
 * What the layout here does not cover is written by cdk8s itself: a document that is not a non-empty map or
 * list, a number that is not a safe integer (or is -0), `undefined`, anything not plain JSON, the string `<<` and a
 * key longer than yaml's 1024-character implicit key.
 */
import { Yaml } from 'cdk8s';
import { Document, ScalarTag } from 'yaml';

// `yaml/util` is a public entry point of yaml 2; its types are only found under `dist/` with this project's
// (and cdk8s' default) module resolution.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stringifyString } = require('yaml/util') as typeof import('yaml/dist/util');

type StringifyContext = Parameters<typeof stringifyString>[1];

/** The options cdk8s 2.70 passes to `YAML.stringify` (cdk8s/lib/yaml.js). */
const CDK8S_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/** yaml's own limit for an implicit (`key: value`) key (stringify/stringifyPair.js). */
const IMPLICIT_KEY_MAX = 1024;

/** A value this layout does not write: the whole document is handed to cdk8s. */
class Unsupported extends Error {}

/**
 * The stringify context yaml 2.9.1 builds for a document with cdk8s' options, taken from yaml itself: a probe tag
 * receives it when the document is written. It carries the YAML 1.1 schema (whose tags decide when a plain
 * string must be quoted) and yaml's default string options.
 */
function documentContext(): StringifyContext {
  const probe = {};
  let captured: StringifyContext | undefined;
  const tag: ScalarTag = {
    tag: '!coco-context-probe',
    identify: (v: unknown) => v === probe,
    resolve: (text: string) => text,
    stringify: (_node, ctx) => {
      captured = { ...ctx, indentAtStart: undefined };
      return '';
    },
  };
  const doc = new Document(probe, { ...CDK8S_OPTIONS, customTags: [tag] });
  doc.toString(CDK8S_OPTIONS);
  if (captured === undefined) {
    throw new Error('yaml did not pass its stringify context to the probe tag');
  }
  return captured;
}

let context: StringifyContext | undefined;
/**
 * Rendered strings, by role (key, value), then by indentation: manifests repeat few distinct strings many times
 * (a 100-group fleet: 280,000 strings, 1,800 distinct).
 */
const strings: [Map<string, string>[], Map<string, string>[]] = [[], []];

/**
 * The merge key of YAML 1.1: yaml gives the string `<<` its `merge` tag, not `str`, and writes it bare
 * (yaml 2.9.1 schema/yaml-1.1/merge.js); left to cdk8s.
 */
const MERGE_KEY = '<<';

/** yaml's text for the string `value` as a key (`implicitKey`) or a value, where the context indent is `indent`. */
function stringText(value: string, indent: string, implicitKey: boolean): string {
  if (value === MERGE_KEY) {
    throw new Unsupported();
  }
  const byIndent = strings[implicitKey ? 0 : 1];
  const known = (byIndent[indent.length] ??= new Map());
  const text = known.get(value);
  if (text !== undefined) {
    return text;
  }
  context ??= documentContext();
  // yaml's `str` tag sets `actualString` before it calls stringifyString (yaml 2.9.1 schema/common/string.js).
  const rendered = stringifyString({ value } as Parameters<typeof stringifyString>[0], { ...context, indent, implicitKey, actualString: true });
  known.set(value, rendered);
  return rendered;
}

function isMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return false;
  }
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isEmptyCollection(v: unknown): boolean {
  if (Array.isArray(v)) {
    return v.length === 0;
  }
  if (!isMap(v)) {
    return false;
  }
  for (const _ in v) {
    return false;
  }
  return true;
}

/** A scalar (not a collection) where the context indent is `indent`. */
function scalarText(v: unknown, indent: string): string {
  switch (typeof v) {
    case 'string':
      return stringText(v, indent, false);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
        return String(v);
      }
      throw new Unsupported();
    default:
      if (v === null) {
        return 'null';
      }
      throw new Unsupported();
  }
}

/** A non-empty map or list whose collection context indent is `indent` (its first line is not indented). */
function collectionText(v: unknown, indent: string): string {
  return Array.isArray(v) ? listText(v, indent) : mapText(v as Record<string, unknown>, indent);
}

/** yaml's stringifyPair: keys and values get the map's indent plus one step. */
function mapText(map: Record<string, unknown>, indent: string): string {
  const inner = `${indent}  `;
  const separator = `\n${indent}`;
  let text = '';
  for (const key of Object.keys(map)) {
    const k = stringText(key, inner, true);
    if (k.length > IMPLICIT_KEY_MAX) {
      throw new Unsupported();
    }
    text += `${text === '' ? '' : separator}${k}:${valueText(map[key], inner)}`;
  }
  return text;
}

/** What follows `key:` for `value`, where the pair's context indent is `indent`. */
function valueText(value: unknown, indent: string): string {
  const text = nodeText(value, indent);
  if (value !== null && typeof value === 'object' && !isEmptyCollection(value)) {
    return `\n${indent}${text}`;
  }
  return text === '' || text[0] === '\n' ? text : ` ${text}`;
}

/** yaml's YAMLSeq with `indentSeq`: items are prefixed `- ` and get the list's indent plus one step. */
function listText(list: readonly unknown[], indent: string): string {
  const inner = `${indent}  `;
  const separator = `\n${indent}`;
  let text = '';
  for (const item of list) {
    text += `${text === '' ? '' : separator}- ${nodeText(item, inner)}`;
  }
  return text;
}

/** A value where the context indent is `indent`: a scalar, an empty collection in flow style, or a block collection. */
function nodeText(v: unknown, indent: string): string {
  if (v !== null && typeof v === 'object') {
    if (!isMap(v) && !Array.isArray(v)) {
      throw new Unsupported();
    }
    if (isEmptyCollection(v)) {
      return Array.isArray(v) ? '[]' : '{}';
    }
    return collectionText(v, indent);
  }
  return scalarText(v, indent);
}

/** The YAML document of `obj` as cdk8s' `Yaml.stringify(obj)` writes it. */
export function yamlText(obj: unknown): string {
  if ((isMap(obj) || Array.isArray(obj)) && !isEmptyCollection(obj)) {
    try {
      return `${collectionText(obj, '')}\n`;
    } catch (e) {
      if (!(e instanceof Unsupported)) {
        throw e;
      }
    }
  }
  return Yaml.stringify(obj);
}
