/**
 * The KBS resource policy on the real Rego engine, with the token and request shapes of every Trustee
 * generation: each secret goes exactly to the initdata that declared it.
 */
import { InputError } from '../../lib/errors';
import { AttestedTee } from '../../lib/trustee/attestation-policy';
import { evidenceIdentity, grantTable, renderResourcePolicy, ResourceGrant } from '../../lib/trustee/resource-policy';
import { resourcePolicyInputShape } from '../../lib/trustee/trustee';
import { TRUSTEE_VERSIONS, trusteeProfile } from '../../lib/trustee/versions';
import { earToken, hexOf, requestData } from '../support/ear-token';
import { problemsOf } from '../support/problems';
import { describeWithOpa, evaluateRego, RegoCase, regoProblems } from '../support/opa';
import { find, renderDefault } from '../support/render';

describe('renderResourcePolicy', () => {
  const shape = resourcePolicyInputShape(trusteeProfile('1.1'));

  test('permissive is exactly the reference pattern policy plus a comment naming the preset', () => {
    const rego = renderResourcePolicy(shape, { preset: 'permissive' });
    expect(rego.split('\n').filter(l => l.trim() !== '' && !l.startsWith('#'))).toEqual(['package policy', 'default allow = true']);
  });

  test('per-workload writes who can obtain what as a table, one row per initdata, merged by identity', () => {
    const grants: ResourceGrant[] = [
      { name: 'a/app', identities: [{ tee: 'azure-snp-vtpm', value: hexOf('a') }], resources: ['default/kbsres1/key3', 'default/security-policy/osc'] },
      { name: 'b/app', identities: [{ tee: 'azure-snp-vtpm', value: hexOf('a') }], resources: ['default/passphrase/passphrase'] },
      { name: 'cluster default', identities: [{ tee: 'azure-snp-vtpm', value: hexOf('b') }], resources: [] },
    ];
    expect(grantTable(grants)).toEqual([
      { key: `azure-snp-vtpm:${hexOf('a')}`, names: ['a/app', 'b/app'], resources: ['default/kbsres1/key3', 'default/passphrase/passphrase', 'default/security-policy/osc'] },
      { key: `azure-snp-vtpm:${hexOf('b')}`, names: ['cluster default'], resources: [] },
    ]);
    expect(renderResourcePolicy(shape, { preset: 'per-workload', grants })).toMatchSnapshot();
  });

  test('bad grants and an unknown preset are InputErrors naming the field', () => {
    expect(() => renderResourcePolicy(shape, { preset: 'per-workload', grants: [{ name: 'x', identities: [{ tee: 'azure-snp-vtpm', value: 'XYZ' }], resources: ['kbsres1'] }] }))
      .toThrow(InputError);
    expect(problemsOf(() => renderResourcePolicy(shape, { preset: 'per-workload', grants: [{ name: 'x', identities: [{ tee: 'azure-snp-vtpm', value: 'XYZ' }], resources: ['kbsres1'] }] })))
      .toEqual([
        'resourcePolicy.grants[0].resources[0]: must be "<repository>/<type>/<tag>", got "kbsres1"',
        'resourcePolicy.grants[0].identities[0].value: must be lowercase hex (or base64 for SNP), got "XYZ"',
      ]);
    expect(() => renderResourcePolicy(shape, { preset: 'allow-all' } as never, 'trustee.resourcePolicy'))
      .toThrow('trustee.resourcePolicy: must be one of "per-workload", "permissive", got "allow-all"');
  });

  test('SNP HOSTDATA is matched in the encoding the token uses', () => {
    expect(evidenceIdentity('snp', 'ab'.repeat(32), { ...shape, snpInitDataEncoding: 'base64' }).value).toBe(Buffer.from('ab'.repeat(32), 'hex').toString('base64'));
    expect(evidenceIdentity('snp', 'ab'.repeat(32), { ...shape, snpInitDataEncoding: 'hex' }).value).toBe('ab'.repeat(32));
  });
});

describeWithOpa('the resource policy on the real engine, for every Trustee generation', () => {
  const GRANTS: ResourceGrant[] = [
    { name: 'kbs-access/secure', identities: [{ tee: 'azure-snp-vtpm', value: hexOf('a') }, { tee: 'azure-tdx-vtpm', value: hexOf('a') }], resources: ['default/kbsres1/key3', 'default/security-policy/osc'] },
    { name: 'hello/secure', identities: [{ tee: 'azure-snp-vtpm', value: hexOf('b') }, { tee: 'azure-tdx-vtpm', value: hexOf('b') }], resources: ['default/security-policy/osc'] },
    { name: 'bare-metal/api', identities: [{ tee: 'snp', value: hexOf('c') }, { tee: 'tdx', value: hexOf('d', 96) }], resources: ['default/passphrase/passphrase'] },
  ];
  const RESOURCES = ['default/kbsres1/key3', 'default/kbsres1/key1', 'default/passphrase/passphrase', 'default/security-policy/osc', 'default/undeclared/x', 'other/kbsres1/key3'];

  test.each(TRUSTEE_VERSIONS.map(v => [v]))('Trustee %s: every identity x every resource, allowed exactly as granted; parses in the engine\'s dialect and both', version => {
    const shape = resourcePolicyInputShape(trusteeProfile(version));
    const grants = GRANTS.map(g => ({ ...g, identities: g.identities.map(i => evidenceIdentity(i.tee, i.value, shape)) }));
    const rego = renderResourcePolicy(shape, { preset: 'per-workload', grants });
    expect(regoProblems(rego, 'v0')).toEqual([]);
    expect(regoProblems(rego, 'v1')).toEqual([]);
    const cases: RegoCase[] = [];
    const expected: boolean[] = [];
    for (const g of grants) {
      for (const id of g.identities) {
        for (const r of RESOURCES) {
          cases.push({ input: earToken(shape, id.tee, id.value), data: requestData(shape, r) });
          expected.push(g.resources.includes(r));
        }
      }
    }
    // SNP HOSTDATA left in the SNP claims (some releases) identifies the workload just the same.
    const snpValue = grants[2].identities[0].value;
    cases.push({ input: earToken(shape, 'snp', snpValue, 'affirming', {}, 'snp-claims'), data: requestData(shape, 'default/passphrase/passphrase') });
    expected.push(true);
    // An initdata nobody declared obtains nothing, not even the image policy.
    cases.push({ input: earToken(shape, 'azure-snp-vtpm', hexOf('f')), data: requestData(shape, 'default/security-policy/osc') });
    expected.push(false);
    expect(evaluateRego({ 'policy.rego': rego }, 'data.policy.allow', cases, 'v0')).toEqual(expected);
    expect(evaluateRego({ 'policy.rego': rego }, 'data.policy.allow', cases, 'v1')).toEqual(expected);
  });

  test.each(TRUSTEE_VERSIONS.map(v => [v]))('Trustee %s: only when every appraisal is affirming (fail closed on a missing status)', version => {
    const shape = resourcePolicyInputShape(trusteeProfile(version));
    const rego = renderResourcePolicy(shape, { preset: 'per-workload', grants: GRANTS });
    const data = requestData(shape, 'default/kbsres1/key3');
    const token = (status: string | null, extra: Record<string, unknown> = {}) => ({ input: earToken(shape, 'azure-snp-vtpm', hexOf('a'), status, extra), data });
    const cases: [string, RegoCase, boolean][] = [
      ['affirming', token('affirming'), true],
      ['warning', token('warning'), false],
      ['contraindicated', token('contraindicated'), false],
      ['none', token('none'), false],
      ['no status', token(null), false],
      ['an affirming GPU besides', token('affirming', { gpu0: { 'ear.status': 'affirming' } }), true],
      ['a GPU in warning besides', token('affirming', { gpu0: { 'ear.status': 'warning' } }), false],
      ['a GPU without status besides', token('affirming', { gpu0: {} }), false],
      ['no submodules', { input: { submods: {} }, data }, false],
      ['the other CPU submodule name', { input: JSON.parse(JSON.stringify(token('affirming').input).replace(`"${shape.earSubmodule}"`, shape.earSubmodule === 'cpu' ? '"cpu0"' : '"cpu"')), data }, false],
      ['another plugin', { input: token('affirming').input, data: shape.request === 'plugin-array' ? { ...data, plugin: 'sample' } : { 'resource-path': 'sample/default/kbsres1/key3' } }, false],
    ];
    const decisions = evaluateRego({ 'policy.rego': rego }, 'data.policy.allow', cases.map(c => c[1]));
    expect(Object.fromEntries(cases.map((c, i) => [c[0], decisions[i] === true]))).toEqual(Object.fromEntries(cases.map(c => [c[0], c[2]])));
  });

  test('permissive releases everything to anyone, in both dialects', () => {
    const shape = resourcePolicyInputShape(trusteeProfile('1.1'));
    const rego = renderResourcePolicy(shape, { preset: 'permissive' });
    const cases = [{ input: {}, data: requestData(shape, 'default/kbsres1/key3') }];
    expect(evaluateRego({ 'policy.rego': rego }, 'data.policy.allow', cases, 'v0')).toEqual([true]);
    expect(regoProblems(rego, 'v0')).toEqual([]);
  });
});

describeWithOpa('the default pattern: who can obtain what', () => {
  const tree = renderDefault();
  const configMap = find(tree, 'ConfigMap', 'resource-policy', 'simple/trustee/');
  const rego = Object.values(configMap.data as Record<string, string>)[0];
  const kbsConfig = find(tree, 'KbsConfig', 'kbsconfig', 'simple/trustee/');
  const shape = resourcePolicyInputShape(trusteeProfile(kbsConfig.metadata.annotations!['coco-cdk8s.io/trustee-version']));
  const digests = (file: string) => Object.fromEntries(tree.get(file)!.split('\n').filter(l => l.includes(' = ')).map(l => l.split(' = ') as [string, string]));
  const pcr8 = {
    'kbs-access/secure': digests('simple/kbs-access/secure.initdata.digests').azure_vtpm_pcr8,
    'hello-openshift/secure': digests('simple/hello-openshift/secure.initdata.digests').azure_vtpm_pcr8,
    'hello-openshift/insecure-policy': digests('simple/hello-openshift/insecure-policy.initdata.digests').azure_vtpm_pcr8,
    'cluster default': digests('simple/sandbox/default.initdata.digests').azure_vtpm_pcr8,
  };
  const all = ['default/kbsres1/key1', 'default/kbsres1/key2', 'default/kbsres1/key3', 'default/passphrase/passphrase', 'default/security-policy/osc', 'default/undeclared/x'];
  const expected: Record<keyof typeof pcr8, string[]> = {
    'kbs-access/secure': ['default/kbsres1/key3', 'default/security-policy/osc'],
    'hello-openshift/secure': ['default/security-policy/osc'],
    'hello-openshift/insecure-policy': ['default/security-policy/osc'],
    'cluster default': ['default/security-policy/osc'],
  };

  test('each initdata obtains exactly what it declared, plus the image policy; nothing more', () => {
    const keys = Object.keys(pcr8) as (keyof typeof pcr8)[];
    const obtainedOn = (tee: AttestedTee) => {
      const cases = keys.flatMap(k => all.map(r => ({ input: earToken(shape, tee, pcr8[k]), data: requestData(shape, r) })));
      const decisions = evaluateRego({ 'policy.rego': rego }, 'data.policy.allow', cases);
      return Object.fromEntries(keys.map((k, i) => [k, all.filter((_, j) => decisions[i * all.length + j] === true)]));
    };
    expect(obtainedOn('azure-snp-vtpm')).toEqual(expected);
    // The group's VM sizes are SEV-SNP only: the same PCR 8 from a TDX VM obtains nothing.
    expect(obtainedOn('azure-tdx-vtpm')).toEqual(Object.fromEntries(keys.map(k => [k, []])));
  });

  test('the posture report\'s table says the same', () => {
    const report = tree.get('simple/POSTURE.md')!;
    for (const [who, resources] of Object.entries(expected)) {
      const name = who === 'cluster default' ? 'cluster default (peer-pods-cm)' : who;
      const row = report.split('\n').find(l => l.startsWith(`| ${name} |`));
      expect(row).toBeDefined();
      expect(row!.split(' | ')[2].replace(/ \(debug policy\)/, '').replace(/ \|$/, '')).toBe(resources.map(r => `\`${r}\``).join(', '));
      expect(row).toContain(`\`${pcr8[who as keyof typeof pcr8].slice(0, 16)}…\``);
    }
  });
});
