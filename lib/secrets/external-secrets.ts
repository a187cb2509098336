import { ApiObject, Lazy } from 'cdk8s';
import * as k8s from '../../imports/k8s';
import { Construct } from 'constructs';
import { ClusterSecretStore, ClusterSecretStoreSpecProviderVault } from '../../imports/external-secrets.io';
import { setSyncWave, skipDryRunOnMissingResource, Waves } from '../gitops/argo';
import { OperatorInstall, OperatorInstallProps } from '../olm/operator-install';
import { clusterStoreNamespaces } from './vault-secret';
import { storeConditions, vaultEgressRule, vaultStoreProvider } from './vault-store';

export interface ExternalSecretsProps {
  /** OLM install of the External Secrets Operator for Red Hat OpenShift (all-namespaces install). */
  readonly operator: OperatorInstallProps;
  /** Name of the ClusterSecretStore every ExternalSecret of the pattern uses. */
  readonly storeName: string;
  /**
   * Vault API URL (https). An in-cluster Service URL of {@link vaultNamespace} is reached on port 8200 of that
   * namespace; any other URL (a spoke reading its hub's Vault Route) on its port, 443 by default.
   */
  readonly vaultServer: string;
  /** Namespace Vault runs in: the operand may reach it on port 8200, and its service CA is trusted. */
  readonly vaultNamespace: string;
  /**
   * Render the ClusterSecretStore here. A spoke's store comes from its hub's policy instead, with the hub's CA
   * and an auth mount per cluster (lib/fleet/spoke-secret-store.ts); the service account stays here.
   * @default true
   */
  readonly clusterSecretStore?: boolean;
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
  /** The store, unless `clusterSecretStore` is false. */
  public readonly store?: ClusterSecretStore;
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
            egress: [vaultEgressRule(props.vaultServer, props.vaultNamespace)],
          }],
        },
      },
    });
    setSyncWave(this.config, Waves.OPERAND);
    skipDryRunOnMissingResource(this.config);

    const sa = new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: props.serviceAccount, namespace: ns } });
    setSyncWave(sa, Waves.OPERAND);

    if (props.clusterSecretStore === false) return;
    const vault = vaultStoreProvider({
      server: props.vaultServer,
      kvPath: props.kvPath,
      ca: { namespace: props.vaultNamespace, name: 'openshift-service-ca.crt', key: 'service-ca.crt' },
      authMountPath: props.authMountPath,
      authRole: props.authRole,
      serviceAccount: { name: props.serviceAccount, namespace: ns },
    }) as unknown as ClusterSecretStoreSpecProviderVault;
    this.store = new ClusterSecretStore(this, 'Resource', {
      metadata: { name: props.storeName },
      spec: {
        provider: { vault },
        // Only the namespaces whose ExternalSecrets read it (known once the group is built).
        conditions: Lazy.any({ produce: () => storeConditions(clusterStoreNamespaces(this, props.storeName)) }),
      },
    });
    setSyncWave(this.store, Waves.OPERAND);
    skipDryRunOnMissingResource(this.store);
  }
}
