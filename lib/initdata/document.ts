/**
 * The initdata document itself: a small TOML file whose `[data]` table carries aa.toml, cdh.toml and
 * policy.rego as literal multi-line strings, in the form upstream tools write and the known digest
 * vectors use. smol-toml cannot write literal multi-line strings, so this module writes the few
 * fixed lines itself and proves the result by parsing it back with smol-toml.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'smol-toml';
import { InputError, Problem, quote } from '../errors';
import { InitDataAlgorithm, initDataAlgorithmProblem } from './algorithm';
import { hasLoneSurrogate } from './text';

/** The files initdata can carry, in the order the document lists them. */
export const INIT_DATA_ENTRIES = ['aa.toml', 'cdh.toml', 'policy.rego'] as const;

/** The name of one file carried in initdata. */
export type InitDataEntry = (typeof INIT_DATA_ENTRIES)[number];

/** The initdata format version the guest components read. */
export const INIT_DATA_VERSION = '0.1.0';

/** Input of {@link renderInitDataToml}. */
export interface InitDataDocument {
  /** Digest algorithm named in the document (the digest itself is computed by the caller). */
  readonly algorithm: InitDataAlgorithm;
  /**
   * Format version, three dot-separated numbers.
   * @default '0.1.0'
   */
  readonly version?: string;
  /** File contents; an absent (or undefined) entry is left out of the document. */
  readonly data: { readonly [name in InitDataEntry]?: string };
}

// TOML control characters (U+0000-U+001F, U+007F) other than tab and line feed. A carriage return
// is refused too: a TOML parser may turn CRLF into LF, and then the guest would not read back these bytes.
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;
const VERSION = /^[0-9]+\.[0-9]+\.[0-9]+$/;

/**
 * The canonical initdata TOML text:
 *
 * ```
 * algorithm = "sha256"
 * version = "0.1.0"
 *
 * [data]
 * "aa.toml" = '''
 * <content>'''
 * ```
 *
 * Entries come in the order aa.toml, cdh.toml, policy.rego (only those present), separated by an
 * empty line; the text ends with one newline. Non-empty content that does not end with a newline
 * gets one, so each closing `'''` sits on its own line; empty content stays empty.
 * For `{ algorithm: 'sha256', data: { 'aa.toml': '' } }` this gives exactly the 67-byte document
 * of the trustee-osc.md §3.3 test vector.
 *
 * Throws an {@link InputError} (paths `algorithm`, `version`, `data["<name>"]`) when an input cannot
 * be written faithfully: an unknown algorithm, a malformed version, an unknown entry name, or
 * content containing `'''` or control characters other than tab and newline.
 */
export function renderInitDataToml(document: InitDataDocument): string {
  const version = document.version ?? INIT_DATA_VERSION;
  const entries = presentEntries(document);
  const problems = documentProblems(document.algorithm, version, document.data, entries);
  if (problems.length > 0) {
    throw new InputError(problems);
  }
  const blocks = entries.map(([name, content]) => `"${name}" = '''\n${content}'''\n`);
  const text = `algorithm = "${document.algorithm}"\nversion = "${version}"\n\n[data]\n${blocks.join('\n')}`;
  verifyRoundTrip(text, { algorithm: document.algorithm, version, data: Object.fromEntries(entries) });
  return text;
}

/** Content as it is written into the document: non-empty text gains a final newline if it lacks one. */
export function normalizeInitDataEntry(content: string): string {
  return content === '' || content.endsWith('\n') ? content : `${content}\n`;
}

function presentEntries(document: InitDataDocument): [InitDataEntry, string][] {
  const data = document.data ?? {};
  return INIT_DATA_ENTRIES.flatMap(name => {
    const content = data[name];
    return typeof content === 'string' ? [[name, normalizeInitDataEntry(content)] as [InitDataEntry, string]] : [];
  });
}

function documentProblems(
  algorithm: unknown,
  version: unknown,
  data: unknown,
  entries: readonly [InitDataEntry, string][],
): Problem[] {
  const problems: Problem[] = [];
  const algorithmProblem = initDataAlgorithmProblem(algorithm);
  if (algorithmProblem) {
    problems.push({ path: 'algorithm', message: algorithmProblem });
  }
  if (typeof version !== 'string' || !VERSION.test(version)) {
    problems.push({ path: 'version', message: `must be a version of three numbers such as "0.1.0", got ${quote(version)}` });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push({ path: 'data', message: `must be an object of file contents, got ${quote(data)}` });
    return problems;
  }
  for (const [name, content] of Object.entries(data)) {
    if (!(INIT_DATA_ENTRIES as readonly string[]).includes(name)) {
      const names = INIT_DATA_ENTRIES.map(n => `"${n}"`).join(', ');
      problems.push({ path: `data[${JSON.stringify(name)}]`, message: `must be one of ${names}, got ${quote(name)}` });
    } else if (content !== undefined && typeof content !== 'string') {
      problems.push({ path: `data[${JSON.stringify(name)}]`, message: `must be text, got ${quote(content)}` });
    }
  }
  for (const [name, content] of entries) {
    const problem = literalContentProblem(content);
    if (problem) {
      problems.push({ path: `data[${JSON.stringify(name)}]`, message: problem });
    }
  }
  return problems;
}

/** Why `content` cannot sit in a TOML literal multi-line string, or undefined. */
function literalContentProblem(content: string): string | undefined {
  const at = (index: number): string => quote(content.slice(Math.max(0, index - 20), index + 23));
  const triple = content.indexOf("'''");
  if (triple >= 0) {
    return `must not contain three single quotes in a row (they would close the TOML literal string), got ${at(triple)}`;
  }
  const control = content.search(FORBIDDEN_CONTROL);
  if (control >= 0) {
    const code = content.charCodeAt(control).toString(16).toUpperCase().padStart(4, '0');
    return `must not contain control characters other than tab and newline (found U+${code}${code === '000D' ? ', a carriage return: use LF line endings' : ''}), got ${at(control)}`;
  }
  if (hasLoneSurrogate(content)) {
    return 'must be well-formed Unicode text, got a string with a lone UTF-16 surrogate';
  }
  return undefined;
}

function verifyRoundTrip(text: string, expected: Record<string, unknown>): void {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new Error(`rendered initdata does not parse as TOML (${(error as Error).message}): ${JSON.stringify(text)}`);
  }
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(parsed)), expected)) {
    throw new Error(`rendered initdata does not read back as its input: ${JSON.stringify(text)}`);
  }
}
