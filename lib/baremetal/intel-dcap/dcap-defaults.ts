/**
 * Names, ports and Vault entries of Intel DCAP on the cluster (pure data: the pattern.yaml schema may share
 * them). The Vault paths and properties are the reference pattern's (validatedpatterns/coco-pattern
 * `charts/all/intel-dcap/templates/pccs-secrets-eso.yaml`, `pccs-tls-eso.yaml`).
 */
import { quote } from '../../errors';

/** The namespace of the PCCS and the QGS (Red Hat's helper and the reference pattern). */
export const INTEL_DCAP_NAMESPACE = 'intel-dcap';

/** The PCCS Service and its port (`intel-dcap/pccs.yaml.in`). */
export const PCCS_SERVICE = { name: 'pccs-service', port: 8042 } as const;

/** Problem with the proxy the PCCS reaches Intel's PCS through (an http or https URL), or undefined. */
export function pccsProxyProblem(url: string): string | undefined {
  return /^https?:\/\/\S+$/.test(url) ? undefined : `must be an http(s) URL of the proxy (e.g. "http://proxy.example.com:3128"), got ${quote(url)}`;
}

/** The vsock port the QGS listens on for quote requests from TDs (`intel-dcap/qgs.yaml` `-p=4050`). */
export const QGS_VSOCK_PORT = 4050;

/** Where the PCCS's Intel API key and tokens live in Vault: one entry, one property per Secret key. */
export interface PccsSecretsVaultEntry {
  readonly vaultPath: string;
  /** The Intel PCS API subscription key (https://api.portal.trustedservices.intel.com/). */
  readonly apiKeyProperty: string;
  /** SHA-512 (hex) of the PCCS user token. */
  readonly userTokenHashProperty: string;
  /** The user token itself, which the QGS platform registration presents to the PCCS. */
  readonly userTokenProperty: string;
  /** SHA-512 (hex) of the PCCS admin token. */
  readonly adminTokenHashProperty: string;
}

/** Where the PCCS's TLS key and certificate live in Vault. */
export interface PccsTlsVaultEntry {
  readonly vaultPath: string;
  readonly keyProperty: string;
  readonly certificateProperty: string;
}

export const PCCS_VAULT_DEFAULTS: { readonly secrets: PccsSecretsVaultEntry; readonly tls: PccsTlsVaultEntry } = {
  secrets: {
    vaultPath: 'secret/data/hub/pccs',
    apiKeyProperty: 'api_key',
    userTokenHashProperty: 'user_token_hash',
    userTokenProperty: 'user_token',
    adminTokenHashProperty: 'admin_token_hash',
  },
  tls: { vaultPath: 'secret/data/hub/pccs-tls', keyProperty: 'private_key', certificateProperty: 'certificate' },
};

/** The Secrets the PCCS and the QGS read (names of Red Hat's helper). */
export const PCCS_SECRETS = { settings: 'pccs-secrets', tls: 'pccs-tls' } as const;

/** The in-cluster PCCS's origin: its Service's host and port. */
export function pccsOrigin(namespace: string = INTEL_DCAP_NAMESPACE): string {
  return `https://${PCCS_SERVICE.name}.${namespace}.svc:${PCCS_SERVICE.port}`;
}

/** The in-cluster PCCS URL (the path is the PCS API v4 the QCNL asks for). */
export function pccsUrl(namespace: string = INTEL_DCAP_NAMESPACE): string {
  return `${pccsOrigin(namespace)}/sgx/certification/v4/`;
}
