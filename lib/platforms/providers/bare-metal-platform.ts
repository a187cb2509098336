/**
 * What a bare-metal cluster group's nodes are and need, as pattern.yaml gives it (pure data): the
 * composition turns it into the node side (NFD, kernel arguments), Intel DCAP for TDX, the kata-cc sandbox,
 * and the measurements and collateral of the Trustee the group attests to.
 */
import type { PccsSecretsVaultEntry, PccsTlsVaultEntry } from '../../baremetal/intel-dcap/dcap-defaults';
import type { BareMetalTee } from '../../baremetal/tee-hosts';
import type { SnpVcekCacheEntry } from '../../trustee/tee-collateral';
import type { TeeMeasurementValues } from '../tees';

/** Where Trustee's TDX verifier gets the DCAP collateral: Intel's PCS, this cluster's PCCS, or a URL. */
export type TdxCollateralChoice = 'intel' | 'pccs' | string;

/** The PCCS of a TDX group: where its secrets are in Vault, where it runs, how it reaches Intel. */
export interface BareMetalPccs {
  readonly secrets: PccsSecretsVaultEntry;
  readonly tls: PccsTlsVaultEntry;
  /** @default - control-plane nodes */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** @default - direct egress */
  readonly httpsProxy?: string;
}

export interface BareMetalPlatform {
  /** The TEE of the confidential nodes (one per cluster). */
  readonly tee: BareMetalTee;
  /** MachineConfigPool roles of those nodes. */
  readonly nodeRoles: readonly string[];
  /** Expected measurements of the nodes' TEE; undefined when none are given (attestation then fails closed). */
  readonly measurements?: { readonly values: TeeMeasurementValues; readonly expiration: string };
  /** TDX: the collateral service choice and whether its certificate is checked. */
  readonly tdxCollateral?: { readonly service: TdxCollateralChoice; readonly useSecureCert?: boolean };
  /** SNP: VCEKs cached in Trustee. */
  readonly snpVcekCache?: readonly SnpVcekCacheEntry[];
  /** TDX: the PCCS. */
  readonly pccs?: BareMetalPccs;
}
