import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ClusterSecretStore, ClusterSecretStoreSpecProviderVaultCaProviderType, ClusterSecretStoreSpecProviderVaultVersion,
} from '../../imports/external-secrets.io';
import { setSyncWave, skipDryRunOnMissingResource, Waves } from '../gitops/argo';
import { OperatorInstall, OperatorInstallProps } from '../olm/operator-install';

export interface ExternalSecretsProps {
  /** OLM install of the External Secrets Operator for Red Hat OpenShift (all-namespaces install). */
  readonly operator: OperatorInstallProps;
  /** Name of the ClusterSecretStore every ExternalSecret of the pattern uses. */
  readonly storeName: string;
  /** Vault API URL (https). */
  readonly vaultServer: string;
  /** Namespace Vault runs in: the operand may reach it on port 8200, and its service CA is trusted. */
  readonly vaultNamespace: string;
  /** Mount path of the KV v2 secrets engine. */
  readonly kvPath: string;
  /** Mount path of Vault's Kubernetes auth method. */
  readonly authMountPath: string;
  /** Vault role bound to the store's service account. */
  readonly authRole: string;
  /** Service account the store authenticates to Vault as (created here, in the operator namespace). */
  readonly serviceAccount: string;
}

/**
 * External Secrets: the operator through OLM, its operand (`ExternalSecretsConfig` `cluster`, with the
 * network policy that lets the controller reach Vault: the operator blocks egress by default), and the
 * ClusterSecretStore on Vault (KV v2, Kubernetes auth with a dedicated service account, TLS verified
 * against the OpenShift service CA).
 */
export class ExternalSecrets extends Construct {
  public readonly install: OperatorInstall;
  public readonly store: ClusterSecretStore;
  public readonly config: ApiObject;

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    super(scope, id);
    this.install = new OperatorInstall(this, 'Operator', { ...props.operator, operatorGroup: { targetNamespaces: [] } });
    const ns = props.operator.namespace;

    // No typed class: the ExternalSecretsConfig CRD is not among the imported schemas.
    this.config = new ApiObject(this, 'Config', {
      apiVersion: 'operator.openshift.io/v1alpha1',
      kind: 'ExternalSecretsConfig',
      metadata: { name: 'cluster' },
      spec: {
        controllerConfig: {
          networkPolicies: [{
            name: 'allow-external-secrets-to-vault',
            componentName: 'ExternalSecretsCoreController',
            egress: [{
              to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': props.vaultNamespace } } }],
              ports: [{ protocol: 'TCP', port: 8200 }],
            }],
          }],
        },
      },
    });
    setSyncWave(this.config, Waves.OPERAND);
    skipDryRunOnMissingResource(this.config);

    const sa = new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: props.serviceAccount, namespace: ns } });
    setSyncWave(sa, Waves.OPERAND);

    this.store = new ClusterSecretStore(this, 'Resource', {
      metadata: { name: props.storeName },
      spec: {
        provider: {
          vault: {
            server: props.vaultServer,
            path: props.kvPath,
            version: ClusterSecretStoreSpecProviderVaultVersion.V2,
            caProvider: { type: ClusterSecretStoreSpecProviderVaultCaProviderType.CONFIG_MAP, name: 'openshift-service-ca.crt', key: 'service-ca.crt', namespace: props.vaultNamespace },
            auth: {
              kubernetes: { mountPath: props.authMountPath, role: props.authRole, serviceAccountRef: { name: props.serviceAccount, namespace: ns } },
            },
          },
        },
      },
    });
    setSyncWave(this.store, Waves.OPERAND);
    skipDryRunOnMissingResource(this.store);
  }
}
