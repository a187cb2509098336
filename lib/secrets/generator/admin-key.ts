/**
 * The KBS admin key pair: the KBS admin API accepts requests signed by the private key and is configured with
 * the public key (Secret `kbs-auth-public-key`, key `publicKey`).
 */
import { generateKeyPairSync } from 'crypto';

/** An Ed25519 key pair as PEM text. */
export interface AdminKeyPair {
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), as `openssl genpkey -algorithm ed25519` writes. */
  readonly privateKeyPem: string;
  /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`), as `openssl pkey -pubout` writes. */
  readonly publicKeyPem: string;
}

/** Generates a fresh KBS admin Ed25519 key pair. */
export function generateAdminKeyPair(): AdminKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
