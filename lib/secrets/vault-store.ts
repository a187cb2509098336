/**
 * How External Secrets reaches Vault, as pure data: the `spec.provider.vault` of a ClusterSecretStore (KV v2,
 * Kubernetes auth with a dedicated service account, TLS verified against a CA bundle ConfigMap) and the egress
 * rule the operator's network policy needs. Shared by the group's own store (./external-secrets.ts) and the
 * store a hub's policy creates on each spoke cluster (lib/fleet/spoke-secret-store.ts). Imports no construct.
 */

/** A ConfigMap key holding the PEM CA bundle that Vault's certificate must chain to. */
export interface CaBundleRef {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
}

export interface VaultStoreSettings {
  /** Vault API URL (https). */
  readonly server: string;
  /** Mount path of the KV v2 secrets engine. */
  readonly kvPath: string;
  /** The CA bundle Vault's certificate is verified against. */
  readonly ca: CaBundleRef;
  /** Mount path of Vault's Kubernetes auth method (may hold an ACM template). */
  readonly authMountPath: string;
  /** Vault role bound to the store's service account. */
  readonly authRole: string;
  /** The service account the store authenticates as (a token of it is the login JWT). */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
}

/** `spec.provider.vault` of a ClusterSecretStore (external-secrets.io/v1 `VaultProvider`). */
export function vaultStoreProvider(s: VaultStoreSettings): Record<string, unknown> {
  return {
    server: s.server,
    path: s.kvPath,
    version: 'v2',
    caProvider: { type: 'ConfigMap', name: s.ca.name, key: s.ca.key, namespace: s.ca.namespace },
    auth: {
      kubernetes: { mountPath: s.authMountPath, role: s.authRole, serviceAccountRef: { name: s.serviceAccount.name, namespace: s.serviceAccount.namespace } },
    },
  };
}

/**
 * The egress rule that lets the External Secrets controller reach Vault: port 8200 of `vaultNamespace` for an
 * in-cluster Service URL (`https://<service>.<namespace>.svc[:port]`), else the URL's port (443 by default) on
 * any address, since a Route of another cluster has no namespace here.
 */
export function vaultEgressRule(server: string, vaultNamespace: string): Record<string, unknown> {
  const url = new URL(server);
  if (/\.svc(\.cluster\.local)?$/.test(url.hostname)) {
    return {
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': vaultNamespace } } }],
      ports: [{ protocol: 'TCP', port: 8200 }],
    };
  }
  return { ports: [{ protocol: 'TCP', port: url.port ? Number(url.port) : 443 }] };
}

/**
 * `spec.conditions` of a ClusterSecretStore that only `namespaces` may use; none (any namespace) when the
 * list is empty, i.e. when nothing reads the store.
 */
export function storeConditions(namespaces: readonly string[]): { namespaces: string[] }[] | undefined {
  return namespaces.length > 0 ? [{ namespaces: [...namespaces] }] : undefined;
}
