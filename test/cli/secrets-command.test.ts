import { createPrivateKey, X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { runSecrets } from '../../lib/cli/secrets-command';
import { CliIO, renderPattern, runSynth } from '../../lib/cli/synth-command';
import { EXAMPLE_APPS_DOMAIN, EXAMPLE_REPO_URL } from '../../lib/config/examples';
import { loadPattern } from '../../lib/config/load';
import { ArgoAppChart } from '../../lib/gitops/argo-app-chart';
import { RenderedTree } from '../../lib/output/render';
import { PatternGroup } from '../../lib/pattern';
import { VaultSecret } from '../../lib/secrets/vault-secret';
import { manifests, minimalInput, minimalYaml, REPO } from '../support/render';
import { treeFingerprint } from '../secrets/generator/workspace';

/** A temp layout: `<base>/repo` (a git work tree with pattern.yaml) and `<base>/home` (HOME, empty). */
interface Project {
  readonly base: string;
  readonly repo: string;
  readonly home: string;
  /** The default private folder, `<home>/.coco-cdk8s`. */
  readonly privateDir: string;
  readonly out: string[];
  readonly err: string[];
  readonly io: CliIO;
}

interface ValuesSecretFile {
  version: string;
  secrets: { name: string; vaultPrefixes: string[]; fields: { name: string; value?: string; path?: string }[] }[];
}

const projects: Project[] = [];

/** A fresh project whose pattern.yaml is `patternYaml` (default: the minimal valid pattern). */
function project(patternYaml: string = minimalYaml()): Project {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'coco-secrets-cli-')));
  const repo = path.join(base, 'repo');
  const home = path.join(base, 'home');
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(repo, 'pattern.yaml'), patternYaml);
  const out: string[] = [];
  const err: string[] = [];
  const p = { base, repo, home, privateDir: path.join(home, '.coco-cdk8s'), out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: { HOME: home }, cwd: repo } };
  projects.push(p);
  return p;
}

const initRuns = new Map<string, Promise<{ p: Project; code: number }>>();

/**
 * `secrets init` in a fresh project whose pattern.yaml is `patternYaml`, run once for the tests that only read
 * what it wrote (an SSH key pair alone, RSA-3072, takes up to a second).
 */
function initialised(patternYaml: string): Promise<{ p: Project; code: number }> {
  let run = initRuns.get(patternYaml);
  if (!run) {
    const p = project(patternYaml);
    run = runSecrets(['init'], p.io).then(code => ({ p, code }));
    initRuns.set(patternYaml, run);
  }
  return run;
}

/** pattern.yaml text of the minimal pattern with `groups` settings applied (see test/support/render.ts). */
function patternWith(groups: Record<string, Record<string, any>>): string {
  return YAML.stringify(minimalInput({}, groups));
}

/** The default secret resources (the demo apps and the image policy need them) plus `extra`. */
function resourcesWith(...extra: Record<string, unknown>[]): Record<string, unknown>[] {
  return [
    { name: 'kbsres1', vaultPath: 'secret/data/hub/kbsres1', keys: ['key1', 'key2', 'key3'] },
    { name: 'passphrase', vaultPath: 'secret/data/hub/passphrase', keys: ['passphrase'] },
    { name: 'security-policy', vaultPath: 'secret/data/hub/securityPolicyConfig', keys: ['osc'] },
    ...extra,
  ];
}

afterAll(() => {
  for (const p of projects) fs.rmSync(p.base, { recursive: true, force: true });
});

/** Every file under `dir`, relative, sorted. */
function listTree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(f => fs.statSync(path.join(dir, f)).isFile()).sort();
}

function mode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

function valuesSecret(p: Project): ValuesSecretFile {
  return YAML.parse(fs.readFileSync(path.join(p.privateDir, 'values-secret.yaml'), 'utf8')) as ValuesSecretFile;
}

/** Every `<Vault path>#<property>` that the ExternalSecrets of a rendered tree read, sorted. */
function externalSecretReads(tree: RenderedTree): string[] {
  return manifests(tree)
    .filter(m => m.obj.kind === 'ExternalSecret')
    .flatMap(m => (m.obj as any).spec.data.map((d: { remoteRef: { key: string; property: string } }) => `${d.remoteRef.key}#${d.remoteRef.property}`))
    .sort();
}

/** Every `<Vault path>#<field>` values-secret.yaml writes (load-secrets puts secret/<prefix>/<name> = KV v2 secret/data/<prefix>/<name>), sorted. */
function valuesSecretWrites(file: ValuesSecretFile): string[] {
  return file.secrets.flatMap(s => s.vaultPrefixes.flatMap(prefix => s.fields.map(f => `secret/data/${prefix}/${s.name}#${f.name}`))).sort();
}

function field(file: ValuesSecretFile, secret: string, name: string): { name: string; value?: string; path?: string } {
  const found = file.secrets.find(s => s.name === secret)?.fields.find(f => f.name === name);
  if (!found) throw new Error(`no field ${secret}/${name} in values-secret.yaml`);
  return found;
}

function certificates(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? []).map(b => new X509Certificate(b));
}

describe('secrets init, success', () => {
  let p: Project;
  let code: number;
  let file: ValuesSecretFile;
  let tree: RenderedTree | undefined;
  /** The synth's rendering of the repository's pattern.yaml after the run (rendered once; the tests only read it). */
  const rendered = (): RenderedTree => (tree ??= renderPattern(loadPattern(path.join(p.repo, 'pattern.yaml'))));

  beforeAll(async () => {
    // GIVEN a repository with the minimal pattern.yaml and an empty HOME
    p = project();
    // WHEN
    code = await runSecrets(['init'], p.io);
    file = valuesSecret(p);
  });

  test('exits 0 without errors', () => {
    // THEN
    expect(code).toBe(0);
    expect(p.err).toEqual([]);
  });

  test('writes the private files into ~/.coco-cdk8s (0700) with mode 0600', () => {
    // THEN
    expect(mode(p.privateDir)).toBe(0o700);
    expect(fs.readdirSync(p.privateDir).sort()).toEqual([
      'kbs-admin-private.pem', 'kbs-admin-public.pem', 'kbs-ca.crt', 'kbs-ca.key', 'kbs-tls-chain.crt', 'kbs-tls.crt', 'kbs-tls.key',
      'kbs-token-signer.crt', 'kbs-token-signer.key', 'load-into-vault.sh', 'values-secret.yaml', 'vault-values',
    ]);
    for (const name of fs.readdirSync(p.privateDir)) {
      const expected = name === 'vault-values' || name === 'load-into-vault.sh' ? 0o700 : 0o600;
      expect([name, mode(path.join(p.privateDir, name))]).toEqual([name, expected]);
    }
    const values = path.join(p.privateDir, 'vault-values');
    expect(listTree(values)).toEqual(['hub/kbsres1/key1', 'hub/kbsres1/key2', 'hub/kbsres1/key3', 'hub/passphrase/passphrase', 'hub/securityPolicyConfig/osc']);
    for (const f of listTree(values)) expect([f, mode(path.join(values, f))]).toEqual([f, 0o600]);
    for (const d of ['hub', 'hub/kbsres1']) expect(mode(path.join(values, d))).toBe(0o700);
  });

  test('writes only the CA certificate into the repository, at certs/kbs-ca.pem, which pattern.yaml then names', () => {
    // THEN
    expect(fs.readdirSync(p.repo).sort()).toEqual(['.git', 'certs', 'pattern.yaml']);
    expect(fs.readdirSync(path.join(p.repo, 'certs')).sort()).toEqual(['kbs-ca.pem']);
    expect(fs.readFileSync(path.join(p.repo, 'certs', 'kbs-ca.pem'), 'utf8')).toBe(fs.readFileSync(path.join(p.privateDir, 'kbs-ca.crt'), 'utf8'));
    expect(mode(path.join(p.repo, 'certs', 'kbs-ca.pem'))).toBe(0o644);
    expect(YAML.parse(fs.readFileSync(path.join(p.repo, 'pattern.yaml'), 'utf8')).clusterGroups.simple.trustee.kbs.certificate).toBe('certs/kbs-ca.pem');
  });

  test('the admin public key is not written into the repository (nothing would read it there) and not offered for commit', () => {
    // THEN it goes to Vault from the private folder, which is what the rendered ExternalSecret reads
    expect(fs.existsSync(path.join(p.repo, 'certs', 'kbs-admin.pub'))).toBe(false);
    expect(p.out.join('\n')).not.toMatch(/kbs-admin\.pub|admin public key.*commit/i);
    expect(p.out.slice(p.out.indexOf('public files in the repository (commit them):') + 1)[0]).toMatch(/^ {2}certs\/kbs-ca\.pem +KBS TLS CA certificate/);
    expect(field(file, 'kbsPublicKey', 'publicKey')).toEqual({ name: 'publicKey', path: path.join(p.privateDir, 'kbs-admin-public.pem') });
    const repoFiles = fs.readdirSync(REPO, { recursive: true, encoding: 'utf8' }).filter(f => !/^(node_modules|build|\.git)(\/|$)/.test(f));
    expect(repoFiles.filter(f => f.endsWith('kbs-admin.pub'))).toEqual([]);
  });

  test('values-secret.yaml fills exactly the Vault paths and properties the synth\'s ExternalSecrets read', () => {
    // GIVEN the same configuration, rendered
    const tree = rendered();
    // THEN
    expect(file.version).toBe('2.0');
    expect(valuesSecretWrites(file)).toEqual(externalSecretReads(tree));
    expect(externalSecretReads(tree)).toContain('secret/data/hub/kbsTokenSigner#token.key');
  });

  test('load-into-vault.sh puts exactly what the ExternalSecrets read, through the ClusterSecretStore, from files holding values-secret.yaml\'s values', () => {
    // GIVEN the same configuration, rendered
    const tree = rendered();
    const store = manifests(tree).find(m => m.obj.kind === 'ClusterSecretStore')!.obj as any;
    const storePath: string = store.spec.provider.vault.path;
    expect(store.spec.provider.vault.version).toBe('v2');
    // WHEN the script's commands are read
    const script = path.join(p.privateDir, 'load-into-vault.sh');
    expect(mode(script)).toBe(0o700);
    const text = fs.readFileSync(script, 'utf8');
    expect(text.split('\n')[0]).toBe('#!/bin/sh');
    expect(text).toContain('\nset -eu\n');
    const puts = text.split('\n').filter(l => l.startsWith('vault ')).map(l => {
      const m = /^vault kv put -mount=(\S+) (\S+)((?: \S+=@\S+)+)$/.exec(l);
      if (!m) throw new Error(`not a plain vault kv put: ${l}`);
      return { mount: m[1], path: m[2], props: m[3].trim().split(' ').map(a => { const i = a.indexOf('=@'); return { name: a.slice(0, i), file: a.slice(i + 2) }; }) };
    });
    // THEN each command writes KV v2 <mount>/data/<path>, the key the ExternalSecrets read under the store's path
    const writes = puts.flatMap(c => c.props.map(prop => `${c.mount}/data/${c.path}#${prop.name}`)).sort();
    const reads = externalSecretReads(tree);
    expect(reads.every(r => r.startsWith(`${storePath}/data/`))).toBe(true);
    expect(writes).toEqual(reads);
    expect(puts.map(c => c.mount)).toEqual(puts.map(() => storePath));
    // AND every file holds the value values-secret.yaml gives (inline) or is the file it points at
    for (const c of puts) {
      for (const prop of c.props) {
        const f = field(file, c.path.split('/').pop()!, prop.name);
        if (f.path !== undefined) expect(prop.file).toBe(f.path);
        else expect(fs.readFileSync(prop.file, 'utf8')).toBe(f.value);
      }
    }
    // AND no secret value is in the script itself
    const inline = file.secrets.flatMap(s => s.fields).filter(f => f.value !== undefined);
    expect(inline.length).toBeGreaterThan(0);
    for (const f of inline) expect(text).not.toContain(f.value);
  });

  test('points the Vault fields at the right material, with random resource values and the image policy inline', () => {
    // THEN
    const at = (name: string) => path.join(p.privateDir, name);
    expect(field(file, 'kbsPublicKey', 'publicKey')).toEqual({ name: 'publicKey', path: at('kbs-admin-public.pem') });
    expect(field(file, 'kbsTls', 'tls.key')).toEqual({ name: 'tls.key', path: at('kbs-tls.key') });
    expect(field(file, 'kbsTls', 'tls.crt')).toEqual({ name: 'tls.crt', path: at('kbs-tls-chain.crt') });
    expect(field(file, 'kbsTokenSigner', 'token.key')).toEqual({ name: 'token.key', path: at('kbs-token-signer.key') });
    expect(field(file, 'kbsTokenSigner', 'token.crt')).toEqual({ name: 'token.crt', path: at('kbs-token-signer.crt') });
    for (const [secret, name] of [['kbsres1', 'key1'], ['kbsres1', 'key2'], ['kbsres1', 'key3'], ['passphrase', 'passphrase']]) {
      expect(Buffer.from(field(file, secret, name).value!, 'base64')).toHaveLength(32);
    }
    expect(field(file, 'kbsres1', 'key1').value).not.toBe(field(file, 'kbsres1', 'key2').value);
    expect(JSON.parse(field(file, 'securityPolicyConfig', 'osc').value!)).toEqual({ default: [{ type: 'insecureAcceptAnything' }], transports: {} });
    expect(JSON.stringify(file)).not.toContain('kbs-admin-private.pem');
  });

  test('issues the server certificate for the KBS Route host the synth renders, under the CA in the repository', () => {
    // GIVEN
    const tree = rendered();
    const route = manifests(tree).find(m => m.obj.kind === 'Route' && m.obj.metadata.name === 'kbs')!.obj as any;
    const server = new X509Certificate(fs.readFileSync(path.join(p.privateDir, 'kbs-tls.crt')));
    const ca = new X509Certificate(fs.readFileSync(path.join(p.repo, 'certs', 'kbs-ca.pem')));
    // THEN
    expect(route.spec.host).toBe('kbs-trustee-operator-system.apps.test.example.com');
    expect(server.subjectAltName).toBe(`DNS:${route.spec.host}`);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    const chain = certificates(fs.readFileSync(path.join(p.privateDir, 'kbs-tls-chain.crt'), 'utf8'));
    expect(chain.map(c => c.fingerprint256)).toEqual([server.fingerprint256, ca.fingerprint256]);
  });

  test('the token signer key matches its certificate', () => {
    // THEN
    const cert = new X509Certificate(fs.readFileSync(path.join(p.privateDir, 'kbs-token-signer.crt')));
    expect(cert.checkPrivateKey(createPrivateKey(fs.readFileSync(path.join(p.privateDir, 'kbs-token-signer.key'))))).toBe(true);
    expect(cert.ca).toBe(false);
  });

  test('prints private and public files, the CA fingerprint and the next steps', () => {
    // THEN
    const ca = new X509Certificate(fs.readFileSync(path.join(p.repo, 'certs', 'kbs-ca.pem')));
    expect(p.out[0]).toBe(`private files (mode 0600) in ${p.privateDir} (created, mode 0700); keep them out of git:`);
    expect(p.out).toContain('public files in the repository (commit them):');
    expect(p.out.some(l => /^ {2}certs\/kbs-ca\.pem +KBS TLS CA certificate/.test(l))).toBe(true);
    expect(p.out.some(l => /^ {2}kbs-tls\.key +KBS TLS server private key/.test(l))).toBe(true);
    expect(p.out).toContain(`KBS CA certificate SHA-256 fingerprint: ${ca.fingerprint256}`);
    expect(p.out).toContain('  secret/data/hub/kbsres1: key1 <- random (32 bytes), key2 <- random (32 bytes), key3 <- random (32 bytes)');
    expect(p.out).toContain('updated pattern.yaml: clusterGroups.simple.trustee.kbs.certificate: certs/kbs-ca.pem (it pinned the EXAMPLE certificate or none)');
    const steps = p.out.slice(p.out.indexOf('next steps:') + 1);
    expect(steps[0]).toMatch(/^ {2}1\. npm run synth/);
    expect(steps[1]).toBe(`  2. load the secrets into Vault (after step 6 of the README): VAULT_ADDR=https://<the vault Route host> VAULT_TOKEN=<token> sh ${path.join(p.privateDir, 'load-into-vault.sh')} (one vault kv put per entry above)`);
    expect(p.out.join('\n')).not.toContain('pattern.sh');
  });

  test('points pattern.yaml, which pinned the EXAMPLE certificate, at the new CA', () => {
    const config = loadPattern(path.join(p.repo, 'pattern.yaml'));
    expect(config.clusterGroups.simple.trustee.kbs.certificate).toBe(fs.readFileSync(path.join(p.repo, 'certs', 'kbs-ca.pem'), 'utf8'));
  });

  test('prints no secret value', () => {
    // THEN
    const printed = p.out.join('\n');
    expect(printed).not.toContain(field(file, 'kbsres1', 'key1').value);
    expect(printed).not.toContain(field(file, 'passphrase', 'passphrase').value);
    expect(printed).not.toMatch(/PRIVATE KEY/);
  });
});

describe('secrets init, the mapping follows pattern.yaml', () => {
  test.each<[string, Record<string, any>]>([
    ['the permissive preset (no HTTPS, no token signer)', { trustee: { preset: 'permissive' } }],
    ['Trustee 1.0 in the secure preset (HTTPS, no token signer)', { trustee: { version: '1.0' } }],
    ['Trustee 1.1 in the secure preset (HTTPS, token signer)', { trustee: { version: '1.1' } }],
    ['Trustee 1.2 in the secure preset (HTTPS, token signer, admin API closed but its key Secret still required)', { trustee: { version: '1.2' } }],
    ['custom Vault paths and properties', {
      trustee: {
        adminPublicKey: { vaultPath: 'secret/data/coco/admin', property: 'pub' },
        https: { vaultPath: 'secret/data/coco/tls', keyProperty: 'key', certificateProperty: 'chain' },
        tokenSigner: { vaultPath: 'secret/data/coco/signer', keyProperty: 'k', certificateProperty: 'c' },
        secretResources: resourcesWith({ name: 'app-db', vaultPath: 'secret/data/coco/apps/db', keys: ['user', 'password'] }),
        imagePolicy: { type: 'reject' },
      },
    }],
    ['the SSH debug key enabled', { sandbox: { sshDebug: { enabled: true } } }],
  ])('%s: values-secret.yaml matches the ExternalSecrets', async (_name, group) => {
    // GIVEN a project with that group / WHEN secrets init runs
    const { p, code } = await initialised(patternWith({ simple: group }));
    // THEN
    expect([code, p.err]).toEqual([0, []]);
    const tree = renderPattern(loadPattern(path.join(p.repo, 'pattern.yaml')));
    expect(valuesSecretWrites(valuesSecret(p))).toEqual(externalSecretReads(tree));
  });

  test('with a custom secret resource and a reject image policy, writes the policy and random values to the configured paths', async () => {
    // GIVEN
    const p = project(patternWith({
      simple: {
        trustee: {
          secretResources: resourcesWith({ name: 'app-db', vaultPath: 'secret/data/coco/apps/db', keys: ['user', 'password'] }),
          imagePolicy: { type: 'reject' },
        },
      },
    }));
    // WHEN
    expect(await runSecrets(['init'], p.io)).toBe(0);
    // THEN
    const file = valuesSecret(p);
    expect(file.secrets.find(s => s.name === 'db')?.vaultPrefixes).toEqual(['coco/apps']);
    expect(Buffer.from(field(file, 'db', 'password').value!, 'base64')).toHaveLength(32);
    expect(JSON.parse(field(file, 'securityPolicyConfig', 'osc').value!)).toEqual({ default: [{ type: 'reject' }], transports: {} });
  });

  test('with sandbox.sshDebug enabled, generates the SSH key pair and puts only the public key into Vault', async () => {
    // GIVEN a project with sshDebug enabled / WHEN secrets init runs (the run the mapping test of this configuration reads)
    const { p, code } = await initialised(patternWith({ simple: { sandbox: { sshDebug: { enabled: true } } } }));
    expect([code, p.err]).toEqual([0, []]);
    // THEN
    const file = valuesSecret(p);
    expect(file.secrets.find(s => s.name === 'sshKey')).toEqual({
      name: 'sshKey', vaultPrefixes: ['global'], fields: [{ name: 'id_rsa.pub', path: path.join(p.privateDir, 'id_rsa.pub') }],
    });
    expect(mode(path.join(p.privateDir, 'id_rsa'))).toBe(0o600);
    expect(JSON.stringify(file)).not.toContain(`${path.join(p.privateDir, 'id_rsa')}"`);
  });

  test('--ssh generates the SSH key pair and fills the sshDebug Vault entry even while sshDebug is disabled', async () => {
    // GIVEN
    const p = project();
    // WHEN
    expect(await runSecrets(['init', '--ssh'], p.io)).toBe(0);
    // THEN
    expect(fs.readFileSync(path.join(p.privateDir, 'id_rsa.pub'), 'utf8')).toMatch(/^ssh-rsa AAAA/);
    expect(field(valuesSecret(p), 'sshKey', 'id_rsa.pub')).toEqual({ name: 'id_rsa.pub', path: path.join(p.privateDir, 'id_rsa.pub') });
  });

  test('without --ssh and sshDebug, generates no SSH key', async () => {
    // GIVEN
    const p = project();
    // WHEN
    expect(await runSecrets(['init'], p.io)).toBe(0);
    // THEN
    expect(fs.existsSync(path.join(p.privateDir, 'id_rsa'))).toBe(false);
    expect(valuesSecret(p).secrets.map(s => s.name)).not.toContain('sshKey');
  });

  test('issues the certificate for an explicit trustee.kbs.host and the host of trustee.kbs.url', async () => {
    // GIVEN
    const p = project(patternWith({ simple: { trustee: { kbs: { host: 'kbs.example.org', url: 'https://attest.example.org:8443' } } } }));
    // WHEN
    expect(await runSecrets(['init'], p.io)).toBe(0);
    // THEN
    const server = new X509Certificate(fs.readFileSync(path.join(p.privateDir, 'kbs-tls.crt')));
    expect(server.subjectAltName).toBe('DNS:kbs.example.org, DNS:attest.example.org');
  });

  test('two Trustee groups: one certificate for both KBS hosts, each shared Vault entry written once', async () => {
    // GIVEN
    const p = project(patternWith({ hub: {}, edge: { appsDomain: 'apps.edge.example.com' } }));
    // WHEN
    const code = await runSecrets(['init'], p.io);
    // THEN
    expect([code, p.err]).toEqual([0, []]);
    const server = new X509Certificate(fs.readFileSync(path.join(p.privateDir, 'kbs-tls.crt')));
    expect(server.subjectAltName).toBe('DNS:kbs-trustee-operator-system.apps.test.example.com, DNS:kbs-trustee-operator-system.apps.edge.example.com');
    const tree = renderPattern(loadPattern(path.join(p.repo, 'pattern.yaml')));
    expect(valuesSecretWrites(valuesSecret(p))).toEqual([...new Set(externalSecretReads(tree))]);
    expect(p.out).toContain('updated pattern.yaml: clusterGroups.hub.trustee.kbs.certificate: certs/kbs-ca.pem (it pinned the EXAMPLE certificate or none)');
    expect(p.out).toContain('updated pattern.yaml: clusterGroups.edge.trustee.kbs.certificate: certs/kbs-ca.pem (it pinned the EXAMPLE certificate or none)');
  });

  test('two Trustee groups wanting different image policies in one Vault property are refused', async () => {
    // GIVEN
    const p = project(patternWith({ hub: {}, edge: { trustee: { imagePolicy: { type: 'reject' } } } }));
    const before = treeFingerprint(p.base);
    // WHEN
    const code = await runSecrets(['init'], p.io);
    // THEN
    expect(code).toBe(1);
    expect(p.err).toEqual([
      'error: clusterGroups.edge.trustee.secretResources[2].vaultPath: must differ from clusterGroups.hub.trustee.secretResources[2].vaultPath, which fills the property "osc" there with other content (clusterGroups.edge.trustee.secretResources[2].keys[0] wants different content, and a Vault property holds one value), got "secret/data/hub/securityPolicyConfig"',
    ]);
    expect(treeFingerprint(p.base)).toEqual(before);
  });

  test('lists image signing keys named by the image policy as entries to fill by hand, and leaves them out', async () => {
    // GIVEN
    const p = project(patternWith({
      simple: {
        trustee: {
          secretResources: resourcesWith({ name: 'cosign-keys', vaultPath: 'secret/data/hub/cosign-keys', keys: ['key1'] }),
          imagePolicy: { type: 'signedBy', keys: [{ registry: 'quay.io/myorg', keyPath: 'kbs:///default/cosign-keys/key1', kind: 'sigstore' }] },
        },
      },
    }));
    // WHEN
    expect(await runSecrets(['init'], p.io)).toBe(0);
    // THEN
    const file = valuesSecret(p);
    expect(file.secrets.map(s => s.name)).not.toContain('cosign-keys');
    expect(JSON.parse(field(file, 'securityPolicyConfig', 'osc').value!).transports.docker['quay.io/myorg'][0].keyPath).toBe('kbs:///default/cosign-keys/key1');
    expect(p.out).toContain('not generated, put into Vault yourself:');
    expect(p.out).toContain('  secret/data/hub/cosign-keys property key1 (clusterGroups.simple.trustee.secretResources[3].keys[0]): your image signing public key (trustee.imagePolicy names kbs:///default/cosign-keys/key1)');
  });
});

describe('secrets init with your own Applications (extend, as for synth)', () => {
  test('plans the Vault entries their VaultSecrets read, and lists what they do not describe', async () => {
    // GIVEN an extension whose VaultSecret reads secret/data/apps/db (password: 16 random bytes; user: not described)
    const p = project();
    const extend = (group: PatternGroup) => {
      const chart = new ArgoAppChart(group.clusterGroup, 'db', { project: 'workloads', namespace: 'db', syncWave: 30 });
      new VaultSecret(chart, 'credentials', { namespace: 'db', secretName: 'db-credentials', vaultPath: 'secret/data/apps/db', keys: ['user', 'password'], contents: { password: { random: 16 } } });
    };
    // WHEN
    expect(await runSecrets(['init'], p.io, extend)).toBe(0);
    // THEN
    expect(Buffer.from(field(valuesSecret(p), 'db', 'password').value!, 'base64')).toHaveLength(16);
    expect(p.out).toContain('  secret/data/apps/db property user (pattern/simple/db/credentials properties.user): '
      + 'not described by pattern/simple/db/credentials, whose ExternalSecret copies it into key "user" of the Secret "db-credentials"');
  });
});

describe('secrets init, where it writes', () => {
  test('--dir chooses the private folder, relative to the current folder', async () => {
    // GIVEN
    const p = project();
    // WHEN
    expect(await runSecrets(['init', '--dir', '../vault-material'], p.io)).toBe(0);
    // THEN
    expect(fs.existsSync(path.join(p.base, 'vault-material', 'values-secret.yaml'))).toBe(true);
    expect(fs.existsSync(p.privateDir)).toBe(false);
  });

  test('COCO_SECRETS_DIR chooses the private folder when --dir is absent', async () => {
    // GIVEN
    const p = project();
    const dir = path.join(p.base, 'elsewhere');
    // WHEN
    expect(await runSecrets(['init'], { ...p.io, env: { HOME: p.home, COCO_SECRETS_DIR: dir } })).toBe(0);
    // THEN
    expect(fs.existsSync(path.join(dir, 'kbs-tls.key'))).toBe(true);
    expect(fs.existsSync(p.privateDir)).toBe(false);
  });

  test('expands a leading ~/ in COCO_SECRETS_DIR to HOME', async () => {
    // GIVEN
    const p = project();
    // WHEN
    expect(await runSecrets(['init'], { ...p.io, env: { HOME: p.home, COCO_SECRETS_DIR: '~/kbs-secrets' } })).toBe(0);
    // THEN
    expect(fs.existsSync(path.join(p.home, 'kbs-secrets', 'values-secret.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(p.repo, '~'))).toBe(false);
  });

  test('from a subfolder, finds the repository root by its .git and writes the public files there', async () => {
    // GIVEN
    const p = project();
    const sub = path.join(p.repo, 'docs');
    fs.mkdirSync(sub);
    // WHEN
    const code = await runSecrets(['init', '--config', '../pattern.yaml'], { ...p.io, cwd: sub });
    // THEN
    expect([code, p.err]).toEqual([0, []]);
    expect(fs.existsSync(path.join(p.repo, 'certs', 'kbs-ca.pem'))).toBe(true);
    expect(fs.existsSync(path.join(sub, 'certs'))).toBe(false);
  });

  test('--help prints the usage and writes nothing', async () => {
    // GIVEN
    const p = project();
    const before = treeFingerprint(p.base);
    // WHEN
    const code = await runSecrets(['--help'], p.io);
    // THEN
    expect(code).toBe(0);
    expect(p.out[0]).toBe('usage: npm run secrets -- init [--dir DIR] [--config pattern.yaml] [--ssh] [--rotate]');
    expect(treeFingerprint(p.base)).toEqual(before);
  });
});

describe('secrets init, a certificate it is about to create', () => {
  test('runs when pattern.yaml already points at certs/kbs-ca.pem, and synth then pins the new CA', async () => {
    // GIVEN pattern.yaml names the certificate that does not exist yet
    const p = project(patternWith({ simple: { trustee: { kbs: { certificate: 'certs/kbs-ca.pem' } } } }));
    // WHEN
    const code = await runSecrets(['init'], p.io);
    // THEN
    expect([code, p.err]).toEqual([0, []]);
    expect(p.out[0]).toBe('note: clusterGroups.simple.trustee.kbs.certificate: cannot read certificate file "certs/kbs-ca.pem" '
      + `(resolved to ${path.join(p.repo, 'certs', 'kbs-ca.pem')}: not found) (accepted: this run writes the certificate)`);
    expect(p.out.slice(p.out.indexOf('next steps:') + 1)[0]).toMatch(/^ {2}1\. npm run synth/);
    // AND synth now renders with the generated CA in initdata
    const ca = fs.readFileSync(path.join(p.repo, 'certs', 'kbs-ca.pem'), 'utf8');
    const tree = renderPattern(loadPattern(path.join(p.repo, 'pattern.yaml')));
    const caBody = ca.split('\n')[1];
    expect([...tree.values()].some(content => content.includes(caBody))).toBe(true);
  });

  test('runs when the secure preset has no certificate yet', async () => {
    // GIVEN
    const input = minimalInput() as any;
    delete input.clusterGroups.simple.trustee.kbs.certificate;
    const p = project(YAML.stringify(input));
    expect(fs.readFileSync(path.join(p.repo, 'pattern.yaml'), 'utf8')).not.toContain('certificate:');
    // WHEN
    const code = await runSecrets(['init'], p.io);
    // THEN
    expect([code, p.err]).toEqual([0, []]);
    expect(p.out[0]).toMatch(/^note: clusterGroups\.simple\.trustee\.kbs\.certificate: is required by the secure preset/);
    expect(YAML.parse(fs.readFileSync(path.join(p.repo, 'pattern.yaml'), 'utf8')).clusterGroups.simple.trustee.kbs.certificate).toBe('certs/kbs-ca.pem');
  });

  test('changes only the certificate line of pattern.yaml, keeping its comments', async () => {
    // GIVEN the committed pattern.yaml (comments, the EXAMPLE certificate) with a real repository and apps domain
    const committed = fs.readFileSync(path.join(REPO, 'pattern.yaml'), 'utf8')
      .replace(EXAMPLE_REPO_URL, 'https://git.example.net/me/gitops.git').replace(`appsDomain: ${EXAMPLE_APPS_DOMAIN}`, 'appsDomain: apps.mine.example.net');
    expect(committed).not.toMatch(/example-org|coco\.example\.com/);
    const p = project(committed);
    fs.mkdirSync(path.join(p.repo, 'certs'));
    fs.copyFileSync(path.join(REPO, 'certs', 'kbs-ca.EXAMPLE.pem'), path.join(p.repo, 'certs', 'kbs-ca.EXAMPLE.pem'));
    // WHEN
    expect(await runSecrets(['init'], p.io)).toBe(0);
    // THEN
    expect(fs.readFileSync(path.join(p.repo, 'pattern.yaml'), 'utf8')).toBe(committed.replace('certificate: certs/kbs-ca.EXAMPLE.pem', 'certificate: certs/kbs-ca.pem'));
  });

  test('leaves a certificate the user chose alone and tells them to set it', async () => {
    // GIVEN pattern.yaml pins the user's own CA file
    const p = project(patternWith({ simple: { trustee: { kbs: { certificate: 'my-ca.pem' } } } }));
    fs.copyFileSync(path.join(REPO, 'test', 'initdata', 'fixtures', 'kbs-cert.pem'), path.join(p.repo, 'my-ca.pem'));
    const before = fs.readFileSync(path.join(p.repo, 'pattern.yaml'), 'utf8');
    // WHEN
    expect(await runSecrets(['init'], p.io)).toBe(0);
    // THEN
    expect(fs.readFileSync(path.join(p.repo, 'pattern.yaml'), 'utf8')).toBe(before);
    expect(p.out.slice(p.out.indexOf('next steps:') + 1)[0]).toBe('  1. in pattern.yaml set clusterGroups.simple.trustee.kbs.certificate: certs/kbs-ca.pem');
  });

  test('still refuses a certificate file that exists but is not a certificate, writing nothing', async () => {
    // GIVEN
    const p = project(patternWith({ simple: { trustee: { kbs: { certificate: 'ca.txt' } } } }));
    fs.writeFileSync(path.join(p.repo, 'ca.txt'), 'not a certificate\n');
    const before = treeFingerprint(p.base);
    // WHEN
    const code = await runSecrets(['init'], p.io);
    // THEN
    expect(code).toBe(1);
    expect(p.err).toEqual(['error: clusterGroups.simple.trustee.kbs.certificate: must be a PEM certificate ("-----BEGIN CERTIFICATE-----"): '
      + `the CA certificate that issued the KBS's certificate (file "ca.txt", resolved to ${path.join(p.repo, 'ca.txt')})`]);
    expect(treeFingerprint(p.base)).toEqual(before);
  });
});

describe('secrets init, bad input: one line per problem, exit 1, nothing written', () => {
  async function rejected(p: Project, argv: string[], io: CliIO = p.io): Promise<string[]> {
    const before = treeFingerprint(p.base);
    const code = await runSecrets(argv, io);
    expect(code).toBe(1);
    expect(treeFingerprint(p.base)).toEqual(before);
    expect(p.out).toEqual([]);
    return p.err;
  }

  test('a private folder inside the repository (--dir)', async () => {
    // GIVEN
    const p = project();
    // WHEN
    const err = await rejected(p, ['init', '--dir', '.secrets']);
    // THEN
    expect(err).toEqual([
      `error: privateDir: must be outside the git work tree "${p.repo}" so private keys never reach git, got "${path.join(p.repo, '.secrets')}"`,
    ]);
  });

  test('a private folder inside the repository (COCO_SECRETS_DIR), seen from a subfolder', async () => {
    // GIVEN
    const p = project();
    const sub = path.join(p.repo, 'docs');
    fs.mkdirSync(sub);
    // WHEN
    const err = await rejected(p, ['init', '--config', '../pattern.yaml'], { ...p.io, cwd: sub, env: { HOME: p.home, COCO_SECRETS_DIR: path.join(p.repo, 'private') } });
    // THEN
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^error: privateDir: must be outside the git work tree/);
  });

  test('an existing public file', async () => {
    // GIVEN
    const p = project();
    fs.mkdirSync(path.join(p.repo, 'certs'));
    fs.writeFileSync(path.join(p.repo, 'certs', 'kbs-ca.pem'), 'mine\n');
    // WHEN
    const err = await rejected(p, ['init']);
    // THEN
    expect(err).toEqual([
      `error: publicFiles.kbsCertificate: would overwrite the existing file "${path.join(p.repo, 'certs', 'kbs-ca.pem')}"; secrets init never overwrites: move it away, or rotate (secrets init --rotate keeps the old files as a backup and issues new ones) (nothing was written)`,
    ]);
  });

  test('a second run, listing every file it would overwrite', async () => {
    // GIVEN a first run
    const p = project();
    expect(await runSecrets(['init'], p.io)).toBe(0);
    p.out.length = 0;
    // WHEN
    const err = await rejected(p, ['init']);
    // THEN
    expect(err).toHaveLength(fs.readdirSync(p.privateDir).length - 1 + listTree(path.join(p.privateDir, 'vault-values')).length + 1);
    expect(err.every(l => /^error: (privateDir|publicFiles\.\w+): would overwrite the existing file /.test(l))).toBe(true);
  });

  test('the example repoURL and apps domain of the committed pattern.yaml: one line each saying what to set', async () => {
    // GIVEN the committed pattern.yaml's example values
    const p = project(YAML.stringify(minimalInput({ gitops: { repoURL: EXAMPLE_REPO_URL } }, { simple: { appsDomain: EXAMPLE_APPS_DOMAIN } })));
    // WHEN
    const err = await rejected(p, ['init']);
    // THEN
    expect(err).toEqual([
      `error: gitops.repoURL: is still the example repository "${EXAMPLE_REPO_URL}": set it to the Git repository Argo CD reads dist/ from before generating the secrets (nothing written)`,
      'error: clusterGroups.simple.appsDomain: is still the example domain "apps.coco.example.com": set it to the cluster\'s apps domain '
        + '(oc get ingresses.config cluster -o jsonpath=\'{.spec.domain}\') before issuing the KBS certificate (nothing written)',
    ]);
  });

  test('the example domain given as the KBS host or URL is refused at that field; a real KBS host with the example appsDomain is not', async () => {
    const host = await rejected(project(patternWith({ simple: { trustee: { kbs: { host: `kbs.${EXAMPLE_APPS_DOMAIN}` } } } })), ['init']);
    expect(host).toEqual([expect.stringMatching(/^error: clusterGroups\.simple\.trustee\.kbs\.host: is still the example domain "apps\.coco\.example\.com": set it/)]);
    const url = await rejected(project(patternWith({ simple: { trustee: { kbs: { url: `https://kbs.${EXAMPLE_APPS_DOMAIN}` } } } })), ['init']);
    expect(url).toEqual([expect.stringMatching(/^error: clusterGroups\.simple\.trustee\.kbs\.url: is still under the example domain "apps\.coco\.example\.com": set it/)]);
    const p = project(patternWith({ simple: { appsDomain: EXAMPLE_APPS_DOMAIN, trustee: { kbs: { host: 'kbs.apps.mine.example.net' } } } }));
    expect(await runSecrets(['init'], p.io)).toBe(0);
  });

  test('an invalid KBS host in pattern.yaml is a config error', async () => {
    // GIVEN
    const p = project(patternWith({ simple: { trustee: { kbs: { host: 'Not A Host' } } } }));
    // WHEN
    const err = await rejected(p, ['init']);
    // THEN
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^error: clusterGroups\.simple\.trustee\.kbs\.host: .*got "Not A Host"$/);
  });

  test('a KBS URL with an IP address, which a DNS subjectAltName cannot cover', async () => {
    // GIVEN
    const p = project(patternWith({ simple: { trustee: { kbs: { url: 'https://10.0.0.7' } } } }));
    // WHEN
    const err = await rejected(p, ['init']);
    // THEN
    expect(err).toEqual(['error: clusterGroups.simple.trustee.kbs.url: must use a DNS name for the generated KBS certificate (its subjectAltName holds DNS names only), got "https://10.0.0.7"']);
  });

  test('a Vault path that is not secret/data/<prefix>/<name>', async () => {
    // GIVEN
    const p = project(patternWith({ simple: { trustee: { secretResources: resourcesWith({ name: 'db', vaultPath: 'kv/apps/db', keys: ['password'] }) } } }));
    // WHEN
    const err = await rejected(p, ['init']);
    // THEN
    expect(err).toEqual([
      'error: clusterGroups.simple.trustee.secretResources[3].vaultPath: must have the form "secret/data/<prefix>/<name>" (prefix segments of letters, digits, "-" and "_") for secrets init: load-secrets writes secret/<prefix>/<name> on the KV v2 mount "secret", got "kv/apps/db"',
    ]);
  });

  test('two Vault entries whose names collide in values-secret.yaml', async () => {
    // GIVEN
    const p = project(patternWith({ simple: { trustee: { secretResources: resourcesWith(
      { name: 'a', vaultPath: 'secret/data/hub/db', keys: ['password'] },
      { name: 'b', vaultPath: 'secret/data/global/db', keys: ['user'] },
    ) } } }));
    // WHEN
    const err = await rejected(p, ['init']);
    // THEN
    expect(err).toEqual([
      'error: clusterGroups.simple.trustee.secretResources[4].vaultPath: must not end in the secret name "db" of "secret/data/hub/db", which holds other properties (values-secret.yaml names each secret by its last path segment), got "secret/data/global/db"',
    ]);
  });

  test('no cluster group deploys Trustee', async () => {
    // GIVEN
    const p = project(patternWith({ simple: { trustee: { enabled: false }, sandbox: { enabled: false }, workloads: { helloOpenshift: { enabled: false }, kbsAccess: { enabled: false } } } }));
    // WHEN
    const err = await rejected(p, ['init']);
    // THEN
    expect(err).toEqual(['error: clusterGroups: must have a cluster group that deploys Trustee (trustee.enabled: true): secrets init generates the KBS material, got none']);
  });

  test('an unknown flag', async () => {
    // GIVEN
    const p = project();
    // WHEN
    const err = await rejected(p, ['init', '--force']);
    // THEN
    expect(err).toEqual(["error: Unknown option '--force' (see --help)"]);
  });

  test('a flag without its value', async () => {
    // GIVEN
    const p = project();
    // WHEN
    const err = await rejected(p, ['init', '--dir']);
    // THEN
    expect(err).toEqual(["error: Option '--dir <value>' argument missing (see --help)"]);
  });

  test('an empty --dir', async () => {
    // GIVEN
    const p = project();
    // WHEN
    const err = await rejected(p, ['init', '--dir', '']);
    // THEN
    expect(err).toEqual(['error: --dir: must be a folder path, got ""']);
  });

  test('a missing subcommand', async () => {
    // GIVEN
    const p = project();
    // WHEN
    const err = await rejected(p, []);
    // THEN
    expect(err).toEqual(['error: missing subcommand: expected "init" (see --help)']);
  });

  test('an unknown subcommand', async () => {
    // GIVEN
    const p = project();
    // WHEN
    const err = await rejected(p, ['rotate']);
    // THEN
    expect(err).toEqual(['error: unknown subcommand "rotate": expected "init" (see --help)']);
  });

  test('an extra argument', async () => {
    // GIVEN
    const p = project();
    // WHEN
    const err = await rejected(p, ['init', 'now']);
    // THEN
    expect(err).toEqual(['error: unexpected argument "now": init takes only options (see --help)']);
  });

  test('no HOME, no COCO_SECRETS_DIR and no --dir', async () => {
    // GIVEN
    const p = project();
    // WHEN
    const err = await rejected(p, ['init'], { ...p.io, env: {} });
    // THEN
    expect(err).toEqual(['error: --dir: is required when neither COCO_SECRETS_DIR nor HOME is set, got nothing']);
  });

  test('a bad pattern.yaml gives the same lines as synth', async () => {
    // GIVEN
    const p = project(`${minimalYaml()}colour: blue\n`.replace('appsDomain: apps.test.example.com', 'appsDomain: 42'));
    const synthErr: string[] = [];
    const synthCode = runSynth(['--output', path.join(p.base, 'dist')], { ...p.io, out: () => undefined, err: l => synthErr.push(l) });
    // WHEN
    const err = await rejected(p, ['init']);
    // THEN
    expect(synthCode).toBe(1);
    expect(err).toEqual(synthErr);
    expect(err).toHaveLength(2);
    expect(err).toContain('error: colour: unknown key');
  });

  test('a missing pattern file', async () => {
    // GIVEN
    const p = project();
    // WHEN
    const err = await rejected(p, ['init', '--config', 'nope.yaml']);
    // THEN
    expect(err).toEqual(['error: nope.yaml: file not found']);
  });
});

describe('secrets init --rotate', () => {
  const files = (dir: string) => Object.fromEntries(fs.readdirSync(dir).filter(f => fs.statSync(path.join(dir, f)).isFile()).map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

  test('keeps every previous file in a timestamped backup (nothing deleted), issues new ones and says what to re-load', async () => {
    // GIVEN a first run
    const p = project();
    expect(await runSecrets(['init'], p.io)).toBe(0);
    const before = files(p.privateDir);
    const ca = fs.readFileSync(path.join(p.repo, 'certs', 'kbs-ca.pem'), 'utf8');
    p.out.length = 0;
    // WHEN
    expect(await runSecrets(['init', '--rotate'], p.io)).toBe(0);
    // THEN the old files are in one backup folder (0700), byte for byte, with their modes
    expect(p.err).toEqual([]);
    const backups = fs.readdirSync(p.privateDir).filter(f => f.startsWith('backup-'));
    expect(backups).toEqual([expect.stringMatching(/^backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/)]);
    const backup = path.join(p.privateDir, backups[0]);
    expect(mode(backup)).toBe(0o700);
    expect(files(backup)).toEqual(expect.objectContaining(before));
    for (const f of Object.keys(before)) expect(mode(path.join(backup, f))).toBe(f === 'load-into-vault.sh' ? 0o700 : 0o600);
    expect(listTree(path.join(backup, 'vault-values'))).toEqual(listTree(path.join(p.privateDir, 'vault-values')));
    expect(fs.readFileSync(path.join(backup, 'repository', 'certs', 'kbs-ca.pem'), 'utf8')).toBe(ca);
    // AND every file is new
    const after = files(p.privateDir);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const f of Object.keys(before)) expect(after[f]).not.toBe(before[f]);
    expect(fs.readFileSync(path.join(p.repo, 'certs', 'kbs-ca.pem'), 'utf8')).not.toBe(ca);
    // AND the output names the backup and says to re-load Vault
    expect(p.out[0]).toBe(`rotated: the ${Object.keys(before).length + 5 + 1} previous files are kept in ${backup} (mode 0700; nothing was deleted):`);
    expect(p.out).toContain(`  certs/kbs-ca.pem -> ${path.join('repository', 'certs', 'kbs-ca.pem')}`);
    expect(p.out).toContain('  kbs-tls.key -> kbs-tls.key');
    expect(p.out).toContainEqual(expect.stringMatching(/^every key, certificate and random value above is new: re-load every Vault entry listed/));
  });

  test('with nothing to rotate it is a plain first run', async () => {
    const p = project();
    expect(await runSecrets(['init', '--rotate'], p.io)).toBe(0);
    expect(fs.readdirSync(p.privateDir).filter(f => f.startsWith('backup-'))).toEqual([]);
    expect(p.out.some(l => l.startsWith('rotated:'))).toBe(false);
  });

  test('a rotation that cannot write puts the previous files back and keeps the backup', async () => {
    // GIVEN a first run, then a repository where certs/ is a file (the public files cannot be written)
    const p = project();
    expect(await runSecrets(['init'], p.io)).toBe(0);
    const before = files(p.privateDir);
    fs.renameSync(path.join(p.repo, 'certs'), path.join(p.base, 'certs-moved'));
    fs.writeFileSync(path.join(p.repo, 'certs'), 'not a folder\n');
    p.out.length = 0;
    // WHEN
    expect(await runSecrets(['init', '--rotate'], p.io)).toBe(1);
    // THEN one line, every previous private file back in place (byte for byte, same mode), the backup kept
    expect(p.err).toEqual([expect.stringMatching(/^error: publicFiles\.kbsCertificate: could not write .*nothing was written/)]);
    expect(files(p.privateDir)).toEqual(before);
    expect(mode(path.join(p.privateDir, 'load-into-vault.sh'))).toBe(0o700);
    expect(mode(path.join(p.privateDir, 'kbs-tls.key'))).toBe(0o600);
    const backups = fs.readdirSync(p.privateDir).filter(f => f.startsWith('backup-'));
    expect(backups).toHaveLength(1);
    expect(files(path.join(p.privateDir, backups[0]))).toEqual(before);
  });
});
