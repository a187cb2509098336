import { HelmChartSource } from '../gitops/argo-app-chart';

export interface VaultChartProps {
  /** Namespace Vault runs in. */
  readonly namespace: string;
  /** Helm repository. */
  readonly repoURL: string;
  /** Chart name. */
  readonly chart: string;
  /** Exact chart version. */
  readonly version: string;
  /** Host of the Vault UI/API Route. */
  readonly routeHost?: string;
  /** Size of the data volume (Kubernetes quantity). */
  readonly storageSize: string;
}

/** Secret the OpenShift service CA fills with Vault's serving certificate. */
export const VAULT_TLS_SECRET = 'vault-server-tls';

/** In-cluster URL of the Vault API (HTTPS, certificate from the OpenShift service CA). */
export function vaultServiceUrl(namespace: string): string {
  return `https://vault.${namespace}.svc:8200`;
}

/**
 * The official HashiCorp Vault Helm chart, configured for OpenShift: standalone server with file
 * storage, no agent injector (External Secrets reads Vault), TLS on the listener with a certificate the
 * OpenShift service CA issues for the `vault` Service, a re-encrypting Route, and the auth delegator
 * binding the Kubernetes auth method needs.
 * @see https://developer.hashicorp.com/vault/docs/platform/k8s/helm/openshift
 */
export function vaultChart(props: VaultChartProps): HelmChartSource {
  const userconfig = `/vault/userconfig/${VAULT_TLS_SECRET}`;
  const ns = props.namespace;
  return {
    repoURL: props.repoURL,
    chart: props.chart,
    version: props.version,
    releaseName: 'vault',
    values: {
      global: { openshift: true, tlsDisable: false },
      injector: { enabled: false },
      ui: { enabled: true },
      server: {
        authDelegator: { enabled: true },
        dataStorage: { enabled: true, size: props.storageSize },
        service: { annotations: { 'service.beta.openshift.io/serving-cert-secret-name': VAULT_TLS_SECRET } },
        volumes: [{ name: VAULT_TLS_SECRET, secret: { secretName: VAULT_TLS_SECRET } }],
        volumeMounts: [{ name: VAULT_TLS_SECRET, mountPath: userconfig, readOnly: true }],
        // The in-pod CLI talks to 127.0.0.1 but the certificate names the Service.
        extraEnvironmentVars: { VAULT_CACERT: '/var/run/secrets/kubernetes.io/serviceaccount/service-ca.crt', VAULT_TLS_SERVER_NAME: `vault.${ns}.svc` },
        route: { enabled: true, ...(props.routeHost ? { host: props.routeHost } : {}), tls: { termination: 'reencrypt' } },
        standalone: {
          enabled: true,
          config: [
            'ui = true',
            'listener "tcp" {',
            '  address = "[::]:8200"',
            '  cluster_address = "[::]:8201"',
            `  tls_cert_file = "${userconfig}/tls.crt"`,
            `  tls_key_file = "${userconfig}/tls.key"`,
            '}',
            'storage "file" {',
            '  path = "/vault/data"',
            '}',
            '',
          ].join('\n'),
        },
      },
    },
    renders: [
      { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: ns },
      { apiVersion: 'v1', kind: 'Service', namespace: ns },
      { apiVersion: 'v1', kind: 'ServiceAccount', namespace: ns },
      { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns },
      { apiVersion: 'route.openshift.io/v1', kind: 'Route', namespace: ns },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', namespace: ns },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
    ],
  };
}
