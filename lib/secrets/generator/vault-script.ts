/**
 * `load-into-vault.sh`: the same Vault entries as values-secret.yaml, as one `vault kv put` per entry, so the
 * secrets can be loaded with nothing but the vault CLI. Every property is read from a file (`<prop>=@<file>`),
 * so no secret value appears in the script or on a command line: generated files are used where they are,
 * and each inline value of values-secret.yaml (random values, literals) is written to its own private file.
 */
import * as path from 'path';
import { ValuesSecretEntry } from './values-secret';

/** The script's file name in the private folder. */
export const LOAD_SCRIPT_FILE_NAME = 'load-into-vault.sh';
/** Folder (in the private folder) of the files holding the inline values. */
export const VAULT_VALUES_DIR_NAME = 'vault-values';
/** The KV v2 mount load-secrets and the ClusterSecretStore use. */
export const KV_MOUNT = 'secret';

/** One `vault kv put`: KV v2 mount, path under it, and each property with the file holding its value. */
export interface VaultPut {
  readonly mount: string;
  readonly path: string;
  readonly properties: readonly { readonly name: string; readonly file: string }[];
}

/** A value file to write: where, and its content (exactly the inline value of values-secret.yaml). */
export interface VaultValueFile {
  readonly file: string;
  readonly content: string;
}

/**
 * The puts for `entries` (each prefix of each entry) and the value files the inline values need, under
 * `<privateDir>/vault-values/<prefix>/<name>/<property>`.
 */
export function vaultPuts(entries: readonly ValuesSecretEntry[], privateDir: string): { puts: VaultPut[]; valueFiles: VaultValueFile[] } {
  const puts: VaultPut[] = [];
  const valueFiles: VaultValueFile[] = [];
  for (const entry of entries) {
    for (const prefix of entry.vaultPrefixes) {
      const properties = entry.fields.map(field => {
        if ('path' in field) return { name: field.name, file: field.path };
        const file = path.join(privateDir, VAULT_VALUES_DIR_NAME, ...prefix.split('/'), entry.name, field.name);
        valueFiles.push({ file, content: field.value });
        return { name: field.name, file };
      });
      puts.push({ mount: KV_MOUNT, path: `${prefix}/${entry.name}`, properties });
    }
  }
  return { puts, valueFiles };
}

/** A word for sh: single-quoted unless it is plain. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The `vault kv put` command line of one put. */
export function vaultPutCommand(put: VaultPut): string {
  return ['vault', 'kv', 'put', `-mount=${put.mount}`, put.path, ...put.properties.map(p => `${p.name}=@${p.file}`)].map(shellWord).join(' ');
}

/** The script: a header, `set -eu`, a check for the vault CLI and its address, then one command per put. */
export function renderLoadScript(puts: readonly VaultPut[], header: readonly string[], notes: readonly string[] = []): string {
  return [
    '#!/bin/sh',
    ...header.map(line => (line ? `# ${line}` : '#')),
    'set -eu',
    'command -v vault >/dev/null || { echo "error: the vault CLI is not on PATH" >&2; exit 1; }',
    ': "${VAULT_ADDR:?set VAULT_ADDR to the Vault address, e.g. https://<the vault Route host>}"',
    ...puts.map(vaultPutCommand),
    ...notes.map(line => `# ${line}`),
    '',
  ].join('\n');
}
