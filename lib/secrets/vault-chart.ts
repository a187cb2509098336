import * as k8s from '../../imports/k8s';
import { Construct } from 'constructs';
import { setSyncWave, Waves } from '../gitops/argo';
import { HelmChartSource } from '../gitops/argo-app-chart';
import { ServiceRoute } from '../openshift/route';

export interface VaultChartProps {
  /** Namespace Vault runs in. */
  readonly namespace: string;
  /** Helm repository. */
  readonly repoURL: string;
  /** Chart name. */
  readonly chart: string;
  /** Exact chart version. */
  readonly version: string;
  /** Size of the data volume (Kubernetes quantity). */
  readonly storageSize: string;
}

/** Secret the OpenShift service CA fills with Vault's serving certificate. */
export const VAULT_TLS_SECRET = 'vault-server-tls';

/**
 * The Service clients reach the Vault API through. It is ours, not the chart's: the chart copies
 * `server.service.annotations` onto its headless `vault-internal` Service too, and two Services asking
 * the service CA for one Secret race (vault-helm #674, #1087), so only this Service carries the request.
 */
export const VAULT_API_SERVICE = 'vault-server';

/** Labels of the Vault server pods the chart renders (release "vault"). */
export const VAULT_SERVER_SELECTOR = { 'app.kubernetes.io/name': 'vault', 'app.kubernetes.io/instance': 'vault', 'component': 'server' };

/** In-cluster URL of the Vault API (HTTPS, certificate from the OpenShift service CA). */
export function vaultServiceUrl(namespace: string): string {
  return `https://${VAULT_API_SERVICE}.${namespace}.svc:8200`;
}

/**
 * The official HashiCorp Vault Helm chart, configured for OpenShift: standalone server with file
 * storage, no agent injector (External Secrets reads Vault), TLS on the listener with the certificate the
 * OpenShift service CA issues for the {@link VAULT_API_SERVICE} Service (see {@link VaultEndpoint}), and
 * the auth delegator binding the Kubernetes auth method needs. The chart's Route is off: the endpoint
 * renders one that re-encrypts to the TLS Service.
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
        volumes: [{ name: VAULT_TLS_SECRET, secret: { secretName: VAULT_TLS_SECRET } }],
        volumeMounts: [{ name: VAULT_TLS_SECRET, mountPath: userconfig, readOnly: true }],
        // The in-pod CLI talks to 127.0.0.1 but the certificate names the Service.
        extraEnvironmentVars: { VAULT_CACERT: '/var/run/secrets/kubernetes.io/serviceaccount/service-ca.crt', VAULT_TLS_SERVER_NAME: `${VAULT_API_SERVICE}.${ns}.svc` },
        route: { enabled: false },
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
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', namespace: ns },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
    ],
  };
}

export interface VaultEndpointProps {
  /** Namespace Vault runs in. */
  readonly namespace: string;
  /**
   * Host of the Vault UI/API Route.
   * @default - OpenShift's "vault-<namespace>.<apps domain>"
   */
  readonly routeHost?: string;
}

/**
 * Vault's API endpoint next to the chart: the {@link VAULT_API_SERVICE} Service, whose serving
 * certificate the OpenShift service CA writes into {@link VAULT_TLS_SECRET} (Vault's listener uses it;
 * External Secrets verifies it against the service CA), and a Route `vault` that re-encrypts to it.
 */
export class VaultEndpoint extends Construct {
  public readonly service: k8s.KubeService;
  public readonly route: ServiceRoute;

  constructor(scope: Construct, id: string, props: VaultEndpointProps) {
    super(scope, id);
    this.service = new k8s.KubeService(this, 'Resource', {
      metadata: {
        name: VAULT_API_SERVICE,
        namespace: props.namespace,
        annotations: { 'service.beta.openshift.io/serving-cert-secret-name': VAULT_TLS_SECRET },
      },
      spec: {
        type: 'ClusterIP',
        selector: VAULT_SERVER_SELECTOR,
        ports: [{ name: 'https', port: 8200, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(8200) }],
      },
    });
    setSyncWave(this.service, Waves.CONFIG);
    this.route = new ServiceRoute(this, 'Route', {
      name: 'vault',
      namespace: props.namespace,
      serviceName: VAULT_API_SERVICE,
      targetPort: 8200,
      tls: 'reencrypt',
      host: props.routeHost,
    });
  }
}
