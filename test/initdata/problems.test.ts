import { createHash } from 'node:crypto';
import {
  ANNOTATION_BUDGET_BYTES, AZURE_CUSTOM_DATA_BUDGET_BYTES, InitDataBinding, InitDataSpec, buildInitData, initDataProblems,
} from '../../lib/initdata';
import { renderAgentPolicy } from '../../lib/policy';
import { KBS_CERT } from './certificate';

const PATH = 'clusterGroups.simple.initData';
const KBS_URL = 'https://kbs-trustee-operator-system.apps.example.com';
const POLICY = renderAgentPolicy({ preset: 'no-exec' });
const GOOD: InitDataSpec = {
  algorithm: 'sha256',
  aa: { kbsUrl: KBS_URL, kbsCertificate: KBS_CERT },
  cdh: { kbsUrl: KBS_URL, kbsCertificate: KBS_CERT, imageSecurityPolicyUri: 'kbs:///default/security-policy/osc' },
  policy: POLICY,
};

/** Problems for a value that did not come through the types. */
function problemsOf(spec: unknown, binding: unknown = 'azure-vtpm', allowHttp = false) {
  return initDataProblems(spec as InitDataSpec, binding as InitDataBinding, PATH, { allowHttp });
}

/** A policy padded with `hexChars` of hash-chain hex (compresses poorly, deterministic). */
function bulkyPolicy(hexChars: number): string {
  const chunks: string[] = [];
  let block = 'seed';
  for (let length = 0; length < hexChars; length += block.length) {
    block = createHash('sha512').update(block).digest('hex');
    chunks.push(block);
  }
  return `package agent_policy\n\n# ${chunks.join('').slice(0, hexChars)}\n`;
}

describe('initDataProblems', () => {
  test.each<InitDataBinding>(['azure-vtpm', 'snp', 'tdx', 'none'])('accepts a complete spec for %s', binding => {
    expect(initDataProblems(GOOD, binding, PATH)).toEqual([]);
  });

  test('accepts a spec that carries nothing but the algorithm', () => {
    expect(initDataProblems({ algorithm: 'sha256' }, 'none', PATH)).toEqual([]);
  });

  test('rejects a value that is not an object', () => {
    expect(problemsOf(null)).toEqual([{ path: PATH, message: 'must be an object with an "algorithm", got null' }]);
  });

  test('rejects an unknown binding', () => {
    expect(problemsOf(GOOD, 'sev')).toEqual([{ path: PATH, message: 'binding must be one of "azure-vtpm", "snp", "tdx", "none", got "sev"' }]);
  });

  test('rejects an unknown algorithm', () => {
    expect(problemsOf({ ...GOOD, algorithm: 'sha-256' }, 'snp')).toEqual([
      { path: `${PATH}.algorithm`, message: 'must be one of "sha256", "sha384", "sha512", got "sha-256"' },
    ]);
  });

  test('requires sha256 for Azure vTPM, and only there', () => {
    // WHEN the same sha384 spec is checked for Azure and for TDX
    const azure = problemsOf({ ...GOOD, algorithm: 'sha384' }, 'azure-vtpm');
    const tdx = problemsOf({ ...GOOD, algorithm: 'sha384' }, 'tdx');
    // THEN only Azure complains
    expect(azure).toEqual([{
      path: `${PATH}.algorithm`,
      message: 'must be "sha256" for Azure vTPM (peer pods): the attestation agent extends PCR 8 only with a 32-byte digest, got "sha384"',
    }]);
    expect(tdx).toEqual([]);
  });

  test('rejects a malformed version', () => {
    expect(problemsOf({ ...GOOD, version: 'v1' })).toEqual([
      { path: `${PATH}.version`, message: 'must be a version of three numbers such as "0.1.0", got "v1"' },
    ]);
  });

  test('rejects aa settings that are not an object', () => {
    expect(problemsOf({ ...GOOD, aa: KBS_URL })).toEqual([
      { path: `${PATH}.aa`, message: `must be an object with a "kbsUrl", got "${KBS_URL}"` },
    ]);
  });

  test.each([
    ['a host without a scheme', 'kbs.example.com', 'must be a URL such as "https://kbs-trustee-operator-system.apps.example.com", got "kbs.example.com"'],
    ['missing', undefined, 'must be a URL such as "https://kbs-trustee-operator-system.apps.example.com", got nothing'],
    ['another scheme', 'ftp://kbs.example.com', 'must be an https:// URL, got "ftp://kbs.example.com"'],
    ['plain http', 'http://10.0.0.1:8080', 'must be an https:// URL (plain http is accepted only with allowHttp, for a lab KBS), got "http://10.0.0.1:8080"'],
    ['carrying a query', 'https://kbs.example.com/?x=1', 'must not carry a query or fragment, got "https://kbs.example.com/?x=1"'],
    ['ending in a newline', 'https://kbs.example.com\n', 'must be a URL without whitespace or control characters, got "https://kbs.example.com\\n"'],
  ])('rejects a KBS URL: %s', (_name, kbsUrl, message) => {
    expect(problemsOf({ algorithm: 'sha256', cdh: { kbsUrl } })).toEqual([{ path: `${PATH}.cdh.kbsUrl`, message }]);
  });

  test('accepts plain http without a certificate when the caller allows it', () => {
    expect(problemsOf({ algorithm: 'sha256', aa: { kbsUrl: 'http://10.0.0.1:8080' } }, 'snp', true)).toEqual([]);
  });

  test('rejects http with a pinned certificate even when http is allowed', () => {
    expect(problemsOf({ algorithm: 'sha256', aa: { kbsUrl: 'http://kbs.example.com', kbsCertificate: KBS_CERT } }, 'snp', true)).toEqual([{
      path: `${PATH}.aa.kbsUrl`,
      message: 'must be an https:// URL when a KBS certificate is pinned (http with a certificate is contradictory), got "http://kbs.example.com"',
    }]);
  });

  test('rejects credentials in the URL without repeating them', () => {
    // WHEN the URL carries a user and password
    const problems = problemsOf({ algorithm: 'sha256', aa: { kbsUrl: 'https://admin:s3cret@kbs.example.com' } });
    // THEN the message redacts them
    expect(problems).toEqual([{ path: `${PATH}.aa.kbsUrl`, message: 'must not carry credentials (initdata is public), got "https://***@kbs.example.com"' }]);
    expect(JSON.stringify(problems)).not.toContain('s3cret');
  });

  test('rejects a certificate that is not text', () => {
    expect(problemsOf({ algorithm: 'sha256', aa: { kbsUrl: KBS_URL, kbsCertificate: 1 } })).toEqual([
      { path: `${PATH}.aa.kbsCertificate`, message: 'must be PEM text of an X.509 certificate, got 1' },
    ]);
  });

  test('rejects a private key without quoting its body', () => {
    // GIVEN a pasted private key
    const key = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSECRET\n-----END PRIVATE KEY-----\n';
    // WHEN validating
    const problems = problemsOf({ algorithm: 'sha256', cdh: { kbsUrl: KBS_URL, kbsCertificate: `${KBS_CERT}${key}` } });
    // THEN it is refused and the key body never appears
    expect(problems).toEqual([{
      path: `${PATH}.cdh.kbsCertificate`,
      message: 'must be a public certificate, not a private key (initdata is rendered into dist/ and sent to the cluster in clear), got "-----BEGIN PRIVATE KEY-----"',
    }]);
    expect(JSON.stringify(problems)).not.toContain('SECRET');
  });

  test('rejects text without a PEM certificate', () => {
    expect(problemsOf({ algorithm: 'sha256', aa: { kbsUrl: KBS_URL, kbsCertificate: 'MIICADCC' } })).toEqual([
      { path: `${PATH}.aa.kbsCertificate`, message: 'must contain a PEM certificate starting with "-----BEGIN CERTIFICATE-----", got "MIICADCC"' },
    ]);
  });

  test('rejects a PEM block that does not parse', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    const problems = problemsOf({ algorithm: 'sha256', aa: { kbsUrl: KBS_URL, kbsCertificate: `${broken}\n` } });
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe(`${PATH}.aa.kbsCertificate`);
    expect(problems[0].message).toMatch(/^must be the one CA certificate the guest pins: it is not a valid X\.509 certificate: /);
  });

  test('rejects a bundle: the guest pins one trust anchor', () => {
    expect(problemsOf({ algorithm: 'sha256', aa: { kbsUrl: KBS_URL, kbsCertificate: `${KBS_CERT}${KBS_CERT}` } })).toEqual([{
      path: `${PATH}.aa.kbsCertificate`,
      message: 'must be the one CA certificate the guest pins: it holds 2 certificates (a chain); the guest pins one trust anchor: pin only the CA, usually the last certificate of the chain ("CN=kbs-trustee-operator-system.apps.example.com"), in a file of its own',
    }]);
  });

  test('rejects an image security policy that is not a KBS resource URI', () => {
    expect(problemsOf({ algorithm: 'sha256', cdh: { kbsUrl: KBS_URL, imageSecurityPolicyUri: 'kbs:///default/security-policy' } })).toEqual([{
      path: `${PATH}.cdh.imageSecurityPolicyUri`,
      message: 'must be a KBS resource URI such as "kbs:///default/security-policy/osc", got "kbs:///default/security-policy"',
    }]);
  });

  test.each([
    ['without the agent_policy package', 'package policy\ndefault allow := true\n', '"package policy\\ndefault allow := true\\n"'],
    ['that is not text', 7, '7'],
  ])('rejects a policy %s', (_name, policy, quoted) => {
    expect(problemsOf({ algorithm: 'sha256', policy })).toEqual([
      { path: `${PATH}.policy`, message: `must be Rego text declaring "package agent_policy", got ${quoted}` },
    ]);
  });

  test('reports content that cannot be written into the document under the spec field', () => {
    // GIVEN a policy with Windows line endings
    const policy = POLICY.replace(/\n/g, '\r\n');
    // WHEN validating
    const problems = problemsOf({ algorithm: 'sha256', policy });
    // THEN the document renderer's problem is reported at the policy field
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe(`${PATH}.policy`);
    expect(problems[0].message).toMatch(/^must not contain control characters other than tab and newline \(found U\+000D, a carriage return: use LF line endings\)/);
  });

  test('reports every field problem at once', () => {
    // WHEN aa and cdh are both wrong
    const problems = problemsOf({ algorithm: 'sha256', aa: { kbsUrl: 'http://a.example.com' }, cdh: { kbsUrl: 'x' } });
    // THEN both are listed
    expect(problems.map(p => p.path)).toEqual([`${PATH}.aa.kbsUrl`, `${PATH}.cdh.kbsUrl`]);
  });

  test('rejects initdata over the Azure custom-data budget, but not for bare metal', () => {
    // GIVEN a policy that encodes to more than 64 KiB and less than 256 KiB
    const spec: InitDataSpec = { algorithm: 'sha256', policy: bulkyPolicy(120_000) };
    const size = buildInitData(spec).sizeBytes;
    expect(size).toBeGreaterThan(AZURE_CUSTOM_DATA_BUDGET_BYTES);
    expect(size).toBeLessThan(ANNOTATION_BUDGET_BYTES);
    // THEN Azure complains with the size and SNP does not
    expect(initDataProblems(spec, 'azure-vtpm', PATH)).toEqual([
      { path: PATH, message: `must encode to at most 65536 bytes to fit the Azure custom-data budget of peer pods, got ${size} bytes` },
    ]);
    expect(initDataProblems(spec, 'snp', PATH)).toEqual([]);
  });

  test('rejects initdata over the annotation size limit', () => {
    // GIVEN a policy that encodes to more than 256 KiB
    const spec: InitDataSpec = { algorithm: 'sha384', policy: bulkyPolicy(500_000) };
    const size = buildInitData(spec).sizeBytes;
    // THEN every binding that ships it in an annotation complains
    expect(initDataProblems(spec, 'tdx', PATH)).toEqual([
      { path: PATH, message: `must encode to at most 262144 bytes to fit the Kubernetes annotation size limit, got ${size} bytes` },
    ]);
  });
});
