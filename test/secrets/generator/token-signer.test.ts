import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, createPublicKey, sign, verify, X509Certificate } from 'crypto';
import { generateTokenSigner, TOKEN_SIGNER_COMMON_NAME, TokenSignerMaterial } from '../../../lib/secrets/generator/token-signer';

const NOW = new Date('2025-03-01T00:00:00Z');

describe('generateTokenSigner', () => {
  let signer: TokenSignerMaterial;
  let cert: X509Certificate;

  beforeAll(async () => {
    // GIVEN / WHEN
    signer = await generateTokenSigner({ now: NOW, validityDays: 30 });
    cert = new X509Certificate(signer.certificatePem);
  });

  test('key is EC P-256 in PKCS#8 PEM, as the EAR token broker loads it for ES256', () => {
    // THEN
    expect(signer.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
    const key = createPrivateKey(signer.keyPem);
    expect(key.asymmetricKeyType).toBe('ec');
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  test('certificate is for the key: an ES256 signature of the key verifies with the certificate, not with another signer', async () => {
    // GIVEN
    const other = await generateTokenSigner({ now: NOW, validityDays: 30 });
    const token = Buffer.from('eyJhbGciOiJFUzI1NiJ9.eyJlYXIiOiJ0ZXN0In0');
    // WHEN
    const signature = sign('sha256', token, { key: createPrivateKey(signer.keyPem), dsaEncoding: 'ieee-p1363' });
    // THEN
    expect(signature).toHaveLength(64);
    expect(cert.checkPrivateKey(createPrivateKey(signer.keyPem))).toBe(true);
    expect(verify('sha256', token, { key: cert.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    expect(verify('sha256', token, { key: new X509Certificate(other.certificatePem).publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(false);
    expect(cert.checkPrivateKey(createPrivateKey(other.keyPem))).toBe(false);
  });

  test('certificate is self-signed, CA:false (critical), digitalSignature only, with the signer common name', () => {
    // THEN
    expect(cert.subject).toBe(`CN=${TOKEN_SIGNER_COMMON_NAME}`);
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    const parsed = new x509.X509Certificate(signer.certificatePem);
    const basic = parsed.getExtension(x509.BasicConstraintsExtension);
    expect([basic?.ca, basic?.critical]).toEqual([false, true]);
    const usage = parsed.getExtension(x509.KeyUsagesExtension);
    expect([usage?.usages, usage?.critical]).toEqual([x509.KeyUsageFlags.digitalSignature, true]);
    expect(parsed.getExtension(x509.SubjectKeyIdentifierExtension)).not.toBeNull();
    expect(createPublicKey(signer.keyPem).export({ format: 'jwk' })).toEqual(cert.publicKey.export({ format: 'jwk' }));
  });

  test('validity starts at now and lasts validityDays', () => {
    // THEN
    expect(new Date(cert.validFrom).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2025-03-31T00:00:00.000Z');
    expect(signer.notAfter.toISOString()).toBe('2025-03-31T00:00:00.000Z');
  });

  test('serial number is positive and 16 bytes; PEM ends with a newline', () => {
    // THEN
    expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
    expect(signer.certificatePem.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
    expect(signer.certificatePem).not.toContain('\r');
  });

  test('generates a different key each time', async () => {
    // WHEN
    const other = await generateTokenSigner({ now: NOW, validityDays: 30 });
    // THEN
    expect(other.keyPem).not.toBe(signer.keyPem);
    expect(other.certificatePem).not.toBe(signer.certificatePem);
  });
});
