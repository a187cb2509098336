/**
 * The hub side of a spoke group's External Secrets: an ACM policy that creates, on every managed cluster of the
 * group, the ClusterSecretStore reading the hub's Vault over TLS, with the hub's CA (a hub template) and a Vault
 * Kubernetes auth mount of its own (a hub template naming the cluster), so no per-cluster value is in git.
 *
 * Upstream facts:
 * - Hub templates (`{{hub ... hub}}`) are resolved by the policy propagator on the hub, once per managed
 *   cluster; `.ManagedClusterName` is the cluster the replicated policy goes to (ACM 2.12 Governance "Template
 *   processing"). Their lookups are restricted to the Policy's own namespace, and an empty namespace means that
 *   one (stolostron/go-template-utils `pkg/templates` `getNamespace`). `kube-root-ca.crt` exists in every
 *   namespace, so the policy reads the hub's CA from its own namespace, as validatedpatterns/acm-chart
 *   `templates/policies/acm-hub-ca-policy.yaml` does (`{{hub fromConfigMap "" "kube-root-ca.crt" "ca.crt" hub}}`).
 * - On OpenShift that bundle (the service-account token CA) holds the ingress operator's CA, which signs the
 *   default `*.apps` certificate the hub's Vault Route serves (openshift/origin `tls/human-summary/kube-apiserver
 *   Serving Certificates/README.md`, "service-account-token-ca.crt"); the reference's spokes trust Vault with it
 *   (validatedpatterns/openshift-external-secrets-chart `values.yaml` `caProvider.clientCluster`).
 * - A multi-line value goes through `| toRawJson | toLiteral` (ACM 2.12 "Template processing").
 * - The reference gives each spoke cluster its own auth mount and role (`vault_path` = the cluster's domain,
 *   role `<path>-role`; validatedpatterns/rhvp.cluster_utils `roles/vault_utils/tasks/vault_spokes_init.yaml`,
 *   openshift-external-secrets-chart `templates/vault/external-secrets-hub-secretstore.yaml`). Here the mount
 *   is `<prefix>-<managed cluster name>`: known to ACM without a cluster claim, unique on the hub.
 */
import { Construct } from 'constructs';
import { ConfigurationPolicy, GLOBAL_SET_NAMESPACE } from '../acm/configuration-policy';
import { spokeAuthMount } from '../acm/names';
import { Problem, quote, ruleProblems, throwIfProblems } from '../errors';
import { dnsLabelProblem, dnsSubdomainProblem } from '../naming/dns';
import { CaBundleRef, storeConditions, vaultStoreProvider } from '../secrets/vault-store';

/** The hub's CA bundle (its `kube-root-ca.crt`), read by the propagator from the policy's own namespace. */
export const HUB_CA_TEMPLATE = '{{hub fromConfigMap "" "kube-root-ca.crt" "ca.crt" | toRawJson | toLiteral hub}}';


/** Name and key of the ConfigMap that carries the hub's CA on each spoke cluster (in the store's namespace). */
export const HUB_CA_CONFIGMAP = { name: 'vault-hub-ca', key: 'ca.crt' } as const;

/** The ClusterRole that lets a service account's token review itself (Vault's TokenReview with the login JWT). */
export const AUTH_DELEGATOR_ROLE = 'system:auth-delegator';

/** A Vault path segment list ("hub", "spokes/azure"): what a mount prefix, role or KV mount may be. */
const VAULT_NAME = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;


/** How the spoke clusters of a group authenticate to the hub's Vault. */
export interface SpokeVaultAuth {
  /** Each cluster's mount is `<authMountPrefix>-<managed cluster name>`. */
  readonly authMountPrefix: string;
  /** The Vault role, in each cluster's mount, bound to the store's service account. */
  readonly authRole: string;
  /** The service account the store logs in as (rendered by the spoke group itself). */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
}

export interface SpokeSecretStorePolicyProps extends SpokeVaultAuth {
  /** The spoke cluster group. */
  readonly group: string;
  /** Labels of the group's managed clusters; the hub itself is never selected. */
  readonly clusterSelector: Readonly<Record<string, string>>;
  /**
   * Prefix of the names: `<prefix>-secrets` (the Policy), `-secret-store` (the ConfigurationPolicy),
   * `-secrets-placement`, `-secrets-placement-binding`.
   * @default - the group name
   */
  readonly namePrefix?: string;
  /** Name of the ClusterSecretStore the group's ExternalSecrets use. */
  readonly storeName: string;
  /**
   * The namespaces whose ExternalSecrets read the store on the spokes: the store admits only them.
   * @default - any namespace
   */
  readonly namespaces?: readonly string[];
  /** The hub's Vault API URL (https, its Route). */
  readonly vaultServer: string;
  /** Mount path of the KV v2 secrets engine. */
  readonly kvPath: string;
}

/**
 * Policy + Placement + PlacementBinding (in `open-cluster-management-global-set`, the group's labels, never the
 * hub) that enforce on each spoke cluster: the hub's CA in ConfigMap {@link HUB_CA_CONFIGMAP} (`mustonlyhave`),
 * the `system:auth-delegator` binding of the store's service account (Vault reviews the login JWT with the JWT
 * itself, so no long-lived token of the spoke is kept in Vault), and the ClusterSecretStore (`musthave`: the
 * controller adds defaults).
 */
export class SpokeSecretStorePolicy extends ConfigurationPolicy {
  /** The store's Kubernetes auth mount, with the cluster name as a hub template. */
  public readonly authMountPath: string;

  constructor(scope: Construct, id: string, props: SpokeSecretStorePolicyProps) {
    throwIfProblems(spokeSecretStoreProblems(props));
    const p = props.namePrefix ?? props.group;
    const sa = props.serviceAccount;
    const ca: CaBundleRef = { namespace: sa.namespace, ...HUB_CA_CONFIGMAP };
    const authMountPath = spokeAuthMount(props.authMountPrefix);
    const conditions = storeConditions(props.namespaces ?? []);
    super(scope, id, {
      name: `${p}-secrets`,
      namespace: GLOBAL_SET_NAMESPACE,
      configurationPolicyName: `${p}-secret-store`,
      placementName: `${p}-secrets-placement`,
      bindingName: `${p}-secrets-placement-binding`,
      clusterSelector: props.clusterSelector,
      excludeLocalCluster: true,
      tolerateUnreachable: true,
      objectTemplates: [
        {
          complianceType: 'mustonlyhave',
          objectDefinition: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ca.name, namespace: ca.namespace }, data: { [ca.key]: HUB_CA_TEMPLATE } },
        },
        {
          complianceType: 'musthave',
          objectDefinition: {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRoleBinding',
            metadata: { name: `${props.storeName}-token-review` },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: AUTH_DELEGATOR_ROLE },
            subjects: [{ kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace }],
          },
        },
        {
          complianceType: 'musthave',
          objectDefinition: {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ClusterSecretStore',
            metadata: { name: props.storeName },
            spec: {
              provider: {
                vault: vaultStoreProvider({
                  server: props.vaultServer, kvPath: props.kvPath, ca, authMountPath, authRole: props.authRole, serviceAccount: sa,
                }),
              },
              ...(conditions ? { conditions } : {}),
            },
          },
        },
      ],
    });
    this.authMountPath = authMountPath;
  }
}

function vaultNameProblem(value: string): string | undefined {
  return VAULT_NAME.test(value) ? undefined : `must be a Vault path (letters, digits, '-', '_', '.', segments separated by '/'), got ${quote(value)}`;
}

function httpsProblem(value: string): string | undefined {
  return /^https:\/\/[^/\s]+(\/\S*)?$/.test(value) ? undefined : `must be an https URL of the hub's Vault (e.g. "https://vault-vault.<hub apps domain>"), got ${quote(value)}`;
}

function spokeSecretStoreProblems(props: SpokeSecretStorePolicyProps): Problem[] {
  return ruleProblems('SpokeSecretStorePolicy', [
    ['group', props.group, dnsLabelProblem],
    ['namePrefix', props.namePrefix, dnsLabelProblem],
    ['storeName', props.storeName, dnsSubdomainProblem],
    ['vaultServer', props.vaultServer, httpsProblem],
    ['kvPath', props.kvPath, vaultNameProblem],
    ['authMountPrefix', props.authMountPrefix, vaultNameProblem],
    ['authRole', props.authRole, vaultNameProblem],
    ['serviceAccount.name', props.serviceAccount.name, dnsSubdomainProblem],
    ['serviceAccount.namespace', props.serviceAccount.namespace, dnsLabelProblem],
  ]);
}
