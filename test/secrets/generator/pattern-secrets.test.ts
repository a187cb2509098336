/**
 * The secrets generator's plan comes from the built construct tree: every Vault property an ExternalSecret of
 * the tree reads is either generated or listed for the user, nothing else is, a construct added through
 * `CocoPattern({ extend })` is picked up like the pattern's own, and the KBS certificate hosts are those of
 * every Trustee in the tree.
 */
import { k8s } from 'cdk8s-plus-28';
import { synthesize } from '../../../lib/cli/synthesize';
import { parsePattern } from '../../../lib/config/load';
import { PatternConfig } from '../../../lib/config/schema';
import { ArgoAppChart } from '../../../lib/gitops/argo-app-chart';
import { PatternGroup } from '../../../lib/pattern';
import { VaultSecret } from '../../../lib/secrets/vault-secret';
import { PatternSecrets, secretsFromPattern } from '../../../lib/secrets/generator/pattern-secrets';
import { Trustee } from '../../../lib/trustee/trustee';
import { problemsOf } from '../../support/problems';
import { EXAMPLE_CERT, manifests, minimalInput, TEST_NOW } from '../../support/render';
import * as fs from 'fs';

const AZURE_DNS = {
  subscriptionId: '00000000-0000-4000-8000-000000000001',
  tenantId: '00000000-0000-4000-8000-000000000002',
  clientId: '00000000-0000-4000-8000-000000000003',
  resourceGroupName: 'dns',
  hostedZoneName: 'test.example.com',
};

function config(groups: Record<string, Record<string, any>> = { simple: {} }): PatternConfig {
  return parsePattern(minimalInput({}, groups), { now: TEST_NOW });
}

/** An extension adding an Application whose VaultSecret reads `secret/data/apps/db` (password described, user not). */
function addDatabase(group: PatternGroup, vaultPath = 'secret/data/apps/db'): void {
  const chart = new ArgoAppChart(group.clusterGroup, 'db', { project: 'workloads', namespace: 'db', syncWave: 30 });
  new k8s.KubeNamespace(chart, 'namespace', { metadata: { name: 'db' } });
  new VaultSecret(chart, 'credentials', { namespace: 'db', secretName: 'db-credentials', vaultPath, keys: ['user', 'password'], contents: { password: { random: 16 } } });
}

/** Every "<Vault path>#<property>" the rendered ExternalSecrets read, deduplicated and sorted. */
function externalSecretReads(files: ReturnType<typeof synthesize>['files']): string[] {
  return [...new Set(manifests(files)
    .filter(m => m.obj.kind === 'ExternalSecret')
    .flatMap(m => (m.obj as any).spec.data.map((d: { remoteRef: { key: string; property: string } }) => `${d.remoteRef.key}#${d.remoteRef.property}`)))].sort();
}

/** Every "<Vault path>#<property>" the plan fills or lists for the user, sorted. */
function planned(plan: PatternSecrets): string[] {
  return [
    ...plan.secrets.flatMap(s => s.vaultPrefixes.flatMap(prefix => s.fields.map(f => `secret/data/${prefix}/${s.name}#${f.name}`))),
    ...plan.manual.map(m => `${m.vaultPath}#${m.property}`),
  ].sort();
}

describe('the construct tree is the source of the secrets plan', () => {
  test('a Vault entry a construct added through extend reads is generated as it declares, an undescribed property listed for the user', () => {
    // WHEN
    const plan = secretsFromPattern(config(), { extend: addDatabase });
    // THEN
    expect(plan.secrets.find(s => s.name === 'db')).toEqual({ name: 'db', vaultPrefixes: ['apps'], fields: [{ name: 'password', source: { random: 16 } }] });
    expect(plan.manual).toEqual([{
      vaultPath: 'secret/data/apps/db',
      property: 'user',
      field: 'pattern/simple/db/credentials properties.user',
      what: 'not described by pattern/simple/db/credentials, whose ExternalSecret copies it into key "user" of the Secret "db-credentials"',
    }]);
  });

  test('fills or lists exactly what the rendered ExternalSecrets read, with every reader of Vault enabled', () => {
    // GIVEN cert-manager, the SSH debug key, an image signing key and an extension
    const cfg = config({
      simple: {
        certManager: { enabled: true, letsEncrypt: { email: 'ops@example.com', azureDns: AZURE_DNS } },
        sandbox: { sshDebug: { enabled: true } },
        trustee: {
          secretResources: [
            { name: 'kbsres1', vaultPath: 'secret/data/hub/kbsres1', keys: ['key1', 'key2', 'key3'] },
            { name: 'passphrase', vaultPath: 'secret/data/hub/passphrase', keys: ['passphrase'] },
            { name: 'security-policy', vaultPath: 'secret/data/hub/securityPolicyConfig', keys: ['osc'] },
            { name: 'cosign-keys', vaultPath: 'secret/data/hub/cosign-keys', keys: ['key1'] },
          ],
          imagePolicy: { type: 'signedBy', keys: [{ registry: 'quay.io/myorg', keyPath: 'kbs:///default/cosign-keys/key1', kind: 'sigstore' }] },
        },
      },
    });
    // WHEN
    const plan = secretsFromPattern(cfg, { extend: addDatabase });
    const reads = externalSecretReads(synthesize(cfg, addDatabase, TEST_NOW).files);
    // THEN
    expect(planned(plan)).toEqual(reads);
    expect(reads).toHaveLength(15);
    expect(plan.sshKey).toBe(true);
    expect(plan.manual.map(m => [m.property, m.field])).toEqual([
      ['key1', 'clusterGroups.simple.trustee.secretResources[3].keys[0]'],
      ['clientSecret', 'clusterGroups.simple.certManager.letsEncrypt.azureDns.clientSecretKey'],
      ['user', 'pattern/simple/db/credentials properties.user'],
    ]);
    expect(plan.manual[1].what).toBe('the client secret of the Azure service principal that answers the DNS-01 challenges');
  });

  test('lists nothing that no ExternalSecret reads: without the sandbox there is no SSH entry, even with --ssh', () => {
    // GIVEN
    const cfg = config({ simple: { sandbox: { enabled: false }, workloads: { helloOpenshift: { enabled: false }, kbsAccess: { enabled: false } } } });
    // WHEN
    const plan = secretsFromPattern(cfg, { ssh: true });
    // THEN
    expect(planned(plan)).toEqual(externalSecretReads(synthesize(cfg, undefined, TEST_NOW).files));
    expect(plan.secrets.map(s => s.name)).not.toContain('sshKey');
    expect(plan.sshKey).toBe(true);
  });

  test('the KBS certificate hosts are those of every Trustee in the tree, one an extension adds included', () => {
    // GIVEN
    const extraTrustee = (group: PatternGroup) => {
      const chart = new ArgoAppChart(group.clusterGroup, 'edge-kbs', { project: 'trustee', namespace: 'edge-kbs', syncWave: 20 });
      new Trustee(chart, 'trustee', { namespace: 'edge-kbs', kbsHost: 'kbs.edge.example.org', kbsCertificate: fs.readFileSync(EXAMPLE_CERT, 'utf8') });
    };
    // WHEN
    const plan = secretsFromPattern(config(), { extend: extraTrustee });
    // THEN
    expect(plan.kbsHosts).toEqual(['kbs-trustee-operator-system.apps.test.example.com', 'kbs.edge.example.org']);
    expect(plan.trusteeGroups).toEqual(['simple']);
    // AND the secret resources it reads without describing them are the ones the pattern's Trustee describes
    expect(plan.manual).toEqual([]);
    expect(planned(plan)).toEqual(externalSecretReads(synthesize(config(), extraTrustee, TEST_NOW).files));
  });

  test('a problem with a construct\'s Vault entry names the setting it declares (its construct path when it was not configured elsewhere)', () => {
    // WHEN
    const problems = problemsOf(() => secretsFromPattern(config(), { extend: g => addDatabase(g, 'kv/apps/db') }));
    // THEN
    expect(problems).toEqual([
      'pattern/simple/db/credentials vaultPath: must have the form "secret/data/<prefix>/<name>" (prefix segments of letters, digits, "-" and "_") for secrets init: load-secrets writes secret/<prefix>/<name> on the KV v2 mount "secret", got "kv/apps/db"',
    ]);
  });

  test('two constructs wanting different content in one Vault property are refused, naming both settings', () => {
    // GIVEN an extension that wants 8 random bytes where Trustee's kbsres1 wants 32
    const clash = (group: PatternGroup) => {
      const chart = new ArgoAppChart(group.clusterGroup, 'clash', { project: 'workloads', namespace: 'clash', syncWave: 30 });
      new VaultSecret(chart, 'short', { namespace: 'clash', secretName: 'short', vaultPath: 'secret/data/hub/kbsres1', keys: ['key1'], contents: { key1: { random: 8 } } });
    };
    // WHEN
    const problems = problemsOf(() => secretsFromPattern(config(), { extend: clash }));
    // THEN
    expect(problems).toEqual([
      'pattern/simple/clash/short vaultPath: must differ from clusterGroups.simple.trustee.secretResources[0].vaultPath, which fills the property "key1" there with other content '
        + '(pattern/simple/clash/short properties.key1 wants different content, and a Vault property holds one value), got "secret/data/hub/kbsres1"',
    ]);
  });
});
