/**
 * What values-secret.yaml content survives the Validated Patterns loader (rhvp.cluster_utils `load-secrets`)
 * unchanged. The parser decodes inline `value:` strings with Python's `unicode_escape` (backslash sequences are
 * interpreted, non-ASCII is mangled); the Vault loader then runs `vault kv put ... field='<value>'` and
 * `cat '<path>' | ...` through a shell, and `vault kv put` reads `@file` / `-` (stdin) values instead of taking
 * them literally. Values in files (`path:`) are read as bytes and avoid all of this.
 */
import { quote } from '../../errors';

/** Printable ASCII, tab and newlines, without backslash and single quote. */
const SAFE_INLINE_CHAR = /^[\t\n\r\x20-\x26\x28-\x5b\x5d-\x7e]$/;

/**
 * Problem with an inline value, or undefined. The value may be secret: the message names the offending
 * character and its position, never the value.
 */
export function inlineValueProblem(value: string): string | undefined {
  const chars = [...value];
  const bad = chars.findIndex(ch => !SAFE_INLINE_CHAR.test(ch));
  if (bad >= 0) {
    const code = `U+${chars[bad].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return 'must be printable ASCII without backslashes or single quotes (load-secrets would change or break it: it decodes '
      + `inline values with unicode_escape and passes them through a shell); put it in a file and use { file }, got ${code} at character ${bad + 1}`;
  }
  if (value.startsWith('@') || value === '-') {
    return `must not start with "@" or be "-" (vault kv put would read a file or stdin instead); put it in a file and use { file }, got a value starting with ${quote(value[0])}`;
  }
  return undefined;
}

/** Problem with a path load-secrets will put in a single-quoted shell word, or undefined. */
export function shellQuotedPathProblem(file: string): string | undefined {
  return file.includes("'")
    ? `must not contain a single quote (load-secrets passes paths to a shell in single quotes), got ${quote(file)}`
    : undefined;
}
