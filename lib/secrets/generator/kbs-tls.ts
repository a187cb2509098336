/**
 * The KBS TLS material: a private CA and a server certificate signed by it.
 *
 * Why two certificates: the guest (attestation-agent / confidential-data-hub, rustls + webpki) pins the
 * certificate from initdata as a trust anchor, and webpki rejects a self-signed CA:true certificate served
 * as the end-entity certificate. So initdata pins the CA (CA:true, keyCertSign) and KBS serves the leaf
 * (CA:false, serverAuth, SAN = the KBS hosts). Keys are ECDSA P-256 (SHA-256 signatures): supported by
 * rustls, OpenSSL and every browser, and small.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, webcrypto } from 'crypto';
import { addDays, pemWithNewline, serialNumber } from './x509-common';

/** Options of {@link generateKbsTls}. */
export interface KbsTlsOptions {
  /** DNS names of the server certificate (subjectAltName); the first is also its common name when it fits (64 characters). */
  readonly hosts: readonly string[];
  /** Start of validity of both certificates. */
  readonly now: Date;
  /** Days the server certificate is valid. */
  readonly validityDays: number;
  /** Days the CA certificate is valid. */
  readonly caValidityDays: number;
}

/** The KBS TLS material as PEM text. */
export interface KbsTlsMaterial {
  readonly caCertificatePem: string;
  /** PKCS#8 PEM. */
  readonly caKeyPem: string;
  readonly serverCertificatePem: string;
  /** PKCS#8 PEM. */
  readonly serverKeyPem: string;
  /** End of the server certificate's validity. */
  readonly serverNotAfter: Date;
}

/** Common name of the CA certificate. */
export const KBS_CA_COMMON_NAME = 'coco-cdk8s KBS CA';

const KEY_ALGORITHM: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING_ALGORITHM: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

type EcKeyGenParams = webcrypto.EcKeyGenParams;
type EcdsaParams = webcrypto.EcdsaParams;

/** Generates the KBS CA and a server certificate for `options.hosts` signed by it. */
export async function generateKbsTls(options: KbsTlsOptions): Promise<KbsTlsMaterial> {
  const crypto = webcrypto;
  const caKeys = await generateEcKeys();
  const serverKeys = await generateEcKeys();
  const caNotAfter = addDays(options.now, options.caValidityDays);
  const serverNotAfter = addDays(options.now, options.validityDays);

  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=${KBS_CA_COMMON_NAME}`,
    notBefore: options.now,
    notAfter: caNotAfter,
    keys: caKeys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
    ],
  }, crypto);

  const server = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${serverCommonName(options.hosts)}`,
    issuer: ca.subject,
    notBefore: options.now,
    notAfter: serverNotAfter,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(options.hosts.map(host => ({ type: 'dns' as const, value: host })), false),
      await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey, false, crypto),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
    ],
  }, crypto);

  return {
    caCertificatePem: pemWithNewline(ca.toString('pem')),
    caKeyPem: privateKeyPem(caKeys.privateKey),
    serverCertificatePem: pemWithNewline(server.toString('pem')),
    serverKeyPem: privateKeyPem(serverKeys.privateKey),
    serverNotAfter,
  };
}

/**
 * A throwaway CA certificate, valid for a day from a minute ago, its key discarded: stands in for a KBS
 * certificate that `secrets init` is about to write, so the pattern can be built before it exists. Never
 * written anywhere.
 */
export async function placeholderCaCertificate(now: Date = new Date()): Promise<string> {
  const start = new Date(now.getTime() - 60_000);
  return (await generateKbsTls({ hosts: ['placeholder.invalid'], now: start, validityDays: 1, caValidityDays: 1 })).caCertificatePem;
}

async function generateEcKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
}

function privateKeyPem(key: webcrypto.CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The first host when it fits a common name (at most 64 characters); clients match the SAN anyway. */
function serverCommonName(hosts: readonly string[]): string {
  const first = hosts[0] ?? '';
  return first.length > 0 && first.length <= 64 ? first : 'kbs';
}
