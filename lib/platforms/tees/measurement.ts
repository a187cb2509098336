/**
 * Platform measurements: what a TEE's evidence reports about the firmware, kernel and TCB it booted, which
 * Trustee's attestation policy compares with reference values. Each TEE file lists its own (upstream
 * reference value names, byte lengths, the AR4SI claim each one gates); this module checks the values a
 * user supplies against those definitions and names what is missing. Pure data, no construct.
 *
 * Byte lengths come from the structures the verifiers parse (confidential-containers/trustee b2442c22):
 * TDX `mr_td`, `rtmr_*` `[u8; 48]`, `xfam` `[u8; 8]` (`deps/verifier/src/intel_dcap/quote.rs`); SNP
 * `measurement` 48 bytes and the `reported_tcb` components one byte each (virtee/sev `AttestationReport`,
 * `TcbVersion`), read by `deps/verifier/src/snp/mod.rs` `parse_tee_evidence`.
 */
import { Problem, quote } from '../../errors';

/** The AR4SI claim a measurement gates: a mismatch keeps that claim out of the affirming tier. */
export type AttestationClaim = 'hardware' | 'executables' | 'configuration';

/**
 * What a measurement is:
 * - `bytes`: a byte string compared for equality with any of the accepted values (given as hex);
 * - `minimum-svn`: a security version number (0 to 255); the reported one must be at least the given one.
 */
export type MeasurementShape =
  | { readonly type: 'bytes'; readonly length: number }
  | { readonly type: 'minimum-svn' };

/** One platform measurement of a TEE. */
export interface TeeMeasurement {
  /** Key in typed settings ({@link TeeMeasurementValues}), e.g. `mrTd`. */
  readonly key: string;
  /** Name of the reference value the attestation policy reads (the upstream name), e.g. `mr_td`. */
  readonly referenceValueName: string;
  /** What it measures, for messages and reports. */
  readonly title: string;
  /** Its shape, and so what a value must look like. */
  readonly shape: MeasurementShape;
  /** The claim it gates in the attestation policy. */
  readonly claim: AttestationClaim;
  /** How to obtain the expected value, for the posture report. */
  readonly howToObtain: string;
}

/**
 * Expected values of a TEE's measurements by {@link TeeMeasurement.key}: a list of accepted byte strings
 * (hex; a `0x` prefix and upper case are accepted, as measurement tools print them) for `bytes`, one
 * number for `minimum-svn`.
 */
export type TeeMeasurementValues = Readonly<Record<string, readonly string[] | number>>;

/** A TEE as far as measurements are concerned. */
interface MeasuredTee {
  readonly title: string;
  readonly measurements: readonly TeeMeasurement[];
}

const HEX = /^[0-9a-f]*$/;

/** `value` without a `0x` prefix, in lower case (the form evidence claims use). */
export function normaliseHex(value: string): string {
  const lower = value.toLowerCase();
  return lower.startsWith('0x') ? lower.slice(2) : lower;
}

/** Problem text for one value of `m`, or undefined. */
function valueProblem(m: TeeMeasurement, value: unknown): string | undefined {
  if (m.shape.type === 'minimum-svn') {
    return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 255 ? undefined
      : `must be a security version number, a whole number from 0 to 255 (${m.title}, the minimum accepted), got ${quote(value)}`;
  }
  const hex = typeof value === 'string' ? normaliseHex(value) : undefined;
  const chars = 2 * m.shape.length;
  return hex !== undefined && hex.length === chars && HEX.test(hex) ? undefined
    : `must be ${chars} hex characters (${m.shape.length} bytes: ${m.title}), got ${quote(value)}`;
}

/**
 * Problems with `values` for `tee`, each naming the field under `path` (`<path>.<key>` or
 * `<path>.<key>[<i>]`): an unknown key, a list that is empty or not a list, a value of the wrong length or
 * shape. Missing measurements are not problems (see {@link missingMeasurements}): the policy then fails
 * closed.
 */
export function measurementProblems(tee: MeasuredTee, values: unknown, path: string): Problem[] {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return [{ path, message: `must be a map of ${tee.title} measurements (${tee.measurements.map(m => m.key).join(', ')}), got ${quote(values)}` }];
  }
  const problems: Problem[] = [];
  const byKey = new Map(tee.measurements.map(m => [m.key, m]));
  for (const [key, given] of Object.entries(values as Record<string, unknown>)) {
    const m = byKey.get(key);
    if (!m) {
      problems.push({ path: `${path}.${key}`, message: `is not a measurement of ${tee.title}: one of ${tee.measurements.map(x => x.key).join(', ')}` });
    } else if (m.shape.type === 'minimum-svn') {
      const p = valueProblem(m, given);
      if (p) problems.push({ path: `${path}.${key}`, message: p });
    } else if (!Array.isArray(given) || given.length === 0) {
      problems.push({ path: `${path}.${key}`, message: `must list at least one accepted value (${m.title}), got ${quote(given)}` });
    } else {
      given.forEach((v, i) => {
        const p = valueProblem(m, v);
        if (p) problems.push({ path: `${path}.${key}[${i}]`, message: p });
      });
    }
  }
  return problems;
}

/** The measurements of `tee` that `values` does not give, in definition order. */
export function missingMeasurements(tee: MeasuredTee, values: TeeMeasurementValues = {}): TeeMeasurement[] {
  return tee.measurements.filter(m => values[m.key] === undefined);
}

/**
 * The given values of each measurement in the form evidence claims use (lowercase hex without `0x`,
 * sorted and deduplicated; an SVN as its decimal text), by reference value name, in definition order.
 * Call after {@link measurementProblems} found nothing.
 */
export function measurementValues(tee: MeasuredTee, values: TeeMeasurementValues): { readonly measurement: TeeMeasurement; readonly values: string[] }[] {
  return tee.measurements.filter(m => values[m.key] !== undefined).map(m => {
    const given = values[m.key];
    return {
      measurement: m,
      values: typeof given === 'number' ? [String(given)] : [...new Set(given.map(normaliseHex))].sort(),
    };
  });
}
