/**
 * The attestation token signer: Trustee 1.1 and 1.2 in the secure preset sign their EAR attestation tokens with this
 * key (`[attestation_service.attestation_token_broker.signer] key_path` / `cert_path`; the EAR broker reads the key
 * as an EC key, `EcKey::private_key_from_pem`, and signs ES256, so it must be P-256: TR b2442c22
 * `attestation-service/src/ear_token/broker.rs`) and puts the certificate into the token header (`x5c`). The KBS accepts a token
 * only when that chain leads to a certificate in `[attestation_token] trusted_certs_paths`, here the same
 * self-signed certificate, so a token signed by any other key is refused.
 *
 * The certificate is an end-entity certificate (CA:false, digitalSignature): it signs tokens, never certificates.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, webcrypto } from 'crypto';
import { addDays, pemWithNewline, serialNumber } from './x509-common';

/** Options of {@link generateTokenSigner}. */
export interface TokenSignerOptions {
  /** Start of validity. */
  readonly now: Date;
  /** Days the certificate is valid. */
  readonly validityDays: number;
}

/** The token signer material as PEM text. */
export interface TokenSignerMaterial {
  /** EC P-256 private key, PKCS#8 PEM. */
  readonly keyPem: string;
  /** Self-signed certificate of that key. */
  readonly certificatePem: string;
  /** End of the certificate's validity. */
  readonly notAfter: Date;
}

/** Common name of the token signer certificate. */
export const TOKEN_SIGNER_COMMON_NAME = 'coco-cdk8s KBS token signer';

const KEY_ALGORITHM: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING_ALGORITHM: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

/** Generates a fresh EC P-256 token signing key and its self-signed certificate. */
export async function generateTokenSigner(options: TokenSignerOptions): Promise<TokenSignerMaterial> {
  const crypto = webcrypto;
  const keys = await crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const notAfter = addDays(options.now, options.validityDays);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=${TOKEN_SIGNER_COMMON_NAME}`,
    notBefore: options.now,
    notAfter,
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
    ],
  }, crypto);
  return {
    keyPem: KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem: pemWithNewline(certificate.toString('pem')),
    notAfter,
  };
}
