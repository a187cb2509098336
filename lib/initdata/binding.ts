/**
 * How a TEE binds initdata into its attestation evidence, and which derived value Trustee must expect.
 */
import { quote } from '../errors';
import { RenderedInitData } from './build';

/** Every binding, in the order error messages list them. */
export const INIT_DATA_BINDINGS = ['azure-vtpm', 'snp', 'tdx', 'none'] as const;

/**
 * Where the initdata digest ends up in the evidence:
 * - `azure-vtpm`: Azure confidential VMs (peer pods), extended into vTPM PCR 8;
 * - `snp`: bare-metal AMD SEV-SNP, HOSTDATA;
 * - `tdx`: bare-metal Intel TDX, MRCONFIGID;
 * - `none`: not bound (e.g. non-confidential Kata), nothing for Trustee to compare.
 */
export type InitDataBinding = (typeof INIT_DATA_BINDINGS)[number];

/** Problem text for an unknown binding, or undefined. */
export function initDataBindingProblem(value: unknown): string | undefined {
  if ((INIT_DATA_BINDINGS as readonly unknown[]).includes(value)) {
    return undefined;
  }
  return `must be one of ${INIT_DATA_BINDINGS.map(b => `"${b}"`).join(', ')}, got ${quote(value)}`;
}

/**
 * The value a Trustee reference value must hold for `rendered` under `binding` (lowercase hex):
 * PCR 8 for `azure-vtpm`, HOSTDATA for `snp`, MRCONFIGID for `tdx`, undefined for `none`.
 */
export function initDataReferenceValue(rendered: RenderedInitData, binding: InitDataBinding): string | undefined {
  switch (binding) {
    case 'azure-vtpm':
      return rendered.pcr8;
    case 'snp':
      return rendered.snpHostData;
    case 'tdx':
      return rendered.tdxMrConfigId;
    case 'none':
      return undefined;
  }
}
