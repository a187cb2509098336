import { gzipSync } from 'node:zlib';
import { InputError } from '../../lib/errors';
import { decodeInitData, encodeInitData, renderInitDataToml } from '../../lib/initdata';
import { VECTOR_PYTHON_BLOB, VECTOR_TOML } from './vectors';

const SAMPLE = renderInitDataToml({ algorithm: 'sha384', data: { 'aa.toml': 'a = "ünïcödé 🔐"\n', 'policy.rego': 'package agent_policy\n' } });

describe('encodeInitData', () => {
  test('round-trips through an independent gunzip (Node zlib) to the same bytes', () => {
    // WHEN encoding with fflate and decoding with zlib
    // THEN the text is unchanged, for the vector and for multi-byte UTF-8
    expect(decodeInitData(encodeInitData(VECTOR_TOML))).toBe(VECTOR_TOML);
    expect(decodeInitData(encodeInitData(SAMPLE))).toBe(SAMPLE);
  });

  test('is padded standard base64 on one line with a gzip header carrying no time', () => {
    // WHEN encoding
    const blob = encodeInitData(SAMPLE);
    const gzip = Buffer.from(blob, 'base64');
    // THEN the alphabet is standard, the length padded, and mtime (bytes 4-7) zero
    expect(blob).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(blob.length % 4).toBe(0);
    expect([...gzip.subarray(0, 3)]).toEqual([0x1f, 0x8b, 0x08]);
    expect([...gzip.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
  });

  test('is deterministic and pinned: the vector encodes to the same blob as Python gzip', () => {
    // WHEN encoding the same text twice
    // THEN the blobs are equal, and match the reference blob (guards dist/ against encoder churn)
    expect(encodeInitData(SAMPLE)).toBe(encodeInitData(SAMPLE));
    expect(encodeInitData(VECTOR_TOML)).toBe(VECTOR_PYTHON_BLOB);
  });

  test('refuses text that is not well-formed Unicode', () => {
    expect(() => encodeInitData('a\uD800')).toThrow('initdata: must be well-formed Unicode text, got a string with a lone UTF-16 surrogate');
  });

  test('refuses a value that is not text', () => {
    expect(() => encodeInitData(42 as unknown as string)).toThrow('initdata: must be text, got 42');
  });
});

describe('decodeInitData', () => {
  test('decodes the Python blob of trustee-osc.md §3.3 to the 67-byte vector', () => {
    expect(decodeInitData(VECTOR_PYTHON_BLOB)).toBe(VECTOR_TOML);
  });

  test.each([
    ['empty', ''],
    ['URL-safe alphabet', VECTOR_PYTHON_BLOB.replace(/A/g, '-')],
    ['missing padding', 'H4sIAAAAAAACA0vMSc8vyizJyFWwVVAqzkg0MjVT4ipLLSrOzM8DCRnoGeoZKHFxRackliTGciklJuqV5OfmKAHl1NXVuUAYAKdg3XlDAAA'],
    ['line breaks', `${VECTOR_PYTHON_BLOB.slice(0, 40)}\n${VECTOR_PYTHON_BLOB.slice(40)}`],
  ])('rejects a value that is not padded standard base64 (%s)', (_name, blob) => {
    expect(() => decodeInitData(blob)).toThrow(/^initdata: must be standard base64 \(A-Z, a-z, 0-9, '\+', '\/', '=' padding, one line\) of gzip data, got /);
  });

  test('names the mistake when given plain base64 TOML without gzip', () => {
    // GIVEN the 2.x-style encoding (base64 of the TOML itself)
    const blob = Buffer.from(VECTOR_TOML).toString('base64');
    // THEN the error says that gzip is missing
    expect(() => decodeInitData(blob)).toThrow(/^initdata: must be base64 of gzip data \(this looks like plain base64 of TOML: initdata must be gzip-compressed before base64\), got /);
  });

  test('rejects base64 of something that is not gzip', () => {
    expect(() => decodeInitData(Buffer.from('\x00\x01\x02').toString('base64'))).toThrow('initdata: must be base64 of gzip data, got "AAEC"');
  });

  test('rejects truncated gzip data', () => {
    // GIVEN a gzip stream cut short
    const blob = Buffer.from(VECTOR_PYTHON_BLOB, 'base64').subarray(0, 30).toString('base64');
    // THEN the zlib error is part of the message
    expect(() => decodeInitData(blob)).toThrow(/^initdata: must be base64 of complete gzip data \(.+\), got /);
  });

  test('rejects gzip data that is not UTF-8 text, under the given path', () => {
    // GIVEN gzip of invalid UTF-8
    const blob = gzipSync(Buffer.from([0xff, 0xfe, 0xfd])).toString('base64');
    // WHEN decoding with a field path
    const decode = () => decodeInitData(blob, 'peerPods.initData');
    // THEN the error names that path
    expect(decode).toThrow(InputError);
    expect(decode).toThrow(/^peerPods\.initData: must decompress to UTF-8 text, got /);
  });
});
