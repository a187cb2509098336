/**
 * Reusable field schemas for pattern.yaml. Each carries its own error message; the loader appends the
 * offending value, so a user reads `<path>: <what was expected>, got <value>`.
 */
import { z } from 'zod';
import { quote } from '../errors';
import { dnsLabelProblem, dnsSubdomainProblem, hostNameProblem } from '../naming/dns';

/**
 * A string checked by a rule of the library (the same rule the constructs apply, so pattern.yaml and the
 * constructs reject the same values with the same words); `pattern` documents it in pattern.schema.json.
 */
export function ruled(rule: (v: string) => string | undefined, pattern?: string) {
  const schema = z.string().check(ctx => {
    const problem = rule(ctx.value);
    if (problem) {
      ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    }
  });
  return pattern ? schema.meta({ pattern }) : schema;
}

const LABEL = '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?';
export const dnsLabel = () => ruled(dnsLabelProblem, `^${LABEL}$`);
export const dnsSubdomain = () => ruled(dnsSubdomainProblem, `^${LABEL}(\\.${LABEL})*$`);
export const hostName = () => ruled(hostNameProblem, `^${LABEL}(\\.${LABEL})+$`);

/**
 * An https URL without credentials, query or fragment; `what` names what it points at in the message.
 */
export const httpsUrl = (what?: string) => z.string().check(ctx => {
  let ok = false;
  try {
    const u = new URL(ctx.value);
    ok = u.protocol === 'https:' && u.hostname.length > 0 && !u.username && !u.password && !u.search && !u.hash;
  } catch {
    ok = false;
  }
  if (!ok) {
    const message = what
      ? `must be an https URL of ${what}, without credentials, query or fragment`
      : 'must be an https URL without credentials, query or fragment (e.g. "https://kbs.example.com")';
    ctx.issues.push({ code: 'custom', input: ctx.value, message });
  }
});

/**
 * Schema parameters that word the problem of a missing value (`<path>: <message>`); other problems keep
 * their own words.
 */
export const whenMissing = (message: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? message : undefined) });

/** A non-empty string without leading or trailing spaces; `missing` words its absence when it is required. */
export const nonEmpty = (missing?: string) => z.string(missing === undefined ? undefined : whenMissing(missing)).check(ctx => {
  if (ctx.value.trim() === '') {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must not be empty' });
  } else if (ctx.value.trim() !== ctx.value) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must not start or end with white space' });
  }
}).meta({ minLength: 1 });

/**
 * A version written as a quoted string, one of `supported` (e.g. "1.10"). `problem` words every refusal,
 * a YAML number included (an unquoted 1.10 is the number 1.1): the same rule the library applies.
 */
export const versionChoice = (supported: readonly string[], problem: (value: unknown) => string | undefined) =>
  z.enum(supported as [string, ...string[]], { error: issue => problem(issue.input) });

/** A Kubernetes label key: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** A Kubernetes label value: empty, or at most 63 letters, digits, "-", "_", "." starting and ending alphanumeric. */
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Labels by key (a node or cluster selector). */
export const labelMap = () => z.record(
  z.string().regex(LABEL_KEY, { message: 'must be a label key' }),
  z.string().regex(LABEL_VALUE, { message: 'must be a label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)' }),
);

/** A whole number of at least 1. */
export const positiveInt = () => z.number().int().min(1);

const PORT = { message: 'must be a port number from 1 to 65535' };
/** A TCP or UDP port number. */
export const port = () => z.number().int().min(1, PORT).max(65535, PORT);

type Discriminable = z.core.$ZodTypeDiscriminable;

/**
 * Objects told apart by the value of `key` (zod's discriminated union); a value no option takes is one
 * problem at `key` naming every value that is (`must be one of "a", "b", got "c"`).
 */
export function oneOfByKey<const Options extends readonly [Discriminable, ...Discriminable[]], Key extends string>(key: Key, options: Options) {
  const values = () => options.flatMap(o => [...(o._zod.propValues?.[key] ?? [])]).filter(v => v !== undefined);
  return z.discriminatedUnion(key, options, {
    error: issue => (issue.code === 'invalid_union' ? `must be one of ${values().map(v => quote(v)).join(', ')}` : undefined),
  });
}

/**
 * `schema` with an absent value checked as `{}`: its defaults apply, and each required field it lacks is
 * its own problem (named by its path) rather than one for the whole object. (zod types no `{}` input for an
 * object with required fields, hence the cast.)
 */
export function absentAsEmpty<T extends z.ZodType>(schema: T) {
  return schema.prefault({} as never);
}

/** Objects (and unions of them) whose absence {@link absentAsEmptyShape} checks as `{}`. */
type ObjectLike = z.ZodObject | z.ZodDiscriminatedUnion;

/** `shape` with {@link absentAsEmpty} on each of its objects (other keys are left as they are). */
export function absentAsEmptyShape<const Shape extends z.core.$ZodShape>(shape: Shape) {
  const objectLike = (schema: unknown): schema is ObjectLike => schema instanceof z.ZodObject || schema instanceof z.ZodDiscriminatedUnion;
  // Object.fromEntries keeps no key types; each value is the value at the same key, `absentAsEmpty` when an object.
  return Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, objectLike(schema) ? absentAsEmpty(schema) : schema])) as unknown as {
    -readonly [K in keyof Shape]: Shape[K] extends ObjectLike ? z.ZodPrefault<Shape[K]> : Shape[K];
  };
}
