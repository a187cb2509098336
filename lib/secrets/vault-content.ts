/**
 * What a Vault property must hold, as the construct that reads it declares it: tools that fill Vault (the
 * repository's `secrets init`) read these declarations from the built construct tree instead of guessing
 * from the configuration. Pure data and rules (imports no construct).
 */
import { quote } from '../errors';

/**
 * Generated material a Vault property can hold (all of it fit for Vault: no CA key, no private key that
 * stays with the user).
 * - `adminPublicKey`: the KBS admin Ed25519 public key (SPKI PEM);
 * - `kbsTlsKey` / `kbsTlsCertificateChain`: the key and certificate chain (server certificate, then the CA the
 *   workloads pin) the KBS serves HTTPS with;
 * - `tokenSignerKey` / `tokenSignerCertificate`: the attestation token signing key and its certificate;
 * - `sshPublicKey`: the pod-VM debug SSH public key (OpenSSH).
 */
export type VaultMaterial =
  | 'adminPublicKey'
  | 'kbsTlsKey'
  | 'kbsTlsCertificateChain'
  | 'tokenSignerKey'
  | 'tokenSignerCertificate'
  | 'sshPublicKey';

/** Every {@link VaultMaterial}, in a stable order. */
export const VAULT_MATERIALS: readonly VaultMaterial[] = ['adminPublicKey', 'kbsTlsKey', 'kbsTlsCertificateChain', 'tokenSignerKey', 'tokenSignerCertificate', 'sshPublicKey'];

/**
 * What one Vault property must hold: exactly one of
 * - `material`: generated material (see {@link VaultMaterial});
 * - `random`: that many random bytes (1 to 4096), written as base64 text;
 * - `value`: a fixed value the configuration determines (e.g. a rendered image policy JSON);
 * - `manual`: something only the user has; the text says what to put there.
 */
export type VaultContent =
  | { readonly material: VaultMaterial }
  | { readonly random: number }
  | { readonly value: string }
  | { readonly manual: string };

/** Most random bytes a {@link VaultContent} may ask for. */
export const MAX_VAULT_RANDOM_BYTES = 4096;

/** The settings (e.g. pattern.yaml fields) a single-property Vault entry was configured in, for messages. */
export interface VaultPropertySettings {
  /** The setting holding the Vault path. */
  readonly vaultPath: string;
  /** The setting holding the property name. */
  readonly property: string;
}

/** Problem with a {@link VaultContent}, or undefined. */
export function vaultContentProblem(content: VaultContent): string | undefined {
  const kinds = ['material', 'random', 'value', 'manual'].filter(k => typeof content === 'object' && content !== null && k in content);
  if (kinds.length !== 1) {
    return `must have exactly one of "material", "random", "value", "manual", got ${quote(content)}`;
  }
  if ('material' in content && !VAULT_MATERIALS.includes(content.material)) {
    return `must name generated material (${VAULT_MATERIALS.map(m => quote(m)).join(', ')}), got ${quote(content.material)}`;
  }
  if ('random' in content && !(Number.isInteger(content.random) && content.random >= 1 && content.random <= MAX_VAULT_RANDOM_BYTES)) {
    return `must ask for 1 to ${MAX_VAULT_RANDOM_BYTES} random bytes, got ${quote(content.random)}`;
  }
  if ('value' in content && (typeof content.value !== 'string' || content.value === '')) {
    return `must give a non-empty value, got ${quote(content.value)}`;
  }
  if ('manual' in content && (typeof content.manual !== 'string' || content.manual.trim() === '')) {
    return `must say what the user puts there, got ${quote(content.manual)}`;
  }
  return undefined;
}
