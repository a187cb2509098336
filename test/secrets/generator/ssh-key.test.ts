import { execFileSync } from 'child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateSshKeyPair, opensshRsaPublicKey, SSH_RSA_BITS, SshKeyPair } from '../../../lib/secrets/generator/ssh-key';

/** Splits an SSH wire blob into its length-prefixed strings. */
function wireStrings(blob: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < blob.length) {
    const length = blob.readUInt32BE(offset);
    parts.push(blob.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return parts;
}

function hasSshKeygen(): boolean {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

describe('generateSshKeyPair', () => {
  let pair: SshKeyPair;
  beforeAll(async () => {
    // GIVEN / WHEN
    pair = await generateSshKeyPair();
  });

  test('private key is RSA-3072 in PKCS#1 PEM', () => {
    // THEN
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const key = createPrivateKey(pair.privateKeyPem);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(SSH_RSA_BITS);
  });

  test('public key line encodes "ssh-rsa", e and n of the private key', () => {
    // GIVEN
    const [type, blob, comment] = pair.publicKeyLine.trimEnd().split(' ');
    const jwk = createPublicKey(createPrivateKey(pair.privateKeyPem)).export({ format: 'jwk' });
    // WHEN
    const [name, e, n] = wireStrings(Buffer.from(blob, 'base64'));
    // THEN
    expect([type, comment]).toEqual(['ssh-rsa', 'coco-cdk8s-podvm-debug']);
    expect(name.toString()).toBe('ssh-rsa');
    expect(e.toString('base64url')).toBe(jwk.e);
    expect(n[0]).toBe(0); // mpint: a leading zero because the modulus' top bit is set
    expect(n.subarray(1).toString('base64url')).toBe(jwk.n);
    expect(pair.publicKeyLine.endsWith('\n')).toBe(true);
  });

  (hasSshKeygen() ? test : test.skip)('ssh-keygen reads the private key and derives the same public key (skipped without ssh-keygen)', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-ssh-'));
    const file = path.join(dir, 'id_rsa');
    fs.writeFileSync(file, pair.privateKeyPem, { mode: 0o600 });
    try {
      // WHEN
      const derived = execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' });
      // THEN
      expect(derived.trim().split(' ').slice(0, 2)).toEqual(pair.publicKeyLine.trim().split(' ').slice(0, 2));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('opensshRsaPublicKey', () => {
  test('rejects a key that is not RSA', () => {
    // GIVEN
    const { publicKey } = generateKeyPairSync('ed25519');
    // WHEN / THEN
    expect(() => opensshRsaPublicKey(publicKey)).toThrow('expected an RSA public key, got ed25519');
  });
});
