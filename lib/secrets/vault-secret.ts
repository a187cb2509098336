import { Construct, IConstruct } from 'constructs';
import { CLUSTER_GROUP, hasBrand } from '../gitops/brands';
import { ExternalSecret, ExternalSecretSpecDataRemoteRefDecodingStrategy, ExternalSecretSpecSecretStoreRefKind } from '../../imports/external-secrets.io';
import { Problem, quote, throwIfProblems } from '../errors';
import { setSyncWave, skipDryRunOnMissingResource, Waves } from '../gitops/argo';
import { dnsLabelProblem, dnsSubdomainProblem } from '../naming/dns';
import { VaultContent, vaultContentProblem } from './vault-content';
import { refreshIntervalProblem, secretKeyProblem, vaultPathProblem } from './vault-rules';

export * from './vault-rules';
export * from './vault-content';

/** The secret store ExternalSecrets read from. */
export interface SecretStoreRef {
  /** Store name. */
  readonly name: string;
  /** Store kind. */
  readonly kind: 'ClusterSecretStore' | 'SecretStore';
}

/** The pattern's store: a ClusterSecretStore on Vault, as in the reference pattern. */
export const VAULT_BACKEND: SecretStoreRef = { name: 'vault-backend', kind: 'ClusterSecretStore' };

export interface VaultSecretProps {
  /** Namespace of the ExternalSecret and its target Secret. */
  readonly namespace: string;
  /** Name of the Kubernetes Secret that External Secrets creates. */
  readonly secretName: string;
  /**
   * Name of the ExternalSecret.
   * @default "<secretName>-eso"
   */
  readonly name?: string;
  /** Vault path of the entry (KV v2 API form, e.g. "secret/data/hub/kbsres1"). */
  readonly vaultPath: string;
  /**
   * Keys to copy: each Secret key comes from the Vault property of the same name, or from the property
   * named in `properties`.
   */
  readonly keys: readonly string[];
  /**
   * Vault property per Secret key, where they differ.
   * @default - the same name
   */
  readonly properties?: Readonly<Record<string, string>>;
  /**
   * The store to read from.
   * @default VAULT_BACKEND
   */
  readonly store?: SecretStoreRef;
  /**
   * How often External Secrets re-reads Vault (Go duration).
   * @default "15s" (the reference pattern's value)
   */
  readonly refreshInterval?: string;
  /**
   * Type of the target Secret.
   * @default "Opaque"
   */
  readonly type?: string;
  /**
   * Keys whose Vault property holds base64 (binary values such as a DER certificate): External Secrets
   * decodes them (`decodingStrategy: Base64`), so the Secret holds the bytes.
   * @default - none: every value is copied as it is
   */
  readonly base64Keys?: readonly string[];
  /**
   * What the Vault property behind each Secret key must hold (generated material, random bytes, a fixed value,
   * or what the user puts there), for tools that fill Vault from the construct tree (`secrets init`).
   * @default - not described: such tools list the property for the user to fill
   */
  readonly contents?: Readonly<Record<string, VaultContent>>;
  /**
   * The settings (e.g. pattern.yaml fields) the Vault path and each Secret key's property were configured in,
   * named in the messages of tools that read the construct tree.
   * @default - "<construct path> vaultPath" and "<construct path> properties.<key>"
   */
  readonly settings?: VaultSecretSettings;
}

/** Where a {@link VaultSecret}'s Vault path and properties were configured. */
export interface VaultSecretSettings {
  /** The setting holding `vaultPath`. */
  readonly vaultPath?: string;
  /** The setting holding each Secret key's Vault property, by Secret key. */
  readonly properties?: Readonly<Record<string, string>>;
}

/**
 * A Kubernetes Secret whose values come from Vault through External Secrets: the values never pass
 * through git or the rendered output. Only the listed keys are copied, so what a Secret holds is
 * reviewable.
 */
export class VaultSecret extends Construct {
  public readonly externalSecret: ExternalSecret;
  public readonly secretName: string;
  public readonly vaultPath: string;
  public readonly keys: readonly string[];
  /** Namespace of the ExternalSecret and its Secret. */
  public readonly namespace: string;
  /** The store it reads from. */
  public readonly store: SecretStoreRef;
  /** The Vault property each Secret key is read from, by Secret key. */
  public readonly properties: Readonly<Record<string, string>>;
  /** What the Vault property behind each described Secret key must hold, by Secret key. */
  public readonly contents: Readonly<Record<string, VaultContent>>;
  /** The settings the Vault path and each Secret key's property were configured in (defaults filled in). */
  public readonly settings: { readonly vaultPath: string; readonly properties: Readonly<Record<string, string>> };

  constructor(scope: Construct, id: string, props: VaultSecretProps) {
    super(scope, id);
    throwIfProblems(vaultSecretProblems(props, 'VaultSecret'));
    this.secretName = props.secretName;
    this.vaultPath = props.vaultPath;
    this.keys = props.keys;
    this.properties = Object.fromEntries(props.keys.map(key => [key, props.properties?.[key] ?? key]));
    this.contents = { ...(props.contents ?? {}) };
    this.settings = {
      vaultPath: props.settings?.vaultPath ?? `${this.node.path} vaultPath`,
      properties: Object.fromEntries(props.keys.map(key => [key, props.settings?.properties?.[key] ?? `${this.node.path} properties.${key}`])),
    };
    const store = props.store ?? VAULT_BACKEND;
    this.namespace = props.namespace;
    this.store = store;
    this.externalSecret = new ExternalSecret(this, 'Resource', {
      metadata: { name: props.name ?? `${props.secretName}-eso`, namespace: props.namespace },
      spec: {
        refreshInterval: props.refreshInterval ?? '15s',
        secretStoreRef: {
          name: store.name,
          kind: store.kind === 'ClusterSecretStore' ? ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE : ExternalSecretSpecSecretStoreRefKind.SECRET_STORE,
        },
        target: { name: props.secretName, template: { type: props.type ?? 'Opaque' } },
        data: props.keys.map(key => ({
          secretKey: key,
          remoteRef: {
            key: props.vaultPath,
            property: this.properties[key],
            ...(props.base64Keys?.includes(key) ? { decodingStrategy: ExternalSecretSpecDataRemoteRefDecodingStrategy.BASE64 } : {}),
          },
        })),
      },
    });
    setSyncWave(this.externalSecret, Waves.CONFIG);
    skipDryRunOnMissingResource(this.externalSecret);
  }
}

/** The Vault paths the {@link VaultSecret}s under `scope` read, sorted, each once. */
export function vaultPathsRead(scope: IConstruct): string[] {
  return [...new Set(scope.node.findAll().filter((c): c is VaultSecret => c instanceof VaultSecret).map(v => v.vaultPath))].sort();
}

/** Problems with VaultSecret props; `path` prefixes each field. */
export function vaultSecretProblems(props: VaultSecretProps, path: string): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ path: `${path}.${field}`, message });
  const nsProblem = dnsLabelProblem(props.namespace);
  if (nsProblem) add('namespace', nsProblem);
  const nameProblem = dnsSubdomainProblem(props.secretName);
  if (nameProblem) add('secretName', nameProblem);
  if (props.name !== undefined) {
    const p = dnsSubdomainProblem(props.name);
    if (p) add('name', p);
  }
  const pathProblem = vaultPathProblem(props.vaultPath);
  if (pathProblem) add('vaultPath', pathProblem);
  if (!props.keys || props.keys.length === 0) {
    add('keys', 'must list at least one key');
  }
  const seen = new Set<string>();
  (props.keys ?? []).forEach((key, i) => {
    const keyProblem = secretKeyProblem(key);
    if (keyProblem) {
      add(`keys[${i}]`, keyProblem);
    } else if (seen.has(key)) {
      add(`keys[${i}]`, `is listed twice: ${quote(key)}`);
    }
    seen.add(key);
  });
  (props.base64Keys ?? []).forEach((key, i) => {
    if (!(props.keys ?? []).includes(key)) add(`base64Keys[${i}]`, `must be one of the keys, got ${quote(key)}`);
  });
  for (const [key, content] of Object.entries(props.contents ?? {})) {
    if (!seen.has(key)) {
      add(`contents.${key}`, `must describe one of the keys (${(props.keys ?? []).map(k => quote(k)).join(', ')}), got ${quote(key)}`);
      continue;
    }
    const contentProblem = vaultContentProblem(content);
    if (contentProblem) add(`contents.${key}`, contentProblem);
  }
  const intervalProblem = props.refreshInterval === undefined ? undefined : refreshIntervalProblem(props.refreshInterval);
  if (intervalProblem) add('refreshInterval', intervalProblem);
  return problems;
}


/**
 * The namespaces whose VaultSecrets read the ClusterSecretStore `storeName`, sorted: those in the cluster
 * group of `scope` (every one in the app when `scope` is in none). The store admits only them
 * (`spec.conditions`), so no other namespace's ExternalSecret can read what it can.
 */
export function clusterStoreNamespaces(scope: Construct, storeName: string): string[] {
  // The nearest cluster group of a construct, or the app's root outside any.
  const groupOf = (c: Construct): Construct => c.node.scopes.slice().reverse().find(x => hasBrand(x, CLUSTER_GROUP)) ?? c.node.root;
  const home = groupOf(scope);
  return [...new Set(home.node.findAll()
    .filter((c): c is VaultSecret => c instanceof VaultSecret && c.store.kind === 'ClusterSecretStore' && c.store.name === storeName && groupOf(c) === home)
    .map(v => v.namespace))].sort();
}
