/**
 * From pattern.yaml to the generator's inputs: the KBS hosts for the server certificate and the Vault entries
 * of values-secret.yaml. The built construct tree is the one source: the pattern is built as synth builds it
 * (CocoPattern in a throwaway App, nothing rendered), and every {@link VaultSecret} in it says which Vault
 * path and properties its ExternalSecret reads and what each must hold (see lib/secrets/vault-content.ts);
 * every {@link Trustee} says which hosts its KBS serves. So every Vault property an ExternalSecret reads is
 * filled (or listed as one the user fills), and nothing else is.
 *
 * - generated material (`{ material }`: the admin public key, the KBS TLS key and chain, the token signer key
 *   and certificate, the SSH public key) -> a `path:` entry pointing at the file in the private folder;
 * - `{ random: n }` -> n random bytes, base64, inline; `{ value }` -> that value, inline (the image policy JSON);
 * - `{ manual }`, or a property no construct described -> listed for the user to fill by hand.
 * The Trustees' entries come first (the KBS material), then the others in tree order.
 */
import { InputError, Problem, quote, throwIfProblems } from '../../errors';
import { PatternConfig } from '../../config/schema';
import { buildPattern } from '../../cli/synthesize';
import { CocoPattern, CocoPatternProps } from '../../pattern';
import { VaultContent, VaultSecret } from '../../secrets/vault-secret';
import { Trustee } from '../../trustee/trustee';
import { FieldSource, SecretFieldSpec, SecretSpec } from './types';
import { kbsHostProblem } from './validate-options';

/** Options of {@link secretsFromPattern}. */
export interface PatternSecretsOptions {
  /**
   * Generate the pod-VM debug SSH key pair even when no cluster group enables `sandbox.sshDebug`; its public key
   * then goes to the `sshDebug` Vault entry of every group with the sandbox enabled.
   * @default false
   */
  readonly ssh?: boolean;
  /**
   * Adds your own Applications to the pattern, as for synth: the Vault entries their VaultSecrets read are
   * generated too.
   * @default - nothing added
   */
  readonly extend?: CocoPatternProps['extend'];
}

/** A Vault property the synth reads that the generator cannot fill: the user puts it into Vault. */
export interface ManualVaultEntry {
  /** KV v2 API path, e.g. "secret/data/hub/cosign-keys". */
  readonly vaultPath: string;
  readonly property: string;
  /** The setting (pattern.yaml field) that names the property. */
  readonly field: string;
  /** What to put there. */
  readonly what: string;
}

/** The generator inputs derived from a pattern. */
export interface PatternSecrets {
  /** DNS names for the KBS server certificate: each Trustee group's Route host, and its URL host when different. */
  readonly kbsHosts: readonly string[];
  /** The Vault entries for values-secret.yaml. */
  readonly secrets: readonly SecretSpec[];
  /** True when the SSH key pair is generated. */
  readonly sshKey: boolean;
  /** Cluster groups that deploy Trustee, in pattern order. */
  readonly trusteeGroups: readonly string[];
  /** Vault properties the user fills by hand. */
  readonly manual: readonly ManualVaultEntry[];
}

/** One Vault property asked for by one pattern.yaml field. */
interface Contribution {
  readonly vaultPath: string;
  /** pattern.yaml field holding the Vault path. */
  readonly vaultPathField: string;
  readonly property: string;
  /** pattern.yaml field naming the property. */
  readonly propertyField: string;
  readonly source: FieldSource;
}

const KV_V2_PATH = /^secret\/data\/([A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*)\/([-._a-zA-Z0-9]+)$/;

/**
 * Where load-secrets writes a secret so that the KV v2 API path is `vaultPath`: `secret/data/<prefix>/<name>` gives
 * name and prefix (load-secrets writes `secret/<prefix>/<name>` on the KV v2 mount `secret`). Returns a problem
 * message for any other form.
 */
export function vaultEntryOf(vaultPath: string): { name: string; prefix: string } | { problem: string } {
  const match = KV_V2_PATH.exec(vaultPath);
  if (!match || match[2] === '.' || match[2] === '..') {
    return {
      problem: 'must have the form "secret/data/<prefix>/<name>" (prefix segments of letters, digits, "-" and "_") for '
        + `secrets init: load-secrets writes secret/<prefix>/<name> on the KV v2 mount "secret", got ${quote(vaultPath)}`,
    };
  }
  return { prefix: match[1], name: match[2] };
}

/**
 * The KBS hosts and Vault entries `npm run secrets -- init` generates for `config` (validated, defaults
 * applied), read from the pattern's construct tree.
 *
 * @throws InputError when no Trustee is built, a KBS host cannot go into a certificate, a Vault path has another
 *   form than `secret/data/<prefix>/<name>`, two settings want different content in one Vault property, or two
 *   different Vault entries end in the same name (values-secret.yaml names secrets by their last path segment)
 */
export function secretsFromPattern(config: PatternConfig, options: PatternSecretsOptions = {}): PatternSecrets {
  let pattern = buildPattern(config, options.extend).pattern;
  if (options.ssh === true && !vaultSecretsOf(pattern).some(reads => Object.values(reads.contents).some(isSshPublicKey))) {
    // --ssh without sshDebug: fill the entry the sandbox reads once sshDebug is enabled, as built with it enabled.
    pattern = buildPattern(withSshDebug(config), options.extend).pattern;
  }
  const trustees = pattern.node.findAll().filter((c): c is Trustee => c instanceof Trustee);
  if (trustees.length === 0) {
    throw new InputError([{
      path: 'clusterGroups',
      message: 'must have a cluster group that deploys Trustee (trustee.enabled: true): secrets init generates the KBS material, got none',
    }]);
  }

  const problems: Problem[] = [];
  const kbsHosts = kbsHostsOf(trustees, problems);
  const contributions: Contribution[] = [];
  const manual: ManualVaultEntry[] = [];
  const undescribed: ManualVaultEntry[] = [];
  for (const secret of vaultSecretsOf(pattern)) {
    for (const key of secret.keys) {
      const property = secret.properties[key];
      const propertyField = secret.settings.properties[key];
      const content: VaultContent | undefined = secret.contents[key];
      if (content === undefined) {
        const what = `not described by ${secret.node.path}, whose ExternalSecret copies it into key ${quote(key)} of the Secret ${quote(secret.secretName)}`;
        undescribed.push({ vaultPath: secret.vaultPath, property, field: propertyField, what });
      } else if ('manual' in content) {
        manual.push({ vaultPath: secret.vaultPath, property, field: propertyField, what: content.manual });
      } else {
        contributions.push({ vaultPath: secret.vaultPath, vaultPathField: secret.settings.vaultPath, property, propertyField, source: content });
      }
    }
  }
  // A property one construct reads without saying what it holds is the user's only when no other construct
  // says (e.g. a second Trustee serving the same secret resources).
  const described = new Set([...contributions, ...manual].map(c => `${c.vaultPath}#${c.property}`));
  const listed = new Set<string>();
  for (const entry of undescribed) {
    const at = `${entry.vaultPath}#${entry.property}`;
    if (described.has(at) || listed.has(at)) continue;
    listed.add(at);
    manual.push(entry);
  }
  const sshKey = options.ssh === true || contributions.some(c => isSshPublicKey(c.source));
  const secrets = mergeContributions(contributions, problems);
  throwIfProblems(problems);
  const trusteeGroups = pattern.groups.filter(g => g.trustee !== undefined).map(g => g.name);
  return { kbsHosts, secrets, sshKey, trusteeGroups, manual };
}

/** Every VaultSecret of the tree: those of the Trustees first, then the others, each in tree order. */
function vaultSecretsOf(pattern: CocoPattern): VaultSecret[] {
  const all = pattern.node.findAll().filter((c): c is VaultSecret => c instanceof VaultSecret);
  const inTrustee = (s: VaultSecret) => s.node.scopes.some(scope => scope instanceof Trustee);
  return [...all.filter(inTrustee), ...all.filter(s => !inTrustee(s))];
}

function isSshPublicKey(content: VaultContent | FieldSource): boolean {
  return 'material' in content && content.material === 'sshPublicKey';
}

/** `config` with the pod-VM debug SSH access on in every group with the sandbox. */
function withSshDebug(config: PatternConfig): PatternConfig {
  const copy = structuredClone(config);
  for (const group of Object.values(copy.clusterGroups)) {
    if (group.sandbox.enabled) group.sandbox.sshDebug.enabled = true;
  }
  return copy;
}

/** The DNS names for the KBS server certificate: each Trustee's Route host, then its URL host when different. */
function kbsHostsOf(trustees: readonly Trustee[], problems: Problem[]): string[] {
  const hosts: string[] = [];
  const addHost = (host: string, field: string): void => {
    const problem = kbsHostProblem(host);
    if (problem) {
      problems.push({ path: field, message: `${problem} (the KBS certificate is issued for it)` });
    } else if (!hosts.includes(host)) {
      hosts.push(host);
    }
  };
  for (const trustee of trustees) {
    if (trustee.routeHost !== undefined) addHost(trustee.routeHost, trustee.settings.routeHost);
    if (trustee.urlHost === trustee.routeHost) continue;
    if (/^\[|^[0-9.]+$/.test(trustee.urlHost)) {
      problems.push({ path: trustee.settings.kbsUrl, message: `must use a DNS name for the generated KBS certificate (its subjectAltName holds DNS names only), got ${quote(trustee.kbsUrl)}` });
    } else {
      addHost(trustee.urlHost, trustee.settings.kbsUrl);
    }
  }
  return hosts;
}

/** Groups the properties by Vault path, then by secret name; conflicting wishes become problems. */
function mergeContributions(contributions: readonly Contribution[], problems: Problem[]): SecretSpec[] {
  const byPath = new Map<string, { first: Contribution; fields: Map<string, Contribution> }>();
  for (const c of contributions) {
    const entry = byPath.get(c.vaultPath) ?? { first: c, fields: new Map<string, Contribution>() };
    byPath.set(c.vaultPath, entry);
    const earlier = entry.fields.get(c.property);
    if (!earlier) {
      entry.fields.set(c.property, c);
    } else if (JSON.stringify(earlier.source) !== JSON.stringify(c.source)) {
      problems.push({
        path: c.vaultPathField,
        message: `must differ from ${earlier.vaultPathField}, which fills the property ${quote(c.property)} there with other content `
          + `(${c.propertyField} wants different content, and a Vault property holds one value), got ${quote(c.vaultPath)}`,
      });
    }
  }

  const byName = new Map<string, { spec: { name: string; vaultPrefixes: string[]; fields: SecretFieldSpec[] }; vaultPath: string }>();
  for (const [vaultPath, entry] of byPath) {
    const parsed = vaultEntryOf(vaultPath);
    if ('problem' in parsed) {
      problems.push({ path: entry.first.vaultPathField, message: parsed.problem });
      continue;
    }
    const fields = [...entry.fields.values()].map(c => ({ name: c.property, source: c.source }));
    const same = byName.get(parsed.name);
    if (!same) {
      byName.set(parsed.name, { spec: { name: parsed.name, vaultPrefixes: [parsed.prefix], fields }, vaultPath });
    } else if (JSON.stringify(same.spec.fields) === JSON.stringify(fields)) {
      same.spec.vaultPrefixes.push(parsed.prefix);
    } else {
      problems.push({
        path: entry.first.vaultPathField,
        message: `must not end in the secret name ${quote(parsed.name)} of ${quote(same.vaultPath)}, which holds other properties `
          + `(values-secret.yaml names each secret by its last path segment), got ${quote(vaultPath)}`,
      });
    }
  }
  return [...byName.values()].map(({ spec }) => spec);
}
