import { createPrivateKey, createPublicKey, sign, verify, X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { initSecrets, InitSecretsResult, MATERIAL_FILES } from '../../../lib/secrets/generator';
import { makeWorkspace, optionsFor, removeWorkspace, Workspace } from './workspace';

interface ParsedField { name: string; value?: string; path?: string }
interface ParsedSecret { name: string; vaultPrefixes: string[]; fields: ParsedField[] }

function field(doc: { secrets: ParsedSecret[] }, secret: string, name: string): ParsedField {
  const found = doc.secrets.find(s => s.name === secret)?.fields.find(f => f.name === name);
  if (!found) {
    throw new Error(`no field ${secret}/${name} in values-secret.yaml`);
  }
  return found;
}

function mode(p: string): number {
  return fs.statSync(p).mode & 0o777;
}

describe('initSecrets', () => {
  let ws: Workspace;
  let result: InitSecretsResult;
  let doc: { version: unknown; secrets: ParsedSecret[] };

  beforeAll(async () => {
    // GIVEN a repository and a private folder that does not exist yet
    ws = makeWorkspace();
    // WHEN
    result = await initSecrets(optionsFor(ws));
    doc = parse(fs.readFileSync(result.valuesSecretFile, 'utf8'));
  });
  afterAll(() => removeWorkspace(ws));

  test('writes the private files into the private folder and only the two public files into the repository', () => {
    // THEN
    const priv = result.files.filter(f => f.visibility === 'private').map(f => path.basename(f.path)).sort();
    expect(priv).toEqual([
      'kbs-admin-private.pem', 'kbs-admin-public.pem', 'kbs-ca.crt', 'kbs-ca.key', 'kbs-tls.crt', 'kbs-tls.key',
      'key1', 'key2', 'key3', 'load-into-vault.sh', 'osc', 'values-secret.yaml',
    ]);
    const inValues = (f: { path: string }) => f.path.startsWith(path.join(ws.privateDir, 'vault-values') + path.sep);
    expect(result.files.filter(f => f.visibility === 'private' && !inValues(f)).every(f => path.dirname(f.path) === ws.privateDir)).toBe(true);
    expect(result.loadScriptFile).toBe(path.join(ws.privateDir, 'load-into-vault.sh'));
    expect(result.files.filter(f => f.visibility === 'public').map(f => f.path)).toEqual([ws.publicCert, ws.publicAdminKey]);
    expect(fs.readdirSync(path.join(ws.repo, 'secrets')).sort()).toEqual(['kbs-admin-public.pem', 'kbs-ca.crt']);
    expect(result.privateDir).toBe(ws.privateDir);
    expect(result.privateDirCreated).toBe(true);
    expect(result.valuesSecretFile).toBe(path.join(ws.privateDir, 'values-secret.yaml'));
  });

  test('makes the private folder 0700 and every private file 0600 (load-into-vault.sh 0700)', () => {
    // THEN
    expect(mode(ws.privateDir)).toBe(0o700);
    for (const file of result.files.filter(f => f.visibility === 'private')) {
      expect([file.path, mode(file.path)]).toEqual([file.path, file.path === result.loadScriptFile ? 0o700 : 0o600]);
    }
    expect(mode(ws.publicCert)).toBe(0o644);
  });

  test('puts no private key into the repository', () => {
    // THEN
    const repoText = [ws.publicCert, ws.publicAdminKey].map(f => fs.readFileSync(f, 'utf8')).join('');
    expect(repoText).not.toMatch(/PRIVATE KEY/);
    expect(fs.readFileSync(ws.publicCert, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(fs.readFileSync(ws.publicAdminKey, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  test('writes the same CA certificate and admin public key to the repository and the private folder', () => {
    // THEN
    expect(fs.readFileSync(ws.publicCert, 'utf8')).toBe(fs.readFileSync(path.join(ws.privateDir, 'kbs-ca.crt'), 'utf8'));
    expect(fs.readFileSync(ws.publicAdminKey, 'utf8')).toBe(fs.readFileSync(path.join(ws.privateDir, 'kbs-admin-public.pem'), 'utf8'));
  });

  test('admin public key in the repository verifies what the private key signs', () => {
    // GIVEN
    const privateKey = createPrivateKey(fs.readFileSync(path.join(ws.privateDir, 'kbs-admin-private.pem')));
    const publicKey = createPublicKey(fs.readFileSync(ws.publicAdminKey));
    const message = Buffer.from('kbs admin request');
    // WHEN
    const signature = sign(null, message, privateKey);
    // THEN
    expect(publicKey.asymmetricKeyType).toBe('ed25519');
    expect(verify(null, message, publicKey, signature)).toBe(true);
    expect(verify(null, Buffer.from('tampered'), publicKey, signature)).toBe(false);
  });

  test('server certificate in the private folder is issued by the CA pinned in the repository', () => {
    // GIVEN
    const ca = new X509Certificate(fs.readFileSync(ws.publicCert));
    const server = new X509Certificate(fs.readFileSync(path.join(ws.privateDir, 'kbs-tls.crt')));
    const serverKey = createPrivateKey(fs.readFileSync(path.join(ws.privateDir, 'kbs-tls.key')));
    // THEN
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkPrivateKey(serverKey)).toBe(true);
    expect(server.subjectAltName).toBe('DNS:kbs-trustee-operator-system.apps.example.com, DNS:kbs-service');
    expect(result.caFingerprintSha256).toBe(ca.fingerprint256);
    expect(result.serverCertificateNotAfter.toISOString()).toBe('2025-04-15T12:00:00.000Z');
  });

  test('writes values-secret.yaml in format version "2.0" with the declared secrets in order', () => {
    // THEN
    expect(doc.version).toBe('2.0');
    expect(fs.readFileSync(result.valuesSecretFile, 'utf8')).toContain('version: "2.0"\n');
    expect(doc.secrets.map(s => [s.name, s.vaultPrefixes, s.fields.map(f => f.name)])).toEqual([
      ['kbsres1', ['hub'], ['key1', 'key2', 'key3']],
      ['kbsPublicKey', ['hub'], ['publicKey']],
      ['kbsPrivateKey', ['global'], ['privateKey']],
      ['kbs-https', ['hub'], ['tls.crt', 'tls.key']],
      ['securityPolicyConfig', ['hub'], ['osc']],
    ]);
  });

  test('points material fields at the private files with absolute paths', () => {
    // THEN
    const expected: [string, string, string][] = [
      ['kbsPublicKey', 'publicKey', MATERIAL_FILES.adminPublicKey.fileName],
      ['kbsPrivateKey', 'privateKey', MATERIAL_FILES.adminPrivateKey.fileName],
      ['kbs-https', 'tls.crt', MATERIAL_FILES.kbsTlsCertificate.fileName],
      ['kbs-https', 'tls.key', MATERIAL_FILES.kbsTlsKey.fileName],
    ];
    for (const [secret, name, fileName] of expected) {
      expect(field(doc, secret, name)).toEqual({ name, path: path.join(ws.privateDir, fileName) });
      expect(fs.existsSync(path.join(ws.privateDir, fileName))).toBe(true);
    }
  });

  test('writes random fields inline with the requested length and encoding, each different', () => {
    // THEN
    const key1 = field(doc, 'kbsres1', 'key1').value!;
    const key2 = field(doc, 'kbsres1', 'key2').value!;
    const key3 = field(doc, 'kbsres1', 'key3').value!;
    expect(key1).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(key1, 'base64')).toHaveLength(32);
    expect(key2).toMatch(/^[0-9a-f]{32}$/);
    expect(key3).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(key1).not.toBe(key3);
  });

  test('writes literal values unchanged', () => {
    // THEN
    expect(field(doc, 'securityPolicyConfig', 'osc')).toEqual({
      name: 'osc',
      value: '{\n  "default": [{"type": "reject"}],\n  "transports": {}\n}\n',
    });
  });
});

describe('initSecrets, second run', () => {
  test('generates different keys and random values each run', async () => {
    // GIVEN two workspaces
    const first = makeWorkspace();
    const second = makeWorkspace();
    try {
      // WHEN
      await initSecrets(optionsFor(first));
      await initSecrets(optionsFor(second));
      // THEN
      for (const name of ['kbs-admin-private.pem', 'kbs-tls.key', 'kbs-ca.crt']) {
        expect(fs.readFileSync(path.join(first.privateDir, name), 'utf8'))
          .not.toBe(fs.readFileSync(path.join(second.privateDir, name), 'utf8'));
      }
      const values = (ws: Workspace) => field(parse(fs.readFileSync(path.join(ws.privateDir, 'values-secret.yaml'), 'utf8')), 'kbsres1', 'key1');
      expect(values(first).value).not.toBe(values(second).value);
    } finally {
      removeWorkspace(first);
      removeWorkspace(second);
    }
  });
});

describe('initSecrets, options', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = makeWorkspace();
  });
  afterEach(() => removeWorkspace(ws));

  test('writes no SSH key unless asked', async () => {
    // WHEN
    await initSecrets(optionsFor(ws));
    // THEN
    expect(fs.existsSync(path.join(ws.privateDir, 'id_rsa'))).toBe(false);
    expect(fs.existsSync(path.join(ws.privateDir, 'id_rsa.pub'))).toBe(false);
  });

  test('with sshKey, writes an RSA key pair (0600) that fields can point at', async () => {
    // GIVEN
    const options = optionsFor(ws, {
      sshKey: true,
      secrets: [{
        name: 'sshKey',
        vaultPrefixes: ['global'],
        fields: [
          { name: 'id_rsa.pub', source: { material: 'sshPublicKey' } },
          { name: 'id_rsa', source: { material: 'sshPrivateKey' } },
        ],
      }],
    });
    // WHEN
    const result = await initSecrets(options);
    // THEN
    const privateFile = path.join(ws.privateDir, 'id_rsa');
    const publicFile = path.join(ws.privateDir, 'id_rsa.pub');
    expect(result.files.map(f => f.path)).toEqual(expect.arrayContaining([privateFile, publicFile]));
    expect([mode(privateFile), mode(publicFile)]).toEqual([0o600, 0o600]);
    expect(createPrivateKey(fs.readFileSync(privateFile)).asymmetricKeyType).toBe('rsa');
    expect(fs.readFileSync(publicFile, 'utf8')).toMatch(/^ssh-rsa AAAA[A-Za-z0-9+/=]+ coco-cdk8s-podvm-debug\n$/);
    const doc = parse(fs.readFileSync(result.valuesSecretFile, 'utf8'));
    expect(doc.secrets[0].fields).toEqual([{ name: 'id_rsa.pub', path: publicFile }, { name: 'id_rsa', path: privateFile }]);
  });

  test('writes a { file } field as a path to that file, without copying it', async () => {
    // GIVEN a file of the user's outside the repository
    const measurements = path.join(ws.base, 'home', 'measurements.json');
    fs.writeFileSync(measurements, '{}\n');
    // WHEN
    const result = await initSecrets(optionsFor(ws, {
      secrets: [{ name: 'pcrStash', vaultPrefixes: ['hub'], fields: [{ name: 'json', source: { file: measurements } }] }],
    }));
    // THEN
    const doc = parse(fs.readFileSync(result.valuesSecretFile, 'utf8'));
    expect(doc.secrets).toEqual([{ name: 'pcrStash', vaultPrefixes: ['hub'], fields: [{ name: 'json', path: measurements }] }]);
    expect(result.files.map(f => f.path)).not.toContain(measurements);
  });

  test('uses an existing private folder with mode 0700 and leaves its other files alone', async () => {
    // GIVEN
    fs.mkdirSync(ws.privateDir, { mode: 0o700 });
    fs.writeFileSync(path.join(ws.privateDir, 'notes.txt'), 'mine');
    // WHEN
    const result = await initSecrets(optionsFor(ws));
    // THEN
    expect(result.privateDirCreated).toBe(false);
    expect(fs.readFileSync(path.join(ws.privateDir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(fs.existsSync(path.join(ws.privateDir, 'values-secret.yaml'))).toBe(true);
  });

  test('without publicFiles.adminPublicKey only the CA certificate goes into the repository', async () => {
    // WHEN
    const result = await initSecrets(optionsFor(ws, { publicFiles: { kbsCertificate: ws.publicCert } }));
    // THEN
    expect(result.files.filter(f => f.visibility === 'public').map(f => f.path)).toEqual([ws.publicCert]);
    expect(fs.existsSync(ws.publicAdminKey)).toBe(false);
    expect(fs.readFileSync(path.join(ws.privateDir, 'kbs-admin-public.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  test('creates missing folders for the public files inside the repository', async () => {
    // GIVEN
    const cert = path.join(ws.repo, 'config', 'kbs', 'ca.crt');
    // WHEN
    await initSecrets(optionsFor(ws, { publicFiles: { kbsCertificate: cert, adminPublicKey: ws.publicAdminKey } }));
    // THEN
    expect(fs.readFileSync(cert, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  test('defaults the server certificate to 365 days and the CA to 3650 days from now', async () => {
    // GIVEN
    const now = new Date('2030-06-01T00:00:00Z');
    // WHEN
    const result = await initSecrets(optionsFor(ws, { now, validityDays: undefined, caValidityDays: undefined }));
    // THEN
    const ca = new X509Certificate(fs.readFileSync(ws.publicCert));
    expect(result.serverCertificateNotAfter.toISOString()).toBe('2031-06-01T00:00:00.000Z');
    expect(new Date(ca.validTo).toISOString()).toBe('2040-05-29T00:00:00.000Z') // 3650 days: three leap days in between;
    expect(new Date(ca.validFrom).toISOString()).toBe('2030-06-01T00:00:00.000Z');
  });
});

describe('initSecrets, long server validity', () => {
  test('keeps the default CA validity at least as long as the server certificate', async () => {
    // GIVEN
    const ws = makeWorkspace();
    try {
      // WHEN
      await initSecrets(optionsFor(ws, { validityDays: 5000, caValidityDays: undefined }));
      // THEN
      const ca = new X509Certificate(fs.readFileSync(ws.publicCert));
      const server = new X509Certificate(fs.readFileSync(path.join(ws.privateDir, 'kbs-tls.crt')));
      expect(ca.validTo).toBe(server.validTo);
    } finally {
      removeWorkspace(ws);
    }
  });
});
