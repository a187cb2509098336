/**
 * Random field values generated locally (rather than by Vault's password policies).
 */
import { randomBytes } from 'crypto';
import { RandomEncoding } from './types';

/** Largest number of random bytes a field may ask for. */
export const MAX_RANDOM_BYTES = 4096;

/**
 * `bytes` bytes from `crypto.randomBytes` as text: standard base64 with padding (`base64`, 4*ceil(bytes/3)
 * characters) or lowercase hex (`hex`, 2*bytes characters). Both are ASCII without backslashes, so they
 * survive load-secrets' `unicode_escape` decoding of inline values unchanged.
 */
export function randomFieldValue(bytes: number, encoding: RandomEncoding = 'base64'): string {
  return randomBytes(bytes).toString(encoding);
}
