import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A self-signed test certificate (public material only; its key was discarded). */
export const KBS_CERT = readFileSync(join(__dirname, 'fixtures', 'kbs-cert.pem'), 'utf8');
