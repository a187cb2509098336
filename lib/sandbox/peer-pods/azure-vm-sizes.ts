/**
 * Azure VM size names and which of them are confidential VMs (the only sizes a confidential peer pod
 * can run on).
 *
 * Naming grammar (Azure docs "Azure VM sizes naming conventions" and "Sizes for virtual machines in
 * Azure"): `Standard_` + family (upper case, one or more letters: `D`, `DC`, `EC`, `NCC`...) + number of
 * vCPUs + optional `-<constrained vCPUs>` + additive features (lower case: a = AMD, d = local disk,
 * s = premium storage, e = Intel TDX in the confidential series, i, l, m, p, t, b, r...) + optional
 * accelerator (`_H100`, `_A10`) + version (`_v5`). The confidential child capable hosts carry a
 * lower-case `_cc` before the version.
 */
import { quote } from '../../errors';

/** The parts of a VM size name. */
export interface AzureVmSizeName {
  /** Family letters, e.g. "DC". */
  readonly family: string;
  /** Number of vCPUs. */
  readonly vcpus: number;
  /** Constrained (actual) vCPUs of a constrained-vCPU size, e.g. 2 in `Standard_M8-2ms_v2`. */
  readonly constrainedVcpus?: number;
  /** Additive features, e.g. "as". */
  readonly features: string;
  /** True for confidential child capable sizes (`_cc_`). */
  readonly childCapable: boolean;
  /** Accelerator, e.g. "H100". */
  readonly accelerator?: string;
  /** Series version, e.g. 5. */
  readonly version?: number;
}

const SIZE_NAME = /^Standard_([A-Z]+)([1-9]\d*)(?:-([1-9]\d*))?([a-z]*)(_cc)?(?:_([A-Z][A-Za-z0-9]*(?:_[A-Z][A-Za-z0-9]*)*))?(?:_v([1-9]\d*))?$/;

/** Parses a VM size name such as `Standard_DC2as_v5`; undefined when it does not follow the grammar. */
export function parseAzureVmSize(size: string): AzureVmSizeName | undefined {
  const m = typeof size === 'string' ? SIZE_NAME.exec(size) : null;
  if (!m) {
    return undefined;
  }
  return {
    family: m[1],
    vcpus: Number(m[2]),
    constrainedVcpus: m[3] === undefined ? undefined : Number(m[3]),
    features: m[4],
    childCapable: m[5] !== undefined,
    accelerator: m[6],
    version: m[7] === undefined ? undefined : Number(m[7]),
  };
}

/** Trusted execution environment of a confidential VM series. */
export type ConfidentialVmTee = 'AMD SEV-SNP' | 'Intel TDX' | 'AMD SEV-SNP with NVIDIA H100';

/** A confidential VM series: the family, features, accelerator and version every size of it shares. */
export interface ConfidentialVmSeries {
  /** Series name as Azure writes it, e.g. "DCasv5". */
  readonly series: string;
  readonly family: 'DC' | 'EC' | 'NCC';
  readonly features: string;
  readonly accelerator?: string;
  readonly version: number;
  readonly tee: ConfidentialVmTee;
}

const series = (family: 'DC' | 'EC', features: string, version: number, tee: ConfidentialVmTee): ConfidentialVmSeries =>
  ({ series: `${family}${features}v${version}`, family, features, version, tee });

/**
 * The Azure confidential VM series (Azure docs "Azure Confidential VM options", the DC-family and EC-family
 * size pages, and the NCCadsH100v5 page, read 2026): AMD SEV-SNP (`a`) and Intel TDX (`e`) sizes of the
 * DC (general purpose) and EC (memory optimized) families, v5 and v6, with and without a local disk (`d`),
 * and the NCCads_H100_v5 confidential GPU size.
 *
 * Not confidential VMs, although in the same families: DCsv2, DCsv3 and DCdsv3 (Intel SGX enclave VMs)
 * and DCas_cc_v5, DCads_cc_v5, ECas_cc_v5, ECads_cc_v5 (confidential child capable hosts, not CVMs).
 */
export const CONFIDENTIAL_VM_SERIES: readonly ConfidentialVmSeries[] = [
  series('DC', 'as', 5, 'AMD SEV-SNP'),
  series('DC', 'ads', 5, 'AMD SEV-SNP'),
  series('EC', 'as', 5, 'AMD SEV-SNP'),
  series('EC', 'ads', 5, 'AMD SEV-SNP'),
  series('DC', 'es', 5, 'Intel TDX'),
  series('DC', 'eds', 5, 'Intel TDX'),
  series('EC', 'es', 5, 'Intel TDX'),
  series('EC', 'eds', 5, 'Intel TDX'),
  series('DC', 'as', 6, 'AMD SEV-SNP'),
  series('DC', 'ads', 6, 'AMD SEV-SNP'),
  series('EC', 'as', 6, 'AMD SEV-SNP'),
  series('EC', 'ads', 6, 'AMD SEV-SNP'),
  series('DC', 'es', 6, 'Intel TDX'),
  series('DC', 'eds', 6, 'Intel TDX'),
  series('EC', 'es', 6, 'Intel TDX'),
  series('EC', 'eds', 6, 'Intel TDX'),
  { series: 'NCCadsH100v5', family: 'NCC', features: 'ads', accelerator: 'H100', version: 5, tee: 'AMD SEV-SNP with NVIDIA H100' },
];

/** The default pod VM size (`AZURE_INSTANCE_SIZE`), as in CAA and the reference pattern. */
export const DEFAULT_AZURE_INSTANCE_SIZE = 'Standard_DC2as_v5';

/** The default allow-list of pod VM sizes (`AZURE_INSTANCE_SIZES`), as in the reference pattern. */
export const DEFAULT_AZURE_INSTANCE_SIZES: readonly string[] = [
  'Standard_DC2as_v5',
  'Standard_DC4as_v5',
  'Standard_DC8as_v5',
  'Standard_DC16as_v5',
];

const GRAMMAR = 'Standard_<family><vCPUs><features>[_<accelerator>][_v<version>], e.g. "Standard_DC2as_v5"';

/** Problem with an Azure VM size name (any size, confidential or not), or undefined. */
export function azureVmSizeProblem(size: string): string | undefined {
  return parseAzureVmSize(size) ? undefined : `must be an Azure VM size name (${GRAMMAR}), got ${quote(size)}`;
}

/** The confidential VM series a size belongs to, or undefined when it is not a confidential VM size. */
export function confidentialVmSeries(size: string): ConfidentialVmSeries | undefined {
  const name = parseAzureVmSize(size);
  if (!name || name.childCapable || name.constrainedVcpus !== undefined) {
    return undefined;
  }
  return CONFIDENTIAL_VM_SERIES.find(s =>
    s.family === name.family && s.features === name.features && s.accelerator === name.accelerator && s.version === name.version);
}

/**
 * Problem with a size for a confidential pod VM, or undefined: the size must belong to one of the
 * {@link CONFIDENTIAL_VM_SERIES}. The vCPU count is not checked against Azure's size tables, which grow.
 */
export function confidentialVmSizeProblem(size: string): string | undefined {
  const name = parseAzureVmSize(size);
  if (!name) {
    return `must be an Azure confidential VM size name (${GRAMMAR}), got ${quote(size)}`;
  }
  if (confidentialVmSeries(size)) {
    return undefined;
  }
  const expected = `must be a confidential VM size of the DC, EC or NCC families (series ${CONFIDENTIAL_VM_SERIES.map(s => s.series).join(', ')})`;
  if (name.childCapable) {
    return `${expected}, got ${quote(size)}, a confidential child capable host size, which is not itself a confidential VM`;
  }
  if (name.family === 'DC' && (name.version === 2 || name.version === 3)) {
    return `${expected}, got ${quote(size)}, an Intel SGX enclave size, which is not a confidential VM`;
  }
  return `${expected}, got ${quote(size)}`;
}
