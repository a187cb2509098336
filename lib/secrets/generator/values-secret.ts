/**
 * Renders values-secret.yaml in the Validated Patterns secrets format version "2.0", the file
 * `make load-secrets` (rhvp.cluster_utils) pushes into Vault at `secret/<prefix>/<name>`.
 *
 * Format facts relied on: top-level `version: "2.0"` and `secrets:`; each secret has `name`, `vaultPrefixes`
 * (a non-empty list) and a non-empty `fields` list; each field has a `name` and exactly one of `value` (inline)
 * or `path` (a file, `~` expanded, which must exist when loading); `onMissingValue` defaults to `error`.
 */
import { Document } from 'yaml';

/** A field as written: inline `value` or a `path` to a file. */
export type ValuesSecretField =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly path: string };

/** A secret as written. */
export interface ValuesSecretEntry {
  readonly name: string;
  readonly vaultPrefixes: readonly string[];
  readonly fields: readonly ValuesSecretField[];
}

/** The format version this renderer writes. */
export const VALUES_SECRET_VERSION = '2.0';

/**
 * The YAML text of a values-secret file with `secrets`, preceded by `header` as comment lines.
 * Written as YAML 1.1-safe text (strings such as `yes`, `on`, `0777` are quoted) because load-secrets parses it
 * with PyYAML, a YAML 1.1 parser.
 */
export function renderValuesSecret(secrets: readonly ValuesSecretEntry[], header: readonly string[]): string {
  const body = {
    version: VALUES_SECRET_VERSION,
    secrets: secrets.map(secret => ({
      name: secret.name,
      vaultPrefixes: [...secret.vaultPrefixes],
      fields: secret.fields.map(field => ('value' in field
        ? { name: field.name, value: field.value }
        : { name: field.name, path: field.path })),
    })),
  };
  const text = new Document(body, { version: '1.1' }).toString({ lineWidth: 0 });
  const comments = header.map(line => (line ? `# ${line}` : '#')).join('\n');
  return comments ? `${comments}\n\n${text}` : text;
}
