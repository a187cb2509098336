/**
 * The digest algorithms an initdata document may name in its `algorithm` field.
 */
import { quote } from '../errors';

/** Every algorithm initdata accepts (names without a dash, as in trustee `kbs/docs/initdata.md`). */
export const INIT_DATA_ALGORITHMS = ['sha256', 'sha384', 'sha512'] as const;

/** The hash the initdata digest is computed with; the document names it in its own `algorithm` field. */
export type InitDataAlgorithm = (typeof INIT_DATA_ALGORITHMS)[number];

/** Digest length in bytes for each algorithm. */
export const INIT_DATA_DIGEST_BYTES: Readonly<Record<InitDataAlgorithm, number>> = {
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

/** True when `value` names a supported algorithm. */
export function isInitDataAlgorithm(value: unknown): value is InitDataAlgorithm {
  return (INIT_DATA_ALGORITHMS as readonly unknown[]).includes(value);
}

/** Problem text for an unsupported algorithm, or undefined. */
export function initDataAlgorithmProblem(value: unknown): string | undefined {
  if (isInitDataAlgorithm(value)) {
    return undefined;
  }
  return `must be one of ${INIT_DATA_ALGORITHMS.map(a => `"${a}"`).join(', ')}, got ${quote(value)}`;
}
