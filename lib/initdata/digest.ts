/**
 * The initdata digest and the forms each TEE binds it in. Trustee's reference values compare against
 * these, so one synth changes the workload's identity and what Trustee accepts together.
 */
import { createHash } from 'node:crypto';
import { quote, reject } from '../errors';
import { InitDataAlgorithm, initDataAlgorithmProblem } from './algorithm';
import { initDataBytes } from './text';

const DIGEST_HEX = /^(?:[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$/;

/** Lowercase hex digest of the exact UTF-8 bytes of `toml` (trailing newline included). */
export function initDataDigest(toml: string, algorithm: InitDataAlgorithm): string {
  const problem = initDataAlgorithmProblem(algorithm);
  if (problem) {
    reject('algorithm', problem);
  }
  return createHash(algorithm).update(initDataBytes(toml, 'initdata')).digest('hex');
}

/**
 * Azure vTPM (peer pods) PCR 8 after the pod VM extends it with the initdata digest:
 * SHA256(32 zero bytes ‖ first 32 bytes of the digest), lowercase hex.
 */
export function azurePcr8(digestHex: string): string {
  const digest = digestBytes(digestHex);
  return createHash('sha256').update(Buffer.alloc(32)).update(digest.subarray(0, 32)).digest('hex');
}

/** AMD SEV-SNP HOSTDATA (32 bytes): the digest truncated or zero-padded, lowercase hex. */
export function snpHostData(digestHex: string): string {
  return fitted(digestBytes(digestHex), 32);
}

/** Intel TDX MRCONFIGID (48 bytes): the digest zero-padded (sha256) or truncated (sha512), lowercase hex. */
export function tdxMrConfigId(digestHex: string): string {
  return fitted(digestBytes(digestHex), 48);
}

function fitted(digest: Buffer, length: number): string {
  const field = Buffer.alloc(length);
  digest.copy(field, 0, 0, Math.min(length, digest.length));
  return field.toString('hex');
}

function digestBytes(digestHex: string): Buffer {
  if (typeof digestHex !== 'string' || !DIGEST_HEX.test(digestHex)) {
    reject('digest', `must be the hex of a sha256, sha384 or sha512 digest (64, 96 or 128 hex digits), got ${quote(digestHex)}`);
  }
  return Buffer.from(digestHex, 'hex');
}
