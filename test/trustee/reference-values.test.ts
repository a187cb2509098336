import { InputError } from '../../lib/errors';
import {
  formatExpiration, parseExpiration, ReferenceValue, referenceValueNameProblem, referenceValueProblems, renderReferenceValues,
} from '../../lib/trustee/reference-values';
import { trusteeProfile } from '../../lib/trustee/versions';

const ZERO_256 = '0'.repeat(64);
const F_256 = 'f'.repeat(64);
const A_384 = 'a'.repeat(96);

/** Two values, deliberately not in name order. */
const VALUES: ReferenceValue[] = [
  { name: 'tdx_mrconfigid', values: [A_384], algorithm: 'sha384', expiration: '2030-06-30T12:00:00Z' },
  { name: 'snp_pcr08', values: [ZERO_256, F_256], expiration: '2030-01-01T00:00:00Z' },
];

describe('renderReferenceValues', () => {
  test('gen A (Trustee 0.4): hash-value lists with the algorithm, hand-checked', () => {
    // WHEN
    const rendered = renderReferenceValues(trusteeProfile('0.4'), VALUES);
    // THEN
    expect(rendered.key).toBe('reference-values.json');
    expect(rendered.content).toBe(`[
  {
    "name": "snp_pcr08",
    "expiration": "2030-01-01T00:00:00Z",
    "hash-value": [
      {
        "alg": "sha256",
        "value": "${ZERO_256}"
      },
      {
        "alg": "sha256",
        "value": "${F_256}"
      }
    ]
  },
  {
    "name": "tdx_mrconfigid",
    "expiration": "2030-06-30T12:00:00Z",
    "hash-value": [
      {
        "alg": "sha384",
        "value": "${A_384}"
      }
    ]
  }
]
`);
  });

  test('gen B (Trustee 1.1): plain value lists, hand-checked', () => {
    // WHEN
    const rendered = renderReferenceValues(trusteeProfile('1.1'), VALUES);
    // THEN
    expect(rendered.key).toBe('reference-values.json');
    expect(rendered.content).toBe(`[
  {
    "name": "snp_pcr08",
    "expiration": "2030-01-01T00:00:00Z",
    "value": [
      "${ZERO_256}",
      "${F_256}"
    ]
  },
  {
    "name": "tdx_mrconfigid",
    "expiration": "2030-06-30T12:00:00Z",
    "value": [
      "${A_384}"
    ]
  }
]
`);
  });

  test('gen C on request: base64url (padded) of the compact JSON per name, hand-checked', () => {
    // GIVEN vectors computed outside this library (Python base64.urlsafe_b64encode) from
    // {"name":"snp_pcr08","expiration":"2030-01-01T00:00:00Z","value":["000…0"]} and the same for "x" with "fff…f"
    const values: ReferenceValue[] = [
      { name: 'x', values: [F_256], expiration: '2030-01-01T00:00:00Z' },
      { name: 'snp_pcr08', values: [ZERO_256], expiration: '2030-01-01T00:00:00Z' },
    ];
    // WHEN
    const rendered = renderReferenceValues(trusteeProfile('1.1'), values, 'base64url-object');
    // THEN
    expect(rendered.key).toBe('reference_value');
    expect(rendered.content).toBe(`{
  "snp_pcr08": "eyJuYW1lIjoic25wX3BjcjA4IiwiZXhwaXJhdGlvbiI6IjIwMzAtMDEtMDFUMDA6MDA6MDBaIiwidmFsdWUiOlsiMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMCJdfQ==",
  "x": "eyJuYW1lIjoieCIsImV4cGlyYXRpb24iOiIyMDMwLTAxLTAxVDAwOjAwOjAwWiIsInZhbHVlIjpbImZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmYiXX0="
}
`);
    const decoded = JSON.parse(Buffer.from(JSON.parse(rendered.content).x, 'base64url').toString('utf8'));
    expect(decoded).toEqual({ name: 'x', expiration: '2030-01-01T00:00:00Z', value: [F_256] });
  });

  test('the format parameter overrides the profile, and the output does not depend on input order', () => {
    const profile = trusteeProfile('1.0');
    const forward = renderReferenceValues(profile, VALUES, 'hash-value-array');
    const backward = renderReferenceValues(profile, [...VALUES].reverse(), 'hash-value-array');
    expect(forward).toEqual(backward);
    expect(forward).toEqual(renderReferenceValues(trusteeProfile('0.3'), VALUES));
  });

  test('no values: an empty list, or an empty object for gen C', () => {
    expect(renderReferenceValues(trusteeProfile('1.0'), []).content).toBe('[]\n');
    expect(renderReferenceValues(trusteeProfile('1.0'), [], 'base64url-object').content).toBe('{}\n');
  });

  test('malformed values are an InputError; expiry against the clock is not checked here', () => {
    // GIVEN
    const expired: ReferenceValue = { name: 'old', values: [ZERO_256], expiration: '2000-01-01T00:00:00Z' };
    const bad: ReferenceValue = { name: 'bad name', values: [ZERO_256], expiration: '2030-01-01T00:00:00Z' };
    // THEN
    expect(renderReferenceValues(trusteeProfile('1.1'), [expired]).content).toContain('"old"');
    expect(() => renderReferenceValues(trusteeProfile('1.1'), [bad], undefined, 'trustee.referenceValues'))
      .toThrow(InputError);
    expect(() => renderReferenceValues(trusteeProfile('1.1'), [bad], undefined, 'trustee.referenceValues'))
      .toThrow('trustee.referenceValues[0].name: must be a Rego identifier');
  });
});

describe('referenceValueProblems', () => {
  const NOW = new Date('2026-08-01T00:00:00Z');

  test('well-formed, unexpired values have no problems', () => {
    expect(referenceValueProblems(VALUES, NOW)).toEqual([]);
  });

  test('names must be Rego identifiers', () => {
    for (const good of ['snp_pcr08', '_x', 'A1', 'a'.repeat(128)]) {
      expect(referenceValueNameProblem(good)).toBeUndefined();
    }
    for (const bad of ['', '8pcr', 'pcr-08', 'pcr.08', 'pcr 08', 'pcr"08', 'a'.repeat(129), 42]) {
      expect(referenceValueNameProblem(bad)).toMatch(/^must be a Rego identifier .*, got /);
    }
    expect(referenceValueNameProblem('pcr-08')).toBe(
      'must be a Rego identifier (an ASCII letter or "_", then letters, digits or "_", at most 128 characters, e.g. "snp_pcr08"), got "pcr-08"',
    );
  });

  test('duplicate names are reported with the first occurrence', () => {
    const values: ReferenceValue[] = [VALUES[1], VALUES[0], { ...VALUES[1], values: [F_256] }];
    expect(referenceValueProblems(values, NOW, 'rv')).toEqual([
      { path: 'rv[2].name', message: 'must be unique, got "snp_pcr08" again (first at rv[0])' },
    ]);
  });

  test('digests must be lowercase hex of exactly the algorithm length', () => {
    // GIVEN
    const values: ReferenceValue[] = [
      { name: 'a', values: ['0'.repeat(63), 'F'.repeat(64), 'g'.repeat(64), ZERO_256], expiration: '2030-01-01T00:00:00Z' },
      { name: 'b', values: [ZERO_256], algorithm: 'sha384', expiration: '2030-01-01T00:00:00Z' },
      { name: 'c', values: ['0'.repeat(128)], algorithm: 'sha512', expiration: '2030-01-01T00:00:00Z' },
    ];
    // WHEN
    const problems = referenceValueProblems(values, NOW);
    // THEN
    expect(problems).toEqual([
      { path: 'referenceValues[0].values[0]', message: `must be 64 lowercase hex characters (a sha256 digest; evidence claims are lowercase), got "${'0'.repeat(63)}"` },
      { path: 'referenceValues[0].values[1]', message: `must be 64 lowercase hex characters (a sha256 digest; evidence claims are lowercase), got "${'F'.repeat(64)}"` },
      { path: 'referenceValues[0].values[2]', message: `must be 64 lowercase hex characters (a sha256 digest; evidence claims are lowercase), got "${'g'.repeat(64)}"` },
      { path: 'referenceValues[1].values[0]', message: `must be 96 lowercase hex characters (a sha384 digest; evidence claims are lowercase), got "${ZERO_256}"` },
    ]);
  });

  test('an unknown algorithm and an empty value list are reported', () => {
    const values = [
      { name: 'a', values: [ZERO_256], algorithm: 'md5', expiration: '2030-01-01T00:00:00Z' },
      { name: 'b', values: [], expiration: '2030-01-01T00:00:00Z' },
    ] as unknown as ReferenceValue[];
    expect(referenceValueProblems(values, NOW)).toEqual([
      { path: 'referenceValues[0].algorithm', message: 'must be "sha256", "sha384" or "sha512", got "md5"' },
      { path: 'referenceValues[1].values', message: 'must list at least one digest, got []' },
    ]);
  });

  test('expirations must be exactly YYYY-MM-DDTHH:MM:SSZ and a real time', () => {
    for (const bad of ['2030-01-01', '2030-01-01T00:00:00', '2030-01-01T00:00:00.000Z', '2030-01-01 00:00:00Z',
      '2030-02-30T00:00:00Z', '2030-01-01T24:00:00Z', '2030-13-01T00:00:00Z', '2030-01-01T00:00:00+00:00']) {
      const problems = referenceValueProblems([{ name: 'a', values: [ZERO_256], expiration: bad }], NOW);
      expect(problems).toEqual([{
        path: 'referenceValues[0].expiration',
        message: `must be a UTC time written exactly as YYYY-MM-DDTHH:MM:SSZ (e.g. "2027-01-01T00:00:00Z"), got "${bad}"`,
      }]);
    }
    expect(parseExpiration('2028-02-29T23:59:59Z')?.toISOString()).toBe('2028-02-29T23:59:59.000Z');
  });

  test('an expiration not after now is reported as expired', () => {
    // GIVEN
    const values: ReferenceValue[] = [
      { name: 'past', values: [ZERO_256], expiration: '2026-07-31T23:59:59Z' },
      { name: 'now', values: [ZERO_256], expiration: '2026-08-01T00:00:00Z' },
      { name: 'future', values: [ZERO_256], expiration: '2026-08-01T00:00:01Z' },
    ];
    // WHEN
    const problems = referenceValueProblems(values, NOW);
    // THEN
    expect(problems).toEqual([
      { path: 'referenceValues[0].expiration', message: 'must be after 2026-08-01T00:00:00Z (it has expired), got "2026-07-31T23:59:59Z"' },
      { path: 'referenceValues[1].expiration', message: 'must be after 2026-08-01T00:00:00Z (it has expired), got "2026-08-01T00:00:00Z"' },
    ]);
  });

  test('formatExpiration writes whole seconds in UTC', () => {
    expect(formatExpiration(new Date('2027-03-04T05:06:07.890Z'))).toBe('2027-03-04T05:06:07Z');
  });
});

describe('reference values that are not digests (kind)', () => {
  const NOW = new Date('2026-08-01T00:00:00Z');
  const XFAM = 'e702060000000000';
  const MEASUREMENT_B64 = Buffer.from('ab'.repeat(48), 'hex').toString('base64');
  const KINDS: ReferenceValue[] = [
    { name: 'xfam', values: [XFAM], kind: { bytes: 8, encoding: 'hex' }, expiration: '2030-01-01T00:00:00Z' },
    { name: 'snp_launch_measurement', values: [MEASUREMENT_B64], kind: { bytes: 48, encoding: 'base64' }, expiration: '2030-01-01T00:00:00Z' },
    { name: 'snp_bootloader', values: ['9'], kind: 'svn', expiration: '2030-01-01T00:00:00Z' },
  ];

  test('fixed-length hex, base64 and one SVN are well-formed', () => {
    expect(referenceValueProblems(KINDS, NOW)).toEqual([]);
  });

  test('gen A labels them "bytes" and "svn"; gen B and C carry the values as they are', () => {
    expect(JSON.parse(renderReferenceValues(trusteeProfile('0.4'), KINDS).content).map((rv: any) => rv['hash-value'][0].alg)).toEqual(['svn', 'bytes', 'bytes']);
    expect(JSON.parse(renderReferenceValues(trusteeProfile('1.1'), KINDS).content).map((rv: any) => rv.value)).toEqual([['9'], [MEASUREMENT_B64], [XFAM]]);
    const gen = JSON.parse(renderReferenceValues(trusteeProfile('1.2'), KINDS).content);
    expect(JSON.parse(Buffer.from(gen.xfam, 'base64url').toString('utf8')).value).toEqual([XFAM]);
  });

  test('a wrong length, bad base64, several or out-of-range SVNs, a kind with an algorithm: one problem each, naming the field', () => {
    const bad = [
      { name: 'a', values: ['e7020600'], kind: { bytes: 8, encoding: 'hex' }, expiration: '2030-01-01T00:00:00Z' },
      { name: 'b', values: [Buffer.from('ab'.repeat(32), 'hex').toString('base64'), 'not base64!'], kind: { bytes: 48, encoding: 'base64' }, expiration: '2030-01-01T00:00:00Z' },
      { name: 'c', values: ['9', '10'], kind: 'svn', expiration: '2030-01-01T00:00:00Z' },
      { name: 'd', values: ['256'], kind: 'svn', expiration: '2030-01-01T00:00:00Z' },
      { name: 'e', values: [XFAM], kind: { bytes: 8, encoding: 'hex' }, algorithm: 'sha256', expiration: '2030-01-01T00:00:00Z' },
      { name: 'f', values: [XFAM], kind: { bytes: 0, encoding: 'hex' }, expiration: '2030-01-01T00:00:00Z' },
    ] as unknown as ReferenceValue[];
    expect(referenceValueProblems(bad, NOW)).toEqual([
      { path: 'referenceValues[0].values[0]', message: 'must be 16 lowercase hex characters (8 bytes), got "e7020600"' },
      { path: 'referenceValues[1].values[0]', message: `must be the standard base64 of 48 bytes, got "${Buffer.from('ab'.repeat(32), 'hex').toString('base64')}"` },
      { path: 'referenceValues[1].values[1]', message: 'must be the standard base64 of 48 bytes, got "not base64!"' },
      { path: 'referenceValues[2].values', message: 'must list exactly one security version number, a decimal from 0 to 255 (e.g. ["3"]), got ["9","10"]' },
      { path: 'referenceValues[3].values', message: 'must list exactly one security version number, a decimal from 0 to 255 (e.g. ["3"]), got ["256"]' },
      { path: 'referenceValues[4].algorithm', message: 'must be left out with kind (the kind fixes the values), got "sha256"' },
      { path: 'referenceValues[5].kind', message: 'must be "svn" or { bytes: <a whole number from 1>, encoding: "hex" or "base64" }, got {"bytes":0,"encoding":"hex"}' },
    ]);
  });
});
