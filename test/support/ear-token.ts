/**
 * EAR tokens and request data as Trustee's KBS hands them to the resource policy, per generation
 * (attestation-service EAR broker, rust-ear serialisation; kbs api_server.rs): see lib/trustee/resource-policy.ts.
 */
import { AttestedTee } from '../../lib/trustee/attestation-policy';
import { ResourcePolicyInputShape } from '../../lib/trustee/resource-policy';

/** A hex string of `n` copies of `c` (a 32-byte value by default). */
export const hexOf = (c: string, n = 64) => c.repeat(n);

/** An EAR token's claims as Trustee's EAR broker builds them (rust-ear serialisation). */
export function earToken(
  shape: ResourcePolicyInputShape, tee: AttestedTee, value: string, status: string | null = 'affirming', extraSubmods: Record<string, unknown> = {},
  /** SNP: where HOSTDATA sits (releases differ: lifted to the top level, or left in the SNP claims). */
  snpHostData: 'top-level' | 'snp-claims' = 'top-level',
): unknown {
  const key = shape.evidenceKeys[tee];
  const claims: Record<string, unknown> = tee === 'tdx'
    ? { [key]: { quote: { header: { tee_type: '81000000' }, body: { mr_config_id: value, mr_td: hexOf('1', 96) } } }, init_data: value }
    : tee === 'snp'
      ? snpHostData === 'top-level'
        ? { [key]: { measurement: hexOf('2', 96), policy_debug_allowed: false }, init_data: value }
        : { [key]: { measurement: hexOf('2', 96), policy_debug_allowed: false, init_data: value } }
      : { [key]: { tpm: { pcr08: value, pcr11: hexOf('3') } }, init_data: value };
  return {
    'eat_profile': 'tag:github.com,2024:confidential-containers/Trustee',
    'iat': 1764669600,
    'exp': 1764669900,
    'ear.verifier-id': { developer: 'https://confidentialcontainers.org', build: 'attestation-service 0.17.0' },
    'submods': {
      [shape.earSubmodule]: {
        ...(status === null ? {} : { 'ear.status': status }),
        'ear.trustworthiness-vector': { executables: 3, hardware: 2, configuration: 2 },
        'ear.appraisal-policy-id': 'default_cpu',
        'ear.veraison.annotated-evidence': { ...claims, init_data_claims: null, report_data: hexOf('4', 128) },
      },
      ...extraSubmods,
    },
  };
}

/** The request data of `path` ("default/kbsres1/key3") as the KBS of `shape` presents it. */
export function requestData(shape: ResourcePolicyInputShape, path: string): Record<string, unknown> {
  return shape.request === 'plugin-array'
    ? { 'plugin': 'resource', 'resource-path': path.split('/'), 'query': {} }
    : { 'resource-path': `resource/${path}` };
}

