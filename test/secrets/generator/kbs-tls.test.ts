import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, X509Certificate } from 'crypto';
import { generateKbsTls, KBS_CA_COMMON_NAME, KbsTlsMaterial } from '../../../lib/secrets/generator/kbs-tls';

const NOW = new Date('2025-03-01T00:00:00Z');
const HOSTS = ['kbs.apps.example.com', 'kbs-service', 'kbs-service.trustee-operator-system.svc'];

function extension<T extends x509.Extension>(pem: string, type: new (raw: ArrayBuffer) => T): T {
  const found = new x509.X509Certificate(pem).getExtension(type);
  if (!found) {
    throw new Error(`missing extension ${type.name}`);
  }
  return found;
}

describe('generateKbsTls', () => {
  let tls: KbsTlsMaterial;
  let ca: X509Certificate;
  let server: X509Certificate;

  beforeAll(async () => {
    // GIVEN / WHEN
    tls = await generateKbsTls({ hosts: HOSTS, now: NOW, validityDays: 30, caValidityDays: 400 });
    ca = new X509Certificate(tls.caCertificatePem);
    server = new X509Certificate(tls.serverCertificatePem);
  });

  test('CA is self-signed, CA:true (critical) and may only sign certificates and CRLs', () => {
    // THEN
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe(`CN=${KBS_CA_COMMON_NAME}`);
    expect(ca.checkIssued(ca)).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    const basic = extension(tls.caCertificatePem, x509.BasicConstraintsExtension);
    expect([basic.ca, basic.critical]).toEqual([true, true]);
    expect(extension(tls.caCertificatePem, x509.KeyUsagesExtension).usages)
      .toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
  });

  test('server certificate is CA:false, digitalSignature, serverAuth, with the hosts as SAN', () => {
    // THEN
    expect(server.ca).toBe(false);
    expect(server.subject).toBe('CN=kbs.apps.example.com');
    expect(server.subjectAltName).toBe(HOSTS.map(h => `DNS:${h}`).join(', '));
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(server.checkHost('kbs-service')).toBe('kbs-service');
    expect(server.checkHost('other.example.com')).toBeUndefined();
    const basic = extension(tls.serverCertificatePem, x509.BasicConstraintsExtension);
    expect([basic.ca, basic.critical]).toEqual([false, true]);
    expect(extension(tls.serverCertificatePem, x509.KeyUsagesExtension).usages).toBe(x509.KeyUsageFlags.digitalSignature);
  });

  test('server certificate is signed by the CA, not by itself', () => {
    // THEN
    expect(server.issuer).toBe(ca.subject);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.verify(server.publicKey)).toBe(false);
    expect(extension(tls.serverCertificatePem, x509.AuthorityKeyIdentifierExtension).keyId)
      .toBe(extension(tls.caCertificatePem, x509.SubjectKeyIdentifierExtension).keyId);
  });

  test('keys are ECDSA P-256 in PKCS#8 PEM and match their certificates', () => {
    // THEN
    for (const [pem, cert] of [[tls.caKeyPem, ca], [tls.serverKeyPem, server]] as const) {
      expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      const key = createPrivateKey(pem);
      expect(key.asymmetricKeyType).toBe('ec');
      expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      expect(cert.checkPrivateKey(key)).toBe(true);
    }
    expect(server.checkPrivateKey(createPrivateKey(tls.caKeyPem))).toBe(false);
  });

  test('validity starts at now and lasts validityDays (server) and caValidityDays (CA)', () => {
    // THEN
    expect(new Date(server.validFrom).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(new Date(server.validTo).toISOString()).toBe('2025-03-31T00:00:00.000Z');
    expect(tls.serverNotAfter.toISOString()).toBe('2025-03-31T00:00:00.000Z');
    expect(new Date(ca.validFrom).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(new Date(ca.validTo).toISOString()).toBe('2026-04-05T00:00:00.000Z');
  });

  test('serial numbers are positive, 16 bytes and differ', () => {
    // THEN
    for (const serial of [ca.serialNumber, server.serialNumber]) {
      expect(serial).toMatch(/^[4-7][0-9A-F]{31}$/);
    }
    expect(ca.serialNumber).not.toBe(server.serialNumber);
  });

  test('PEM text ends with a newline and uses LF', () => {
    // THEN
    for (const pem of [tls.caCertificatePem, tls.serverCertificatePem, tls.caKeyPem, tls.serverKeyPem]) {
      expect(pem.endsWith('\n')).toBe(true);
      expect(pem).not.toContain('\r');
    }
  });

  test('falls back to the common name "kbs" when the first host is longer than 64 characters', async () => {
    // GIVEN
    const long = `${'a'.repeat(60)}.example.com`;
    // WHEN
    const other = await generateKbsTls({ hosts: [long], now: NOW, validityDays: 1, caValidityDays: 1 });
    // THEN
    const cert = new X509Certificate(other.serverCertificatePem);
    expect(cert.subject).toBe('CN=kbs');
    expect(cert.subjectAltName).toBe(`DNS:${long}`);
  });
});
