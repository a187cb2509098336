/**
 * The wire form of initdata: standard base64 (padded, one line) of gzip(TOML bytes), the value of the
 * `cc_init_data` pod annotation (`io.katacontainers.config.hypervisor.` from OSC 1.11, `...runtime.` before; see
 * lib/sandbox/osc-versions.ts) and of `INITDATA` in `peer-pods-cm`.
 */
import { gunzipSync } from 'node:zlib';
import { gzipSync } from 'fflate';
import { quote, reject } from '../errors';
import { initDataBytes } from './text';

/**
 * gzip settings. fflate is plain JavaScript, so the same input gives the same bytes on every machine
 * (Node's zlib output may vary with the zlib build and CPU). mtime 0 keeps the time out of the header.
 */
const GZIP_OPTIONS = { level: 9, mem: 8, mtime: 0 } as const;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Encodes initdata TOML for the cluster: base64 of its gzip, deterministic across machines. */
export function encodeInitData(toml: string): string {
  const bytes = initDataBytes(toml, 'initdata');
  return Buffer.from(gzipSync(bytes, GZIP_OPTIONS)).toString('base64');
}

/**
 * Decodes an encoded initdata value back to its TOML text (with Node's zlib, independent of the encoder).
 * Throws an InputError about `path` when the value is not padded standard base64 of gzip'd UTF-8 text.
 */
export function decodeInitData(blob: string, path = 'initdata'): string {
  if (typeof blob !== 'string' || blob === '' || !BASE64.test(blob)) {
    reject(path, `must be standard base64 (A-Z, a-z, 0-9, '+', '/', '=' padding, one line) of gzip data, got ${quote(blob)}`);
  }
  const compressed = Buffer.from(blob, 'base64');
  if (compressed.length < 2 || compressed[0] !== 0x1f || compressed[1] !== 0x8b) {
    const hint = /^\s*(algorithm|version|\[data\])/.test(compressed.toString('utf8'))
      ? ' (this looks like plain base64 of TOML: initdata must be gzip-compressed before base64)'
      : '';
    reject(path, `must be base64 of gzip data${hint}, got ${quote(blob)}`);
  }
  let bytes: Buffer;
  try {
    bytes = gunzipSync(compressed);
  } catch (error) {
    return reject(path, `must be base64 of complete gzip data (${(error as Error).message}), got ${quote(blob)}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return reject(path, `must decompress to UTF-8 text, got ${quote(blob)}`);
  }
}
