/**
 * Reference values for the Reference Value Provider Service (RVPS) built into Trustee: named lists of
 * trusted digests (PCRs, launch measurements, initdata bindings) that attestation policies compare
 * evidence with. Rendered in the wire format of the Trustee version (see {@link ReferenceValueFormat}).
 *
 * @see https://github.com/confidential-containers/trustee/tree/main/rvps
 * @see https://github.com/confidential-containers/trustee-operator/tree/main/config/samples
 */
import { InputError, Problem, quote } from '../errors';
import { REFERENCE_VALUES_KEY, ReferenceValueFormat, TrusteeProfile } from './versions';

/** Digest algorithms of reference values (names without a dash, as the RVPS spells them). */
export type ReferenceValueAlgorithm = 'sha256' | 'sha384' | 'sha512';

/** Length in hex characters of a digest of each algorithm. */
export const REFERENCE_VALUE_HEX_LENGTH: Readonly<Record<ReferenceValueAlgorithm, number>> = {
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

/** The algorithm assumed when a reference value names none (PCRs, SNP HOSTDATA: 32 bytes). */
export const DEFAULT_REFERENCE_VALUE_ALGORITHM: ReferenceValueAlgorithm = 'sha256';

/**
 * What the entries of a reference value are when they are not digests:
 * - `{ bytes, encoding }`: byte strings of a fixed length that are no digest (TDX XFAM, 8 bytes), or that
 *   a verifier reports in standard base64 rather than hex (SNP measurement and HOSTDATA up to trustee
 *   v0.17.0, `deps/verifier/src/snp/mod.rs` `parse_tee_evidence`: `STANDARD.encode`; hex from v0.18.0);
 * - `'svn'`: one security version number, decimal 0 to 255 (an SNP TCB component), which the attestation
 *   policy reads as the minimum it accepts.
 */
export type ReferenceValueKind =
  | { readonly bytes: number; readonly encoding: 'hex' | 'base64' }
  | 'svn';

/** One named reference value: the digests (or other values, see {@link ReferenceValueKind}) a policy accepts for it. */
export interface ReferenceValue {
  /** Name the policy asks for, e.g. `snp_pcr08` (see {@link referenceValueNameProblem}). */
  readonly name: string;
  /** Accepted digests, lowercase hex (or as {@link kind} says). */
  readonly values: readonly string[];
  /**
   * Digest algorithm; fixes the length of every value and, in the `hash-value-array` format, `alg`.
   * Not with {@link kind}.
   * @default 'sha256'
   */
  readonly algorithm?: ReferenceValueAlgorithm;
  /**
   * Values that are not lowercase-hex digests; `alg` in the `hash-value-array` format is then "bytes" or "svn".
   * @default - digests of {@link algorithm}
   */
  readonly kind?: ReferenceValueKind;
  /** Expiry, exactly `YYYY-MM-DDTHH:MM:SSZ` (UTC); the RVPS ignores expired values. */
  readonly expiration: string;
}

/** A rendered reference values ConfigMap entry. */
export interface RenderedReferenceValues {
  /** ConfigMap key the operator mounts: `reference-values.json`, or `reference_value` for gen C. */
  readonly key: string;
  /** The file content (JSON, two-space indent, trailing newline). */
  readonly content: string;
}

/**
 * Names are Rego identifiers: an ASCII letter or `_`, then letters, digits or `_`, at most 128
 * characters. Such a name can be written as `data.reference.<name>` (older Trustee) as well as
 * `query_reference_value("<name>")` without escaping, and it is a plain JSON object key in every wire
 * format. The upstream default policies' names (`snp_pcr11`, `launch_digest`, `mr_td`) all fit.
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const EXPIRATION = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const LOWER_HEX = /^[0-9a-f]*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SVN = /^(?:0|[1-9][0-9]{0,2})$/;

/** Problem text for a reference value name, or undefined (rule: see {@link ReferenceValue.name}). */
export function referenceValueNameProblem(name: unknown): string | undefined {
  if (typeof name === 'string' && NAME.test(name)) {
    return undefined;
  }
  return 'must be a Rego identifier (an ASCII letter or "_", then letters, digits or "_", at most 128 characters, '
    + `e.g. "snp_pcr08"), got ${quote(name)}`;
}

/** The instant of a well-formed expiration, or undefined when it is not exactly `YYYY-MM-DDTHH:MM:SSZ`. */
export function parseExpiration(value: unknown): Date | undefined {
  const m = typeof value === 'string' ? EXPIRATION.exec(value) : null;
  if (!m) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const roundTrips = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    && hour < 24 && minute < 60 && second < 60;
  return roundTrips ? date : undefined;
}

/**
 * Problems that do not depend on the clock: names, duplicates, algorithms, digests, expiration format.
 */
export function referenceValueShapeProblems(values: readonly ReferenceValue[], path = 'referenceValues'): Problem[] {
  const problems: Problem[] = [];
  const firstIndex = new Map<string, number>();
  values.forEach((rv, i) => {
    const at = `${path}[${i}]`;
    const nameProblem = referenceValueNameProblem(rv.name);
    if (nameProblem) {
      problems.push({ path: `${at}.name`, message: nameProblem });
    } else if (firstIndex.has(rv.name)) {
      problems.push({ path: `${at}.name`, message: `must be unique, got ${quote(rv.name)} again (first at ${path}[${firstIndex.get(rv.name)}])` });
    } else {
      firstIndex.set(rv.name, i);
    }

    if (rv.kind !== undefined) {
      problems.push(...kindProblems(rv, at));
    } else {
      const algorithm = rv.algorithm ?? DEFAULT_REFERENCE_VALUE_ALGORITHM;
      const length = REFERENCE_VALUE_HEX_LENGTH[algorithm] as number | undefined;
      if (length === undefined) {
        problems.push({ path: `${at}.algorithm`, message: `must be "sha256", "sha384" or "sha512", got ${quote(rv.algorithm)}` });
      }
      if (!Array.isArray(rv.values) || rv.values.length === 0) {
        problems.push({ path: `${at}.values`, message: `must list at least one digest, got ${quote(rv.values)}` });
      } else if (length !== undefined) {
        rv.values.forEach((value, j) => {
          if (typeof value !== 'string' || value.length !== length || !LOWER_HEX.test(value)) {
            problems.push({
              path: `${at}.values[${j}]`,
              message: `must be ${length} lowercase hex characters (a ${algorithm} digest; evidence claims are lowercase), got ${quote(value)}`,
            });
          }
        });
      }
    }

    const expirationShape = expirationProblem(rv.expiration);
    if (expirationShape) {
      problems.push({ path: `${at}.expiration`, message: expirationShape });
    }
  });
  return problems;
}

/** Problems with the values of a reference value that has a {@link ReferenceValueKind}. */
function kindProblems(rv: ReferenceValue, at: string): Problem[] {
  const kind = rv.kind as unknown;
  if (rv.algorithm !== undefined) {
    return [{ path: `${at}.algorithm`, message: `must be left out with kind (the kind fixes the values), got ${quote(rv.algorithm)}` }];
  }
  const values = rv.values as unknown;
  if (kind === 'svn') {
    return Array.isArray(values) && values.length === 1 && typeof values[0] === 'string' && SVN.test(values[0]) && Number(values[0]) <= 255 ? []
      : [{ path: `${at}.values`, message: `must list exactly one security version number, a decimal from 0 to 255 (e.g. ["3"]), got ${quote(values)}` }];
  }
  const bytes = kind as { bytes?: unknown; encoding?: unknown } | null;
  if (typeof bytes !== 'object' || bytes === null || !Number.isInteger(bytes.bytes) || (bytes.bytes as number) < 1 || !['hex', 'base64'].includes(bytes.encoding as string)) {
    return [{ path: `${at}.kind`, message: `must be "svn" or { bytes: <a whole number from 1>, encoding: "hex" or "base64" }, got ${quote(kind)}` }];
  }
  if (!Array.isArray(values) || values.length === 0) {
    return [{ path: `${at}.values`, message: `must list at least one value, got ${quote(values)}` }];
  }
  const length = bytes.bytes as number;
  const problems: Problem[] = [];
  values.forEach((value: unknown, j) => {
    const ok = typeof value === 'string' && (bytes.encoding === 'hex'
      ? value.length === 2 * length && LOWER_HEX.test(value)
      : BASE64.test(value) && Buffer.from(value, 'base64').length === length);
    if (!ok) {
      problems.push({
        path: `${at}.values[${j}]`,
        message: bytes.encoding === 'hex'
          ? `must be ${2 * length} lowercase hex characters (${length} bytes), got ${quote(value)}`
          : `must be the standard base64 of ${length} bytes, got ${quote(value)}`,
      });
    }
  });
  return problems;
}

/**
 * Problem with an expiration, or undefined: not exactly `YYYY-MM-DDTHH:MM:SSZ`, or (given `now`) not after `now`
 * (the RVPS silently drops expired values, so a policy would stop matching).
 */
export function expirationProblem(value: unknown, now?: Date): string | undefined {
  const expiry = parseExpiration(value);
  if (expiry === undefined) {
    return `must be a UTC time written exactly as YYYY-MM-DDTHH:MM:SSZ (e.g. "2027-01-01T00:00:00Z"), got ${quote(value)}`;
  }
  if (now !== undefined && expiry.getTime() <= now.getTime()) {
    return `must be after ${formatExpiration(now)} (it has expired), got ${quote(value)}`;
  }
  return undefined;
}

/**
 * Every problem with `values` at time `now`: the shape problems plus expirations that are not after `now`
 * (the RVPS silently drops expired values, so a policy would stop matching).
 */
export function referenceValueProblems(values: readonly ReferenceValue[], now: Date, path = 'referenceValues'): Problem[] {
  const problems = referenceValueShapeProblems(values, path);
  values.forEach((rv, i) => {
    const expired = parseExpiration(rv.expiration) !== undefined ? expirationProblem(rv.expiration, now) : undefined;
    if (expired) {
      problems.push({ path: `${path}[${i}].expiration`, message: expired });
    }
  });
  return problems;
}

/** `date` in the expiration format (whole seconds, UTC). */
export function formatExpiration(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The ConfigMap key the operator reads for a wire format. */
export function referenceValuesKey(format: ReferenceValueFormat): string {
  return REFERENCE_VALUES_KEY[format];
}

/**
 * Renders reference values in the wire format of `profile` (or `format`), sorted by name, keys in a fixed
 * order, two-space JSON with a trailing newline.
 *
 * @throws InputError listing the problems of {@link referenceValueShapeProblems} (expiry against the clock
 *   is checked by {@link referenceValueProblems}, which the caller runs with its own `now`)
 */
export function renderReferenceValues(
  profile: TrusteeProfile,
  values: readonly ReferenceValue[],
  format: ReferenceValueFormat = profile.referenceValueFormat,
  path = 'referenceValues',
): RenderedReferenceValues {
  const problems = referenceValueShapeProblems(values, path);
  if (problems.length > 0) {
    throw new InputError(problems);
  }
  const sorted = [...values].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { key: referenceValuesKey(format), content: `${JSON.stringify(wire(sorted, format), null, 2)}\n` };
}

function wire(values: readonly ReferenceValue[], format: ReferenceValueFormat): unknown {
  switch (format) {
    case 'hash-value-array':
      return values.map(rv => ({
        'name': rv.name,
        'expiration': rv.expiration,
        'hash-value': rv.values.map(value => ({ alg: hashValueLabel(rv), value })),
      }));
    case 'value-array':
      return values.map(rv => ({ name: rv.name, expiration: rv.expiration, value: [...rv.values] }));
    case 'base64url-object':
      return Object.fromEntries(values.map(rv => [rv.name, base64UrlPadded(JSON.stringify({ name: rv.name, expiration: rv.expiration, value: rv.values }))]));
  }
}

/**
 * `alg` of a `hash-value` entry (TR v0.11.0 `rvps/src/reference_value.rs` `HashValuePair { alg: String }`:
 * free text, nothing reads it): the digest algorithm, or the kind of a non-digest value.
 */
function hashValueLabel(rv: ReferenceValue): string {
  if (rv.kind === undefined) return rv.algorithm ?? DEFAULT_REFERENCE_VALUE_ALGORITHM;
  return rv.kind === 'svn' ? 'svn' : 'bytes';
}

/** base64url (RFC 4648 §5) of the UTF-8 bytes, with `=` padding as the RVPS store expects. */
function base64UrlPadded(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64url');
  return encoded + '='.repeat((4 - (encoded.length % 4)) % 4);
}
