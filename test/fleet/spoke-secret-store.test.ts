/**
 * A spoke group's External Secrets on the hub's Vault: the policy that creates the store on each spoke cluster
 * (which clusters, the hub's CA and the per-cluster auth mount as hub templates, the token-review binding),
 * strict schema of everything including the embedded objects, the Vault script, and the errors of bad props.
 */
import { Testing } from 'cdk8s';
import { GLOBAL_SET_NAMESPACE } from '../../lib/acm/configuration-policy';
import { MANAGED_CLUSTER_NAME_TEMPLATE } from '../../lib/acm/names';
import { HUB_CA_TEMPLATE, SpokeSecretStorePolicy, SpokeSecretStorePolicyProps } from '../../lib/fleet/spoke-secret-store';
import { spokeReadPolicy, spokeVaultAuthScript } from '../../lib/fleet/spoke-vault-auth';
import { ManagedClusterLike, selectedClusters } from '../support/placement';
import { problemsOf } from '../support/problems';
import { describeWithSchemas, embeddedObjectChecks, schemaValidator } from '../support/schemas';

type Manifest = Record<string, any>;

const PROPS: SpokeSecretStorePolicyProps = {
  group: 'azure-spokes',
  clusterSelector: { clusterGroup: 'azure-spokes' },
  storeName: 'vault-backend',
  vaultServer: 'https://vault-vault.apps.hub.example.com',
  kvPath: 'secret',
  authMountPrefix: 'azure-spokes',
  authRole: 'external-secrets',
  serviceAccount: { name: 'vault-backend', namespace: 'external-secrets-operator' },
};

function synth(props: Partial<SpokeSecretStorePolicyProps> = {}) {
  const chart = Testing.chart();
  const policy = new SpokeSecretStorePolicy(chart, 'secrets', { ...PROPS, ...props });
  const objects: Manifest[] = Testing.synth(chart);
  const one = (kind: string) => objects.find(o => o.kind === kind)!;
  const templates = (one('Policy').spec['policy-templates'][0].objectDefinition.spec['object-templates'] as Manifest[]);
  const object = (kind: string) => templates.find(t => t.objectDefinition.kind === kind)!;
  return { policy, objects, one, object };
}

describe('SpokeSecretStorePolicy', () => {
  test('placed on the group\'s clusters, never the hub, kept while a cluster is unreachable', () => {
    const { one } = synth();
    expect(one('Policy').metadata).toMatchObject({ name: 'azure-spokes-secrets', namespace: GLOBAL_SET_NAMESPACE });
    const clusters: ManagedClusterLike[] = [
      { name: 'local-cluster', labels: { 'local-cluster': 'true', 'clusterGroup': 'azure-spokes' } },
      { name: 'spoke-1', labels: { clusterGroup: 'azure-spokes' } },
      { name: 'spoke-2', labels: { clusterGroup: 'azure-spokes' }, taints: [{ key: 'cluster.open-cluster-management.io/unreachable', effect: 'NoSelect' }] },
      { name: 'other', labels: { clusterGroup: 'bare-metal' } },
    ];
    expect(selectedClusters(one('Placement'), clusters)).toEqual(['spoke-1', 'spoke-2']);
    expect(one('PlacementBinding').subjects).toEqual([{ apiGroup: 'policy.open-cluster-management.io', kind: 'Policy', name: 'azure-spokes-secrets' }]);
  });

  test('the hub\'s CA goes to each spoke by a hub template read from the policy\'s own namespace', () => {
    const ca = synth().object('ConfigMap');
    expect(ca.complianceType).toBe('mustonlyhave');
    expect(ca.objectDefinition).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'vault-hub-ca', namespace: 'external-secrets-operator' }, data: { 'ca.crt': HUB_CA_TEMPLATE } });
    expect(HUB_CA_TEMPLATE).toBe('{{hub fromConfigMap "" "kube-root-ca.crt" "ca.crt" | toRawJson | toLiteral hub}}');
  });

  test('the store reads the hub\'s Vault with that CA, logging in at a mount of the cluster\'s own name', () => {
    const { object, policy } = synth();
    const store = object('ClusterSecretStore');
    expect(store.complianceType).toBe('musthave');
    expect(store.objectDefinition.metadata).toEqual({ name: 'vault-backend' });
    expect(store.objectDefinition.spec.provider.vault).toEqual({
      server: 'https://vault-vault.apps.hub.example.com',
      path: 'secret',
      version: 'v2',
      caProvider: { type: 'ConfigMap', name: 'vault-hub-ca', key: 'ca.crt', namespace: 'external-secrets-operator' },
      auth: { kubernetes: { mountPath: 'azure-spokes-{{hub .ManagedClusterName hub}}', role: 'external-secrets', serviceAccountRef: { name: 'vault-backend', namespace: 'external-secrets-operator' } } },
    });
    expect(MANAGED_CLUSTER_NAME_TEMPLATE).toBe('{{hub .ManagedClusterName hub}}');
    expect(policy.authMountPath).toBe('azure-spokes-{{hub .ManagedClusterName hub}}');
  });

  test('the store\'s service account may review its own token (no spoke token is kept in Vault)', () => {
    expect(synth().object('ClusterRoleBinding').objectDefinition).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'vault-backend-token-review' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: [{ kind: 'ServiceAccount', name: 'vault-backend', namespace: 'external-secrets-operator' }],
    });
  });

  test('bad props: one line naming the field', () => {
    expect(problemsOf(() => synth({ vaultServer: 'http://vault.example.com' }))).toEqual([
      'SpokeSecretStorePolicy vaultServer: must be an https URL of the hub\'s Vault (e.g. "https://vault-vault.<hub apps domain>"), got "http://vault.example.com"',
    ]);
    expect(problemsOf(() => synth({ authMountPrefix: 'a b' }))).toEqual([
      'SpokeSecretStorePolicy authMountPrefix: must be a Vault path (letters, digits, \'-\', \'_\', \'.\', segments separated by \'/\'), got "a b"',
    ]);
    expect(problemsOf(() => synth({ serviceAccount: { name: 'Bad_Name', namespace: 'external-secrets-operator' } }))).toHaveLength(1);
    expect(problemsOf(() => synth({ clusterSelector: {} }))).toEqual([
      'ConfigurationPolicy clusterSelector: must have at least one label: an empty selector would place the policy on every managed cluster',
    ]);
  });
});

describe('the Vault script of a spoke group', () => {
  const script = spokeVaultAuthScript({ ...PROPS, hub: 'hub', reads: ['secret/data/global/sshKey', 'secret/data/spokes/b', 'secret/data/global/sshKey'] });

  test('a mount per selected cluster (never the hub), configured from its ManagedCluster, reviewing with the login JWT', () => {
    expect(script).toContain('oc get managedclusters -l \'clusterGroup=azure-spokes,local-cluster!=true\'');
    expect(script).toContain('mount="azure-spokes-$cluster"');
    expect(script).toContain('url=$(oc get managedcluster "$cluster" -o jsonpath=\'{.spec.managedClusterClientConfigs[0].url}\')');
    expect(script).toContain('vault write "auth/$mount/config" kubernetes_host="$url" kubernetes_ca_cert=@"$ca" disable_local_ca_jwt=true');
    expect(script).not.toContain('token_reviewer_jwt');
  });

  test('the role admits only the store\'s service account, with read on exactly the paths the group reads', () => {
    expect(script).toContain('vault write "auth/$mount/role/external-secrets" bound_service_account_names=vault-backend bound_service_account_namespaces=external-secrets-operator policies=azure-spokes-read ttl=15m');
    expect(spokeReadPolicy(['secret/data/spokes/b', 'secret/data/global/sshKey', 'secret/data/spokes/b'])).toBe(
      'path "secret/data/global/sshKey" { capabilities = ["read"] }\npath "secret/data/spokes/b" { capabilities = ["read"] }');
    expect(script).toContain(`vault policy write azure-spokes-read - <<'EOF'\n${spokeReadPolicy(['secret/data/global/sshKey', 'secret/data/spokes/b'])}\nEOF`);
  });

  test('a group that reads nothing gets no policy: its role has only Vault\'s default', () => {
    const none = spokeVaultAuthScript({ ...PROPS, hub: 'hub', reads: [] });
    expect(none).not.toContain('vault policy write');
    expect(none).toContain('policies=default ttl=15m');
  });
});

describeWithSchemas('strict schema validation of the spoke store policy', () => {
  const { objects } = synth();
  test.each(objects.map(o => [o.kind, o] as const))('%s', (_, obj) => {
    expect(schemaValidator()!.validate(obj)).toEqual([]);
  });

  test('an invalid embedded object fails validation', () => {
    for (const { where, corrupted, expected } of embeddedObjectChecks(objects.find(o => o.kind === 'Policy')!)) {
      expect([where, schemaValidator()!.validate(corrupted)]).toEqual([where, [expected]]);
    }
  });
});
