import { createPrivateKey, createPublicKey, sign, verify } from 'crypto';
import { generateAdminKeyPair } from '../../../lib/secrets/generator/admin-key';

describe('generateAdminKeyPair', () => {
  test('writes PKCS#8 private and SPKI public Ed25519 PEM, as openssl genpkey / pkey -pubout do', () => {
    // WHEN
    const pair = generateAdminKeyPair();
    // THEN
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
    expect(createPrivateKey(pair.privateKeyPem).asymmetricKeyType).toBe('ed25519');
    expect(createPublicKey(pair.publicKeyPem).asymmetricKeyType).toBe('ed25519');
  });

  test('public key is the private key\'s: a signature round-trips, and fails with another pair', () => {
    // GIVEN
    const pair = generateAdminKeyPair();
    const other = generateAdminKeyPair();
    const message = Buffer.from('POST /kbs/v0/resource/default/kbsres1/key1');
    // WHEN
    const signature = sign(null, message, createPrivateKey(pair.privateKeyPem));
    // THEN
    expect(verify(null, message, createPublicKey(pair.publicKeyPem), signature)).toBe(true);
    expect(verify(null, message, createPublicKey(other.publicKeyPem), signature)).toBe(false);
    expect(createPublicKey(createPrivateKey(pair.privateKeyPem)).export({ type: 'spki', format: 'pem' })).toBe(pair.publicKeyPem);
  });
});
