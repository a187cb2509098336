/**
 * Reads pattern.yaml: YAML errors with line and column, schema problems with the field path, the
 * offending value and what was expected, every problem at once.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { z } from 'zod';
import { InputError, Problem, quote, throwIfProblems } from '../errors';
import { readCertificate } from './files';
import { withSpokeDefaults } from './fleet';
import { patternProblems } from './semantics';
import { PatternConfig, PatternSchema } from './schema';

/** Where relative file paths resolve and what "now" is for expiry checks. */
export interface LoadOptions {
  /**
   * Folder relative file paths (certificates) resolve against.
   * @default - the current directory
   */
  readonly baseDir?: string;
  /**
   * The time reference value expiries are checked against.
   * @default - now
   */
  readonly now?: Date;
}

/**
 * Parses and validates a configuration object (already parsed from YAML): the schema, then the
 * cross-field rules, then the files it points at (certificates are read and replaced by their PEM text).
 */
export function parsePattern(data: unknown, options: LoadOptions = {}): PatternConfig {
  // jitless: zod would otherwise compile a parser per object schema with `new Function` on first use, which costs
  // more than it saves when each schema parses one configuration per process (about 40 ms of a synth).
  const result = PatternSchema.safeParse(withSpokeDefaults(data), { reportInput: true, jitless: true });
  if (!result.success) {
    throw new InputError(zodProblems(result.error.issues));
  }
  const config = result.data;
  const now = options.now ?? new Date();
  const problems = patternProblems(config, now);
  const baseDir = options.baseDir ?? process.cwd();
  for (const [name, group] of Object.entries(config.clusterGroups)) {
    for (const [field, holder] of [['trustee.kbs.certificate', group.trustee.kbs], ['sandbox.kbs.certificate', group.sandbox.kbs]] as const) {
      if (holder.certificate === undefined) continue;
      const { pem, problem } = readCertificate(holder.certificate, baseDir, `clusterGroups.${name}.${field}`, now);
      if (problem) problems.push(problem);
      (holder as { certificate?: string }).certificate = pem;
    }
  }
  throwIfProblems(problems);
  return config;
}

/** Reads, parses and validates pattern.yaml text. `file` names the source in messages. */
export function parsePatternYaml(text: string, file: string, options: LoadOptions = {}): PatternConfig {
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) {
    throw new InputError(doc.errors.map(e => {
      const pos = e.linePos?.[0];
      const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
      return { path: where, message: `invalid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` };
    }));
  }
  const data = doc.toJS();
  if (data === null || data === undefined) {
    throw new InputError([{ path: file, message: 'is empty: expected a mapping with at least "gitops.repoURL"' }]);
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError([{ path: file, message: `must be a YAML mapping, got ${Array.isArray(data) ? 'a list' : quote(data)}` }]);
  }
  return parsePattern(data, options);
}

/** Reads and validates the pattern file at `file`; messages name it `shownAs` (default: `file`). */
export function loadPattern(file: string, shownAs: string = file, now?: Date): PatternConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, expected a file' : `cannot be read (${code ?? (e as Error).message})`;
    throw new InputError([{ path: shownAs, message: why }]);
  }
  return parsePatternYaml(text, shownAs, { baseDir: path.dirname(path.resolve(file)), now });
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return `a list ${quote(input)}`;
  if (typeof input === 'object') return 'a mapping';
  return `${typeof input} ${quote(input)}`;
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`).join('');
}

const DEFAULT_BOUND_MESSAGE = /^Too (small|big):/;
const DEFAULT_CHOICE_MESSAGE = /^Invalid (option|input)\b/;
const DEFAULT_TYPE_MESSAGE = /^Invalid input\b/;
const DEFAULT_UNKNOWN_KEY_MESSAGE = /^Unrecognized keys?\b/;

/** "must be at least 1", "must list at most 3 items", ... for a size or value bound. */
function boundMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const inclusive = issue.inclusive !== false;
  const relation = small ? (inclusive ? 'at least' : 'more than') : (inclusive ? 'at most' : 'fewer than');
  switch (issue.origin) {
    case 'number':
    case 'int':
    case 'bigint':
      return `must be ${small ? (inclusive ? 'at least' : 'greater than') : (inclusive ? 'at most' : 'less than')} ${limit}`;
    case 'array':
    case 'set':
      return `must list ${relation} ${limit} item${limit === 1 ? '' : 's'}`;
    case 'string':
      return `must be ${relation} ${limit} character${limit === 1 ? '' : 's'} long`;
    default:
      return issue.message;
  }
}

/** Turns zod issues into one problem per issue, in document order. */
export function zodProblems(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys':
        // zod's own wording ("Unrecognized key: ...") becomes "unknown key"; a message set in the schema is kept.
        for (const key of issue.keys) {
          problems.push({ path: joinPath([...path, key]), message: DEFAULT_UNKNOWN_KEY_MESSAGE.test(issue.message) ? 'unknown key' : issue.message });
        }
        break;
      case 'invalid_type':
        problems.push({
          path: joinPath(path),
          // A message set in the schema that names the value (e.g. a version given as a YAML number) is kept.
          // A missing value is "required"; a schema may word why (e.g. "is required when cloud is ...").
          message: input === undefined ? (DEFAULT_TYPE_MESSAGE.test(issue.message) ? `is required (expected ${issue.expected})` : issue.message)
            : issue.message.includes(', got ') ? issue.message
            : issue.expected === 'int' && typeof input === 'number' ? `must be a whole number, got ${quote(input)}`
              : `expected ${issue.expected}, got ${describe(input)}`,
        });
        break;
      case 'too_small':
      case 'too_big': {
        // zod's own wording ("Too big: expected number to be <=65535") becomes "must be at most 65535";
        // a message set in the schema is kept.
        const bound = DEFAULT_BOUND_MESSAGE.test(issue.message) ? boundMessage(issue) : issue.message;
        problems.push({ path: joinPath(path), message: bound.includes(', got ') ? bound : `${bound}, got ${quote(input)}` });
        break;
      }
      case 'invalid_value':
        // zod's own wording ("Invalid option: ...") becomes "must be one of ..."; a message set in the schema is kept.
        problems.push({
          path: joinPath(path),
          message: DEFAULT_CHOICE_MESSAGE.test(issue.message) ? `must be one of ${issue.values.map(v => quote(v)).join(', ')}, got ${quote(input)}`
            : issue.message.includes(', got ') ? issue.message : `${issue.message}, got ${quote(input)}`,
        });
        break;
      case 'invalid_key':
        problems.push(...zodProblems(issue.issues, path).map(p => ({ ...p, message: `invalid key: ${p.message}` })));
        break;
      case 'invalid_union': {
        // A discriminated union whose key has a value no option takes: the schema names the values (fields.ts oneOfByKey).
        if ('discriminator' in issue) {
          const value = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[String(issue.discriminator)] : undefined;
          problems.push({ path: joinPath(path), message: `${issue.message}, got ${quote(value)}` });
          break;
        }
        // The branch whose type the input has explains the problem better than "Invalid input".
        const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
        const typed = branches.filter(b => b.length > 0 && !b.some(i => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')));
        if (typed.length === 1) {
          problems.push(...zodProblems(typed[0], path));
        } else {
          const values = branches.flatMap(b => b.filter(i => i.path.length === 0 && i.code === 'invalid_value').flatMap(i => (i as z.core.$ZodIssueInvalidValue).values));
          problems.push({
            path: joinPath(path),
            message: values.length > 0 ? `must be one of ${values.map(v => quote(v)).join(', ')} or a mapping, got ${describe(input)}` : `${issue.message}, got ${describe(input)}`,
          });
        }
        break;
      }
      default: {
        const message = issue.message.includes(', got ') || input === undefined ? issue.message : `${issue.message}, got ${quote(input)}`;
        problems.push({ path: joinPath(path), message });
      }
    }
  }
  return problems;
}
