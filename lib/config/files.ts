/**
 * Files pattern.yaml points at (public certificates), read and checked at load time so that a missing
 * or malformed file is a field error like any other.
 */
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Problem } from '../errors';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads a PEM certificate given inline or as a path relative to `baseDir`; returns the PEM text
 * (certificates only, normalised to end with a newline) or a problem at `field`.
 */
export function readCertificate(value: string, baseDir: string, field: string): { pem?: string; problem?: Problem } {
  let text = value;
  if (!value.includes('-----BEGIN')) {
    const file = path.resolve(baseDir, value);
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { problem: { path: field, message: `cannot read certificate file ${JSON.stringify(value)} (${code === 'ENOENT' ? 'not found' : code})` } };
    }
  }
  if (/PRIVATE KEY-----/.test(text)) {
    return { problem: { path: field, message: 'holds a private key: only the public certificate may be referenced from pattern.yaml' } };
  }
  const blocks = text.match(PEM_CERT) ?? [];
  if (blocks.length === 0) {
    return { problem: { path: field, message: `must be a PEM certificate ("-----BEGIN CERTIFICATE-----"), got ${value.includes('-----BEGIN') ? 'PEM text without a certificate' : `file ${JSON.stringify(value)} without one`}` } };
  }
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (e) {
      return { problem: { path: field, message: `is not a valid X.509 certificate: ${(e as Error).message}` } };
    }
  }
  return { pem: `${blocks.join('\n')}\n` };
}
