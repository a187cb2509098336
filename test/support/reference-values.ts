/**
 * Reads a rendered reference values ConfigMap back, whatever the wire format of its Trustee version:
 * the `reference-values.json` arrays (`value` or `hash-value` lists) or the 1.2 `reference_value` object of
 * base64url JSON documents. Every entry comes back as `{ name, expiration, value }`, in ConfigMap order.
 */
export interface ReadReferenceValue {
  readonly name: string;
  readonly expiration: string;
  readonly value: string[];
}

export function readReferenceValues(data: Record<string, string>): ReadReferenceValue[] {
  const contents = Object.values(data);
  if (contents.length !== 1) {
    throw new Error(`expected one reference values key, got ${Object.keys(data).join(', ')}`);
  }
  const parsed = JSON.parse(contents[0]) as unknown;
  if (Array.isArray(parsed)) {
    return parsed.map(rv => ({ name: rv.name, expiration: rv.expiration, value: rv.value ?? rv['hash-value'].map((h: { value: string }) => h.value) }));
  }
  return Object.values(parsed as Record<string, string>).map(encoded => JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
}
