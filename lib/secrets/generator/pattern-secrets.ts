/**
 * From pattern.yaml to the generator's inputs: the KBS hosts for the server certificate and the Vault entries
 * of values-secret.yaml, derived from the same settings the synth renders its ExternalSecrets from, so every
 * Vault path and property an ExternalSecret reads is filled (or listed as one the user fills).
 *
 * The mapping (per cluster group that deploys Trustee; see lib/trustee/trustee.ts for the ExternalSecrets):
 * - `trustee.adminPublicKey` -> `property` = the admin Ed25519 public key;
 * - `trustee.https` (secure preset) -> `keyProperty` = the server key, `certificateProperty` = the chain the KBS serves
 *   (server certificate, then the CA that initdata pins);
 * - `trustee.tokenSigner` (secure preset, Trustee versions with a token signer: 1.1, 1.2) -> the token signing key and its certificate;
 * - `trustee.secretResources[]` -> every key random (32 bytes, base64), except `security-policy`/`osc`, which gets
 *   the image policy JSON of `trustee.imagePolicy`, and keys that `imagePolicy` names as signing keys (the user's
 *   public keys: listed as manual entries);
 * - `sandbox.sshDebug` (when enabled, or for every sandbox group with `ssh: true`) -> `publicKeyProperty` = the SSH
 *   public key; the private key stays in the private folder.
 * `certManager.letsEncrypt.azureDns` (a service principal secret) cannot be generated and is a manual entry.
 */
import { PatternConfig } from '../../config/schema';
import { InputError, Problem, quote, throwIfProblems } from '../../errors';
import { OPERATORS } from '../../olm/catalog';
import { defaultRouteHost } from '../../openshift/route';
import { IMAGE_POLICY_RESOURCE, renderImagePolicy } from '../../trustee/image-policy';
import { trusteeProfile } from '../../trustee/versions';
import { FieldSource, SecretFieldSpec, SecretSpec } from './types';
import { kbsHostProblem } from './validate-options';

/** Name of the KBS Route, whose default host is `kbs-<namespace>.<appsDomain>` (lib/pattern/trustee.ts). */
const KBS_ROUTE_NAME = 'kbs';

/** Random bytes of a generated secret resource value (base64: 44 characters). */
export const RESOURCE_RANDOM_BYTES = 32;

/** Options of {@link secretsFromPattern}. */
export interface PatternSecretsOptions {
  /**
   * Generate the pod-VM debug SSH key pair even when no cluster group enables `sandbox.sshDebug`; its public key
   * then goes to the `sshDebug` Vault entry of every group with the sandbox enabled.
   * @default false
   */
  readonly ssh?: boolean;
}

/** A Vault property the synth reads that the generator cannot fill: the user puts it into Vault. */
export interface ManualVaultEntry {
  /** KV v2 API path, e.g. "secret/data/hub/cosign-keys". */
  readonly vaultPath: string;
  readonly property: string;
  /** The pattern.yaml field that asks for it. */
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
 * The KBS hosts and Vault entries `npm run secrets -- init` generates for `config` (validated, defaults applied).
 *
 * @throws InputError when no group deploys Trustee, a Vault path has another form than
 *   `secret/data/<prefix>/<name>`, two fields want different content in one Vault property, or two different Vault
 *   entries end in the same name (values-secret.yaml names secrets by their last path segment)
 */
export function secretsFromPattern(config: PatternConfig, options: PatternSecretsOptions = {}): PatternSecrets {
  const problems: Problem[] = [];
  const hosts: string[] = [];
  const contributions: Contribution[] = [];
  const manual: ManualVaultEntry[] = [];
  const trusteeGroups: string[] = [];
  const addHost = (host: string, field: string): void => {
    const problem = kbsHostProblem(host);
    if (problem) {
      problems.push({ path: field, message: `${problem} (the KBS certificate is issued for it)` });
    } else if (!hosts.includes(host)) {
      hosts.push(host);
    }
  };

  for (const [name, group] of Object.entries(config.clusterGroups)) {
    const t = group.trustee;
    if (!t.enabled) continue;
    trusteeGroups.push(name);
    const at = `clusterGroups.${name}.trustee`;
    const routeHost = t.kbs.host ?? defaultRouteHost(KBS_ROUTE_NAME, OPERATORS.trustee.namespace, group.appsDomain ?? '');
    addHost(routeHost, t.kbs.host ? `${at}.kbs.host` : `clusterGroups.${name}.appsDomain`);
    if (t.kbs.url) {
      const urlHost = new URL(t.kbs.url).hostname;
      if (/^\[|^[0-9.]+$/.test(urlHost)) {
        problems.push({ path: `${at}.kbs.url`, message: `must use a DNS name for the generated KBS certificate (its subjectAltName holds DNS names only), got ${quote(t.kbs.url)}` });
      } else {
        addHost(urlHost, `${at}.kbs.url`);
      }
    }

    const add = (field: string, vaultPath: string, propertyField: string, property: string, source: FieldSource) =>
      contributions.push({ vaultPath, vaultPathField: `${at}.${field}.vaultPath`, property, propertyField: `${at}.${field}.${propertyField}`, source });
    add('adminPublicKey', t.adminPublicKey.vaultPath, 'property', t.adminPublicKey.property, { material: 'adminPublicKey' });
    const secure = t.preset === 'secure';
    if (secure) {
      add('https', t.https.vaultPath, 'keyProperty', t.https.keyProperty, { material: 'kbsTlsKey' });
      add('https', t.https.vaultPath, 'certificateProperty', t.https.certificateProperty, { material: 'kbsTlsCertificateChain' });
    }
    if (secure && trusteeProfile(t.version, `${at}.version`).capabilities.tokenSigner) {
      add('tokenSigner', t.tokenSigner.vaultPath, 'keyProperty', t.tokenSigner.keyProperty, { material: 'tokenSignerKey' });
      add('tokenSigner', t.tokenSigner.vaultPath, 'certificateProperty', t.tokenSigner.certificateProperty, { material: 'tokenSignerCertificate' });
    }

    const signingKeys = new Set(t.imagePolicy.type === 'signedBy' ? t.imagePolicy.keys.map(k => k.keyPath) : []);
    t.secretResources.forEach((resource, i) => {
      resource.keys.forEach((key, j) => {
        const field = `secretResources[${i}]`;
        if (signingKeys.has(`kbs:///default/${resource.name}/${key}`)) {
          manual.push({
            vaultPath: resource.vaultPath,
            property: key,
            field: `${at}.${field}.keys[${j}]`,
            what: `your image signing public key (trustee.imagePolicy names kbs:///default/${resource.name}/${key})`,
          });
          return;
        }
        const source: FieldSource = resource.name === IMAGE_POLICY_RESOURCE.type && key === IMAGE_POLICY_RESOURCE.tag
          ? { value: renderImagePolicy(t.imagePolicy, `${at}.imagePolicy`) }
          : { random: RESOURCE_RANDOM_BYTES };
        contributions.push({ vaultPath: resource.vaultPath, vaultPathField: `${at}.${field}.vaultPath`, property: key, propertyField: `${at}.${field}.keys[${j}]`, source });
      });
    });
  }
  if (trusteeGroups.length === 0) {
    throw new InputError([{
      path: 'clusterGroups',
      message: 'must have a cluster group that deploys Trustee (trustee.enabled: true): secrets init generates the KBS material, got none',
    }]);
  }

  const sshGroups = Object.entries(config.clusterGroups).filter(([, g]) => g.sandbox.enabled && g.sandbox.sshDebug.enabled);
  const sshKey = options.ssh === true || sshGroups.length > 0;
  const sshTargets = sshGroups.length > 0 || !sshKey ? sshGroups : Object.entries(config.clusterGroups).filter(([, g]) => g.sandbox.enabled);
  for (const [name, group] of sshTargets) {
    const ssh = group.sandbox.sshDebug;
    const at = `clusterGroups.${name}.sandbox.sshDebug`;
    contributions.push({ vaultPath: ssh.vaultPath, vaultPathField: `${at}.vaultPath`, property: ssh.publicKeyProperty, propertyField: `${at}.publicKeyProperty`, source: { material: 'sshPublicKey' } });
  }

  for (const [name, group] of Object.entries(config.clusterGroups)) {
    const dns = group.certManager.letsEncrypt.azureDns;
    if (group.certManager.enabled && dns) {
      manual.push({
        vaultPath: dns.clientSecretVaultPath,
        property: dns.clientSecretKey,
        field: `clusterGroups.${name}.certManager.letsEncrypt.azureDns.clientSecretVaultPath`,
        what: 'the client secret of the Azure service principal that answers the DNS-01 challenges',
      });
    }
  }

  const secrets = mergeContributions(contributions, problems);
  throwIfProblems(problems);
  return { kbsHosts: hosts, secrets, sshKey, trusteeGroups, manual };
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
