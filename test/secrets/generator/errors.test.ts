import * as fs from 'fs';
import * as path from 'path';
import { initSecrets, InitSecretsOptions, SecretSpec } from '../../../lib/secrets/generator';
import { makeWorkspace, optionsFor, problemsOf, removeWorkspace, treeFingerprint, Workspace } from './workspace';

/** Runs initSecrets with `options`, expects an InputError and that nothing under the workspace changed. */
async function rejectsWithoutWriting(ws: Workspace, options: InitSecretsOptions): Promise<string[]> {
  const before = treeFingerprint(ws.base);
  const problems = await problemsOf(initSecrets(options));
  expect(treeFingerprint(ws.base)).toEqual(before);
  return problems;
}

function oneSecret(source: unknown, extra: Partial<SecretSpec> = {}): SecretSpec[] {
  return [{ name: 's', vaultPrefixes: ['hub'], fields: [{ name: 'f', source: source as never }], ...extra }];
}

describe('initSecrets errors', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = makeWorkspace();
  });
  afterEach(() => removeWorkspace(ws));

  describe('private folder inside the repository', () => {
    test('rejects a privateDir inside repoRoot', async () => {
      // GIVEN
      const privateDir = path.join(ws.repo, '.secrets');
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { privateDir }));
      // THEN
      expect(problems).toEqual([
        `privateDir: must be outside the git work tree "${ws.repo}" so private keys never reach git, got "${privateDir}"`,
      ]);
    });

    test('rejects privateDir equal to repoRoot', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { privateDir: ws.repo }));
      // THEN
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^privateDir: must be outside the git work tree/);
    });

    test('rejects a privateDir that reaches the repository through a symlink', async () => {
      // GIVEN home/link -> repo
      const link = path.join(ws.base, 'home', 'link');
      fs.symlinkSync(ws.repo, link);
      const privateDir = path.join(link, 'private');
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { privateDir }));
      // THEN
      expect(problems).toEqual([
        `privateDir: must be outside the git work tree "${ws.repo}" so private keys never reach git, got "${privateDir}" (resolves to "${path.join(ws.repo, 'private')}")`,
      ]);
    });

    test('rejects a privateDir that reaches the repository through ".."', async () => {
      // GIVEN
      const privateDir = `${ws.base}/home/../repo/secrets/private`;
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { privateDir }));
      // THEN
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(`privateDir: must be outside the git work tree "${ws.repo}"`);
      expect(problems[0]).toContain(`(resolves to "${path.join(ws.repo, 'secrets', 'private')}")`);
    });

    test('rejects a privateDir where ".." follows a symlink into the repository', async () => {
      // GIVEN home/link -> repo/secrets, so home/link/../private is repo/private
      fs.symlinkSync(path.join(ws.repo, 'secrets'), path.join(ws.base, 'home', 'link'));
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { privateDir: `${ws.base}/home/link/../private` }));
      // THEN
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(`(resolves to "${path.join(ws.repo, 'private')}")`);
    });

    test('rejects a repoRoot given through a symlink when privateDir is inside the real tree', async () => {
      // GIVEN repo-link -> repo, privateDir given by its real path
      const repoLink = path.join(ws.base, 'repo-link');
      fs.symlinkSync(ws.repo, repoLink);
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, {
        repoRoot: repoLink,
        privateDir: path.join(ws.repo, 'private'),
      }));
      // THEN
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^privateDir: must be outside the git work tree/);
    });
  });

  describe('existing files', () => {
    test('lists every existing target, writes nothing and leaves existing content unchanged', async () => {
      // GIVEN an earlier run's files
      fs.mkdirSync(ws.privateDir, { mode: 0o700 });
      fs.writeFileSync(path.join(ws.privateDir, 'kbs-tls.key'), 'old key');
      fs.writeFileSync(path.join(ws.privateDir, 'values-secret.yaml'), 'old values');
      fs.writeFileSync(ws.publicCert, 'old cert');
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws));
      // THEN
      const tail = 'secrets init never overwrites: move it away, or rotate (secrets init --rotate keeps the old files as a backup and issues new ones) (nothing was written)';
      expect(problems).toEqual([
        `privateDir: would overwrite the existing file "${path.join(ws.privateDir, 'kbs-tls.key')}"; ${tail}`,
        `privateDir: would overwrite the existing file "${path.join(ws.privateDir, 'values-secret.yaml')}"; ${tail}`,
        `publicFiles.kbsCertificate: would overwrite the existing file "${ws.publicCert}"; ${tail}`,
      ]);
      expect(fs.readFileSync(path.join(ws.privateDir, 'kbs-tls.key'), 'utf8')).toBe('old key');
      expect(fs.readFileSync(ws.publicCert, 'utf8')).toBe('old cert');
    });

    test('counts a dangling symlink as an existing file', async () => {
      // GIVEN a symlink to a file that does not exist yet, inside the repository
      fs.symlinkSync(path.join(ws.repo, 'nowhere'), ws.publicAdminKey);
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws));
      // THEN
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^publicFiles\.adminPublicKey: would overwrite the existing file/);
    });

    test('checks the SSH files only when sshKey is set', async () => {
      // GIVEN
      fs.mkdirSync(ws.privateDir, { mode: 0o700 });
      fs.writeFileSync(path.join(ws.privateDir, 'id_rsa'), 'old');
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { sshKey: true }));
      // THEN
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(`"${path.join(ws.privateDir, 'id_rsa')}"`);
    });
  });

  describe('hosts', () => {
    test.each([
      ['Not A Host'],
      ['KBS.example.com'],
      ['kbs_.example.com'],
      ['-kbs.example.com'],
      ['kbs..example.com'],
      ['kbs.example.com.'],
      [''],
      [`${'a'.repeat(64)}.example.com`],
      ['10.0.0.1:8080'],
    ])('rejects the host %p, naming it', async host => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { kbsHosts: ['kbs-service', host] }));
      // THEN
      expect(problems).toEqual([
        `kbsHosts[1]: must be a DNS name (lowercase labels of letters, digits and '-', separated by '.', e.g. "kbs.apps.example.com"), got ${JSON.stringify(host)}`,
      ]);
    });

    test('rejects no hosts', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { kbsHosts: [] }));
      // THEN
      expect(problems).toEqual(['kbsHosts: must list at least one DNS name for the KBS certificate, got []']);
    });

    test('rejects a repeated host', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { kbsHosts: ['kbs-service', 'kbs-service'] }));
      // THEN
      expect(problems).toEqual(['kbsHosts[1]: must not repeat a host, got "kbs-service" twice']);
    });
  });

  describe('field sources', () => {
    test('rejects an unknown material name, listing the known ones', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ material: 'kbsCaKey' }) }));
      // THEN
      expect(problems).toEqual([
        'secrets[0].fields[0].source.material: must be one of adminPrivateKey, adminPublicKey, kbsCaCertificate, kbsTlsCertificate, kbsTlsCertificateChain, kbsTlsKey, sshPrivateKey, sshPublicKey, tokenSignerCertificate, tokenSignerKey, got "kbsCaKey"',
      ]);
    });

    test('rejects SSH material without sshKey: true', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ material: 'sshPublicKey' }) }));
      // THEN
      expect(problems).toEqual([
        'secrets[0].fields[0].source.material: needs sshKey: true (the SSH key pair is opt-in), got "sshPublicKey" without it',
      ]);
    });

    test.each([[0], [-1], [1.5], [5000], ['32']])('rejects random: %p', async bytes => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ random: bytes }) }));
      // THEN
      expect(problems).toEqual([`secrets[0].fields[0].source.random: must be a number of bytes from 1 to 4096, got ${JSON.stringify(bytes)}`]);
    });

    test('rejects an unknown random encoding', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ random: 8, encoding: 'base32' }) }));
      // THEN
      expect(problems).toEqual(['secrets[0].fields[0].source.encoding: must be "base64" or "hex", got "base32"']);
    });

    test('rejects a literal that load-secrets would change, without printing the value', async () => {
      // GIVEN a secret-looking literal with a backslash
      const value = 'hunter2\\n';
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ value }) }));
      // THEN
      expect(problems).toEqual([
        'secrets[0].fields[0].source.value: must be printable ASCII without backslashes or single quotes (load-secrets would change or break it: it decodes inline values with unicode_escape and passes them through a shell); put it in a file and use { file }, got U+005C at character 8',
      ]);
      expect(problems.join('')).not.toContain('hunter2');
    });

    test('rejects a literal with a single quote, which would break the loader\'s shell command', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ value: "it's" }) }));
      // THEN
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/got U\+0027 at character 3$/);
    });

    test.each([['@/etc/passwd'], ['-']])('rejects the literal %p, which vault kv put would read as a file or stdin', async value => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ value }) }));
      // THEN
      expect(problems).toEqual([
        `secrets[0].fields[0].source.value: must not start with "@" or be "-" (vault kv put would read a file or stdin instead); put it in a file and use { file }, got a value starting with "${value[0]}"`,
      ]);
    });

    test('rejects a file path with a single quote', async () => {
      // GIVEN an existing file whose name has a quote
      const file = path.join(ws.base, "it's.json");
      fs.writeFileSync(file, '{}');
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ file }) }));
      // THEN
      expect(problems).toEqual([
        `secrets[0].fields[0].source.file: must not contain a single quote (load-secrets passes paths to a shell in single quotes), got ${JSON.stringify(file)}`,
      ]);
    });

    test('rejects a non-ASCII literal', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ value: 'café' }) }));
      // THEN
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/got U\+00E9 at character 4$/);
    });

    test('rejects an empty literal', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ value: '' }) }));
      // THEN
      expect(problems).toEqual(['secrets[0].fields[0].source.value: must be a non-empty string (load-secrets rejects an empty value), got ""']);
    });

    test('rejects a relative file path', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ file: 'measurements.json' }) }));
      // THEN
      expect(problems).toEqual([
        'secrets[0].fields[0].source.file: must be an absolute path (load-secrets reads it from wherever it runs), got "measurements.json"',
      ]);
    });

    test('rejects a missing file and a folder', async () => {
      // GIVEN
      const missing = path.join(ws.base, 'missing.json');
      const folder = path.join(ws.base, 'home');
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, {
        secrets: [{ name: 's', vaultPrefixes: ['hub'], fields: [{ name: 'a', source: { file: missing } }, { name: 'b', source: { file: folder } }] }],
      }));
      // THEN
      expect(problems).toEqual([
        `secrets[0].fields[0].source.file: must be an existing file (load-secrets fails on a missing path), got "${missing}"`,
        `secrets[0].fields[1].source.file: must be an existing file (load-secrets fails on a missing path), got "${folder}"`,
      ]);
    });

    test('rejects a source with two kinds, naming its keys only', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ value: 'secret-ish', random: 8 }) }));
      // THEN
      expect(problems).toEqual(['secrets[0].fields[0].source: must have exactly one of random, material, value, file, got the keys ["value","random"]']);
    });

    test('rejects a source with no kind', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ generate: true }) }));
      // THEN
      expect(problems).toEqual(['secrets[0].fields[0].source: must have exactly one of random, material, value, file, got the keys ["generate"]']);
    });

    test('rejects a source that is not an object', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret('plain text') }));
      // THEN
      expect(problems).toEqual(['secrets[0].fields[0].source: must be one of { random }, { material }, { value }, { file }, got "string"']);
    });

    test('rejects unknown keys next to a source kind', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { secrets: oneSecret({ material: 'kbsTlsKey', encoding: 'hex' }) }));
      // THEN
      expect(problems).toEqual(['secrets[0].fields[0].source.encoding: is not a known option (expected material), got "encoding"']);
    });
  });

  describe('secret structure', () => {
    test('rejects duplicate secret and field names', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, {
        secrets: [
          { name: 'a', vaultPrefixes: ['hub'], fields: [{ name: 'k', source: { random: 4 } }, { name: 'k', source: { random: 4 } }] },
          { name: 'a', vaultPrefixes: ['hub'], fields: [{ name: 'k', source: { random: 4 } }] },
        ],
      }));
      // THEN
      expect(problems).toEqual([
        'secrets[0].fields[1].name: must be unique within the secret, got "k" twice',
        'secrets[1].name: must be unique (load-secrets rejects duplicate secret names), got "a" twice',
      ]);
    });

    test('rejects bad names, prefixes and empty lists', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, {
        secrets: [
          { name: 'has space', vaultPrefixes: [], fields: [] },
          { name: 'ok', vaultPrefixes: ['hub', '../etc'], fields: [{ name: '..', source: { random: 4 } }] },
        ],
      }));
      // THEN
      expect(problems).toEqual([
        'secrets[0].name: must be a secret name of letters, digits, \'-\', \'_\' and \'.\', got "has space"',
        'secrets[0].vaultPrefixes: must list at least one Vault prefix (e.g. ["hub"]), got []',
        'secrets[0].fields: must list at least one field (load-secrets rejects a secret without fields), got []',
        'secrets[1].vaultPrefixes[1]: must be a Vault path prefix such as "hub" or "global", got "../etc"',
        'secrets[1].fields[0].name: must be a field name of letters, digits, \'-\', \'_\' and \'.\', got ".."',
      ]);
    });

    test('rejects unknown keys on a secret and a field', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, {
        secrets: [{ name: 's', vaultPrefixes: ['hub'], targetNamespaces: ['x'], fields: [{ name: 'f', source: { random: 4 }, base64: true }] } as never],
      }));
      // THEN
      expect(problems).toEqual([
        'secrets[0].targetNamespaces: is not a known option (expected name, vaultPrefixes, fields), got "targetNamespaces"',
        'secrets[0].fields[0].base64: is not a known option (expected name, source), got "base64"',
      ]);
    });
  });

  describe('locations', () => {
    test('rejects relative privateDir and repoRoot', async () => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { privateDir: '.coco-cdk8s', repoRoot: 'repo' }));
      // THEN
      expect(problems).toEqual([
        'repoRoot: must be an absolute path, got "repo"',
        'privateDir: must be an absolute path, got ".coco-cdk8s"',
      ]);
    });

    test('rejects a repoRoot that does not exist', async () => {
      // GIVEN
      const repoRoot = path.join(ws.base, 'nope');
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { repoRoot }));
      // THEN
      expect(problems).toEqual([`repoRoot: must be an existing folder (the git work tree), got "${repoRoot}"`]);
    });

    test('rejects a privateDir with a single quote, which values-secret.yaml paths would carry into a shell', async () => {
      // GIVEN
      const privateDir = path.join(ws.base, 'home', "o'brien");
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { privateDir }));
      // THEN
      expect(problems).toEqual([
        `privateDir: must not contain a single quote (load-secrets passes paths to a shell in single quotes), got ${JSON.stringify(privateDir)}`,
      ]);
    });

    test('rejects a privateDir that is a file', async () => {
      // GIVEN
      const privateDir = path.join(ws.base, 'home', 'file');
      fs.writeFileSync(privateDir, 'x');
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { privateDir }));
      // THEN
      expect(problems).toEqual([`privateDir: must be a folder, got "${privateDir}", which is a file`]);
    });

    test('rejects an existing privateDir readable by others', async () => {
      // GIVEN
      fs.mkdirSync(ws.privateDir);
      fs.chmodSync(ws.privateDir, 0o755);
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws));
      // THEN
      expect(problems).toEqual([
        `privateDir: must not be accessible by group or others (mode 0700), got "${ws.privateDir}" with mode 0755; run chmod 700 on it`,
      ]);
    });

    test('rejects public files outside the repository, relative, or the same file twice', async () => {
      // GIVEN
      const outside = path.join(ws.base, 'home', 'ca.crt');
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { publicFiles: { kbsCertificate: outside, adminPublicKey: 'admin.pem' } }));
      const same = await rejectsWithoutWriting(ws, optionsFor(ws, { publicFiles: { kbsCertificate: ws.publicCert, adminPublicKey: ws.publicCert } }));
      // THEN
      expect(problems).toEqual([
        `publicFiles.kbsCertificate: must be a file inside the git work tree "${ws.repo}", got "${outside}"`,
        'publicFiles.adminPublicKey: must be an absolute path inside the repository, got "admin.pem"',
      ]);
      expect(same).toEqual([`publicFiles.adminPublicKey: must differ from publicFiles.kbsCertificate, got "${ws.publicCert}" for both`]);
    });

    test('rejects a public file that leaves the repository through a symlink', async () => {
      // GIVEN repo/out -> home
      fs.symlinkSync(path.join(ws.base, 'home'), path.join(ws.repo, 'out'));
      const cert = path.join(ws.repo, 'out', 'ca.crt');
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { publicFiles: { kbsCertificate: cert, adminPublicKey: ws.publicAdminKey } }));
      // THEN
      expect(problems).toEqual([
        `publicFiles.kbsCertificate: must be a file inside the git work tree "${ws.repo}", got "${cert}" (resolves to "${path.join(ws.base, 'home', 'ca.crt')}")`,
      ]);
    });

    test('refuses a public file that is a dangling symlink pointing out of the repository, and writes nothing there', async () => {
      // GIVEN repo/secrets/kbs-ca.crt -> home/elsewhere.crt (missing)
      const target = path.join(ws.base, 'home', 'elsewhere.crt');
      fs.symlinkSync(target, ws.publicCert);
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws));
      // THEN
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^publicFiles\.kbsCertificate: would overwrite the existing file/);
      expect(fs.existsSync(target)).toBe(false);
    });

    test.each([['/secrets/'], ['/secrets/..'], ['/secrets/.']])('rejects the public file path <repo>%s', async suffix => {
      // GIVEN
      const kbsCertificate = `${ws.repo}${suffix}`;
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, { publicFiles: { kbsCertificate, adminPublicKey: ws.publicAdminKey } }));
      // THEN
      expect(problems).toEqual([`publicFiles.kbsCertificate: must be a file path inside the repository, got "${kbsCertificate}"`]);
    });
  });

  describe('validity', () => {
    test.each([
      [{ validityDays: 0 }, 'validityDays: must be a whole number of days from 1 to 36500, got 0'],
      [{ validityDays: 1.5 }, 'validityDays: must be a whole number of days from 1 to 36500, got 1.5'],
      [{ caValidityDays: 40000 }, 'caValidityDays: must be a whole number of days from 1 to 36500, got 40000'],
      [{ validityDays: 400, caValidityDays: 300 }, 'caValidityDays: must be at least validityDays (400) so the CA outlives the server certificate, got 300'],
      [{ validityDays: undefined, caValidityDays: 100 }, 'caValidityDays: must be at least the default validityDays (365) so the CA outlives the server certificate, got 100'],
      [{ now: new Date('not a date') }, 'now: must be a valid Date, got "Invalid Date"'],
    ])('rejects %p', async (overrides, expected) => {
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, overrides));
      // THEN
      expect(problems).toEqual([expected]);
    });
  });

  test('reports problems from every option at once', async () => {
    // WHEN
    const problems = await rejectsWithoutWriting(ws, optionsFor(ws, {
      privateDir: path.join(ws.repo, 'private'),
      kbsHosts: ['Bad Host'],
      secrets: oneSecret({ material: 'nope' }),
    }));
    // THEN
    expect(problems.map(p => p.split(':')[0])).toEqual(['privateDir', 'kbsHosts[0]', 'secrets[0].fields[0].source.material']);
  });

  describe('failure while writing', () => {
    test('removes every file and folder this run created', async () => {
      // GIVEN the admin public key's parent is a file, so its write fails after all private files are written
      fs.writeFileSync(path.join(ws.repo, 'blocker'), 'not a folder');
      const adminPublicKey = path.join(ws.repo, 'blocker', 'admin.pem');
      const privateDir = path.join(ws.base, 'home', 'new', '.coco-cdk8s');
      // WHEN
      const problems = await rejectsWithoutWriting(ws, optionsFor(ws, {
        privateDir,
        publicFiles: { kbsCertificate: ws.publicCert, adminPublicKey },
      }));
      // THEN
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^publicFiles\\.adminPublicKey: could not write "${adminPublicKey}": ENOTDIR: not a directory.*; nothing was written \\(files of this run removed\\)$`));
      expect(fs.existsSync(path.join(ws.base, 'home', 'new'))).toBe(false);
      expect(fs.existsSync(ws.publicCert)).toBe(false);
    });

    test('keeps an existing private folder and its other files', async () => {
      // GIVEN
      fs.mkdirSync(ws.privateDir, { mode: 0o700 });
      fs.writeFileSync(path.join(ws.privateDir, 'notes.txt'), 'mine');
      fs.writeFileSync(path.join(ws.repo, 'blocker'), 'not a folder');
      // WHEN
      await rejectsWithoutWriting(ws, optionsFor(ws, {
        publicFiles: { kbsCertificate: path.join(ws.repo, 'blocker', 'ca.crt'), adminPublicKey: ws.publicAdminKey },
      }));
      // THEN
      expect(fs.readdirSync(ws.privateDir)).toEqual(['notes.txt']);
    });
  });
});
