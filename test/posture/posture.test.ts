/**
 * The posture report: each finding on its own (present when its cause is, absent when fixed), the
 * report's content and determinism, and `synth --strict`.
 */
import { App } from 'cdk8s';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSynth, synthesize } from '../../lib/cli/synth-command';
import { buildPattern } from '../../lib/cli/synthesize';
import { loadPattern, parsePattern } from '../../lib/config/load';
import { EXAMPLE_APPS_DOMAIN, EXAMPLE_REPO_URL } from '../../lib/config/examples';
import { ArgoAppChart } from '../../lib/gitops/argo-app-chart';
import { CocoPattern } from '../../lib/pattern';
import { ConfidentialWorkload } from '../../lib/workloads/confidential-workload';
import { postureFindings, timedFindings } from '../../lib/posture';
import { minimalInput, minimalYaml, REPO } from '../support/render';
import { STATIC_AZURE } from '../support/reference-pattern';

const CA = path.join(REPO, 'test', 'initdata', 'fixtures', 'kbs-cert.pem');
const LEAF = path.join(__dirname, 'fixtures', 'leaf-not-ca.pem');
const DIGEST = '@sha256:' + 'a'.repeat(64);

/** A group with every high and medium cause removed: trusted hub + spoke, own CA, pinned images, measurements. */
function hardened(spoke: Record<string, any> = {}, hub: Record<string, any> = {}) {
  return minimalInput({}, {
    hub: {
      sandbox: { enabled: false },
      workloads: { helloOpenshift: { enabled: false }, kbsAccess: { enabled: false } },
      ...hub,
      trustee: {
        kbs: { certificate: CA },
        referenceValues: [{ name: 'snp_pcr11', values: ['b'.repeat(64)], expiration: '2099-01-01T00:00:00Z' }],
        imagePolicy: { type: 'signedBy', keys: [{ registry: 'quay.io/example', keyPath: 'kbs:///default/cosign-keys/key1', kind: 'sigstore' }] },
        ...(hub.trustee ?? {}),
      },
    },
    spoke: {
      acm: { enabled: false },
      sandbox: { kbs: { trustee: 'hub' }, peerPods: { mode: 'static', azure: STATIC_AZURE } },
      vault: { enabled: false },
      ...spoke,
      trustee: { enabled: false },
      workloads: {
        helloOpenshift: { enabled: false },
        kbsAccess: {
          image: `ghcr.io/butler54/kbs-access-app${DIGEST}`,
          fetcherImage: `registry.access.redhat.com/ubi9/ubi${DIGEST}`,
          imageEnv: ['APP_ROOT=/opt/app-root', 'HOME=/opt/app-root/src', 'PATH=/opt/app-root/bin:/usr/bin:/bin'],
        },
        ...(spoke.workloads ?? {}),
      },
    },
  });
}


function posture(input: unknown, group = 'simple') {
  const pattern = new CocoPattern(new App(), 'pattern', { config: parsePattern(input) });
  return pattern.posture(group);
}

const ids = (input: unknown, group = 'simple') => posture(input, group).findings.map(f => f.id);

describe('findings of the default pattern', () => {
  test('names the single-cluster, example-certificate and insecure-demo findings as high', () => {
    const { findings } = posture(minimalInput());
    expect(findings.filter(f => f.severity === 'high').map(f => f.id)).toEqual(['trustee-shares-cluster', 'example-certificate', 'debug-agent-policy']);
    expect(findings.find(f => f.id === 'debug-agent-policy')!.title).toBe('hello-openshift/insecure-policy runs with the allow-all (debug) agent policy');
  });

  test('are sorted by severity', () => {
    const order = posture(minimalInput()).findings.map(f => ['high', 'medium', 'low', 'info'].indexOf(f.severity));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});

describe('each finding, present and fixed', () => {
  test('a hardened hub/spoke has no high or medium finding', () => {
    expect(posture(hardened(), 'hub').findings.filter(f => f.severity === 'high' || f.severity === 'medium')).toEqual([]);
    expect(posture(hardened(), 'spoke').findings.filter(f => f.severity === 'high' || f.severity === 'medium')).toEqual([]);
  });

  test.each([
    ['permissive-trustee', { trustee: { preset: 'permissive' } }],
    ['token-signer-unverified', { trustee: { version: '1.0' } }],
    ['example-certificate', { trustee: { kbs: { certificate: path.join(REPO, 'certs', 'kbs-ca.EXAMPLE.pem') } } }],
    ['missing-measurements', { trustee: { referenceValues: [] } }],
    ['image-policy-accepts-anything', { trustee: { imagePolicy: { type: 'insecureAcceptAnything' } } }],
  ])('hub: %s', (id, hub) => {
    expect(ids(hardened({}, hub), 'hub')).not.toContain('trustee-shares-cluster');
    expect(ids(hardened(), 'hub')).not.toContain(id);
    expect(ids(hardened({}, hub), 'hub')).toContain(id);
  });

  test('example-repo-url and example-apps-domain: the committed pattern.yaml\'s example values, each a high finding', () => {
    const example = minimalInput({ gitops: { repoURL: EXAMPLE_REPO_URL } }, { simple: { appsDomain: EXAMPLE_APPS_DOMAIN } });
    const { findings } = posture(example);
    expect(findings.filter(f => f.id.startsWith('example-') && f.id !== 'example-certificate')).toEqual([
      expect.objectContaining({ id: 'example-repo-url', severity: 'high', title: `gitops.repoURL is still the example repository (${EXAMPLE_REPO_URL})`, fix: 'Set gitops.repoURL to the Git repository you push dist/ to' }),
      expect.objectContaining({ id: 'example-apps-domain', severity: 'high', title: 'clusterGroups.simple.appsDomain is still the example domain (apps.coco.example.com)',
        fix: expect.stringMatching(/^Set clusterGroups\.simple\.appsDomain to the cluster's apps domain .*npm run secrets -- init"$/) }),
    ]);
    // Spelling variants of the example repository are still the example; other values are not.
    expect(ids(minimalInput({ gitops: { repoURL: 'https://github.com/Example-Org/coco-gitops/' } }))).toContain('example-repo-url');
    // A name under the example domain is the example too (as `secrets init` sees it).
    expect(ids(minimalInput({}, { simple: { appsDomain: `eu.${EXAMPLE_APPS_DOMAIN}` } }))).toContain('example-apps-domain');
    expect(ids(minimalInput({}, { simple: { appsDomain: 'apps.coco.example.community' } }))).not.toContain('example-apps-domain');
    expect(ids(minimalInput()).filter(id => id === 'example-repo-url' || id === 'example-apps-domain')).toEqual([]);
    expect(ids(hardened(), 'hub').filter(id => id === 'example-repo-url' || id === 'example-apps-domain')).toEqual([]);
  });

  test('token-signer-unverified names the version\'s switch and the default version as the fix', () => {
    const finding = posture(hardened({}, { trustee: { version: '1.0' } }), 'hub').findings.find(f => f.id === 'token-signer-unverified')!;
    expect(finding.title).toBe('Trustee 1.0 accepts attestation tokens signed by any key they carry (insecure_key = true)');
    expect(finding.fix).toMatch(/trustee\.version: "1\.2"$/);
  });

  test.each([
    ['debug-agent-policy', { workloads: { helloOpenshift: { enabled: true, image: `quay.io/openshift/origin-hello-openshift${DIGEST}` } } }],
    ['debug-default-policy', { sandbox: { kbs: { trustee: 'hub' }, peerPods: { mode: 'static', azure: STATIC_AZURE }, initData: { agentPolicy: { preset: 'allow-all' } } }, workloads: { kbsAccess: { enabled: false } } }],
    ['unpinned-image', { workloads: { kbsAccess: { image: 'ghcr.io/example/app:1.0' } } }],
    ['ssh-debug', { sandbox: { kbs: { trustee: 'hub' }, peerPods: { mode: 'static', azure: STATIC_AZURE }, sshDebug: { enabled: true } } }],
    ['no-nat-gateway', { sandbox: { kbs: { trustee: 'hub' }, peerPods: { mode: 'static', azure: STATIC_AZURE }, natGateway: { enabled: false } } }],
    ['not-confidential', { workloads: { helloOpenshift: { enabled: true } } }],
  ])('spoke: %s', (id, spoke) => {
    expect(ids(hardened(), 'spoke')).not.toContain(id);
    expect(ids(hardened(spoke), 'spoke')).toContain(id);
  });

  test('unpinned-image: the fix keeps a registry port and drops only the tag', () => {
    const finding = posture(hardened({ workloads: { kbsAccess: { image: 'registry.example.com:5000/team/app:1.0' } } }), 'spoke').findings.find(f => f.id === 'unpinned-image')!;
    expect(finding.fix).toMatch(/^Use registry\.example\.com:5000\/team\/app@sha256:<digest> /);
  });

  test.each([
    ['trustee', 'hub', 'trustee-operator'],
    ['acm', 'hub', 'advanced-cluster-management'],
    ['externalSecrets', 'hub', 'openshift-external-secrets-operator'],
    ['sandbox', 'spoke', 'sandboxed-containers-operator'],
  ])('operator-floats: %s with installPlanApproval Automatic', (area, group, pkg) => {
    // GIVEN the hardened pattern pins every operator
    expect(ids(hardened(), group)).not.toContain('operator-floats');
    // WHEN one of them is left to OLM
    const spokeSandbox = area === 'sandbox' ? { kbs: { trustee: 'hub' }, peerPods: { mode: 'static', azure: STATIC_AZURE } } : {};
    const overrides = { [area]: { ...spokeSandbox, operator: { installPlanApproval: 'Automatic' } } };
    const input = group === 'hub' ? hardened({}, overrides) : hardened(overrides);
    // THEN
    const floats = posture(input, group).findings.filter(f => f.id === 'operator-floats');
    expect(floats).toHaveLength(1);
    expect(floats[0]).toMatchObject({
      severity: 'medium',
      title: `The ${pkg} operator is not pinned to a version (installPlanApproval Automatic: ${posture(input, group).facts.operators.find(o => o.package === pkg)!.startingCSV} is only the first version)`,
      fix: `clusterGroups.${group}.${area}.operator.installPlanApproval: Manual (the default) pins the CSV of clusterGroups.${group}.${area}.version`,
    });
  });

  test('operator-floats: an OperatorInstall without a startingCSV (a library user\'s) floats too', () => {
    const { facts } = posture(minimalInput());
    const manualByHand = { ...facts.operators[0], area: undefined, startingCSV: undefined, installPlanApproval: 'Manual' as const, approver: undefined, floats: true };
    const findings = postureFindings({ ...facts, operators: [manualByHand] }).filter(f => f.id === 'operator-floats');
    expect(findings.map(f => [f.title, f.fix])).toEqual([[
      `The ${manualByHand.package} operator is not pinned to a version (Manual approval without a startingCSV: whoever approves picks the version)`,
      'Give its OperatorInstall a startingCSV and Manual approval',
    ]]);
  });

  test('initdata-not-bound: clouds whose evidence does not carry the initdata digest', () => {
    const aws = { cloud: 'aws', sandbox: { kbs: { trustee: 'hub' }, peerPods: { mode: 'static', aws: { region: 'us-east-2', subnetId: 'subnet-0123456789abcdef0', vpcId: 'vpc-0123456789abcdef0', securityGroupIds: ['sg-0123456789abcdef0'] } } } };
    expect(ids(hardened(), 'spoke')).not.toContain('initdata-not-bound');
    expect(ids(hardened(aws), 'spoke')).toContain('initdata-not-bound');
  });

  test('trustee-shares-cluster: only when the group attests to its own Trustee', () => {
    expect(ids(minimalInput())).toContain('trustee-shares-cluster');
    expect(ids(hardened(), 'hub')).not.toContain('trustee-shares-cluster');
    expect(ids(hardened(), 'spoke')).not.toContain('trustee-shares-cluster');
  });

  test('debug-obtains-secrets: a debug workload granted a secret explicitly', () => {
    const granted = { workloads: { helloOpenshift: { enabled: true, image: `quay.io/openshift/origin-hello-openshift${DIGEST}`, insecurePolicyObtains: ['passphrase/passphrase'] } } };
    expect(ids(hardened(), 'hub')).not.toContain('debug-obtains-secrets');
    const finding = posture(hardened(granted), 'hub').findings.find(f => f.id === 'debug-obtains-secrets')!;
    expect(finding.severity).toBe('high');
    expect(finding.title).toBe('spoke: hello-openshift/insecure-policy can obtain default/passphrase/passphrase although its agent policy allows exec');
    // The hub's Trustee grants it, but the setting is the spoke's, where the demo runs.
    expect(finding.fix).toBe('Remove the grant (clusterGroups.spoke.workloads.helloOpenshift.insecurePolicyObtains, or the workload\'s obtains)');
  });

  test('debug-agent-policy: the fix names the demo\'s setting, or the policy for a workload of no demo', () => {
    const demo = { workloads: { helloOpenshift: { enabled: true, image: `quay.io/openshift/origin-hello-openshift${DIGEST}` } } };
    expect(posture(hardened(demo), 'spoke').findings.find(f => f.id === 'debug-agent-policy')!.fix)
      .toBe('clusterGroups.spoke.workloads.helloOpenshift.enabled: false (the insecure-policy demo), or a no-exec agent policy');
    const pattern = new CocoPattern(new App(), 'pattern', {
      config: parsePattern(hardened()),
      extend: group => {
        if (group.name !== 'spoke') return;
        const chart = new ArgoAppChart(group.clusterGroup, 'debug', { project: 'workloads', namespace: 'debug', syncWave: 30 });
        new ConfidentialWorkload(chart, 'debug', { runtime: group.runtime!, namespace: 'debug', name: 'debug', image: `quay.io/example/app${DIGEST}`, port: 8080, agentPolicy: { preset: 'allow-all' } });
      },
    });
    expect(pattern.posture('spoke').findings.find(f => f.id === 'debug-agent-policy')!.fix).toBe('Give the workload the no-exec agent policy');
  });

  test('identity-not-pinned: a container whose command or image environment the policy cannot pin', () => {
    expect(ids(hardened(), 'spoke')).not.toContain('identity-not-pinned');
    const unpinned = { workloads: { kbsAccess: { image: `ghcr.io/example/app${DIGEST}`, fetcherImage: `registry.access.redhat.com/ubi9/ubi${DIGEST}` } } };
    const finding = posture(hardened(unpinned), 'spoke').findings.find(f => f.id === 'identity-not-pinned')!;
    expect(finding.severity).toBe('medium');
    expect(finding.detail).toBe('python-access: its command (no command in the pod spec: the host may start any program of the image); python-access: its image environment (not stated: the host may add variables the spec does not declare).');
  });

  test('kbs-resources-unverified: a workload declaring secrets of an external KBS', () => {
    expect(ids(hardened(), 'spoke')).not.toContain('kbs-resources-unverified');
    const external = { sandbox: { kbs: { url: 'https://kbs.example.org', certificate: CA }, peerPods: { mode: 'static', azure: STATIC_AZURE } } };
    const finding = posture(hardened(external), 'spoke').findings.find(f => f.id === 'kbs-resources-unverified')!;
    expect(finding.title).toBe('kbs-access/secure declares kbsres1/key3, which this pattern cannot check against the external KBS');
  });

  test('the hub\'s resource policy releases to each spoke workload only what it declared, named by its group', () => {
    const hub = posture(hardened(), 'hub').facts.trustee!;
    expect(hub.grants.map(g => [g.name, g.clusterDefault, g.resources])).toEqual([
      ['spoke: cluster default (peer-pods-cm)', true, ['default/security-policy/osc']],
      ['spoke: kbs-access/secure', false, ['default/kbsres1/key3', 'default/security-policy/osc']],
    ]);
  });

  test('every finding names a fix', () => {
    for (const f of posture(minimalInput()).findings) {
      expect(f.fix.length).toBeGreaterThan(10);
    }
  });
});

describe('date-dependent findings', () => {
  test('a reference value expiring within 30 days', () => {
    const { facts } = posture(minimalInput({}, { simple: { trustee: { initDataExpiration: '2030-01-20T00:00:00Z' } } }));
    expect(timedFindings(facts, new Date('2029-12-01T00:00:00Z'))).toEqual([]);
    expect(timedFindings(facts, new Date('2030-01-01T00:00:00Z')).map(f => f.id)).toEqual(['reference-value-expiring']);
  });

  test('the pinned certificate expiring within 30 days', () => {
    const { facts } = posture(minimalInput({}, { simple: { trustee: { kbs: { certificate: CA } } } }));
    const notAfter = Date.parse(facts.trustee!.certificate!.notAfter);
    expect(timedFindings(facts, new Date(notAfter - 40 * 86_400_000)).map(f => f.id)).not.toContain('certificate-expiring');
    expect(timedFindings(facts, new Date(notAfter - 10 * 86_400_000)).map(f => f.id)).toContain('certificate-expiring');
  });

  test('an expired certificate is not "expiring within 30 days" (loading pattern.yaml refuses it)', () => {
    const { facts } = posture(minimalInput({}, { simple: { trustee: { kbs: { certificate: CA } } } }));
    const notAfter = Date.parse(facts.trustee!.certificate!.notAfter);
    expect(timedFindings(facts, new Date(notAfter + 86_400_000)).map(f => f.id)).not.toContain('certificate-expiring');
  });

  test('a leaf certificate is refused when pattern.yaml is loaded', () => {
    expect(() => posture(minimalInput({}, { simple: { trustee: { kbs: { certificate: LEAF } } } }))).toThrow(/is a leaf certificate/);
  });
});

describe('POSTURE.md', () => {
  const report = synthesize(parsePattern(minimalInput())).files.get('simple/POSTURE.md')!;

  test('is rendered per cluster group', () => {
    const files = synthesize(parsePattern(hardened())).files;
    expect(files.has('hub/POSTURE.md')).toBe(true);
    expect(files.has('spoke/POSTURE.md')).toBe(true);
  });

  test('shows which pods can be exec\'d into and what each can obtain', () => {
    const row = (name: string) => report.split('\n').find(l => l.includes(`\`hello-openshift/${name}\``))!;
    expect(row('insecure-policy')).toMatch(/\| kata-remote \| .* \| allowed \| allowed \| allowed \|/);
    expect(row('secure')).toMatch(/\| kata-remote \| .* \| denied \| denied \| denied \|/);
    expect(report).toMatch(/`kbs-access\/secure` .* \| `kbsres1\/key3` \| `default\/kbsres1\/key3`, `default\/security-policy\/osc` \|/);
    expect(row('secure')).toMatch(/\| `default\/security-policy\/osc` \| nothing \|$/);
  });

  test.each([
    ['1.2', 'secure', 'closed (`DenyAll`): resources and policies come through GitOps', 'verified against the signer certificate'],
    ['1.1', 'secure', 'requires the admin key', 'verified against the signer certificate'],
    ['1.0', 'secure', 'requires the admin key', '**key taken from the token** (insecure_key)'],
    ['1.2', 'permissive', '**open** (no authentication)', '**key taken from the token** (insecure_header_jwk)'],
  ])('Trustee %s %s: the admin API and token rows say what its kbs-config does', (version, preset, admin, tokens) => {
    const text = synthesize(parsePattern(minimalInput({}, { simple: { trustee: { version, preset } } }))).files.get('simple/POSTURE.md')!;
    expect(text).toContain(`| admin API | ${admin} |`);
    expect(text).toContain(`| attestation tokens | ${tokens} |`);
  });

  test('lists every operator with its channel, pinned CSV and who approves its InstallPlans', () => {
    expect(report).toContain('## Operators');
    expect(report).toContain('| sandboxed-containers-operator | openshift-sandboxed-containers-operator | stable | `sandboxed-containers-operator.v1.12.0` | Manual; Job `sandboxed-containers-operator-approver` approves only this CSV |');
    const floating = synthesize(parsePattern(minimalInput({}, { simple: { trustee: { operator: { installPlanApproval: 'Automatic' } } } }))).files.get('simple/POSTURE.md')!;
    expect(floating).toContain('| trustee-operator | trustee-operator-system | stable | `trustee-operator.v1.2.1` | **Automatic**: OLM follows the channel |');
  });

  test('names the OSC release and the annotation its pods carry initdata in', () => {
    expect(report).toContain('| OpenShift sandboxed containers | 1.12 (cloud-api-adaptor v0.18.0, kata-containers 3.25.0) |');
    expect(report).toContain('| initdata pod annotation | `io.katacontainers.config.hypervisor.cc_init_data` |');
    const osc110 = synthesize(parsePattern(minimalInput({}, { simple: { sandbox: { version: '1.10' } } }))).files.get('simple/POSTURE.md')!;
    expect(osc110).toContain('| OpenShift sandboxed containers | 1.10 (cloud-api-adaptor v0.14.0, kata-containers 3.17.0) |');
    expect(osc110).toContain('| initdata pod annotation | `io.katacontainers.config.runtime.cc_init_data` |');
  });

  test('has the trust zones and a Mermaid diagram with attestation and release arrows', () => {
    expect(report).toContain('## Trust zones');
    expect(report).toContain('```mermaid\nflowchart LR');
    expect(report).toContain('-->|attests: initdata PCR8');
    expect(report).toContain('trustee -.->|releases kbsres1/key3| w_kbs_access_secure');
  });

  test('is deterministic and snapshot-tested', () => {
    expect(synthesize(parsePattern(minimalInput())).files.get('simple/POSTURE.md')).toBe(report);
    expect(report).toMatchSnapshot();
  });

  test('of a hub/spoke pattern, points the spoke at the hub\'s Trustee', () => {
    const spoke = synthesize(parsePattern(hardened())).files.get('spoke/POSTURE.md')!;
    expect(spoke).toContain('Trustee (cluster group `hub`');
    expect(spoke).toContain('trustee["Trustee KBS<br/>cluster group hub');
  });
});

describe('synth --strict', () => {
  function project(yaml: string) {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-strict-'));
    fs.writeFileSync(path.join(cwd, 'pattern.yaml'), yaml);
    const lines: string[] = [];
    return { cwd, lines, io: { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), env: {}, cwd } };
  }

  test('fails on high findings, listing them, and writes nothing', () => {
    const p = project(minimalYaml());
    expect(runSynth(['--strict'], p.io)).toBe(1);
    expect(p.lines.filter(l => l.startsWith('error: posture: simple: '))).toHaveLength(3);
    expect(p.lines).toContain('--strict: 3 high finding(s) in the posture report; nothing written');
    expect(fs.existsSync(path.join(p.cwd, 'dist'))).toBe(false);
  });

  test('passes without high findings', () => {
    const p = project(JSON.stringify(hardened()));
    expect(runSynth(['--strict'], p.io)).toBe(0);
    expect(fs.existsSync(path.join(p.cwd, 'dist', 'hub', 'POSTURE.md'))).toBe(true);
  });

  test('the default run only reports', () => {
    const p = project(minimalYaml());
    expect(runSynth([], p.io)).toBe(0);
  });
});

describe('grants of a hub accepting spoke groups with the same workloads', () => {
  test('each grant names the group and application its workload is rendered in', () => {
    // GIVEN the example fleet: two spoke groups render the same demo workloads (same initdata content)
    const file = path.join(__dirname, '..', '..', 'examples', 'fleet', 'pattern.yaml');
    const { pattern } = buildPattern(loadPattern(file, 'examples/fleet/pattern.yaml', new Date('2026-12-01T00:00:00Z')));
    // WHEN the hub's posture lists its grants
    const grants = pattern.posture('hub').facts.trustee!.grants.filter(g => g.owner !== undefined);
    // THEN a grant accepted from group G (named "G: ns/name") is owned by a workload of G
    const fromSpokes = grants.filter(g => /^[a-z0-9-]+: /.test(g.name));
    expect(new Set(fromSpokes.map(g => g.name.split(': ')[0]))).toEqual(new Set(['azure-spokes', 'metal-tdx']));
    expect(fromSpokes.filter(g => g.owner!.group !== g.name.split(': ')[0]).map(g => `${g.name} owned by ${g.owner!.group}`)).toEqual([]);
  });
});
