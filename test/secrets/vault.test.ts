/**
 * Secrets plumbing: VaultSecret (an ExternalSecret per Secret), ExternalSecrets (operator, operand,
 * ClusterSecretStore on Vault) and the Vault Helm chart values.
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { ClusterGroup } from '../../lib/gitops/cluster-group';
import { OPERATORS } from '../../lib/olm/catalog';
import { ExternalSecrets, ExternalSecretsProps } from '../../lib/secrets/external-secrets';
import { VAULT_TLS_SECRET, vaultChart, VaultChartProps, VaultEndpoint, VaultEndpointProps, vaultServiceUrl } from '../../lib/secrets/vault-chart';
import { VAULT_BACKEND, VaultSecret, vaultSecretProblems, VaultSecretProps } from '../../lib/secrets/vault-secret';
import { describeWithSchemas, schemaValidator } from '../support/schemas';
import { problemsOf } from '../support/problems';

type Manifest = Record<string, any>;

const secretProps: VaultSecretProps = { namespace: 'trustee-operator-system', secretName: 'kbsres1', vaultPath: 'secret/data/hub/kbsres1', keys: ['key1', 'key2'] };

function synthSecret(props: VaultSecretProps) {
  const chart = Testing.chart();
  const secret = new VaultSecret(chart, 'secret', props);
  const objects: Manifest[] = Testing.synth(chart);
  return { secret, objects, es: objects[0] };
}


describe('VaultSecret', () => {
  test('renders one ExternalSecret (external-secrets.io/v1) that copies exactly the listed keys', () => {
    // WHEN
    const { objects, es } = synthSecret(secretProps);
    // THEN
    expect(objects).toHaveLength(1);
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.kind).toBe('ExternalSecret');
    expect(es.metadata).toMatchObject({ name: 'kbsres1-eso', namespace: 'trustee-operator-system' });
    expect(es.spec).toEqual({
      refreshInterval: '15s',
      secretStoreRef: { name: 'vault-backend', kind: 'ClusterSecretStore' },
      target: { name: 'kbsres1', template: { type: 'Opaque' } },
      data: [
        { secretKey: 'key1', remoteRef: { key: 'secret/data/hub/kbsres1', property: 'key1' } },
        { secretKey: 'key2', remoteRef: { key: 'secret/data/hub/kbsres1', property: 'key2' } },
      ],
    });
  });

  test('never copies a whole Vault entry (no dataFrom)', () => {
    expect(synthSecret(secretProps).es.spec.dataFrom).toBeUndefined();
  });

  test('reads a differently named Vault property per key', () => {
    const { es } = synthSecret({ ...secretProps, keys: ['tls.key', 'other'], properties: { 'tls.key': 'key' } });
    expect(es.spec.data).toEqual([
      { secretKey: 'tls.key', remoteRef: { key: 'secret/data/hub/kbsres1', property: 'key' } },
      { secretKey: 'other', remoteRef: { key: 'secret/data/hub/kbsres1', property: 'other' } },
    ]);
  });

  test('takes its name, store, refresh interval and Secret type from the props', () => {
    // WHEN
    const { es, secret } = synthSecret({
      ...secretProps, name: 'my-eso', store: { name: 'team-store', kind: 'SecretStore' }, refreshInterval: '1h0m0s', type: 'kubernetes.io/tls',
    });
    // THEN
    expect(es.metadata.name).toBe('my-eso');
    expect(es.spec.secretStoreRef).toEqual({ name: 'team-store', kind: 'SecretStore' });
    expect(es.spec.refreshInterval).toBe('1h0m0s');
    expect(es.spec.target.template.type).toBe('kubernetes.io/tls');
    expect(secret.secretName).toBe('kbsres1');
    expect(secret.vaultPath).toBe('secret/data/hub/kbsres1');
    expect(secret.keys).toEqual(['key1', 'key2']);
  });

  test('the default store is the pattern\'s ClusterSecretStore vault-backend', () => {
    expect(VAULT_BACKEND).toEqual({ name: 'vault-backend', kind: 'ClusterSecretStore' });
  });

  test('syncs in wave 1, before the custom resources that mount the Secret, and skips the dry run', () => {
    expect(synthSecret(secretProps).es.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': '1', 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
    });
  });

  test('the ExternalSecret is the default child', () => {
    const { secret } = synthSecret(secretProps);
    expect(ApiObject.of(secret)).toBe(secret.externalSecret);
  });

  test('declares what each described Vault property holds and where the path and properties were configured', () => {
    // WHEN
    const { secret } = synthSecret({
      ...secretProps,
      properties: { key2: 'second' },
      contents: { key1: { random: 16 }, key2: { manual: 'the database password' } },
      settings: { vaultPath: 'db.vaultPath', properties: { key2: 'db.passwordProperty' } },
    });
    // THEN
    expect(secret.properties).toEqual({ key1: 'key1', key2: 'second' });
    expect(secret.contents).toEqual({ key1: { random: 16 }, key2: { manual: 'the database password' } });
    expect(secret.settings).toEqual({ vaultPath: 'db.vaultPath', properties: { key1: 'test/secret properties.key1', key2: 'db.passwordProperty' } });
  });

  test('without descriptions, describes nothing and names its settings by construct path', () => {
    const { secret } = synthSecret(secretProps);
    expect(secret.contents).toEqual({});
    expect(secret.settings).toEqual({ vaultPath: 'test/secret vaultPath', properties: { key1: 'test/secret properties.key1', key2: 'test/secret properties.key2' } });
  });

  describe('errors', () => {
    test.each([
      ['namespace', { namespace: 'Trustee' }, 'VaultSecret.namespace: must be a DNS-1123 label'],
      ['secretName', { secretName: 'kbs_res' }, 'VaultSecret.secretName: must be a DNS-1123 subdomain'],
      ['name', { name: 'Bad Name' }, 'VaultSecret.name: must be a DNS-1123 subdomain'],
      ['vaultPath without a folder', { vaultPath: 'kbsres1' }, 'VaultSecret.vaultPath: must be a Vault path like "secret/data/hub/kbsres1", got "kbsres1"'],
      ['vaultPath with a space', { vaultPath: 'secret/data/hub/kbs res1' }, 'VaultSecret.vaultPath: must be a Vault path like "secret/data/hub/kbsres1", got "secret/data/hub/kbs res1"'],
      ['vaultPath with a leading slash', { vaultPath: '/secret/data/x' }, 'VaultSecret.vaultPath: must be a Vault path like "secret/data/hub/kbsres1", got "/secret/data/x"'],
      ['empty keys', { keys: [] }, 'VaultSecret.keys: must list at least one key'],
      ['a bad key', { keys: ['key1', 'a/b'] }, 'VaultSecret.keys[1]: must be a Secret key (letters, digits, \'-\', \'_\', \'.\'), got "a/b"'],
      ['a key listed twice', { keys: ['key1', 'key1'] }, 'VaultSecret.keys[1]: is listed twice: "key1"'],
      ['refreshInterval', { refreshInterval: '15 seconds' }, 'VaultSecret.refreshInterval: must be a Go duration such as "15s" or "1h0m0s", got "15 seconds"'],
      ['contents of a key it does not copy', { contents: { key3: { random: 32 } } }, 'VaultSecret.contents.key3: must describe one of the keys ("key1", "key2"), got "key3"'],
      ['contents with two kinds', { contents: { key1: { random: 32, value: 'x' } } }, 'VaultSecret.contents.key1: must have exactly one of "material", "random", "value", "manual", got {"random":32,"value":"x"}'],
      ['contents with no random bytes', { contents: { key1: { random: 0 } } }, 'VaultSecret.contents.key1: must ask for 1 to 4096 random bytes, got 0'],
      ['contents naming unknown material', { contents: { key1: { material: 'adminPrivateKey' } } }, 'VaultSecret.contents.key1: must name generated material ("adminPublicKey", '],
      ['contents with an empty value', { contents: { key1: { value: '' } } }, 'VaultSecret.contents.key1: must give a non-empty value, got ""'],
      ['contents with an empty manual note', { contents: { key1: { manual: ' ' } } }, 'VaultSecret.contents.key1: must say what the user puts there, got " "'],
    ])('%s', (_, bad, message) => {
      const problems = problemsOf(() => synthSecret({ ...secretProps, ...bad } as VaultSecretProps));
      expect(problems).toHaveLength(1);
      expect(problems[0].startsWith(message)).toBe(true);
    });

    test('reports every problem at once, under the given path', () => {
      // WHEN
      const problems = vaultSecretProblems({ namespace: 'A', secretName: 'B', vaultPath: 'x', keys: [], refreshInterval: 'soon' }, 'trustee.kbsres1');
      // THEN
      expect(problems.map(p => p.path)).toEqual([
        'trustee.kbsres1.namespace', 'trustee.kbsres1.secretName', 'trustee.kbsres1.vaultPath', 'trustee.kbsres1.keys', 'trustee.kbsres1.refreshInterval',
      ]);
    });

    test('valid props have no problems', () => {
      expect(vaultSecretProblems({ ...secretProps, name: 'x.y', refreshInterval: '1m30s', keys: ['a.b', 'c_d', 'E-1'] }, 'p')).toEqual([]);
    });

    test('a base64 key that is not one of the keys', () => {
      expect(vaultSecretProblems({ ...secretProps, keys: ['a'], base64Keys: ['b'] }, 'p')).toEqual([{ path: 'p.base64Keys[0]', message: 'must be one of the keys, got "b"' }]);
    });
  });

  test('base64Keys: External Secrets decodes those values (binary such as a DER certificate), the others are copied', () => {
    const { es } = synthSecret({ ...secretProps, keys: ['vcek.der', 'note'], base64Keys: ['vcek.der'] });
    expect(es.spec.data.map((d: any) => d.remoteRef.decodingStrategy)).toEqual(['Base64', undefined]);
  });
});

const esoProps: ExternalSecretsProps = {
  operator: { ...OPERATORS.externalSecrets },
  storeName: 'vault-backend',
  vaultServer: 'https://vault.vault.svc:8200',
  vaultNamespace: 'vault',
  kvPath: 'secret',
  authMountPath: 'hub',
  authRole: 'hub-role',
  serviceAccount: 'vault-backend',
};

function synthEso(props: ExternalSecretsProps = esoProps) {
  const chart = Testing.chart();
  const eso = new ExternalSecrets(chart, 'eso', props);
  const objects: Manifest[] = Testing.synth(chart);
  return { eso, objects, one: (kind: string) => objects.find(o => o.kind === kind)! };
}

describe('ExternalSecrets', () => {
  test('its ClusterSecretStore admits only the namespaces whose VaultSecrets of its cluster group read it', () => {
    // GIVEN two cluster groups, each with a store of the same name, and VaultSecrets in several namespaces
    const app = Testing.app();
    const source = { repoURL: 'https://git.example.com/o/r.git', targetRevision: 'main', path: 'dist' };
    const stores = ['hub', 'other'].map(name => {
      const group = new ClusterGroup(app, name, { source });
      const chart = new Chart(group, 'secrets');
      const eso = new ExternalSecrets(chart, 'eso', esoProps);
      return { group, chart, eso };
    });
    let n = 0;
    const read = (i: number, namespace: string, store = VAULT_BACKEND) =>
      new VaultSecret(stores[i].chart, `secret${n++}`, { namespace, secretName: 's', vaultPath: 'secret/data/hub/x', keys: ['k'], store });
    read(0, 'trustee-operator-system');
    read(0, 'cert-manager');
    read(0, 'trustee-operator-system');
    read(0, 'elsewhere', { name: 'another-store', kind: 'ClusterSecretStore' });
    read(1, 'only-other');
    // THEN each store names exactly its own group's readers, sorted and once
    const conditions = (i: number) => Testing.synth(stores[i].chart).find((o: any) => o.kind === 'ClusterSecretStore').spec.conditions;
    expect(conditions(0)).toEqual([{ namespaces: ['cert-manager', 'trustee-operator-system'] }]);
    expect(conditions(1)).toEqual([{ namespaces: ['only-other'] }]);
  });

  test('a store nothing reads has no conditions', () => {
    expect(synthEso().one('ClusterSecretStore').spec.conditions).toBeUndefined();
  });

  test('installs the operator through OLM for all namespaces: an OperatorGroup with an empty spec', () => {
    // WHEN
    const { one } = synthEso();
    // THEN
    expect(one('Namespace').metadata.name).toBe('external-secrets-operator');
    const og = one('OperatorGroup');
    expect(og.metadata.namespace).toBe('external-secrets-operator');
    expect(og.spec).toEqual({});
    expect(one('Subscription').spec).toMatchObject({ name: 'openshift-external-secrets-operator', channel: 'stable-v1' });
  });

  test('the OperatorGroup stays all-namespaces whatever the operator props say', () => {
    const { one } = synthEso({ ...esoProps, operator: { ...OPERATORS.externalSecrets, operatorGroup: { targetNamespaces: ['x'] } } });
    expect(one('OperatorGroup').spec).toEqual({});
  });

  test('ExternalSecretsConfig cluster lets the controller reach Vault on port 8200, and only there', () => {
    // WHEN
    const { one } = synthEso({ ...esoProps, vaultNamespace: 'my-vault' });
    // THEN
    const config = one('ExternalSecretsConfig');
    expect(config.apiVersion).toBe('operator.openshift.io/v1alpha1');
    expect(config.metadata.name).toBe('cluster');
    expect(config.metadata.namespace).toBeUndefined();
    expect(config.spec).toEqual({
      controllerConfig: {
        networkPolicies: [{
          name: 'allow-external-secrets-to-vault',
          componentName: 'ExternalSecretsCoreController',
          egress: [{
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'my-vault' } } }],
            ports: [{ protocol: 'TCP', port: 8200 }],
          }],
        }],
      },
    });
  });

  test('the ClusterSecretStore reads Vault KV v2 with Kubernetes auth and verifies TLS against the service CA', () => {
    // WHEN
    const { one } = synthEso();
    // THEN
    const store = one('ClusterSecretStore');
    expect(store.apiVersion).toBe('external-secrets.io/v1');
    expect(store.metadata.name).toBe('vault-backend');
    expect(store.metadata.namespace).toBeUndefined();
    expect(store.spec).toEqual({
      provider: {
        vault: {
          server: 'https://vault.vault.svc:8200',
          path: 'secret',
          version: 'v2',
          caProvider: { type: 'ConfigMap', name: 'openshift-service-ca.crt', key: 'service-ca.crt', namespace: 'vault' },
          auth: { kubernetes: { mountPath: 'hub', role: 'hub-role', serviceAccountRef: { name: 'vault-backend', namespace: 'external-secrets-operator' } } },
        },
      },
    });
  });

  test('the store authenticates as a service account rendered next to the operator', () => {
    const { one } = synthEso({ ...esoProps, serviceAccount: 'eso-vault' });
    expect(one('ServiceAccount').metadata).toMatchObject({ name: 'eso-vault', namespace: 'external-secrets-operator' });
    expect(one('ClusterSecretStore').spec.provider.vault.auth.kubernetes.serviceAccountRef).toEqual({ name: 'eso-vault', namespace: 'external-secrets-operator' });
  });

  test('the store follows its settings', () => {
    const { one } = synthEso({ ...esoProps, storeName: 'my-store', vaultServer: 'https://vault.example.com', kvPath: 'kv', authMountPath: 'kubernetes', authRole: 'eso' });
    const store = one('ClusterSecretStore');
    expect(store.metadata.name).toBe('my-store');
    expect(store.spec.provider.vault).toMatchObject({ server: 'https://vault.example.com', path: 'kv', auth: { kubernetes: { mountPath: 'kubernetes', role: 'eso' } } });
  });

  test('operator objects come first, then the operand, store and service account; the CRs skip the dry run', () => {
    const { objects } = synthEso();
    const waves = Object.fromEntries(objects.map(o => [o.kind, o.metadata.annotations['argocd.argoproj.io/sync-wave']]));
    expect(waves).toEqual({ Namespace: '-11', OperatorGroup: '-10', Subscription: '-10', ExternalSecretsConfig: '10', ServiceAccount: '10', ClusterSecretStore: '10' });
    for (const o of objects.filter(x => ['ExternalSecretsConfig', 'ClusterSecretStore'].includes(x.kind))) {
      expect(o.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
    }
  });
});

const chartProps: VaultChartProps = {
  namespace: 'vault', repoURL: 'https://helm.releases.hashicorp.com', chart: 'vault', version: '0.31.0', storageSize: '10Gi',
};

describe('vaultChart', () => {
  test('pins the official chart and release name', () => {
    const source = vaultChart(chartProps);
    expect(source).toMatchObject({ repoURL: 'https://helm.releases.hashicorp.com', chart: 'vault', version: '0.31.0', releaseName: 'vault' });
  });

  test('runs on OpenShift with TLS and without the agent injector', () => {
    const values = vaultChart(chartProps).values as Manifest;
    expect(values.global).toEqual({ openshift: true, tlsDisable: false });
    expect(values.injector).toEqual({ enabled: false });
    expect(values.server.authDelegator).toEqual({ enabled: true });
    expect(values.server.dataStorage).toEqual({ enabled: true, size: '10Gi' });
  });

  test('the TLS listener uses the certificate the OpenShift service CA writes for the vault-server Service', () => {
    // WHEN
    const server = (vaultChart(chartProps).values as Manifest).server;
    // THEN
    expect(VAULT_TLS_SECRET).toBe('vault-server-tls');
    // Not on the chart's Services: it would also land on vault-internal, and two Services race for one Secret.
    expect(server.service).toBeUndefined();
    expect(server.volumes).toEqual([{ name: 'vault-server-tls', secret: { secretName: 'vault-server-tls' } }]);
    expect(server.volumeMounts).toEqual([{ name: 'vault-server-tls', mountPath: '/vault/userconfig/vault-server-tls', readOnly: true }]);
    const config: string = server.standalone.config;
    expect(server.standalone.enabled).toBe(true);
    expect(config).toContain('listener "tcp" {');
    expect(config).toContain('  address = "[::]:8200"');
    expect(config).toContain('  tls_cert_file = "/vault/userconfig/vault-server-tls/tls.crt"');
    expect(config).toContain('  tls_key_file = "/vault/userconfig/vault-server-tls/tls.key"');
    expect(config).not.toContain('tls_disable');
    expect(config).toContain('storage "file" {\n  path = "/vault/data"\n}');
  });

  test('the in-pod CLI trusts the service CA and names the Service', () => {
    const server = (vaultChart({ ...chartProps, namespace: 'secrets' }).values as Manifest).server;
    expect(server.extraEnvironmentVars).toEqual({
      VAULT_CACERT: '/var/run/secrets/kubernetes.io/serviceaccount/service-ca.crt', VAULT_TLS_SERVER_NAME: 'vault-server.secrets.svc',
    });
  });

  test('the chart renders no Route (VaultEndpoint does)', () => {
    expect((vaultChart(chartProps).values as Manifest).server.route).toEqual({ enabled: false });
  });

  test('lists what the chart renders, in the release namespace, for the AppProject and the controller RBAC', () => {
    expect(vaultChart({ ...chartProps, namespace: 'secrets' }).renders).toEqual([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'secrets' },
      { apiVersion: 'v1', kind: 'Service', namespace: 'secrets' },
      { apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'secrets' },
      { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'secrets' },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', namespace: 'secrets' },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
    ]);
  });

  test('the in-cluster URL is the HTTPS vault-server Service the certificate is issued for', () => {
    expect(vaultServiceUrl('vault')).toBe('https://vault-server.vault.svc:8200');
    const values = vaultChart(chartProps).values as Manifest;
    expect(new URL(vaultServiceUrl('vault')).hostname).toBe(values.server.extraEnvironmentVars.VAULT_TLS_SERVER_NAME);
  });
});

describe('VaultEndpoint', () => {
  function synthEndpoint(props: VaultEndpointProps) {
    const chart = Testing.chart();
    new VaultEndpoint(chart, 'endpoint', props);
    return Testing.synth(chart);
  }

  test('a Service that asks the service CA for the certificate, selecting the Vault server pods', () => {
    const [service] = synthEndpoint({ namespace: 'vault' });
    expect(service).toMatchObject({
      kind: 'Service',
      metadata: { name: 'vault-server', namespace: 'vault', annotations: { 'service.beta.openshift.io/serving-cert-secret-name': 'vault-server-tls' } },
      spec: { selector: { 'app.kubernetes.io/name': 'vault', 'app.kubernetes.io/instance': 'vault', 'component': 'server' }, ports: [{ name: 'https', port: 8200, targetPort: 8200 }] },
    });
  });

  test('a Route that re-encrypts to it, with the given host or OpenShift\'s', () => {
    const route = synthEndpoint({ namespace: 'vault', routeHost: 'vault-vault.apps.example.com' }).find(o => o.kind === 'Route');
    expect(route.spec).toMatchObject({ host: 'vault-vault.apps.example.com', to: { kind: 'Service', name: 'vault-server' }, tls: { termination: 'reencrypt' } });
    expect(synthEndpoint({ namespace: 'vault' }).find(o => o.kind === 'Route').spec.host).toBeUndefined();
  });
});

describeWithSchemas('secrets: strict schema validation', () => {
  test.each([
    ['VaultSecret', () => synthSecret({ ...secretProps, name: 'n', store: { name: 's', kind: 'SecretStore' }, refreshInterval: '1h', type: 'kubernetes.io/tls', properties: { key1: 'k' } }).objects],
    ['ExternalSecrets', () => synthEso().objects],
  ])('%s', (_, objects) => {
    for (const o of objects()) {
      expect([`${o.kind}/${o.metadata.name}`, schemaValidator()!.validate(o)]).toEqual([`${o.kind}/${o.metadata.name}`, []]);
    }
  });
});
