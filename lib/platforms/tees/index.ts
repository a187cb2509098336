/** The TEEs the pattern binds initdata in, one file each (see `tee.ts` for what a TEE defines). */
import { AZURE_SNP_VTPM } from './azure-snp-vtpm';
import { AZURE_TDX_VTPM } from './azure-tdx-vtpm';
import { SNP } from './snp';
import { TDX } from './tdx';
import { TeeDefinition } from './tee';

export type { TeeDefinition } from './tee';
export * from './measurement';

/** Every TEE, in the order policies list them and error messages name them. */
const ALL = [AZURE_SNP_VTPM, AZURE_TDX_VTPM, SNP, TDX] as const;

/** A TEE whose evidence carries an initdata digest Trustee can compare. */
export type AttestedTee = (typeof ALL)[number]['id'];

/** Every TEE identifier, in registry order. */
export const ATTESTED_TEES: readonly AttestedTee[] = ALL.map(t => t.id);

/** The definition of each TEE. */
export const TEES: Readonly<Record<AttestedTee, TeeDefinition<AttestedTee>>> = Object.fromEntries(ALL.map(t => [t.id, t])) as Record<AttestedTee, TeeDefinition<AttestedTee>>;

/** A table of one fact per TEE, in registry order. */
export function perTee<T>(fact: (tee: TeeDefinition<AttestedTee>) => T): Readonly<Record<AttestedTee, T>> {
  return Object.fromEntries(ALL.map(t => [t.id, fact(t)])) as Record<AttestedTee, T>;
}
