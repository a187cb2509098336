/**
 * Cross-field rules of pattern.yaml (lib/config/semantics.ts) and the files it points at, through
 * `parsePattern`: every error path gives one line `<field path>: <what was expected>, got <value>`.
 */
import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { z } from 'zod';
import { parsePattern, parsePatternYaml, zodProblems } from '../../lib/config/load';
import { CLOUDS } from '../../lib/platforms/providers';
import { InputError } from '../../lib/errors';
import { EXAMPLE_CERT, minimalInput } from '../support/render';

const NOW = new Date('2026-12-01T00:00:00Z');
const DNS_LABEL = 'must be a DNS-1123 label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters)';
const SUB = '00000000-0000-0000-0000-000000000001';
const SUBNET_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/workers`;
const NSG_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg`;
const DIGEST = 'ab'.repeat(32);

/** The one-line problems `parsePattern` reports for `input` (fails when it accepts the input). */
function problems(input: unknown, options: { baseDir?: string } = {}): string[] {
  try {
    parsePattern(input, { now: NOW, ...options });
  } catch (e) {
    if (e instanceof InputError) {
      return e.problems.map(p => `${p.path}: ${p.message}`);
    }
    throw e;
  }
  throw new Error('expected an InputError, the input was accepted');
}

/** A minimal configuration with one group "simple" changed by `group`. */
const simple = (group: Record<string, any>) => minimalInput({}, { simple: group });

/** `simple` with fields removed (paths relative to the group). */
function without(group: Record<string, any>, ...fields: string[]): unknown {
  const input = simple(group) as any;
  for (const field of fields) {
    const keys = field.split('.');
    const last = keys.pop()!;
    delete keys.reduce((o, k) => o[k], input.clusterGroups.simple)[last];
  }
  return input;
}

test('GIVEN the minimal configuration THEN there is no problem (the baseline every case below changes)', () => {
  expect(() => parsePattern(simple({}), { now: NOW })).not.toThrow();
});

describe('Trustee', () => {
  test('appsDomain missing while Trustee derives its host from it', () => {
    // GIVEN no appsDomain and no trustee.kbs.host
    const input = without({}, 'appsDomain');
    // THEN
    expect(problems(input)).toEqual([
      'clusterGroups.simple.appsDomain: is required to derive the KBS host kbs-trustee-operator-system.<appsDomain> (or set trustee.kbs.host)',
    ]);
    // AND a host makes appsDomain unnecessary
    expect(() => parsePattern(without({ trustee: { kbs: { host: 'kbs.example.com' } } }, 'appsDomain'), { now: NOW })).not.toThrow();
  });

  test('the secure preset without trustee.kbs.certificate', () => {
    const input = without({}, 'trustee.kbs.certificate');
    expect(problems(input)).toEqual([
      'clusterGroups.simple.trustee.kbs.certificate: is required by the secure preset (the KBS serves HTTPS and workloads pin its CA): '
        + 'run "npm run secrets -- init", or use certs/kbs-ca.EXAMPLE.pem to try the pattern',
    ]);
    // AND the permissive preset does not need one
    expect(() => parsePattern(without({ trustee: { preset: 'permissive' } }, 'trustee.kbs.certificate'), { now: NOW })).not.toThrow();
  });

  test('trustee.initDataExpiration missing', () => {
    expect(problems(without({}, 'trustee.initDataExpiration'))).toEqual([
      'clusterGroups.simple.trustee.initDataExpiration: is required: the initdata digests this synth gives Trustee need an expiry ("YYYY-MM-DDTHH:MM:SSZ")',
    ]);
  });

  test('trustee.initDataExpiration in the past', () => {
    expect(problems(simple({ trustee: { initDataExpiration: '2025-12-31T23:59:59Z' } }))).toEqual([
      'clusterGroups.simple.trustee.initDataExpiration: must be after 2026-12-01T00:00:00Z (it has expired), got "2025-12-31T23:59:59Z"',
    ]);
  });

  test('trustee.initDataExpiration that is not a calendar time', () => {
    expect(problems(simple({ trustee: { initDataExpiration: '2027-02-30T00:00:00Z' } }))).toEqual([
      'clusterGroups.simple.trustee.initDataExpiration: must be a UTC time written exactly as YYYY-MM-DDTHH:MM:SSZ (e.g. "2027-01-01T00:00:00Z"), got "2027-02-30T00:00:00Z"',
    ]);
  });

  test('trustee.kbs.url that is not https', () => {
    expect(problems(simple({ trustee: { kbs: { url: 'http://kbs.example.com' } } }))).toEqual([
      'clusterGroups.simple.trustee.kbs.url: must be an https URL without credentials, query or fragment (e.g. "https://kbs.example.com"), got "http://kbs.example.com"',
    ]);
  });

  test('trustee.kbs.url with a path (the KBS Trustee renders is served at the root of its host)', () => {
    expect(problems(simple({ trustee: { kbs: { url: 'https://kbs.example.com/kbs' } } }))).toEqual([
      'clusterGroups.simple.trustee.kbs.url: must be an https URL of a host (e.g. "https://kbs.apps.example.com"), got "https://kbs.example.com/kbs"',
    ]);
  });

  test('trustee.kbs.host that is not a DNS name', () => {
    expect(problems(simple({ trustee: { kbs: { host: 'Not A Host' } } }))).toEqual([
      'clusterGroups.simple.trustee.kbs.host: must be a DNS name of at least two lowercase labels (e.g. "apps.cluster.example.com"), got "Not A Host"',
    ]);
  });

  test('two secret resources with one name', () => {
    const input = simple({
      trustee: {
        secretResources: [
          { name: 'kbsres1', vaultPath: 'secret/data/hub/a', keys: ['k'] },
          { name: 'kbsres1', vaultPath: 'secret/data/hub/b', keys: ['k'] },
        ],
      },
    });
    expect(problems(input)).toEqual([
      'clusterGroups.simple.trustee.secretResources[1].name: is already used by secretResources[0]: each secret resource needs its own name, got "kbsres1"',
    ]);
  });

  test('a secret resource name that is not a DNS label', () => {
    const input = simple({ trustee: { secretResources: [{ name: 'My_Secret', vaultPath: 'secret/data/hub/a', keys: ['k'] }] } });
    expect(problems(input)).toEqual([`clusterGroups.simple.trustee.secretResources[0].name: ${DNS_LABEL}, got "My_Secret"`]);
  });

  test('a reference value digest of the wrong length', () => {
    const input = simple({ trustee: { referenceValues: [{ name: 'snp_pcr11', values: ['abcd'], expiration: '2027-01-01T00:00:00Z' }] } });
    expect(problems(input)).toEqual([
      'clusterGroups.simple.trustee.referenceValues[0].values[0]: must be 64 lowercase hex characters (a sha256 digest; evidence claims are lowercase), got "abcd"',
    ]);
  });

  test('a value as OSC\'s measurements.json writes it ("0x" + hex, any case) is taken as lowercase hex', () => {
    const hex = 'AB'.repeat(32);
    const config = parsePattern(simple({ trustee: { referenceValues: [{ name: 'snp_pcr11', values: [`0x${hex}`], expiration: '2027-01-01T00:00:00Z' }] } }), { now: NOW });
    expect(config.clusterGroups.simple.trustee.referenceValues[0].values).toEqual(['ab'.repeat(32)]);
    // A value that lost its leading zeros with the prefix (veritas strips "0x" with lstrip) is still refused.
    expect(problems(simple({ trustee: { referenceValues: [{ name: 'snp_pcr11', values: [`0x${'0c'.repeat(32)}`.replace(/^0x0/, '')], expiration: '2027-01-01T00:00:00Z' }] } })))
      .toEqual([expect.stringMatching(/must be 64 lowercase hex characters/)]);
  });

  test('a sha384 reference value with a sha256-long digest', () => {
    const input = simple({ trustee: { referenceValues: [{ name: 'mr_td', algorithm: 'sha384', values: [DIGEST], expiration: '2027-01-01T00:00:00Z' }] } });
    expect(problems(input)).toEqual([
      `clusterGroups.simple.trustee.referenceValues[0].values[0]: must be 96 lowercase hex characters (a sha384 digest; evidence claims are lowercase), got "${DIGEST}"`,
    ]);
  });

  test('a reference value that has expired', () => {
    const input = simple({ trustee: { referenceValues: [{ name: 'snp_pcr11', values: [DIGEST], expiration: '2025-01-01T00:00:00Z' }] } });
    expect(problems(input)).toEqual([
      'clusterGroups.simple.trustee.referenceValues[0].expiration: must be after 2026-12-01T00:00:00Z (it has expired), got "2025-01-01T00:00:00Z"',
    ]);
  });

  test('a reference value named like the initdata reference values Trustee fills in', () => {
    const input = simple({ trustee: { referenceValues: [{ name: 'coco_initdata_azure_snp_pcr08', values: [DIGEST], expiration: '2027-01-01T00:00:00Z' }] } });
    expect(problems(input)).toEqual([
      'clusterGroups.simple.trustee.referenceValues[0].name: must not be one of the initdata reference value names Trustee fills in itself '
        + '(coco_initdata_azure_snp_pcr08, coco_initdata_azure_tdx_pcr08, coco_initdata_snp_hostdata, coco_initdata_tdx_mrconfigid), got "coco_initdata_azure_snp_pcr08"',
    ]);
  });

  test('an unknown Trustee version', () => {
    expect(problems(simple({ trustee: { version: '2.0' } }))).toEqual([
      'clusterGroups.simple.trustee.version: must be one of "0.3", "0.4", "1.0", "1.1", "1.2" (Red Hat build of Trustee), got "2.0"',
    ]);
  });

  test('a YAML number version is refused with a hint to quote it (1.10 would be read as 1.1)', () => {
    // GIVEN pattern.yaml text where the version is a YAML number
    const yaml = (version: string) => [
      'gitops: { repoURL: "https://git.example.com/org/gitops.git" }',
      'clusterGroups:',
      '  simple:',
      '    appsDomain: apps.test.example.com',
      `    trustee: { version: ${version}, initDataExpiration: "2099-01-01T00:00:00Z", kbs: { certificate: ${JSON.stringify(EXAMPLE_CERT)} } }`,
    ].join('\n');
    const load = (version: string) => parsePatternYaml(yaml(version), 'pattern.yaml', { now: NOW }).clusterGroups.simple.trustee.version;
    // THEN
    expect(load('"1.1"')).toBe('1.1');
    expect(() => load('1.0')).toThrow('clusterGroups.simple.trustee.version: must be a quoted string, one of "0.3", "0.4", "1.0", "1.1", "1.2" (Red Hat build of Trustee): '
      + 'YAML reads an unquoted version as a number (1.10 becomes 1.1), got the number 1');
    expect(() => load('1.1')).toThrow(/^clusterGroups\.simple\.trustee\.version: must be a quoted string, .*got the number 1\.1$/);
    expect(() => load('1.15')).toThrow(/got the number 1\.15$/);
  });

  test('an image policy signedBy without keys', () => {
    expect(problems(simple({ trustee: { imagePolicy: { type: 'signedBy', keys: [] } } }))).toEqual([
      'clusterGroups.simple.trustee.imagePolicy.keys: must list at least one signing key, got []',
    ]);
  });

  test('an image policy signing key that is not a KBS resource URI', () => {
    const input = simple({ trustee: { imagePolicy: { type: 'signedBy', keys: [{ registry: 'quay.io/org', keyPath: '/etc/key.pub', kind: 'sigstore' }] } } });
    expect(problems(input)).toEqual([
      'clusterGroups.simple.trustee.imagePolicy.keys[0].keyPath: must be a KBS resource URI kbs:///<repository>/<type>/<tag> (e.g. "kbs:///default/cosign-keys/key1"), got "/etc/key.pub"',
    ]);
  });
});

describe('certificate files', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-semantics-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(tmp, name), text);
    return name;
  };
  const withCert = (certificate: string) => simple({ trustee: { kbs: { certificate } } });

  test('a file that does not exist (relative to the pattern file)', () => {
    expect(problems(withCert('missing.pem'), { baseDir: tmp })).toEqual([
      `clusterGroups.simple.trustee.kbs.certificate: cannot read certificate file "missing.pem" (resolved to ${path.join(tmp, 'missing.pem')}: not found)`,
    ]);
  });

  test('a file without a certificate', () => {
    const file = write('notes.txt', 'just some text\n');
    expect(problems(withCert(file), { baseDir: tmp })).toEqual([
      `clusterGroups.simple.trustee.kbs.certificate: must be a PEM certificate ("-----BEGIN CERTIFICATE-----"): the CA certificate that issued the KBS's certificate (file "notes.txt", resolved to ${path.join(tmp, 'notes.txt')})`,
    ]);
  });

  test('PEM text without a certificate', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(problems(withCert(pem), { baseDir: tmp })).toEqual([
      'clusterGroups.simple.trustee.kbs.certificate: holds a "PUBLIC KEY" PEM block, not a certificate: pin the CA certificate that issued the KBS\'s certificate (npm run secrets -- init writes it as certs/kbs-ca.pem)',
    ]);
  });

  test('a file holding a private key (even next to a certificate)', () => {
    // GIVEN a key pair written by mistake into the certificate file
    const { privateKey } = generateKeyPairSync('ed25519');
    const file = write('key.pem', `${fs.readFileSync(EXAMPLE_CERT, 'utf8')}${privateKey.export({ type: 'pkcs8', format: 'pem' })}`);
    // THEN the key is refused and never echoed
    const found = problems(withCert(file), { baseDir: tmp });
    expect(found).toEqual([
      `clusterGroups.simple.trustee.kbs.certificate: holds a private key (file "key.pem", resolved to ${path.join(tmp, 'key.pem')}): only the public CA certificate may be referenced from pattern.yaml`,
    ]);
    expect(found.join('\n')).not.toContain('BEGIN');
  });

  test('a certificate block that is not X.509', () => {
    const file = write('broken.pem', '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
    expect(problems(withCert(file), { baseDir: tmp })).toEqual([
      expect.stringMatching(/^clusterGroups\.simple\.trustee\.kbs\.certificate: is not a valid X\.509 certificate: .+$/),
    ]);
  });

  test('sandbox.kbs.certificate is checked the same way', () => {
    const input = simple({ trustee: { enabled: false }, sandbox: { kbs: { url: 'https://kbs.example.com', certificate: 'nope.pem' } } });
    expect(problems(input, { baseDir: tmp })).toEqual([
      `clusterGroups.simple.sandbox.kbs.certificate: cannot read certificate file "nope.pem" (resolved to ${path.join(tmp, 'nope.pem')}: not found)`,
    ]);
  });

  test('inline PEM text ending with a newline (a YAML | block) is accepted', () => {
    // GIVEN the certificate itself instead of a path
    const pem = fs.readFileSync(EXAMPLE_CERT, 'utf8');
    expect(pem.endsWith('\n')).toBe(true);
    // WHEN
    const config = parsePattern(withCert(pem), { now: NOW });
    // THEN
    expect(config.clusterGroups.simple.trustee.kbs.certificate).toBe(pem);
  });

  test('a path with surrounding white space', () => {
    expect(problems(withCert('certs/kbs-ca.pem '))).toEqual([
      'clusterGroups.simple.trustee.kbs.certificate: must not start or end with white space, got "certs/kbs-ca.pem "',
    ]);
  });

  test('a readable certificate file is replaced by its PEM text', () => {
    // GIVEN the example certificate copied next to the pattern file
    const file = write('kbs-ca.pem', fs.readFileSync(EXAMPLE_CERT, 'utf8'));
    // WHEN
    const config = parsePattern(withCert(file), { now: NOW, baseDir: tmp });
    // THEN
    expect(config.clusterGroups.simple.trustee.kbs.certificate).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
  });
});

describe('sandbox and peer pods', () => {
  test('peerPods.mode acm with acm.enabled: false', () => {
    expect(problems(simple({ acm: { enabled: false } }))).toEqual([
      'clusterGroups.simple.sandbox.peerPods.mode: is "acm", which needs ACM: in this cluster group (acm.enabled: true), or a hub whose ACM manages it (spoke.hub); set it to "static" and give the Azure values otherwise',
    ]);
  });

  test('static Azure without region and subnet', () => {
    const input = simple({ sandbox: { peerPods: { mode: 'static', azure: { resourceGroup: 'rg', nsgId: NSG_ID } } } });
    expect(problems(input)).toEqual([
      'clusterGroups.simple.sandbox.peerPods.azure.region: is required when peerPods.mode is "static"',
      'clusterGroups.simple.sandbox.peerPods.azure.subnetId: is required when peerPods.mode is "static"',
    ]);
  });

  test('static Azure with every value is accepted', () => {
    const input = simple({ acm: { enabled: false }, sandbox: { peerPods: { mode: 'static', azure: { region: 'eastus', resourceGroup: 'rg', subnetId: SUBNET_ID, nsgId: NSG_ID } } } });
    expect(() => parsePattern(input, { now: NOW })).not.toThrow();
  });

  test('a malformed ARM subnet id', () => {
    const input = simple({ sandbox: { peerPods: { mode: 'static', azure: { region: 'eastus', resourceGroup: 'rg', subnetId: 'workers', nsgId: NSG_ID } } } });
    expect(problems(input)).toEqual([
      'clusterGroups.simple.sandbox.peerPods.azure.subnetId: must be an Azure subnet resource id '
        + '"/subscriptions/<subscriptionId>/resourceGroups/<resourceGroup>/providers/Microsoft.Network/virtualNetworks/<virtualNetwork>/subnets/<subnet>" '
        + '(10 segments after a leading "/"), got "workers"',
    ]);
  });

  const NOT_CONFIDENTIAL = 'must be a confidential VM size of the DC, EC or NCC families (series DCasv5, DCadsv5, ECasv5, ECadsv5, DCesv5, DCedsv5, '
    + 'ECesv5, ECedsv5, DCasv6, DCadsv6, ECasv6, ECadsv6, DCesv6, DCedsv6, ECesv6, ECedsv6, NCCadsH100v5), got "Standard_D8s_v5"';

  test('a VM size that is not confidential in peerPods.azure.instanceSize', () => {
    expect(problems(simple({ sandbox: { peerPods: { azure: { instanceSize: 'Standard_D8s_v5' } } } })))
      .toEqual([`clusterGroups.simple.sandbox.peerPods.azure.instanceSize: ${NOT_CONFIDENTIAL}`]);
  });

  test('a VM size that is not confidential in peerPods.azure.instanceSizes', () => {
    expect(problems(simple({ sandbox: { peerPods: { azure: { instanceSizes: ['Standard_DC2as_v5', 'Standard_D8s_v5'] } } } })))
      .toEqual([`clusterGroups.simple.sandbox.peerPods.azure.instanceSizes[1]: ${NOT_CONFIDENTIAL}`]);
  });

  test('an unknown runtime class', () => {
    expect(problems(simple({ sandbox: { runtimeClass: 'kata' } }))).toEqual([
      'clusterGroups.simple.sandbox.runtimeClass: must be a confidential runtime class ("kata-remote", "kata-cc": kata-remote for peer pods, kata-cc for bare-metal TEEs), got "kata"',
    ]);
  });

  test('an unknown cloud', () => {
    expect(problems(simple({ cloud: 'gcp' }))).toEqual([`clusterGroups.simple.cloud: must be one of ${CLOUDS.map(c => `"${c}"`).join(', ')}, got "gcp"`]);
  });

  test('cloud aws without peerPods.aws (its mode is static without saying so)', () => {
    expect(problems(simple({ cloud: 'aws' }))).toEqual([
      'clusterGroups.simple.sandbox.peerPods.aws: is required when cloud is "aws"',
    ]);
  });

  test('cloud aws with mode acm', () => {
    expect(problems(simple({ cloud: 'aws', sandbox: { peerPods: { mode: 'acm', aws: {} } } }))).toEqual([
      'clusterGroups.simple.sandbox.peerPods.mode: must be "static" on cloud "aws" (mode "acm" reads Azure facts through an ACM policy and is only available when cloud is "azure"), got "acm"',
      'clusterGroups.simple.sandbox.peerPods.aws.region: is required (expected string)',
      'clusterGroups.simple.sandbox.peerPods.aws.subnetId: is required (expected string)',
      'clusterGroups.simple.sandbox.peerPods.aws.vpcId: is required (expected string)',
      'clusterGroups.simple.sandbox.peerPods.aws.securityGroupIds: is required (expected array)',
    ]);
  });

  test('cloud aws with the Azure settings', () => {
    expect(problems(simple({ cloud: 'aws', sandbox: { peerPods: { azure: { instanceSize: 'Standard_DC2as_v5' } } } }))).toEqual([
      'clusterGroups.simple.sandbox.peerPods.aws: is required when cloud is "aws"',
      'clusterGroups.simple.sandbox.peerPods.azure: is not a peer-pods setting of cloud "aws" (mode, vxlanPort, proxyTimeout, limitPerNode, rootVolumeSizeGiB, tags, aws)',
    ]);
  });

  test('initData.algorithm sha384 on Azure', () => {
    expect(problems(simple({ sandbox: { initData: { algorithm: 'sha384' } } }))).toEqual([
      'clusterGroups.simple.sandbox.initData.algorithm: must be "sha256" on Azure: peer pods bind initdata through vTPM PCR8, which takes a 32-byte digest, got "sha384"',
    ]);
  });

  test('an empty exec allow-list entry', () => {
    expect(problems(simple({ sandbox: { initData: { agentPolicy: { execAllowList: [[]] } } } }))).toEqual([
      'clusterGroups.simple.sandbox.initData.agentPolicy.execAllowList[0]: must name at least the program to run, got []',
    ]);
  });

  test('the agent policy in its short form is the preset alone', () => {
    const config = parsePattern(simple({ sandbox: { initData: { agentPolicy: 'allow-all' } }, workloads: { kbsAccess: { enabled: false } } }), { now: NOW });
    expect(config.clusterGroups.simple.sandbox.initData.agentPolicy).toEqual({ preset: 'allow-all' });
    expect(parsePattern(simple({}), { now: NOW }).clusterGroups.simple.sandbox.initData.agentPolicy).toEqual({ preset: 'no-exec' });
  });

  test.each([
    ['an unknown short form', 'nope', 'clusterGroups.simple.sandbox.initData.agentPolicy: must be one of "allow-all", "no-exec" or a mapping, got string "nope"'],
    ['an unknown preset in the long form', { preset: 'nope' }, 'clusterGroups.simple.sandbox.initData.agentPolicy.preset: must be one of "allow-all", "no-exec", got "nope"'],
    ['neither', 7, 'clusterGroups.simple.sandbox.initData.agentPolicy: must be one of "allow-all", "no-exec" or a mapping, got number 7'],
  ])('the agent policy: %s', (_, agentPolicy, message) => {
    expect(problems(simple({ sandbox: { initData: { agentPolicy } } }))).toEqual([message]);
  });

  test('kbs-access with a default agent policy that allows exec', () => {
    expect(problems(simple({ sandbox: { initData: { agentPolicy: 'allow-all' } } }))).toEqual([
      'clusterGroups.simple.workloads.kbsAccess.enabled: must be false when sandbox.initData.agentPolicy allows exec (preset "allow-all"): kbs-access runs with the group\'s default agent policy, and a workload whose policy allows exec obtains no secret; got true',
    ]);
  });

  test('a debug-pod grant of a resource Trustee does not serve', () => {
    expect(problems(simple({ workloads: { helloOpenshift: { insecurePolicyObtains: ['kbsres1/key1', 'nope/x'] } } }))).toEqual([
      'clusterGroups.simple.workloads.helloOpenshift.insecurePolicyObtains[1]: names secret resource "nope", which Trustee does not serve (it serves "kbsres1", "passphrase", "security-policy"), got "nope/x"',
    ]);
  });

  test('a vxlanPort out of range', () => {
    expect(problems(simple({ sandbox: { peerPods: { vxlanPort: 0 } } }))).toEqual([
      'clusterGroups.simple.sandbox.peerPods.vxlanPort: must be a port number from 1 to 65535, got 0',
    ]);
  });
});

describe('which Trustee the workloads attest to', () => {
  test('sandbox.kbs.trustee names a group that does not exist', () => {
    expect(problems(simple({ sandbox: { kbs: { trustee: 'hub' } } }))).toEqual([
      'clusterGroups.simple.sandbox.kbs.trustee: names cluster group "hub", which is not defined (defined: simple)',
    ]);
  });

  test('sandbox.kbs.trustee names a group without Trustee', () => {
    // GIVEN a hub without Trustee (and without workloads) and a spoke pointing at it
    const hub = { trustee: { enabled: false }, sandbox: { enabled: false }, workloads: { helloOpenshift: { enabled: false }, kbsAccess: { enabled: false } } };
    const input = minimalInput({}, { hub, spoke: { trustee: { enabled: false }, sandbox: { kbs: { trustee: 'hub' } } } });
    expect(problems(input)).toEqual([
      'clusterGroups.spoke.sandbox.kbs.trustee: names cluster group "hub", which does not deploy Trustee (trustee.enabled: false)',
    ]);
  });

  test('sandbox.kbs.url together with sandbox.kbs.trustee', () => {
    expect(problems(simple({ sandbox: { kbs: { trustee: 'simple', url: 'https://kbs.example.com' } } }))).toEqual([
      'clusterGroups.simple.sandbox.kbs.url: cannot be set together with sandbox.kbs.trustee: name the Trustee of a cluster group, or give its URL',
    ]);
  });

  test('a sandbox with no Trustee anywhere', () => {
    expect(problems(simple({ trustee: { enabled: false } }))).toEqual([
      'clusterGroups.simple.sandbox.kbs: needs a Trustee: enable trustee in this cluster group, name another group in sandbox.kbs.trustee, or give sandbox.kbs.url',
    ]);
  });

  test('an external KBS URL needs no Trustee here', () => {
    expect(() => parsePattern(simple({ trustee: { enabled: false }, sandbox: { kbs: { url: 'https://kbs.example.com' } } }), { now: NOW })).not.toThrow();
  });

  test('the image security policy enabled while security-policy is removed from the secret resources', () => {
    const input = simple({ trustee: { secretResources: [{ name: 'kbsres1', vaultPath: 'secret/data/hub/kbsres1', keys: ['key1', 'key2', 'key3'] }] } });
    expect(problems(input)).toEqual([
      'clusterGroups.simple.sandbox.initData.imageSecurityPolicy: must be false when Trustee does not serve kbs:///default/security-policy/osc '
        + '(trustee.secretResources of this cluster group has no secret resource "security-policy"), got true',
    ]);
  });

  test('the image security policy enabled while the hub\'s security-policy lacks the key osc', () => {
    // GIVEN the Trustee in another group, whose security-policy secret has another key
    const resources = [
      { name: 'kbsres1', vaultPath: 'secret/data/hub/kbsres1', keys: ['key1', 'key2', 'key3'] },
      { name: 'security-policy', vaultPath: 'secret/data/hub/securityPolicyConfig', keys: ['policy'] },
    ];
    const hub = { trustee: { secretResources: resources }, sandbox: { enabled: false }, workloads: { helloOpenshift: { enabled: false }, kbsAccess: { enabled: false } } };
    const input = minimalInput({}, { hub, spoke: { trustee: { enabled: false }, sandbox: { kbs: { trustee: 'hub' } } } });
    // THEN the spoke's setting is the one named
    expect(problems(input)).toEqual([
      'clusterGroups.spoke.sandbox.initData.imageSecurityPolicy: must be false when Trustee does not serve kbs:///default/security-policy/osc '
        + '(trustee.secretResources of cluster group "hub" has no key "osc" in secret resource "security-policy"), got true',
    ]);
  });

  test('imageSecurityPolicy: false lifts the requirement', () => {
    const input = simple({
      trustee: { secretResources: [{ name: 'kbsres1', vaultPath: 'secret/data/hub/kbsres1', keys: ['key1', 'key2', 'key3'] }] },
      sandbox: { initData: { imageSecurityPolicy: false } },
    });
    expect(() => parsePattern(input, { now: NOW })).not.toThrow();
  });
});

describe('workloads', () => {
  test.each([
    ['kbsres1/key9', 'names key "key9" of secret resource "kbsres1", which only has "key1", "key2", "key3", got "kbsres1/key9"'],
    ['db/password', 'names secret resource "db", which Trustee does not serve (it serves "kbsres1", "passphrase", "security-policy"), got "db/password"'],
    ['kbsres1', 'must be a KBS resource "<secret>/<key>" (served as default/<secret>/<key>), got "kbsres1"'],
    ['other/kbsres1/key3', 'must be a KBS resource "<secret>/<key>" (served as default/<secret>/<key>), got "other/kbsres1/key3"'],
  ])('workloads.kbsAccess.resource %s', (resource, message) => {
    expect(problems(simple({ workloads: { kbsAccess: { resource } } }))).toEqual([`clusterGroups.simple.workloads.kbsAccess.resource: ${message}`]);
  });

  test('workloads.kbsAccess.resource is checked against the Trustee of another group', () => {
    const hub = { sandbox: { enabled: false }, workloads: { helloOpenshift: { enabled: false }, kbsAccess: { enabled: false } } };
    const input = minimalInput({}, { hub, spoke: { trustee: { enabled: false }, sandbox: { kbs: { trustee: 'hub' } }, workloads: { kbsAccess: { resource: 'kbsres1/key4' } } } });
    expect(problems(input)).toEqual([
      'clusterGroups.spoke.workloads.kbsAccess.resource: names key "key4" of secret resource "kbsres1", which only has "key1", "key2", "key3", got "kbsres1/key4"',
    ]);
  });

  test('workloads with sandbox.enabled: false name each enabled demo app', () => {
    expect(problems(simple({ sandbox: { enabled: false } }))).toEqual([
      'clusterGroups.simple.workloads.helloOpenshift.enabled: must be false when sandbox.enabled is false (the demo app runs confidential pods), got true',
      'clusterGroups.simple.workloads.kbsAccess.enabled: must be false when sandbox.enabled is false (the demo app runs confidential pods), got true',
    ]);
    expect(problems(simple({ sandbox: { enabled: false }, workloads: { helloOpenshift: { enabled: false } } }))).toEqual([
      'clusterGroups.simple.workloads.kbsAccess.enabled: must be false when sandbox.enabled is false (the demo app runs confidential pods), got true',
    ]);
  });

  test.each([
    [70000, 'must be a port number from 1 to 65535, got 70000'],
    [0, 'must be a port number from 1 to 65535, got 0'],
    [80.5, 'must be a whole number, got 80.5'],
  ])('a port %p', (port, message) => {
    expect(problems(simple({ workloads: { kbsAccess: { port } } }))).toEqual([`clusterGroups.simple.workloads.kbsAccess.port: ${message}`]);
  });

  test('strictImages reports every unpinned image at once, each at its pattern.yaml field', () => {
    const why = 'is not pinned by digest: the agent policy and guest pull cannot tie';
    const hint = 'or workloads.strictImages: false to make this a warning)';
    expect(problems(simple({ workloads: { strictImages: true } }))).toEqual([
      `clusterGroups.simple.workloads.helloOpenshift.image: image "quay.io/openshift/origin-hello-openshift" ${why} hello-openshift/insecure-policy and hello-openshift/secure to one image (use quay.io/openshift/origin-hello-openshift@sha256:<digest>, ${hint}`,
      `clusterGroups.simple.workloads.kbsAccess.image: image "ghcr.io/butler54/kbs-access-app:latest" ${why} kbs-access/secure to one image (use ghcr.io/butler54/kbs-access-app@sha256:<digest>, ${hint}`,
      `clusterGroups.simple.workloads.kbsAccess.fetcherImage: image "registry.access.redhat.com/ubi9/ubi:latest" ${why} kbs-access/secure (init container) to one image (use registry.access.redhat.com/ubi9/ubi@sha256:<digest>, ${hint}`,
    ]);
  });

  test('strictImages: only unpinned images of enabled apps, with their namespaces; pinned ones pass', () => {
    const pinned = `registry.example.com:5000/org/app:1.0@sha256:${DIGEST}`;
    expect(problems(simple({ workloads: { strictImages: true, helloOpenshift: { enabled: false }, kbsAccess: { namespace: 'kbs', image: pinned, fetcherImage: 'registry.example.com:5000/tools/ubi:9' } } }))).toEqual([
      'clusterGroups.simple.workloads.kbsAccess.fetcherImage: image "registry.example.com:5000/tools/ubi:9" is not pinned by digest: the agent policy and guest pull cannot tie kbs/secure (init container) '
        + 'to one image (use registry.example.com:5000/tools/ubi@sha256:<digest>, or workloads.strictImages: false to make this a warning)',
    ]);
    expect(() => parsePattern(simple({ workloads: { strictImages: true, helloOpenshift: { image: pinned }, kbsAccess: { image: pinned, fetcherImage: pinned } } }), { now: NOW })).not.toThrow();
  });

  test('a namespace that is not a DNS label', () => {
    expect(problems(simple({ workloads: { helloOpenshift: { namespace: 'Hello_World' } } })))
      .toEqual([`clusterGroups.simple.workloads.helloOpenshift.namespace: ${DNS_LABEL}, got "Hello_World"`]);
  });
});

describe('platform', () => {
  test('certManager enabled without email and azureDns', () => {
    expect(problems(simple({ certManager: { enabled: true } }))).toEqual([
      'clusterGroups.simple.certManager.letsEncrypt.email: is required when certManager is enabled',
      'clusterGroups.simple.certManager.letsEncrypt.azureDns: is required when certManager is enabled (the DNS-01 challenges are answered in Azure DNS)',
    ]);
  });

  test('certManager enabled without appsDomain', () => {
    const azureDns = { subscriptionId: SUB, tenantId: SUB, clientId: SUB, resourceGroupName: 'dns', hostedZoneName: 'example.com' };
    const input = without({ certManager: { enabled: true, letsEncrypt: { email: 'ops@example.com', azureDns } }, trustee: { kbs: { host: 'kbs.example.com' } } }, 'appsDomain');
    expect(problems(input)).toEqual([
      'clusterGroups.simple.appsDomain: is required when certManager is enabled (the certificates are for the apps and API domains)',
    ]);
  });

  test('an approver image for an operator that has no approver (Automatic)', () => {
    expect(problems(simple({ acm: { operator: { installPlanApproval: 'Automatic', approverImage: 'quay.io/org/oc:4.18' } } }))).toEqual([
      'clusterGroups.simple.acm.operator.approverImage: is only used with installPlanApproval "Manual" (the approver Job approves the pinned CSV\'s InstallPlans; with Automatic there is none): remove it or set installPlanApproval to "Manual"',
    ]);
    expect(() => parsePattern(simple({ acm: { operator: { approverImage: 'quay.io/org/oc:4.18' } } }), { now: NOW })).not.toThrow();
    expect(() => parsePattern(simple({ certManager: { operator: { installPlanApproval: 'Automatic', approverImage: 'quay.io/org/oc:4.18' } } }), { now: NOW })).not.toThrow();
  });

  test('a number below its minimum reads as a bound, not zod\'s wording', () => {
    expect(problems(simple({ trustee: { kbs: { tokenDurationMinutes: 0 } } }))).toEqual([
      'clusterGroups.simple.trustee.kbs.tokenDurationMinutes: must be at least 1, got 0',
    ]);
    expect(problems(simple({ sandbox: { natGateway: { idleTimeoutMinutes: 121 } } }))).toEqual([
      'clusterGroups.simple.sandbox.natGateway.idleTimeoutMinutes: must be at most 120, got 121',
    ]);
  });
});

describe('zodProblems: bounds in the house wording', () => {
  test('numbers, lists and strings, inclusive and exclusive; a message set in the schema is kept', () => {
    // GIVEN a schema with zod's default bound messages and one custom message
    const schema = z.strictObject({
      atLeast: z.number().min(2),
      greater: z.number().gt(0),
      below: z.number().lt(10),
      list: z.array(z.string()).min(1),
      short: z.string().max(3),
      custom: z.array(z.string()).min(1, { message: 'must list at least one key' }),
    });
    // WHEN
    const result = schema.safeParse({ atLeast: 1, greater: 0, below: 10, list: [], short: 'abcd', custom: [] }, { reportInput: true });
    // THEN
    expect(zodProblems(result.error!.issues).map(p => `${p.path}: ${p.message}`)).toEqual([
      'atLeast: must be at least 2, got 1',
      'greater: must be greater than 0, got 0',
      'below: must be less than 10, got 10',
      'list: must list at least 1 item, got []',
      'short: must be at most 3 characters long, got "abcd"',
      'custom: must list at least one key, got []',
    ]);
  });
});

describe('several problems', () => {
  test('cross-field problems of several groups and fields are reported together, in document order', () => {
    // GIVEN an expired initdata expiry, sha384 on Azure in one group, and a dangling Trustee reference in another
    const input = minimalInput({}, {
      hub: { trustee: { initDataExpiration: '2020-01-01T00:00:00Z' }, sandbox: { initData: { algorithm: 'sha384' } } },
      spoke: { trustee: { enabled: false }, sandbox: { kbs: { trustee: 'nowhere' } } },
    });
    // THEN
    expect(problems(input)).toEqual([
      'clusterGroups.hub.trustee.initDataExpiration: must be after 2026-12-01T00:00:00Z (it has expired), got "2020-01-01T00:00:00Z"',
      'clusterGroups.hub.sandbox.initData.algorithm: must be "sha256" on Azure: peer pods bind initdata through vTPM PCR8, which takes a 32-byte digest, got "sha384"',
      'clusterGroups.spoke.sandbox.kbs.trustee: names cluster group "nowhere", which is not defined (defined: hub, spoke)',
    ]);
  });

  test('a certificate problem comes with the cross-field problems', () => {
    const input = simple({ trustee: { kbs: { certificate: 'missing.pem' } }, sandbox: { initData: { algorithm: 'sha512' } } });
    expect(problems(input, { baseDir: os.tmpdir() })).toEqual([
      'clusterGroups.simple.sandbox.initData.algorithm: must be "sha256" on Azure: peer pods bind initdata through vTPM PCR8, which takes a 32-byte digest, got "sha512"',
      `clusterGroups.simple.trustee.kbs.certificate: cannot read certificate file "missing.pem" (resolved to ${path.join(os.tmpdir(), 'missing.pem')}: not found)`,
    ]);
  });

  test('schema problems are all reported, each on its own line', () => {
    const input = simple({ trustee: { kbs: { url: 'http://kbs.example.com', host: 'Bad' } }, workloads: { kbsAccess: { port: 0 } } });
    expect(problems(input)).toEqual([
      'clusterGroups.simple.trustee.kbs.host: must be a DNS name of at least two lowercase labels (e.g. "apps.cluster.example.com"), got "Bad"',
      'clusterGroups.simple.trustee.kbs.url: must be an https URL without credentials, query or fragment (e.g. "https://kbs.example.com"), got "http://kbs.example.com"',
      'clusterGroups.simple.workloads.kbsAccess.port: must be a port number from 1 to 65535, got 0',
    ]);
  });
});
