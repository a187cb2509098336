/**
 * The exact bytes of initdata text. The digest and the gzip input must be the same bytes, so both
 * go through {@link initDataBytes}, which refuses strings that have no faithful UTF-8 form.
 */
import { quote, reject } from '../errors';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` has a lone UTF-16 surrogate (which UTF-8 encoding would silently replace). */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** The UTF-8 bytes of `text`; throws an InputError about `path` if `text` is not well-formed Unicode. */
export function initDataBytes(text: string, path: string): Buffer {
  if (typeof text !== 'string') {
    reject(path, `must be text, got ${quote(text)}`);
  }
  if (hasLoneSurrogate(text)) {
    reject(path, 'must be well-formed Unicode text, got a string with a lone UTF-16 surrogate');
  }
  return Buffer.from(text, 'utf8');
}
