/**
 * TOML for the files inside initdata (aa.toml, cdh.toml), written by smol-toml and checked by
 * parsing the text back, so a serializer quirk can never ship a config that reads differently.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'smol-toml';

/**
 * Serializes `table` with smol-toml, verifies that the text parses back to the same data and
 * returns it ending with exactly one newline. Throws an Error (a bug, not an input problem) if
 * the round trip differs.
 */
export function renderTomlTable(table: Record<string, unknown>): string {
  const text = `${stringify(table).replace(/\n+$/, '')}\n`;
  const parsed: unknown = parse(text);
  if (!isDeepStrictEqual(plain(parsed), plain(table))) {
    throw new Error(`TOML round trip changed the data: rendered ${JSON.stringify(text)}`);
  }
  return text;
}

/** Plain JSON data (drops prototypes and undefined members) so deep equality compares content only. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
