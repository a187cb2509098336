import { createHash } from 'node:crypto';
import { InitDataAlgorithm, azurePcr8, initDataDigest, snpHostData, tdxMrConfigId } from '../../lib/initdata';
import { VECTOR_MRCONFIGID, VECTOR_PCR8, VECTOR_SHA256, VECTOR_TOML } from './vectors';

describe('initDataDigest', () => {
  test('matches the trustee-osc.md §3.3 sha256 vector', () => {
    expect(initDataDigest(VECTOR_TOML, 'sha256')).toBe(VECTOR_SHA256);
  });

  test('hashes the exact bytes: dropping the final newline changes the digest', () => {
    // GIVEN the vector without its trailing newline (the CAA docs mistake)
    const trimmed = VECTOR_TOML.slice(0, -1);
    // THEN the digest differs
    expect(initDataDigest(trimmed, 'sha256')).not.toBe(VECTOR_SHA256);
  });

  test.each<[InitDataAlgorithm, number]>([['sha256', 64], ['sha384', 96], ['sha512', 128]])(
    'uses the named algorithm over the UTF-8 bytes (%s)', (algorithm, hexLength) => {
      // GIVEN multi-byte text
      const text = 'a = "ünïcödé 🔐"\n';
      // WHEN hashing
      const digest = initDataDigest(text, algorithm);
      // THEN it is the lowercase hex of that algorithm over UTF-8
      expect(digest).toBe(createHash(algorithm).update(Buffer.from(text, 'utf8')).digest('hex'));
      expect(digest).toMatch(new RegExp(`^[0-9a-f]{${hexLength}}$`));
    });

  test('rejects an unknown algorithm', () => {
    expect(() => initDataDigest(VECTOR_TOML, 'md5' as InitDataAlgorithm)).toThrow('algorithm: must be one of "sha256", "sha384", "sha512", got "md5"');
  });

  test('rejects text that is not well-formed Unicode', () => {
    expect(() => initDataDigest('\uDFFF', 'sha256')).toThrow('initdata: must be well-formed Unicode text');
  });
});

describe('TEE fields', () => {
  const sha384 = createHash('sha384').update('x').digest('hex');
  const sha512 = createHash('sha512').update('x').digest('hex');

  test('Azure PCR8 matches the vector', () => {
    expect(azurePcr8(VECTOR_SHA256)).toBe(VECTOR_PCR8);
  });

  test('Azure PCR8 extends with the first 32 bytes of a longer digest', () => {
    // WHEN the digest is sha384
    const expected = createHash('sha256').update(Buffer.alloc(32)).update(Buffer.from(sha384.slice(0, 64), 'hex')).digest('hex');
    // THEN only its first 32 bytes are extended
    expect(azurePcr8(sha384)).toBe(expected);
  });

  test('TDX MRCONFIGID zero-pads sha256 to 48 bytes (the vector)', () => {
    expect(tdxMrConfigId(VECTOR_SHA256)).toBe(VECTOR_MRCONFIGID);
  });

  test('TDX MRCONFIGID is sha384 as is and sha512 truncated', () => {
    expect(tdxMrConfigId(sha384)).toBe(sha384);
    expect(tdxMrConfigId(sha512)).toBe(sha512.slice(0, 96));
  });

  test('SNP HOSTDATA is sha256 as is and longer digests truncated to 32 bytes', () => {
    expect(snpHostData(VECTOR_SHA256)).toBe(VECTOR_SHA256);
    expect(snpHostData(sha384)).toBe(sha384.slice(0, 64));
    expect(snpHostData(sha512)).toBe(sha512.slice(0, 64));
  });

  test('accepts uppercase hex and answers in lowercase', () => {
    expect(tdxMrConfigId(VECTOR_SHA256.toUpperCase())).toBe(VECTOR_MRCONFIGID);
    expect(azurePcr8(VECTOR_SHA256.toUpperCase())).toBe(VECTOR_PCR8);
  });

  test.each([
    ['too short', VECTOR_SHA256.slice(0, 62)],
    ['not hex', `${VECTOR_SHA256.slice(0, 63)}g`],
    ['a 0x prefix', `0x${VECTOR_SHA256}`],
  ])('rejects a digest that is %s', (_name, digest) => {
    const message = `digest: must be the hex of a sha256, sha384 or sha512 digest (64, 96 or 128 hex digits), got "${digest}"`;
    expect(() => azurePcr8(digest)).toThrow(message);
    expect(() => snpHostData(digest)).toThrow(message);
    expect(() => tdxMrConfigId(digest)).toThrow(message);
  });
});
