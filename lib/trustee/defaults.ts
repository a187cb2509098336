/**
 * Defaults and checks of Trustee settings that pattern.yaml validation shares with the Trustee construct. Pure (no
 * construct), so reading the configuration does not load cdk8s.
 */
import { quote } from '../errors';
import { AttestedTee } from './attestation-policy';

/** Where Trustee's own secrets live in Vault by default (the reference pattern's paths where it has them). */
export const TRUSTEE_VAULT_DEFAULTS = {
  adminPublicKey: { vaultPath: 'secret/data/hub/kbsPublicKey', property: 'publicKey' },
  https: { vaultPath: 'secret/data/hub/kbsTls', keyProperty: 'tls.key', certificateProperty: 'tls.crt' },
  tokenSigner: { vaultPath: 'secret/data/hub/kbsTokenSigner', keyProperty: 'token.key', certificateProperty: 'token.crt' },
} as const;

/** Reference value names of the initdata digests, one per TEE. */
export const INITDATA_REFERENCE_VALUES: Readonly<Record<AttestedTee, string>> = {
  'azure-snp-vtpm': 'coco_initdata_azure_snp_pcr08',
  'azure-tdx-vtpm': 'coco_initdata_azure_tdx_pcr08',
  'snp': 'coco_initdata_snp_hostdata',
  'tdx': 'coco_initdata_tdx_mrconfigid',
};

/** Problem with the URL workloads reach a KBS at (https, a host and optional port, no path), or undefined. */
export function kbsUrlProblem(url: string): string | undefined {
  return /^https:\/\/[^/?#\s]+\/?$/.test(url) ? undefined : `must be an https URL of a host (e.g. "https://kbs.apps.example.com"), got ${quote(url)}`;
}

/**
 * Problem with a user reference value name that Trustee fills in itself from accepted initdata
 * ({@link INITDATA_REFERENCE_VALUES}), or undefined. Without this check the clash would only surface at
 * synth, as a duplicate name.
 */
export function reservedReferenceValueNameProblem(name: string): string | undefined {
  const reserved = Object.values(INITDATA_REFERENCE_VALUES);
  return reserved.includes(name)
    ? `must not be one of the initdata reference value names Trustee fills in itself (${reserved.join(', ')}), got ${quote(name)}`
    : undefined;
}
