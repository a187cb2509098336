/**
 * The generated material: which file in the private folder holds what.
 */
import { MaterialName } from './types';

/** A generated file in the private folder. */
export interface MaterialFile {
  /** File name inside the private folder. */
  readonly fileName: string;
  /** What it holds, for the CLI to print. */
  readonly description: string;
  /** Generated only when `sshKey: true`. */
  readonly sshOnly: boolean;
  /** Generated only when a secret field references it (`{ material: <name> }`). */
  readonly whenReferenced: boolean;
}

/** Every material name a field may reference, with its file in the private folder. */
export const MATERIAL_FILES: Readonly<Record<MaterialName, MaterialFile>> = {
  adminPrivateKey: { fileName: 'kbs-admin-private.pem', description: 'KBS admin Ed25519 private key (PKCS#8 PEM)', sshOnly: false, whenReferenced: false },
  adminPublicKey: { fileName: 'kbs-admin-public.pem', description: 'KBS admin Ed25519 public key (SPKI PEM)', sshOnly: false, whenReferenced: false },
  kbsCaCertificate: { fileName: 'kbs-ca.crt', description: 'KBS TLS CA certificate (PEM, pinned in initdata)', sshOnly: false, whenReferenced: false },
  kbsTlsCertificate: { fileName: 'kbs-tls.crt', description: 'KBS TLS server certificate (PEM, signed by the KBS CA)', sshOnly: false, whenReferenced: false },
  kbsTlsCertificateChain: {
    fileName: 'kbs-tls-chain.crt',
    description: 'KBS TLS certificate chain (PEM: the server certificate, then the KBS CA), what the KBS serves',
    sshOnly: false,
    whenReferenced: true,
  },
  kbsTlsKey: { fileName: 'kbs-tls.key', description: 'KBS TLS server private key (ECDSA P-256, PKCS#8 PEM)', sshOnly: false, whenReferenced: false },
  sshPrivateKey: { fileName: 'id_rsa', description: 'pod-VM debug SSH private key (RSA, PKCS#1 PEM)', sshOnly: true, whenReferenced: false },
  sshPublicKey: { fileName: 'id_rsa.pub', description: 'pod-VM debug SSH public key (OpenSSH)', sshOnly: true, whenReferenced: false },
  tokenSignerCertificate: {
    fileName: 'kbs-token-signer.crt',
    description: 'KBS attestation token signer certificate (PEM, self-signed; trusted by the KBS)',
    sshOnly: false,
    whenReferenced: true,
  },
  tokenSignerKey: {
    fileName: 'kbs-token-signer.key',
    description: 'KBS attestation token signing key (ECDSA P-256 for ES256, PKCS#8 PEM)',
    sshOnly: false,
    whenReferenced: true,
  },
};

/**
 * The KBS CA private key: kept in the private folder (never in Vault) so the server certificate can be
 * re-issued without changing the CA that initdata pins.
 */
export const CA_KEY_FILE: MaterialFile = {
  fileName: 'kbs-ca.key',
  description: 'KBS TLS CA private key (ECDSA P-256, PKCS#8 PEM; stays here, not in Vault)',
  sshOnly: false,
  whenReferenced: false,
};

/** The Validated Patterns secrets file in the private folder. */
export const VALUES_SECRET_FILE_NAME = 'values-secret.yaml';

/** Every material name, in a stable order. */
export const MATERIAL_NAMES: readonly MaterialName[] = Object.keys(MATERIAL_FILES) as MaterialName[];

/** True when `name` is a known material name. */
export function isMaterialName(name: unknown): name is MaterialName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(MATERIAL_FILES, name);
}
