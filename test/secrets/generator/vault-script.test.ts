/**
 * load-into-vault.sh: one `vault kv put` per entry and prefix, every value from a file, safe for sh.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderLoadScript, vaultPutCommand, vaultPuts } from '../../../lib/secrets/generator/vault-script';

describe('vaultPuts', () => {
  test('one put per entry and prefix; inline values go to files under vault-values/<prefix>/<name>/<property>', () => {
    const { puts, valueFiles } = vaultPuts([
      { name: 'kbsres1', vaultPrefixes: ['hub', 'global/x'], fields: [{ name: 'key1', value: 'v1' }, { name: 'tls.key', path: '/p/kbs-tls.key' }] },
    ], '/priv');
    expect(puts).toEqual([
      { mount: 'secret', path: 'hub/kbsres1', properties: [{ name: 'key1', file: '/priv/vault-values/hub/kbsres1/key1' }, { name: 'tls.key', file: '/p/kbs-tls.key' }] },
      { mount: 'secret', path: 'global/x/kbsres1', properties: [{ name: 'key1', file: '/priv/vault-values/global/x/kbsres1/key1' }, { name: 'tls.key', file: '/p/kbs-tls.key' }] },
    ]);
    expect(valueFiles).toEqual([
      { file: '/priv/vault-values/hub/kbsres1/key1', content: 'v1' },
      { file: '/priv/vault-values/global/x/kbsres1/key1', content: 'v1' },
    ]);
  });
});

describe('the script', () => {
  test('quotes words sh would split or expand, and a fake vault CLI receives exactly the arguments', () => {
    // GIVEN a private folder whose path has a space, a quote and a dollar sign, and a fake vault on PATH
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coco vault 'x' $HOME-"));
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'vault'), '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done; echo --\n', { mode: 0o755 });
    const { puts } = vaultPuts([{ name: 'passphrase', vaultPrefixes: ['hub'], fields: [{ name: 'passphrase', value: 's3cret' }] }], dir);
    const script = path.join(dir, 'load.sh');
    fs.writeFileSync(script, renderLoadScript(puts, ['header']));
    expect(vaultPutCommand(puts[0])).toBe(`vault kv put -mount=secret hub/passphrase 'passphrase=@${dir.replace(/'/g, `'\\''`)}/vault-values/hub/passphrase/passphrase'`);
    // WHEN
    const out = execFileSync('sh', [script], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, VAULT_ADDR: 'https://vault.example.com' } });
    // THEN
    expect(out.split('\n')).toEqual(['kv', 'put', '-mount=secret', 'hub/passphrase', `passphrase=@${dir}/vault-values/hub/passphrase/passphrase`, '--', '']);
    // AND without VAULT_ADDR it stops before any put, saying what to set
    let stderr = '';
    try {
      execFileSync('sh', [script], { encoding: 'utf8', stdio: 'pipe', env: { PATH: `${bin}:/usr/bin:/bin` } });
    } catch (e) {
      stderr = (e as { stderr: string }).stderr;
    }
    expect(stderr).toMatch(/VAULT_ADDR: set VAULT_ADDR to the Vault address/);
  });
});
