/**
 * Files pattern.yaml points at (public certificates), read and checked at load time so that a missing
 * or malformed file is a field error like any other.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Problem } from '../errors';
import { pinnedCertificateProblem } from '../initdata/pinned-certificate';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * Reads the KBS certificate the guests pin, given inline or as a path relative to `baseDir`, and checks
 * it for what the guest will do with it ({@link pinnedCertificateProblem}, validity at `now`); returns
 * the PEM text (the certificate only, normalised to end with a newline) or a problem at `field`. A
 * problem with a file names it as written and as resolved.
 */
export function readCertificate(value: string, baseDir: string, field: string, now?: Date): { pem?: string; problem?: Problem } {
  let text = value;
  let source = '';
  if (!value.includes('-----BEGIN')) {
    const file = path.resolve(baseDir, value);
    source = ` (file ${JSON.stringify(value)}, resolved to ${file})`;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a folder' : code;
      return { problem: { path: field, message: `cannot read certificate file ${JSON.stringify(value)} (resolved to ${file}: ${why})` } };
    }
  }
  if (/PRIVATE KEY-----/.test(text)) {
    return { problem: { path: field, message: `holds a private key${source}: only the public CA certificate may be referenced from pattern.yaml` } };
  }
  const problem = pinnedCertificateProblem(text, now);
  if (problem !== undefined) {
    return { problem: { path: field, message: `${problem}${source}` } };
  }
  return { pem: `${(text.match(PEM_CERT) ?? [])[0]}\n` };
}
