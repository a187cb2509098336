import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateKeyPairSync } from 'crypto';
import { readCertificate } from '../../lib/config/files';
import { parsePattern } from '../../lib/config/load';
import { InputError } from '../../lib/errors';
import { pinnedCertificateProblem } from '../../lib/initdata/pinned-certificate';
import { generateKbsTls, KbsTlsMaterial } from '../../lib/secrets/generator/kbs-tls';
import { minimalInput } from '../support/render';
import { KBS_CERT } from './certificate';

/** A CA and the KBS leaf it signed, valid from `from` for `days` days. */
const tls = (from: string, days: number) => generateKbsTls({ hosts: ['kbs.apps.example.com'], now: new Date(from), validityDays: days, caValidityDays: days });

let expired: KbsTlsMaterial;
let future: KbsTlsMaterial;
let current: KbsTlsMaterial;
beforeAll(async () => {
  [expired, future, current] = await Promise.all([tls('2019-01-01T00:00:00Z', 367), tls('2100-01-01T00:00:00Z', 30), tls('2026-01-01T00:00:00Z', 3650)]);
});
const NOW = new Date('2026-12-02T00:00:00Z');

describe('pinnedCertificateProblem: what the guest accepts as the KBS trust anchor', () => {
  test('one CA certificate valid now is accepted', () => {
    expect(pinnedCertificateProblem(current.caCertificatePem, NOW)).toBeUndefined();
    expect(pinnedCertificateProblem(KBS_CERT, NOW)).toBeUndefined();
  });

  test('an expired CA is refused with its dates', () => {
    expect(pinnedCertificateProblem(expired.caCertificatePem, NOW)).toBe(
      'expired on 2020-01-03T00:00:00Z (valid from 2019-01-01T00:00:00Z): the guest rejects it and no workload can reach the KBS; issue a new CA (npm run secrets -- init) and pin it');
  });

  test('a CA that is not valid yet is refused with its dates', () => {
    expect(pinnedCertificateProblem(future.caCertificatePem, NOW)).toBe(
      'is not valid before 2100-01-01T00:00:00Z (valid until 2100-01-31T00:00:00Z): the guest rejects it until then; check the issuing machine\'s clock or issue it again');
  });

  test('without a clock (construct-level checks) validity dates are not judged', () => {
    expect(pinnedCertificateProblem(expired.caCertificatePem)).toBeUndefined();
  });

  test('a leaf is refused, naming the CA to pin instead', () => {
    expect(pinnedCertificateProblem(current.serverCertificatePem, NOW)).toBe(
      'is a leaf certificate ("CN=kbs.apps.example.com", not a CA): the guest\'s TLS stack (rustls) does not accept a leaf as trust anchor for the KBS; pin the CA that issued it ("CN=coco-cdk8s KBS CA") and let the KBS serve the leaf');
  });

  test('a self-signed leaf is refused', () => {
    const leaf = fs.readFileSync(path.join(__dirname, '..', 'posture', 'fixtures', 'leaf-not-ca.pem'), 'utf8');
    expect(pinnedCertificateProblem(leaf, NOW)).toMatch(/^is a leaf certificate \("CN=kbs.example.com", not a CA\): .* does not accept a self-signed leaf as trust anchor for the KBS; pin the CA that issued it and let the KBS serve the leaf$/);
  });

  test('a chain is refused, naming the certificate to pin (the last one)', () => {
    expect(pinnedCertificateProblem(current.serverCertificatePem + current.caCertificatePem, NOW)).toBe(
      'holds 2 certificates (a chain); the guest pins one trust anchor: pin only the CA, usually the last certificate of the chain ("CN=coco-cdk8s KBS CA"), in a file of its own');
  });

  test('a PEM that is not a certificate is refused, saying what to pin', () => {
    const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(pinnedCertificateProblem(publicKey, NOW)).toBe(
      'holds a "PUBLIC KEY" PEM block, not a certificate: pin the CA certificate that issued the KBS\'s certificate (npm run secrets -- init writes it as certs/kbs-ca.pem)');
    expect(pinnedCertificateProblem('hello', NOW)).toMatch(/^must be a PEM certificate/);
  });

  test('a damaged certificate is refused', () => {
    expect(pinnedCertificateProblem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', NOW)).toMatch(/^is not a valid X\.509 certificate: /);
  });
});

describe('pattern.yaml: the pinned certificate is checked at load time', () => {
  function load(certificate: string): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-pin-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), certificate);
    const input = minimalInput({}, { simple: { trustee: { kbs: { certificate: 'ca.pem' } } } });
    try {
      parsePattern(input, { baseDir: dir, now: NOW });
      return [];
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return e.problems.map(p => `${p.path}: ${p.message.replace(dir, '<dir>')}`);
    }
  }

  test('an expired certificate is an error naming the field, the dates and the file', () => {
    expect(load(expired.caCertificatePem)).toEqual([
      'clusterGroups.simple.trustee.kbs.certificate: expired on 2020-01-03T00:00:00Z (valid from 2019-01-01T00:00:00Z): the guest rejects it and no workload can reach the KBS; issue a new CA (npm run secrets -- init) and pin it (file "ca.pem", resolved to <dir>/ca.pem)',
    ]);
  });

  test.each([
    ['a leaf', () => current.serverCertificatePem, /: is a leaf certificate/],
    ['a chain', () => current.serverCertificatePem + current.caCertificatePem, /: holds 2 certificates \(a chain\)/],
    ['not yet valid', () => future.caCertificatePem, /: is not valid before 2100-01-01T00:00:00Z/],
  ])('%s is an error', (_, pem, message) => {
    const problems = load(pem());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test('a valid CA loads', () => {
    expect(load(current.caCertificatePem)).toEqual([]);
  });

  test('a missing file is named as written and as resolved', () => {
    const { problem } = readCertificate('certs/none.pem', '/base', 'f', NOW);
    expect(problem).toEqual({ path: 'f', message: 'cannot read certificate file "certs/none.pem" (resolved to /base/certs/none.pem: not found)' });
  });
});
