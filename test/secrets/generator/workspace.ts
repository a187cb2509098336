/**
 * Test helpers for the secrets generator: a temporary folder with a fake repository and a private folder,
 * options that work, and a fingerprint of a folder tree to prove that nothing was written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InputError } from '../../../lib/errors';
import { InitSecretsOptions } from '../../../lib/secrets/generator';

/** A temporary layout: `<base>/repo` (the git work tree) and `<base>/home/.coco-cdk8s` (the private folder, not created). */
export interface Workspace {
  readonly base: string;
  readonly repo: string;
  readonly privateDir: string;
  readonly publicCert: string;
  readonly publicAdminKey: string;
}

/** Creates a workspace in a fresh temp folder (physical path, so comparisons with resolved paths hold). */
export function makeWorkspace(): Workspace {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'coco-secrets-')));
  const repo = path.join(base, 'repo');
  fs.mkdirSync(path.join(repo, 'secrets'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'pattern.yaml'), 'kept: true\n');
  fs.mkdirSync(path.join(base, 'home'));
  return {
    base,
    repo,
    privateDir: path.join(base, 'home', '.coco-cdk8s'),
    publicCert: path.join(repo, 'secrets', 'kbs-ca.crt'),
    publicAdminKey: path.join(repo, 'secrets', 'kbs-admin-public.pem'),
  };
}

/** Removes a workspace. */
export function removeWorkspace(ws: Workspace): void {
  fs.rmSync(ws.base, { recursive: true, force: true });
}

/** Options that succeed in `ws`, with `overrides` applied. */
export function optionsFor(ws: Workspace, overrides: Partial<InitSecretsOptions> = {}): InitSecretsOptions {
  return {
    privateDir: ws.privateDir,
    repoRoot: ws.repo,
    publicFiles: { kbsCertificate: ws.publicCert, adminPublicKey: ws.publicAdminKey },
    kbsHosts: ['kbs-trustee-operator-system.apps.example.com', 'kbs-service'],
    secrets: [
      {
        name: 'kbsres1',
        vaultPrefixes: ['hub'],
        fields: [
          { name: 'key1', source: { random: 32 } },
          { name: 'key2', source: { random: 16, encoding: 'hex' } },
          { name: 'key3', source: { random: 32 } },
        ],
      },
      { name: 'kbsPublicKey', vaultPrefixes: ['hub'], fields: [{ name: 'publicKey', source: { material: 'adminPublicKey' } }] },
      { name: 'kbsPrivateKey', vaultPrefixes: ['global'], fields: [{ name: 'privateKey', source: { material: 'adminPrivateKey' } }] },
      {
        name: 'kbs-https',
        vaultPrefixes: ['hub'],
        fields: [
          { name: 'tls.crt', source: { material: 'kbsTlsCertificate' } },
          { name: 'tls.key', source: { material: 'kbsTlsKey' } },
        ],
      },
      {
        name: 'securityPolicyConfig',
        vaultPrefixes: ['hub'],
        fields: [{ name: 'osc', source: { value: '{\n  "default": [{"type": "reject"}],\n  "transports": {}\n}\n' } }],
      },
    ],
    now: new Date('2025-01-15T12:00:00Z'),
    validityDays: 90,
    caValidityDays: 1000,
    ...overrides,
  };
}

/** Every entry under `dir` with its type, mode and content: equal before and after means nothing changed. */
export function treeFingerprint(dir: string): string[] {
  const entries: string[] = [];
  const walk = (current: string): void => {
    for (const name of fs.readdirSync(current).sort()) {
      const full = path.join(current, name);
      const stat = fs.lstatSync(full);
      const rel = path.relative(dir, full);
      const mode = (stat.mode & 0o777).toString(8);
      if (stat.isSymbolicLink()) {
        entries.push(`link ${rel} -> ${fs.readlinkSync(full)}`);
      } else if (stat.isDirectory()) {
        entries.push(`dir ${rel} ${mode}`);
        walk(full);
      } else {
        entries.push(`file ${rel} ${mode} ${fs.readFileSync(full, 'base64')}`);
      }
    }
  };
  walk(dir);
  return entries;
}

/** The problems of the InputError `promise` rejects with, as `path: message` lines; fails the test otherwise. */
export async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof InputError) {
      return e.problems.map(p => `${p.path}: ${p.message}`);
    }
    throw e;
  }
  throw new Error('expected an InputError, but the call succeeded');
}
