import { parse } from 'smol-toml';
import {
  InitDataSpec, azurePcr8, buildInitData, decodeInitData, initDataDigest, initDataReferenceValue, snpHostData, tdxMrConfigId,
} from '../../lib/initdata';
import { renderAgentPolicy } from '../../lib/policy';
import { KBS_CERT } from './certificate';

const KBS_URL = 'https://kbs-trustee-operator-system.apps.example.com';

/** The representative workload initdata: pinned KBS cert, image policy, no-exec policy with one command. */
const SPEC: InitDataSpec = {
  algorithm: 'sha256',
  aa: { kbsUrl: KBS_URL, kbsCertificate: KBS_CERT },
  cdh: { kbsUrl: KBS_URL, kbsCertificate: KBS_CERT, imageSecurityPolicyUri: 'kbs:///default/security-policy/osc' },
  policy: renderAgentPolicy({ preset: 'no-exec', execAllowList: [['curl', '-s', 'http://127.0.0.1:8006/cdh/resource/default/kbsres1/key3']] }),
};

describe('buildInitData', () => {
  test('renders the representative document', () => {
    expect(buildInitData(SPEC).toml).toMatchSnapshot();
  });

  test('derives every value from the exact TOML bytes', () => {
    // WHEN building
    const rendered = buildInitData(SPEC);
    // THEN digest, encoding and TEE fields all agree with the text
    expect(rendered.algorithm).toBe('sha256');
    expect(rendered.version).toBe('0.1.0');
    expect(rendered.digest).toBe(initDataDigest(rendered.toml, 'sha256'));
    expect(decodeInitData(rendered.encoded)).toBe(rendered.toml);
    expect(rendered.pcr8).toBe(azurePcr8(rendered.digest));
    expect(rendered.snpHostData).toBe(snpHostData(rendered.digest));
    expect(rendered.tdxMrConfigId).toBe(tdxMrConfigId(rendered.digest));
    expect(rendered.sizeBytes).toBe(rendered.encoded.length);
  });

  test('carries aa.toml, cdh.toml and policy.rego that each read back as intended', () => {
    // WHEN building and parsing the document and its nested TOML files
    const document = parse(buildInitData(SPEC).toml) as { data: Record<string, string> };
    // THEN the nested files hold the settings
    expect(Object.keys(document.data)).toEqual(['aa.toml', 'cdh.toml', 'policy.rego']);
    expect(parse(document.data['aa.toml'])).toMatchObject({ token_configs: { kbs: { url: KBS_URL, cert: KBS_CERT } } });
    expect(parse(document.data['cdh.toml'])).toMatchObject({ kbc: { url: KBS_URL, kbs_cert: KBS_CERT } });
    expect(document.data['policy.rego']).toBe(SPEC.policy);
  });

  test('is deterministic', () => {
    const again = buildInitData(SPEC);
    expect(again).not.toBe(buildInitData(SPEC));
    jest.isolateModules(() => {
      // a render from a fresh module (no earlier render to reuse)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect((require('../../lib/initdata/build') as typeof import('../../lib/initdata/build')).buildInitData(SPEC)).toEqual(again);
    });
  });

  test('renders a spec once: the same content gives the same render, any change a new one', () => {
    // GIVEN a render of the spec
    const first = buildInitData(SPEC);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const gzip = jest.spyOn(require('fflate') as typeof import('fflate'), 'gzipSync');
    try {
      // THEN an equal spec (another object) reuses it: nothing is gzipped again, and the caller gets its own copy
      const again = buildInitData({ ...SPEC, aa: { ...SPEC.aa! } });
      expect(gzip).not.toHaveBeenCalled();
      expect(again).toEqual(first);
      expect(again).not.toBe(first);
      // AND a spec differing in any one value is rendered anew (gzipped), from its own content
      const changes = [
        { ...SPEC, algorithm: 'sha384' as const },
        { ...SPEC, aa: { ...SPEC.aa!, kbsUrl: 'https://kbs.other.example.com' } },
        { ...SPEC, policy: `${SPEC.policy}\n` },
        { ...SPEC, cdh: undefined },
      ];
      for (const changed of changes) {
        const rendered = buildInitData(changed);
        expect(rendered.toml).not.toBe(first.toml);
        expect(decodeInitData(rendered.encoded)).toBe(rendered.toml);
        expect(rendered.digest).toBe(initDataDigest(rendered.toml, changed.algorithm));
      }
      expect(gzip).toHaveBeenCalledTimes(changes.length);
    } finally {
      gzip.mockRestore();
    }
  });

  test('a spec that cannot be written fails every time, not only the first', () => {
    const bad: InitDataSpec = { algorithm: 'sha256', policy: "x := '''\n" };
    expect(() => buildInitData(bad)).toThrow(/three single quotes/);
    expect(() => buildInitData(bad)).toThrow(/three single quotes/);
  });

  test('leaves out what the spec does not carry', () => {
    // WHEN only the algorithm and version are given
    const rendered = buildInitData({ algorithm: 'sha384', version: '0.1.0' });
    // THEN the data table is empty and the digest is sha384
    expect(rendered.toml).toBe('algorithm = "sha384"\nversion = "0.1.0"\n\n[data]\n');
    expect(rendered.digest).toHaveLength(96);
    expect(rendered.tdxMrConfigId).toBe(rendered.digest);
  });

  test('refuses content that cannot be written into the document', () => {
    expect(() => buildInitData({ algorithm: 'sha256', policy: "package agent_policy\nx := '''\n" }))
      .toThrow(/^data\["policy\.rego"\]: must not contain three single quotes in a row/);
  });
});

describe('initDataReferenceValue', () => {
  test('picks the field each binding compares', () => {
    // GIVEN a rendered document
    const rendered = buildInitData(SPEC);
    // THEN each binding maps to its derived value
    expect(initDataReferenceValue(rendered, 'azure-vtpm')).toBe(rendered.pcr8);
    expect(initDataReferenceValue(rendered, 'snp')).toBe(rendered.snpHostData);
    expect(initDataReferenceValue(rendered, 'tdx')).toBe(rendered.tdxMrConfigId);
    expect(initDataReferenceValue(rendered, 'none')).toBeUndefined();
  });
});
