/**
 * Typed platform measurements (TDX MRTD/RTMRs/XFAM, SNP launch measurement and minimum TCB, Azure PCR 11)
 * turned into the reference values the attestation policy reads, written the way the Trustee generation's
 * verifier writes the claim (SNP byte strings are base64 up to trustee v0.17.0). Pure functions.
 */
import { Problem, quote } from '../errors';
import { ATTESTED_TEES, AttestedTee, measurementProblems, measurementValues, TEES, TeeMeasurementValues } from '../platforms/tees';
import { expirationProblem, ReferenceValue } from './reference-values';
import { TrusteeProfile } from './versions';

/** The expected measurements of one TEE. */
export interface PlatformMeasurements {
  /** The TEE they are measured on. */
  readonly tee: AttestedTee;
  /** Expected values by measurement key (see the TEE's `measurements`); a missing one fails closed. */
  readonly values: TeeMeasurementValues;
  /** Expiry of the reference values, exactly `YYYY-MM-DDTHH:MM:SSZ` (UTC). */
  readonly expiration: string;
}

/**
 * Problems with `list`, each naming the field under `path` (e.g. `trustee.platformMeasurements[0].values.mrTd[1]`):
 * an unknown TEE, a TEE listed twice, a value of the wrong length or shape, a malformed expiration.
 * Expiry against a clock is the caller's (see `referenceValueProblems`).
 */
export function platformMeasurementProblems(list: readonly PlatformMeasurements[], path: string): Problem[] {
  const problems: Problem[] = [];
  const first = new Map<string, number>();
  list.forEach((entry, i) => {
    const at = `${path}[${i}]`;
    if (!(ATTESTED_TEES as readonly unknown[]).includes(entry?.tee)) {
      problems.push({ path: `${at}.tee`, message: `must be one of ${ATTESTED_TEES.map(t => `"${t}"`).join(', ')}, got ${quote(entry?.tee)}` });
      return;
    }
    if (first.has(entry.tee)) {
      problems.push({ path: `${at}.tee`, message: `must be unique, got ${quote(entry.tee)} again (first at ${path}[${first.get(entry.tee)}])` });
    } else {
      first.set(entry.tee, i);
    }
    problems.push(...measurementProblems(TEES[entry.tee], entry.values, `${at}.values`));
    const expiry = expirationProblem(entry.expiration);
    if (expiry) problems.push({ path: `${at}.expiration`, message: expiry });
  });
  return problems;
}

/** The reference value names `list` fills in (one per given measurement). */
export function platformMeasurementNames(list: readonly PlatformMeasurements[]): string[] {
  return list.flatMap(({ tee, values }) => measurementValues(TEES[tee], values).map(v => v.measurement.referenceValueName));
}

/**
 * The reference values of `list` for `profile`: one per given measurement, named as the attestation
 * policy reads it. Byte strings are written as the verifier of that generation writes the claim (hex, or
 * standard base64 for SNP up to trustee v0.17.0); SVNs as one decimal.
 * Call after {@link platformMeasurementProblems} found nothing.
 */
export function platformMeasurementReferenceValues(profile: TrusteeProfile, list: readonly PlatformMeasurements[]): ReferenceValue[] {
  return list.flatMap(({ tee, values, expiration }) => {
    const encoding = TEES[tee].binaryClaimEncoding(profile.evidence);
    return measurementValues(TEES[tee], values).map(({ measurement: m, values: given }): ReferenceValue => {
      if (m.shape.type === 'minimum-svn') {
        return { name: m.referenceValueName, values: given, kind: 'svn', expiration };
      }
      return {
        name: m.referenceValueName,
        values: encoding === 'base64' ? given.map(v => Buffer.from(v, 'hex').toString('base64')).sort() : given,
        kind: { bytes: m.shape.length, encoding },
        expiration,
      };
    });
  });
}
