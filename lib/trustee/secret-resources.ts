import { Problem, quote } from '../errors';
import { dnsLabelProblem } from '../naming/dns';
import type { VaultContent } from '../secrets/vault-content';

/** A Secret Trustee serves to attested workloads as KBS resource `default/<name>/<key>`. */
export interface SecretResource {
  /** Secret name = KBS resource type. */
  readonly name: string;
  /** Vault entry the values come from (KV v2 API form, e.g. "secret/data/hub/kbsres1"). */
  readonly vaultPath: string;
  /** Keys of the Secret = KBS resource tags. */
  readonly keys: readonly string[];
  /**
   * Name of the ExternalSecret that fills it.
   * @default "<name>-eso"
   */
  readonly externalSecretName?: string;
  /**
   * What the Vault property of each key must hold (random bytes, a fixed value, or what the user puts there),
   * for tools that fill Vault from the construct tree.
   * @default - not described
   */
  readonly contents?: Readonly<Record<string, VaultContent>>;
}

/** The reference pattern's secret resources (names, Vault paths and ExternalSecret names). */
export const REFERENCE_SECRET_RESOURCES: readonly SecretResource[] = [
  { name: 'kbsres1', vaultPath: 'secret/data/hub/kbsres1', keys: ['key1', 'key2', 'key3'], externalSecretName: 'kbsres1-eso' },
  { name: 'passphrase', vaultPath: 'secret/data/hub/passphrase', keys: ['passphrase'], externalSecretName: 'kbs-passphrase-eso' },
  { name: 'security-policy', vaultPath: 'secret/data/hub/securityPolicyConfig', keys: ['osc'], externalSecretName: 'securitypolicy-eso' },
];

/** The repository every `kbsSecretResources` Secret is served from. */
export const KBS_REPOSITORY = 'default';

/** Problems with a list of secret resources (names, duplicates), each under `path`. */
export function secretResourceProblems(resources: readonly SecretResource[], path: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  resources.forEach((r, i) => {
    const p = dnsLabelProblem(r.name);
    if (p) problems.push({ path: `${path}[${i}].name`, message: p });
    if (seen.has(r.name)) {
      problems.push({ path: `${path}[${i}].name`, message: `is already used by ${path}[${seen.get(r.name)}]: each secret resource needs its own name, got ${quote(r.name)}` });
    }
    seen.set(r.name, i);
    if (r.keys.length === 0) problems.push({ path: `${path}[${i}].keys`, message: 'must list at least one key' });
  });
  return problems;
}

/**
 * Problem with a KBS resource reference `<secret>/<key>` (or `default/<secret>/<key>`) against the
 * secret resources Trustee serves, or undefined when it exists.
 */
export function resourceReferenceProblem(ref: string, resources: readonly SecretResource[]): string | undefined {
  const parts = ref.split('/');
  // "<secret>/<key>", or "default/<secret>/<key>": another repository is not served.
  const wellFormed = parts.length === 2 || (parts.length === 3 && parts[0] === KBS_REPOSITORY);
  const [secret, key] = parts.slice(-2);
  if (!wellFormed || !secret || !key) {
    return `must be a KBS resource "<secret>/<key>" (served as ${KBS_REPOSITORY}/<secret>/<key>), got ${quote(ref)}`;
  }
  const resource = resources.find(r => r.name === secret);
  if (!resource) {
    return `names secret resource ${quote(secret)}, which Trustee does not serve (it serves ${resources.map(r => quote(r.name)).join(', ') || 'none'}), got ${quote(ref)}`;
  }
  if (!resource.keys.includes(key)) {
    return `names key ${quote(key)} of secret resource ${quote(secret)}, which only has ${resource.keys.map(k => quote(k)).join(', ')}, got ${quote(ref)}`;
  }
  return undefined;
}
