import { createPrivateKey, X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { initSecrets, MATERIAL_FILES, TOKEN_SIGNER_COMMON_NAME } from '../../../lib/secrets/generator';
import { makeWorkspace, optionsFor, problemsOf, removeWorkspace, treeFingerprint, Workspace } from './workspace';

const ON_DEMAND = ['kbs-tls-chain.crt', 'kbs-token-signer.crt', 'kbs-token-signer.key'];

function mode(p: string): number {
  return fs.statSync(p).mode & 0o777;
}

/** Every PEM certificate block of `pem`, parsed. */
function certificates(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? []).map(block => new X509Certificate(block));
}

describe('initSecrets, materials generated on demand', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = makeWorkspace();
  });
  afterEach(() => removeWorkspace(ws));

  test('writes no token signer and no certificate chain when no field asks for them', async () => {
    // WHEN
    const result = await initSecrets(optionsFor(ws));
    // THEN
    for (const name of ON_DEMAND) {
      expect([name, fs.existsSync(path.join(ws.privateDir, name))]).toEqual([name, false]);
    }
    expect(result.files.map(f => path.basename(f.path))).not.toEqual(expect.arrayContaining([ON_DEMAND[0]]));
  });

  describe('when fields ask for the token signer and the certificate chain', () => {
    let result: Awaited<ReturnType<typeof initSecrets>>;
    beforeEach(async () => {
      // GIVEN
      const options = optionsFor(ws, {
        secrets: [
          {
            name: 'kbsTls',
            vaultPrefixes: ['hub'],
            fields: [
              { name: 'tls.key', source: { material: 'kbsTlsKey' } },
              { name: 'tls.crt', source: { material: 'kbsTlsCertificateChain' } },
            ],
          },
          {
            name: 'kbsTokenSigner',
            vaultPrefixes: ['hub'],
            fields: [
              { name: 'token.key', source: { material: 'tokenSignerKey' } },
              { name: 'token.crt', source: { material: 'tokenSignerCertificate' } },
            ],
          },
        ],
      });
      // WHEN
      result = await initSecrets(options);
    });

    test('writes them into the private folder with mode 0600 and points the fields at them', () => {
      // THEN
      for (const name of ON_DEMAND) {
        const file = path.join(ws.privateDir, name);
        expect([name, mode(file)]).toEqual([name, 0o600]);
        expect(result.files).toContainEqual(expect.objectContaining({ path: file, visibility: 'private' }));
      }
      const doc = parse(fs.readFileSync(result.valuesSecretFile, 'utf8'));
      expect(doc.secrets).toEqual([
        {
          name: 'kbsTls',
          vaultPrefixes: ['hub'],
          fields: [
            { name: 'tls.key', path: path.join(ws.privateDir, MATERIAL_FILES.kbsTlsKey.fileName) },
            { name: 'tls.crt', path: path.join(ws.privateDir, 'kbs-tls-chain.crt') },
          ],
        },
        {
          name: 'kbsTokenSigner',
          vaultPrefixes: ['hub'],
          fields: [
            { name: 'token.key', path: path.join(ws.privateDir, 'kbs-token-signer.key') },
            { name: 'token.crt', path: path.join(ws.privateDir, 'kbs-token-signer.crt') },
          ],
        },
      ]);
    });

    test('the chain is the server certificate followed by the CA pinned in the repository', () => {
      // THEN
      const chain = fs.readFileSync(path.join(ws.privateDir, 'kbs-tls-chain.crt'), 'utf8');
      expect(chain).toBe(fs.readFileSync(path.join(ws.privateDir, 'kbs-tls.crt'), 'utf8') + fs.readFileSync(ws.publicCert, 'utf8'));
      const [leaf, ca] = certificates(chain);
      expect(certificates(chain)).toHaveLength(2);
      expect(leaf.checkIssued(ca)).toBe(true);
      expect(leaf.checkPrivateKey(createPrivateKey(fs.readFileSync(path.join(ws.privateDir, 'kbs-tls.key'))))).toBe(true);
      expect(ca.ca).toBe(true);
    });

    test('the token signer key matches its certificate, which is valid as long as the server certificate', () => {
      // THEN
      const cert = new X509Certificate(fs.readFileSync(path.join(ws.privateDir, 'kbs-token-signer.crt')));
      const key = createPrivateKey(fs.readFileSync(path.join(ws.privateDir, 'kbs-token-signer.key')));
      expect(cert.checkPrivateKey(key)).toBe(true);
      expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      expect(cert.subject).toBe(`CN=${TOKEN_SIGNER_COMMON_NAME}`);
      expect(cert.ca).toBe(false);
      expect(new Date(cert.validTo).toISOString()).toBe(result.serverCertificateNotAfter.toISOString());
    });

    test('puts neither into the repository', () => {
      // THEN
      expect(fs.readdirSync(path.join(ws.repo, 'secrets')).sort()).toEqual(['kbs-admin-public.pem', 'kbs-ca.crt']);
    });
  });

  test('refuses an existing token signer file, writing nothing', async () => {
    // GIVEN
    fs.mkdirSync(ws.privateDir, { mode: 0o700 });
    fs.writeFileSync(path.join(ws.privateDir, 'kbs-token-signer.key'), 'old');
    const before = treeFingerprint(ws.base);
    const options = optionsFor(ws, {
      secrets: [{ name: 'kbsTokenSigner', vaultPrefixes: ['hub'], fields: [{ name: 'token.key', source: { material: 'tokenSignerKey' } }] }],
    });
    // WHEN
    const problems = await problemsOf(initSecrets(options));
    // THEN
    expect(problems).toEqual([
      `privateDir: would overwrite the existing file "${path.join(ws.privateDir, 'kbs-token-signer.key')}"; secrets init never overwrites: move it away, or rotate (secrets init --rotate keeps the old files as a backup and issues new ones) (nothing was written)`,
    ]);
    expect(treeFingerprint(ws.base)).toEqual(before);
  });

  test('ignores an existing token signer file when no field asks for the token signer', async () => {
    // GIVEN
    fs.mkdirSync(ws.privateDir, { mode: 0o700 });
    fs.writeFileSync(path.join(ws.privateDir, 'kbs-token-signer.key'), 'old');
    // WHEN
    await initSecrets(optionsFor(ws));
    // THEN
    expect(fs.readFileSync(path.join(ws.privateDir, 'kbs-token-signer.key'), 'utf8')).toBe('old');
  });
});
