import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Certificate, CertificateSpecIssuerRef, ClusterIssuer, ClusterIssuerSpecAcmeSolversDns01AzureDnsEnvironment } from '../../imports/cert-manager.io';
import { reject } from '../errors';
import { setSyncWave, skipDryRunOnMissingResource, Waves } from '../gitops/argo';
import { OperatorInstall, OperatorInstallProps } from '../olm/operator-install';
import { SecretStoreRef, VaultPropertySettings, VaultSecret } from '../secrets/vault-secret';
import { LETS_ENCRYPT_PRODUCTION } from './acme';

export * from './acme';

/** The Azure DNS zone that answers the DNS-01 challenges. */
export interface AzureDnsSolver {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly hostedZoneName: string;
  /** Client id of the service principal allowed to write TXT records in the zone. */
  readonly clientId: string;
  readonly tenantId: string;
  /** Vault entry holding the service principal's secret. */
  readonly clientSecretVaultPath: string;
  /** Property of the Vault entry that holds the secret. */
  readonly clientSecretKey: string;
}

export interface LetsEncryptProps {
  /** OLM install of the cert-manager Operator for Red Hat OpenShift. */
  readonly operator: OperatorInstallProps;
  /** ACME account e-mail (expiry notices). */
  readonly email: string;
  /**
   * ACME directory.
   * @default LETS_ENCRYPT_PRODUCTION
   */
  readonly server?: string;
  /** DNS-01 solver. */
  readonly azureDns: AzureDnsSolver;
  /** The cluster's apps domain, e.g. "apps.mycluster.example.com". */
  readonly appsDomain: string;
  /**
   * Issue a wildcard certificate for the apps domain (secret in openshift-ingress).
   * @default true
   */
  readonly ingressCertificate?: boolean;
  /**
   * Issue a certificate for the API server `api.<cluster domain>` (secret in openshift-config).
   * @default true
   */
  readonly apiCertificate?: boolean;
  /**
   * Name of the ClusterIssuer.
   * @default "validated-patterns-issuer"
   */
  readonly issuerName?: string;
  /** Store the Azure DNS secret comes from. */
  readonly store: SecretStoreRef;
  /**
   * The settings (e.g. pattern.yaml fields) `azureDns.clientSecretVaultPath` and `clientSecretKey` were
   * configured in, for messages of tools that read the construct tree.
   * @default - the construct's path
   */
  readonly clientSecretSettings?: VaultPropertySettings;
}

/** Secret holding the wildcard ingress certificate. */
export const INGRESS_CERT_SECRET = 'lets-encrypt-wildcard-cert-tls';
/** Secret holding the API server certificate. */
export const API_CERT_SECRET = 'api-validated-patterns-letsencrypt-cert';

/**
 * Publicly trusted certificates for the ingress and API endpoints: cert-manager through OLM, a
 * Let's Encrypt ClusterIssuer solving DNS-01 challenges in Azure DNS (the service principal secret comes
 * from Vault), and the two Certificates. Pointing the IngressController and the APIServer at the
 * issued secrets is a deliberate manual step (see README): a wrong certificate there locks `oc` out.
 */
export class LetsEncrypt extends Construct {
  public readonly issuer: ClusterIssuer;
  public readonly certificates: Certificate[] = [];

  constructor(scope: Construct, id: string, props: LetsEncryptProps) {
    super(scope, id);
    if (!props.appsDomain.startsWith('apps.') && (props.apiCertificate ?? true)) {
      reject('LetsEncrypt appsDomain', `must start with "apps." to derive the API host api.<cluster domain>, got "${props.appsDomain}"`);
    }
    new OperatorInstall(this, 'Operator', props.operator);
    const issuerName = props.issuerName ?? 'validated-patterns-issuer';
    const dnsSecret = new VaultSecret(this, 'AzureDnsSecret', {
      namespace: 'cert-manager',
      secretName: 'azuredns-config',
      vaultPath: props.azureDns.clientSecretVaultPath,
      keys: ['client-secret'],
      properties: { 'client-secret': props.azureDns.clientSecretKey },
      store: props.store,
      refreshInterval: '1h',
      contents: { 'client-secret': { manual: 'the client secret of the Azure service principal that answers the DNS-01 challenges' } },
      settings: props.clientSecretSettings && {
        vaultPath: props.clientSecretSettings.vaultPath,
        properties: { 'client-secret': props.clientSecretSettings.property },
      },
    });

    this.issuer = new ClusterIssuer(this, 'Resource', {
      metadata: { name: issuerName },
      spec: {
        acme: {
          server: props.server ?? LETS_ENCRYPT_PRODUCTION,
          email: props.email,
          privateKeySecretRef: { name: `${issuerName}-account-key` },
          solvers: [{
            dns01: {
              azureDns: {
                clientId: props.azureDns.clientId,
                clientSecretSecretRef: { name: dnsSecret.secretName, key: 'client-secret' },
                subscriptionId: props.azureDns.subscriptionId,
                tenantId: props.azureDns.tenantId,
                resourceGroupName: props.azureDns.resourceGroupName,
                hostedZoneName: props.azureDns.hostedZoneName,
                environment: ClusterIssuerSpecAcmeSolversDns01AzureDnsEnvironment.AZURE_PUBLIC_CLOUD,
              },
            },
          }],
        },
      },
    });
    const issuerRef: CertificateSpecIssuerRef = { group: 'cert-manager.io', kind: 'ClusterIssuer', name: issuerName };
    if (props.ingressCertificate ?? true) {
      this.certificates.push(new Certificate(this, 'Ingress', {
        metadata: { name: 'lets-encrypt-certs', namespace: 'openshift-ingress' },
        spec: { secretName: INGRESS_CERT_SECRET, commonName: `*.${props.appsDomain}`, dnsNames: [`*.${props.appsDomain}`], issuerRef },
      }));
    }
    if (props.apiCertificate ?? true) {
      const api = `api.${props.appsDomain.slice('apps.'.length)}`;
      this.certificates.push(new Certificate(this, 'Api', {
        metadata: { name: 'api-validated-patterns-cert', namespace: 'openshift-config' },
        spec: { secretName: API_CERT_SECRET, commonName: api, dnsNames: [api], issuerRef },
      }));
    }
    for (const obj of [this.issuer, ...this.certificates] as ApiObject[]) {
      setSyncWave(obj, Waves.OPERAND);
      skipDryRunOnMissingResource(obj);
    }
  }
}
