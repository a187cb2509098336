import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadPattern, parsePattern, parsePatternYaml } from '../../lib/config/load';
import { CLOUDS } from '../../lib/platforms/providers';
import { EXAMPLE_CERT, minimalInput, minimalYaml } from '../support/render';
import { problemsOf as problems } from '../support/problems';


describe('defaults', () => {
  test('a minimal file gets every default', () => {
    // WHEN
    const config = parsePattern(minimalInput());
    // THEN
    expect(config.name).toBe('coco-pattern');
    expect(config.gitops).toEqual({
      repoURL: 'https://git.example.com/org/gitops.git',
      targetRevision: 'main',
      path: 'dist',
      namespace: 'openshift-gitops',
      controllerServiceAccount: 'openshift-gitops-argocd-application-controller',
    });
    expect(Object.keys(config.clusterGroups)).toEqual(['simple']);
    const simple = config.clusterGroups.simple;
    expect(simple.cloud).toBe('azure');
    expect(simple.trustee.enabled).toBe(true);
    // The channel and CSV come from the area's version (lib/olm/versions.ts), so the settings leave them unset.
    expect(simple.trustee.operator).toEqual({ source: 'redhat-operators', sourceNamespace: 'openshift-marketplace', installPlanApproval: 'Manual' });
    expect([simple.trustee.version, simple.sandbox.version, simple.acm.version, simple.externalSecrets.version, simple.certManager.version])
      .toEqual(['1.2', '1.12', '2.14', '1.1', '1.16']);
  });

  test('operator settings can be pinned', () => {
    const config = parsePattern(minimalInput({}, {
      simple: { trustee: { operator: { startingCSV: 'trustee-operator.v1.1.0', installPlanApproval: 'Manual' } } },
    }));
    expect(config.clusterGroups.simple.trustee.operator).toMatchObject({ startingCSV: 'trustee-operator.v1.1.0', installPlanApproval: 'Manual' });
  });

  test('several cluster groups are kept in order', () => {
    const config = parsePattern(minimalInput({}, { hub: {}, spoke: { trustee: { enabled: false }, sandbox: { kbs: { trustee: 'hub' } } } }));
    expect(Object.keys(config.clusterGroups)).toEqual(['hub', 'spoke']);
    expect(config.clusterGroups.spoke.trustee.enabled).toBe(false);
  });
});

describe('bad input: one line per problem, naming the field', () => {
  test('fails on a missing repoURL', () => {
    expect(problems(() => parsePattern({ gitops: {} }))).toEqual(['gitops.repoURL: is required (expected string)']);
  });

  test('fails on a missing gitops section', () => {
    expect(problems(() => parsePattern({}))).toEqual(['gitops: is required (expected object)']);
  });

  test('fails on unknown keys, at every level, listing each', () => {
    const found = problems(() => parsePattern(minimalInput({ extra: 1 }, { simple: { trustee: { operator: { chanel: 'stable' } }, sandbx: {} } })));
    expect(found.sort()).toEqual([
      'clusterGroups.simple.sandbx: unknown key',
      'clusterGroups.simple.trustee.operator.chanel: unknown key',
      'extra: unknown key',
    ]);
  });

  test('fails on a wrong type with the value', () => {
    expect(problems(() => parsePattern(minimalInput({}, { simple: { trustee: { enabled: 'yes' } } }))))
      .toEqual(['clusterGroups.simple.trustee.enabled: expected boolean, got string "yes"']);
  });

  test('fails on a value outside an enum, listing the allowed ones', () => {
    expect(problems(() => parsePattern(minimalInput({}, { simple: { cloud: 'gcp' } }))))
      .toEqual([`clusterGroups.simple.cloud: must be one of ${CLOUDS.map(c => `"${c}"`).join(', ')}, got "gcp"`]);
  });

  test('fails on an invalid approval', () => {
    expect(problems(() => parsePattern(minimalInput({}, { simple: { acm: { operator: { installPlanApproval: 'manual' } } } }))))
      .toEqual(['clusterGroups.simple.acm.operator.installPlanApproval: must be one of "Automatic", "Manual", got "manual"']);
  });

  test('fails on an empty channel', () => {
    expect(problems(() => parsePattern(minimalInput({}, { simple: { sandbox: { operator: { channel: ' ' } } } }))))
      .toEqual(['clusterGroups.simple.sandbox.operator.channel: must not be empty, got " "']);
    expect(problems(() => parsePattern(minimalInput({}, { simple: { sandbox: { operator: { channel: 'stable ' } } } }))))
      .toEqual(['clusterGroups.simple.sandbox.operator.channel: must not start or end with white space, got "stable "']);
  });

  test('fails on a cluster group name that is not a DNS label', () => {
    expect(problems(() => parsePattern(minimalInput({}, { Simple_1: {} }))))
      .toEqual([expect.stringMatching(/^clusterGroups\.Simple_1: invalid key: must be a DNS-1123 label .*, got "Simple_1"$/)]);
  });

  test('fails on no cluster group', () => {
    expect(problems(() => parsePattern(minimalInput({ clusterGroups: {} }))))
      .toEqual(['clusterGroups: must define at least one cluster group (e.g. "simple: {}"), got {}']);
  });

  test('fails on an apps domain that is not a DNS name', () => {
    expect(problems(() => parsePattern(minimalInput({}, { simple: { appsDomain: 'Not A Host' } }))))
      .toEqual([expect.stringMatching(/^clusterGroups\.simple\.appsDomain: must be a DNS name .*, got "Not A Host"$/)]);
  });

  test.each([
    ['not a URL', 'github.com/org/repo'],
    ['a file path', '/srv/git/repo'],
    ['an ftp URL', 'ftp://example.com/repo.git'],
  ])('fails on a repoURL that is %s', (_, repoURL) => {
    expect(problems(() => parsePattern(minimalInput({ gitops: { repoURL } }))))
      .toEqual([`gitops.repoURL: must be a Git repository URL (https://host/org/repo.git, ssh://... or git@host:org/repo.git), got ${JSON.stringify(repoURL)}`]);
  });

  test.each(['git@github.com:org/repo.git', 'ssh://git@example.com/org/repo.git', 'https://example.com/r'])('accepts repoURL %s', repoURL => {
    expect(parsePattern(minimalInput({ gitops: { repoURL } })).gitops.repoURL).toBe(repoURL);
  });

  test.each(['/dist', 'dist/', '../dist', 'a/./b', ''])('fails on a path %j', p => {
    expect(problems(() => parsePattern(minimalInput({ gitops: { repoURL: 'https://e.com/r.git', path: p } }))))
      .toEqual([expect.stringMatching(/^gitops\.path: must be a relative path inside the repository/)]);
  });

  test('reports every problem at once', () => {
    expect(problems(() => parsePattern(minimalInput({ gitops: { repoURL: 'x', targetRevision: '' }, name: 'Bad Name' })))).toHaveLength(3);
  });
});

describe('operator versions', () => {
  const yamlWith = (line: string) => [
    'gitops: { repoURL: "https://git.example.com/org/gitops.git" }',
    'clusterGroups:',
    '  simple:',
    '    appsDomain: apps.test.example.com',
    `    trustee: { initDataExpiration: "2099-01-01T00:00:00Z", kbs: { certificate: ${JSON.stringify(EXAMPLE_CERT)} } }`,
    `    ${line}`,
  ].join('\n');

  test.each(['1.10', '1.11', '1.12'])('sandbox.version "%s" is accepted as written', version => {
    expect(parsePattern(minimalInput({}, { simple: { sandbox: { version } } })).clusterGroups.simple.sandbox.version).toBe(version);
    expect(parsePatternYaml(yamlWith(`sandbox: { version: "${version}" }`), 'pattern.yaml').clusterGroups.simple.sandbox.version).toBe(version);
  });

  test('an unsupported sandbox.version lists the supported ones', () => {
    expect(problems(() => parsePattern(minimalInput({}, { simple: { sandbox: { version: '1.9' } } })))).toEqual([
      'clusterGroups.simple.sandbox.version: must be one of "1.10", "1.11", "1.12" (OpenShift sandboxed containers release), got "1.9"',
    ]);
  });

  test('an unquoted sandbox.version (a YAML number: 1.10 is 1.1) is refused with a hint to quote it', () => {
    expect(problems(() => parsePatternYaml(yamlWith('sandbox: { version: 1.10 }'), 'pattern.yaml'))).toEqual([
      'clusterGroups.simple.sandbox.version: must be a quoted string, one of "1.10", "1.11", "1.12" (OpenShift sandboxed containers release): '
        + 'YAML reads an unquoted version as a number (1.10 becomes 1.1), got the number 1.1',
    ]);
    expect(problems(() => parsePatternYaml(yamlWith('sandbox: { version: 1.12 }'), 'pattern.yaml'))).toEqual([
      expect.stringMatching(/^clusterGroups\.simple\.sandbox\.version: must be a quoted string, .*got the number 1\.12$/),
    ]);
  });

  test.each([
    ['acm', '2.13', 'Advanced Cluster Management', '"2.14"'],
    ['externalSecrets', '1.0', 'External Secrets Operator for Red Hat OpenShift', '"1.1"'],
    ['certManager', '1.15', 'cert-manager Operator for Red Hat OpenShift', '"1.16"'],
  ])('an unsupported %s.version lists the supported ones', (area, version, what, supported) => {
    expect(problems(() => parsePattern(minimalInput({}, { simple: { [area]: { version } } })))).toEqual([
      `clusterGroups.simple.${area}.version: must be one of ${supported} (${what}), got "${version}"`,
    ]);
  });

  test('an unquoted acm.version is refused with a hint to quote it', () => {
    expect(problems(() => parsePatternYaml(yamlWith('acm: { version: 2.14 }'), 'pattern.yaml'))).toEqual([
      expect.stringMatching(/^clusterGroups\.simple\.acm\.version: must be a quoted string, one of "2\.14" \(Advanced Cluster Management\): .*got the number 2\.14$/),
    ]);
  });

  test('an unquoted vault.chart.version (a YAML number) is refused with a hint to quote it', () => {
    expect(problems(() => parsePatternYaml(yamlWith('vault: { chart: { version: 0.31 } }'), 'pattern.yaml'))).toEqual([
      'clusterGroups.simple.vault.chart.version: must be an exact chart version such as "0.31.0", a quoted string: '
        + 'YAML reads an unquoted version as a number, got the number 0.31',
    ]);
  });

  test('the approver image must be pinned by tag or digest', () => {
    expect(problems(() => parsePattern(minimalInput({}, { simple: { trustee: { operator: { approverImage: 'quay.io/org/oc:latest' } } } })))).toEqual([
      'clusterGroups.simple.trustee.operator.approverImage: must be an image reference pinned by tag (not "latest") or digest, '
        + 'e.g. "registry.redhat.io/openshift4/ose-cli-rhel9:v4.18", got "quay.io/org/oc:latest"',
    ]);
    expect(parsePattern(minimalInput({}, { simple: { trustee: { operator: { approverImage: 'quay.io/org/oc:4.18' } } } })).clusterGroups.simple.trustee.operator.approverImage)
      .toBe('quay.io/org/oc:4.18');
  });
});

describe('pattern.yaml as a file', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-load-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, text);
    return f;
  };

  test('reads a valid file', () => {
    const f = write('ok.yaml', minimalYaml());
    expect(loadPattern(f).gitops.repoURL).toBe('https://git.example.com/org/gitops.git');
  });

  test('reads certificates relative to the pattern file', () => {
    fs.copyFileSync(EXAMPLE_CERT, path.join(tmp, 'ca.pem'));
    const f = write('rel.yaml', minimalYaml().replace(EXAMPLE_CERT, 'ca.pem'));
    expect(loadPattern(f).clusterGroups.simple.trustee.kbs.certificate).toBe(fs.readFileSync(EXAMPLE_CERT, 'utf8'));
  });

  test('fails on a missing file', () => {
    const f = path.join(tmp, 'nope.yaml');
    expect(problems(() => loadPattern(f))).toEqual([`${f}: file not found`]);
  });

  test('fails on a folder', () => {
    expect(problems(() => loadPattern(tmp))).toEqual([`${tmp}: is a directory, expected a file`]);
  });

  test('fails on an empty file', () => {
    expect(problems(() => parsePatternYaml('', 'p.yaml'))).toEqual(['p.yaml: is empty: expected a mapping with at least "gitops.repoURL"']);
    expect(problems(() => parsePatternYaml('# only a comment\n', 'p.yaml'))).toHaveLength(1);
  });

  test('fails on malformed YAML with line and column', () => {
    expect(problems(() => parsePatternYaml('gitops:\n  repoURL: [unclosed\n', 'p.yaml')))
      .toEqual([expect.stringMatching(/^p\.yaml:\d+:\d+: invalid YAML: /)]);
  });

  test('fails on a duplicate key', () => {
    expect(problems(() => parsePatternYaml('gitops:\n  repoURL: https://e.com/r.git\ngitops: {}\n', 'p.yaml')))
      .toEqual([expect.stringMatching(/^p\.yaml:3:1: invalid YAML: Map keys must be unique/)]);
  });

  test('fails on a document that is not a mapping', () => {
    expect(problems(() => parsePatternYaml('- a\n- b\n', 'p.yaml'))).toEqual(['p.yaml: must be a YAML mapping, got a list']);
    expect(problems(() => parsePatternYaml('42\n', 'p.yaml'))).toEqual(['p.yaml: must be a YAML mapping, got 42']);
  });
});
