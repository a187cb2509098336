/**
 * LetsEncrypt: cert-manager through OLM, an ACME ClusterIssuer solving DNS-01 in Azure DNS with the
 * service principal secret from Vault, and the ingress and API certificates.
 */
import { VaultSecret } from '../../lib/secrets/vault-secret';
import { Testing } from 'cdk8s';
import { API_CERT_SECRET, INGRESS_CERT_SECRET, LETS_ENCRYPT_PRODUCTION, LETS_ENCRYPT_STAGING, LetsEncrypt, LetsEncryptProps } from '../../lib/certificates/lets-encrypt';
import { InputError } from '../../lib/errors';
import { OPERATORS } from '../../lib/olm/catalog';
import { VAULT_BACKEND } from '../../lib/secrets/vault-secret';
import { describeWithSchemas, schemaValidator } from '../support/schemas';

type Manifest = Record<string, any>;

const props: LetsEncryptProps = {
  operator: { ...OPERATORS.certManager },
  email: 'admin@example.com',
  azureDns: {
    subscriptionId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    tenantId: '11111111-2222-3333-4444-555555555555',
    clientId: '66666666-7777-8888-9999-000000000000',
    resourceGroupName: 'dns-rg',
    hostedZoneName: 'example.com',
    clientSecretVaultPath: 'secret/data/hub/azureDns',
    clientSecretKey: 'clientSecret',
  },
  appsDomain: 'apps.mycluster.example.com',
  store: VAULT_BACKEND,
};

function synth(p: LetsEncryptProps = props) {
  const chart = Testing.chart();
  const le = new LetsEncrypt(chart, 'le', p);
  const objects: Manifest[] = Testing.synth(chart);
  const all = (kind: string) => objects.filter(o => o.kind === kind);
  return { le, objects, all, one: (kind: string, name: string) => objects.find(o => o.kind === kind && o.metadata.name === name)! };
}

describe('LetsEncrypt', () => {
  test('renders the operator install, the Azure DNS secret, the ClusterIssuer and two Certificates', () => {
    const { objects } = synth();
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/cert-manager-operator',
      'OperatorGroup/cert-manager-operator-operator-group',
      'Subscription/openshift-cert-manager-operator',
      'ExternalSecret/azuredns-config-eso',
      'ClusterIssuer/validated-patterns-issuer',
      'Certificate/lets-encrypt-certs',
      'Certificate/api-validated-patterns-cert',
    ]);
  });

  test('the ClusterIssuer solves ACME DNS-01 challenges in Azure DNS, against Let\'s Encrypt production by default', () => {
    // WHEN
    const { one } = synth();
    // THEN
    const issuer = one('ClusterIssuer', 'validated-patterns-issuer');
    expect(issuer.apiVersion).toBe('cert-manager.io/v1');
    expect(issuer.metadata.namespace).toBeUndefined();
    expect(issuer.spec).toEqual({
      acme: {
        server: LETS_ENCRYPT_PRODUCTION,
        email: 'admin@example.com',
        privateKeySecretRef: { name: 'validated-patterns-issuer-account-key' },
        solvers: [{
          dns01: {
            azureDNS: {
              clientID: '66666666-7777-8888-9999-000000000000',
              clientSecretSecretRef: { name: 'azuredns-config', key: 'client-secret' },
              subscriptionID: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
              tenantID: '11111111-2222-3333-4444-555555555555',
              resourceGroupName: 'dns-rg',
              hostedZoneName: 'example.com',
              environment: 'AzurePublicCloud',
            },
          },
        }],
      },
    });
    expect(LETS_ENCRYPT_PRODUCTION).toBe('https://acme-v02.api.letsencrypt.org/directory');
  });

  test('the service principal secret comes from Vault into cert-manager\'s namespace, under the key the issuer reads', () => {
    // WHEN
    const { one } = synth();
    // THEN
    const es = one('ExternalSecret', 'azuredns-config-eso');
    expect(es.metadata.namespace).toBe('cert-manager');
    expect(es.spec.target.name).toBe('azuredns-config');
    expect(es.spec.secretStoreRef).toEqual({ name: 'vault-backend', kind: 'ClusterSecretStore' });
    expect(es.spec.data).toEqual([{ secretKey: 'client-secret', remoteRef: { key: 'secret/data/hub/azureDns', property: 'clientSecret' } }]);
    expect(es.spec.refreshInterval).toBe('1h');
  });

  test('declares the service principal secret as the user\'s to put into Vault, and where it was configured', () => {
    // WHEN
    const { le } = synth({ ...props, clientSecretSettings: { vaultPath: 'dns.vaultPath', property: 'dns.key' } });
    // THEN
    const secret = le.node.findAll().find((c): c is VaultSecret => c instanceof VaultSecret)!;
    expect(secret.contents).toEqual({ 'client-secret': { manual: 'the client secret of the Azure service principal that answers the DNS-01 challenges' } });
    expect(secret.settings).toEqual({ vaultPath: 'dns.vaultPath', properties: { 'client-secret': 'dns.key' } });
  });

  test('the staging server and another issuer name are taken as given', () => {
    const { one } = synth({ ...props, server: LETS_ENCRYPT_STAGING, issuerName: 'le-staging' });
    const issuer = one('ClusterIssuer', 'le-staging');
    expect(issuer.spec.acme.server).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
    expect(issuer.spec.acme.privateKeySecretRef).toEqual({ name: 'le-staging-account-key' });
    expect(one('Certificate', 'lets-encrypt-certs').spec.issuerRef.name).toBe('le-staging');
  });

  test('the wildcard certificate of the apps domain goes to openshift-ingress', () => {
    const cert = synth().one('Certificate', 'lets-encrypt-certs');
    expect(cert.metadata.namespace).toBe('openshift-ingress');
    expect(cert.spec).toEqual({
      secretName: INGRESS_CERT_SECRET,
      commonName: '*.apps.mycluster.example.com',
      dnsNames: ['*.apps.mycluster.example.com'],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'validated-patterns-issuer' },
    });
    expect(INGRESS_CERT_SECRET).toBe('lets-encrypt-wildcard-cert-tls');
  });

  test('the API certificate is for api.<cluster domain>, in openshift-config', () => {
    const cert = synth().one('Certificate', 'api-validated-patterns-cert');
    expect(cert.metadata.namespace).toBe('openshift-config');
    expect(cert.spec).toEqual({
      secretName: API_CERT_SECRET,
      commonName: 'api.mycluster.example.com',
      dnsNames: ['api.mycluster.example.com'],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'validated-patterns-issuer' },
    });
  });

  test('either certificate can be turned off', () => {
    expect(synth({ ...props, ingressCertificate: false }).all('Certificate').map(c => c.metadata.name)).toEqual(['api-validated-patterns-cert']);
    expect(synth({ ...props, apiCertificate: false }).all('Certificate').map(c => c.metadata.name)).toEqual(['lets-encrypt-certs']);
    expect(synth({ ...props, apiCertificate: false, ingressCertificate: false }).le.certificates).toEqual([]);
  });

  test('the issuer and certificates come after the operator and skip the dry run of their CRDs', () => {
    const { objects } = synth();
    for (const o of objects.filter(x => x.apiVersion === 'cert-manager.io/v1')) {
      expect(o.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '10', 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' });
    }
  });

  test('an apps domain without "apps." fails: the API host cannot be derived', () => {
    // WHEN
    const make = () => synth({ ...props, appsDomain: 'mycluster.example.com' });
    // THEN
    expect(make).toThrow(InputError);
    expect(make).toThrow('LetsEncrypt appsDomain: must start with "apps." to derive the API host api.<cluster domain>, got "mycluster.example.com"');
  });

  test('an apps domain without "apps." is fine when no API certificate is asked for', () => {
    const { all } = synth({ ...props, appsDomain: 'mycluster.example.com', apiCertificate: false });
    expect(all('Certificate').map(c => c.spec.commonName)).toEqual(['*.mycluster.example.com']);
  });

  test('a bad Vault path of the DNS secret is an error naming the field', () => {
    expect(() => synth({ ...props, azureDns: { ...props.azureDns, clientSecretVaultPath: 'azureDns' } })).toThrow(/^VaultSecret\.vaultPath: must be a Vault path/);
  });
});

describeWithSchemas('LetsEncrypt: strict schema validation', () => {
  test.each([
    ['defaults', props],
    ['staging, no API certificate', { ...props, server: LETS_ENCRYPT_STAGING, apiCertificate: false, issuerName: 'staging' }],
  ])('%s', (_, p) => {
    for (const o of synth(p).objects) {
      expect([`${o.kind}/${o.metadata.name}`, schemaValidator()!.validate(o)]).toEqual([`${o.kind}/${o.metadata.name}`, []]);
    }
  });
});
