/**
 * The optional pod-VM debug SSH key pair.
 *
 * Node's `crypto` cannot write OpenSSH keys (`export({ format: 'ssh' })` does not exist), and OpenSSH
 * (checked with 9.2) refuses an Ed25519 private key in PKCS#8 PEM. So the pair is RSA-3072, like
 * `ssh-keygen`'s default and the reference pattern's `id_rsa`: the private key in PKCS#1 PEM
 * (`-----BEGIN RSA PRIVATE KEY-----`, what `ssh-keygen -m PEM` writes, read by every OpenSSH), the public key
 * as an OpenSSH `ssh-rsa` line (RFC 4253 §6.6 wire encoding, not ASN.1) for `authorized_keys`.
 * RSA also keeps clouds that only take RSA keys for VMs working.
 */
import { generateKeyPair, KeyObject } from 'crypto';
import { promisify } from 'util';

const generateKeyPairAsync = promisify(generateKeyPair);

/** RSA modulus length of the SSH key, as `ssh-keygen -t rsa` uses by default. */
export const SSH_RSA_BITS = 3072;

/** Comment at the end of the public key line. */
export const SSH_KEY_COMMENT = 'coco-cdk8s-podvm-debug';

/** An SSH key pair as text. */
export interface SshKeyPair {
  /** PKCS#1 PEM. */
  readonly privateKeyPem: string;
  /** `ssh-rsa AAAA... comment` followed by a newline. */
  readonly publicKeyLine: string;
}

/** Generates an RSA-3072 SSH key pair. */
export async function generateSshKeyPair(): Promise<SshKeyPair> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: SSH_RSA_BITS });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyLine: `${opensshRsaPublicKey(publicKey)} ${SSH_KEY_COMMENT}\n`,
  };
}

/** `ssh-rsa <base64 of string "ssh-rsa", mpint e, mpint n>` for an RSA public key. */
export function opensshRsaPublicKey(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  if (publicKey.asymmetricKeyType !== 'rsa' || !jwk.n || !jwk.e) {
    throw new Error(`expected an RSA public key, got ${publicKey.asymmetricKeyType ?? publicKey.type}`);
  }
  const blob = Buffer.concat([
    sshString(Buffer.from('ssh-rsa')),
    sshMpint(Buffer.from(jwk.e, 'base64url')),
    sshMpint(Buffer.from(jwk.n, 'base64url')),
  ]);
  return `ssh-rsa ${blob.toString('base64')}`;
}

/** RFC 4251 `string`: uint32 length, then the bytes. */
function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** RFC 4251 `mpint` of a non-negative big-endian integer: no leading zeros, one zero byte when the top bit is set. */
function sshMpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length && unsigned[start] === 0) {
    start++;
  }
  const magnitude = unsigned.subarray(start);
  const needsPad = magnitude.length > 0 && (magnitude[0] & 0x80) !== 0;
  return sshString(needsPad ? Buffer.concat([Buffer.from([0]), magnitude]) : magnitude);
}
