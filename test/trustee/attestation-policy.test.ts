import { InputError } from '../../lib/errors';
import {
  AttestationPolicySettings, attestationPolicyProblems, attestationPolicyReferenceValueNames, renderAttestationPolicy,
  TrusteeInitDataBinding,
} from '../../lib/trustee/attestation-policy';
import { ReferenceValue, renderReferenceValues } from '../../lib/trustee/reference-values';
import { renderResourcePolicy } from '../../lib/trustee/resource-policy';
import { resourcePolicyInputShape } from '../../lib/trustee/trustee';
import { TRUSTEE_VERSIONS, trusteeProfile } from '../../lib/trustee/versions';
import { describeWithOpa, evaluateRego, regoProblems } from '../support/opa';

/** One binding per TEE, plus a second Azure SNP initdata (e.g. a debug variant). */
const ALL: AttestationPolicySettings = {
  initDataBindings: [
    { tee: 'azure-snp-vtpm', referenceValueName: 'hello_pcr08' },
    { tee: 'azure-snp-vtpm', referenceValueName: 'debug_pcr08' },
    { tee: 'azure-tdx-vtpm', referenceValueName: 'hello_tdx_pcr08' },
    { tee: 'snp', referenceValueName: 'hello_hostdata' },
    { tee: 'tdx', referenceValueName: 'hello_mrconfigid' },
  ],
};

/** Bodies of every rule `<head> if {` ... `}` (one level, as the renderer writes them). */
function bodies(rego: string, head: string): string[] {
  const escaped = head.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...rego.matchAll(new RegExp(`^${escaped} if \\{\\n([\\s\\S]*?)^\\}`, 'gm'))].map(m => m[1]);
}

describe('renderAttestationPolicy', () => {
  test.each(TRUSTEE_VERSIONS)('Trustee %s', version => {
    const rego = renderAttestationPolicy(trusteeProfile(version), ALL);
    expect(rego.startsWith('package policy\n\nimport rego.v1\n')).toBe(true);
    expect(rego).toMatchSnapshot();
  });

  test.each(['1.1', '1.2'])('%s reads reference values with query_reference_value, at the evidence path of each TEE', version => {
    // WHEN
    const rego = renderAttestationPolicy(trusteeProfile(version), ALL);
    // THEN
    expect(bodies(rego, 'azure_snp_vtpm_init_data_bound')).toEqual([
      '  azure_snp_vtpm\n  azure_snp_vtpm.tpm.pcr08 in query_reference_value("debug_pcr08")\n',
      '  azure_snp_vtpm\n  azure_snp_vtpm.tpm.pcr08 in query_reference_value("hello_pcr08")\n',
    ]);
    expect(bodies(rego, 'azure_tdx_vtpm_init_data_bound')).toEqual([
      '  azure_tdx_vtpm\n  azure_tdx_vtpm.tpm.pcr08 in query_reference_value("hello_tdx_pcr08")\n',
    ]);
    expect(bodies(rego, 'snp_init_data_bound')).toEqual([
      '  input.snp\n  snp_host_data in query_reference_value("hello_hostdata")\n',
    ]);
    expect(bodies(rego, 'tdx_init_data_bound')).toEqual([
      '  input.tdx\n  input.tdx.quote.body.mr_config_id in query_reference_value("hello_mrconfigid")\n',
    ]);
    expect(rego).not.toContain('data.reference');
  });

  test.each(['0.3', '0.4', '1.0'])('Trustee %s reads reference values from data.reference', version => {
    const rego = renderAttestationPolicy(trusteeProfile(version), ALL);
    expect(rego).toContain('  azure_snp_vtpm.tpm.pcr08 in data.reference["hello_pcr08"]\n');
    expect(rego).toContain('  snp_host_data in data.reference["hello_hostdata"]\n');
    expect(rego).toContain('  input.tdx.quote.body.mr_config_id in data.reference["hello_mrconfigid"]\n');
    expect(rego).not.toContain('query_reference_value');
  });

  test('SNP HOSTDATA comes from the SNP claims or the top-level init_data claim', () => {
    const rego = renderAttestationPolicy(trusteeProfile('1.0'), ALL);
    expect(rego).toContain('snp_host_data := input.snp.init_data if {\n  input.snp.init_data\n} else := input.init_data if {\n  input.snp\n  input.init_data\n}\n');
  });

  test.each(TRUSTEE_VERSIONS)('Trustee %s: the Azure evidence root is the key the version emits, then every other known spelling', version => {
    // WHEN
    const profile = trusteeProfile(version);
    const rego = renderAttestationPolicy(profile, ALL);
    // THEN
    const roots = (rule: string) => {
      const chain = new RegExp(`^${rule} :=[\\s\\S]*?^\\}$`, 'm').exec(rego)?.[0] ?? '';
      return [...chain.matchAll(/:= input\["([^"]+)"\] if \{\n {2}input\["\1"\]\n/g)].map(m => m[1]);
    };
    const snp = ['azsnpvtpm', 'az_snp_vtpm', 'az-snp-vtpm'];
    const tdx = ['aztdxvtpm', 'az_tdx_vtpm', 'az-tdx-vtpm'];
    expect(roots('azure_snp_vtpm')).toEqual([profile.evidence.azureSnpVtpmKey, ...snp.filter(k => k !== profile.evidence.azureSnpVtpmKey)]);
    expect(roots('azure_tdx_vtpm')).toEqual([profile.evidence.azureTdxVtpmKey, ...tdx.filter(k => k !== profile.evidence.azureTdxVtpmKey)]);
  });

  test('1.1 and 1.2 look for az-snp-vtpm first (emitted since trustee v0.16), 1.0 for azsnpvtpm', () => {
    expect(renderAttestationPolicy(trusteeProfile('1.2'), ALL)).toContain('azure_snp_vtpm := input["az-snp-vtpm"] if {');
    expect(renderAttestationPolicy(trusteeProfile('1.1'), ALL)).toContain('azure_snp_vtpm := input["az-snp-vtpm"] if {');
    expect(renderAttestationPolicy(trusteeProfile('1.0'), ALL)).toContain('azure_snp_vtpm := input["azsnpvtpm"] if {');
  });

  test.each(TRUSTEE_VERSIONS)('Trustee %s: configuration is affirming only through an initdata binding', version => {
    // WHEN
    const rego = renderAttestationPolicy(trusteeProfile(version), ALL);
    // THEN every rule that sets configuration requires a bound initdata, and no other value is assigned
    const configuration = bodies(rego, 'configuration := 2');
    expect(configuration).toHaveLength(4);
    for (const body of configuration) {
      expect(body).toMatch(/^ {2}(azure_snp_vtpm|azure_tdx_vtpm|snp|tdx)_init_data_bound$/m);
    }
    expect(rego.match(/configuration :=/g)).toHaveLength(5); // the default and the four rules
    expect(rego).toContain('default configuration := 36');
    expect(rego).not.toMatch(/else := 3/);
  });

  test('only TEEs with a binding get rules', () => {
    // WHEN
    const rego = renderAttestationPolicy(trusteeProfile('1.1'), { initDataBindings: [{ tee: 'azure-snp-vtpm', referenceValueName: 'pcr08' }] });
    // THEN
    expect(rego).toContain('azure_snp_vtpm.tpm.pcr08 in query_reference_value("pcr08")');
    expect(rego).not.toContain('input.snp');
    expect(rego).not.toContain('input.tdx');
    expect(rego).not.toContain('azure_tdx_vtpm');
    expect(bodies(rego, 'configuration := 2')).toHaveLength(1);
  });

  test('without bindings no claim is ever raised', () => {
    const rego = renderAttestationPolicy(trusteeProfile('1.1'), { initDataBindings: [] });
    expect(rego).not.toMatch(/^(executables|hardware|configuration) := \d+ if/m);
    expect(rego).toContain('# Reference values read: none (no initdata bindings).');
  });

  test.each(['1.1', '1.2'])('trust_claims is an object of every claim for the trust_claims readers (Trustee %s), not before', version => {
    const current = renderAttestationPolicy(trusteeProfile(version), ALL);
    expect(current).toContain('trust_claims := {\n  "executables": executables,\n  "hardware": hardware,\n  "configuration": configuration,\n'
      + '  "file-system": file_system,\n  "instance-identity": instance_identity,\n  "runtime-opaque": runtime_opaque,\n'
      + '  "storage-opaque": storage_opaque,\n  "sourced-data": sourced_data,\n}\n');
    expect(current).toContain('default sourced_data := 0');
    for (const version of ['0.3', '0.4', '1.0']) {
      const rego = renderAttestationPolicy(trusteeProfile(version), ALL);
      expect(rego).not.toContain('trust_claims');
      expect(rego).not.toContain('file_system');
    }
  });

  test('measurements are read under the upstream names', () => {
    const rego = renderAttestationPolicy(trusteeProfile('1.1'), ALL);
    expect(rego).toContain('  azure_snp_vtpm.tpm.pcr11 in query_reference_value("snp_pcr11")');
    expect(rego).toContain('  azure_tdx_vtpm.tpm.pcr11 in query_reference_value("tdx_pcr11")');
    expect(rego).toContain('  input.snp.measurement in query_reference_value("snp_launch_measurement")');
    expect(rego).toContain('  input.tdx.quote.body.mr_td in query_reference_value("mr_td")');
    expect(rego).toContain('  input.tdx.quote.body.rtmr_1 in query_reference_value("rtmr_1")');
    expect(rego).toContain('  input.tdx.quote.body.rtmr_2 in query_reference_value("rtmr_2")');
  });

  test('the output does not depend on the order of the bindings', () => {
    const reversed = { initDataBindings: [...ALL.initDataBindings].reverse() };
    expect(renderAttestationPolicy(trusteeProfile('1.1'), reversed)).toBe(renderAttestationPolicy(trusteeProfile('1.1'), ALL));
  });
});

describe('attestationPolicyReferenceValueNames', () => {
  test('lists binding and measurement names of the bound TEEs, sorted', () => {
    expect(attestationPolicyReferenceValueNames({ initDataBindings: [{ tee: 'tdx', referenceValueName: 'a_mrconfigid' }] }))
      .toEqual(['a_mrconfigid', 'mr_td', 'rtmr_1', 'rtmr_2']);
    expect(attestationPolicyReferenceValueNames(ALL)).toEqual([
      'debug_pcr08', 'hello_hostdata', 'hello_mrconfigid', 'hello_pcr08', 'hello_tdx_pcr08',
      'mr_td', 'rtmr_1', 'rtmr_2', 'snp_launch_measurement', 'snp_pcr11', 'tdx_pcr11',
    ]);
  });
});

describe('attestationPolicyProblems', () => {
  test('the example settings have no problems', () => {
    expect(attestationPolicyProblems(ALL)).toEqual([]);
  });

  test('an unknown TEE is reported', () => {
    const bindings = [{ tee: 'sev', referenceValueName: 'x' }] as unknown as TrusteeInitDataBinding[];
    expect(attestationPolicyProblems({ initDataBindings: bindings }, 'trustee.attestationPolicy')).toEqual([{
      path: 'trustee.attestationPolicy.initDataBindings[0].tee',
      message: 'must be one of "azure-snp-vtpm", "azure-tdx-vtpm", "snp", "tdx", got "sev"',
    }]);
  });

  test('a reference value name must be a Rego identifier', () => {
    const problems = attestationPolicyProblems({ initDataBindings: [{ tee: 'snp', referenceValueName: 'hello") || true #' }] });
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('attestationPolicy.initDataBindings[0].referenceValueName');
    expect(problems[0].message.startsWith('must be a Rego identifier (')).toBe(true);
    expect(problems[0].message.endsWith(`, got ${JSON.stringify('hello") || true #')}`)).toBe(true);
  });

  test('a binding may not reuse a measurement reference value', () => {
    expect(attestationPolicyProblems({ initDataBindings: [{ tee: 'azure-snp-vtpm', referenceValueName: 'snp_pcr11' }] })).toEqual([{
      path: 'attestationPolicy.initDataBindings[0].referenceValueName',
      message: 'must not be one of the measurement reference values (snp_pcr11, tdx_pcr11, snp_launch_measurement, mr_td, rtmr_1, rtmr_2), got "snp_pcr11"',
    }]);
  });

  test('the same TEE and name twice is reported; the same name for two TEEs is fine', () => {
    const problems = attestationPolicyProblems({
      initDataBindings: [
        { tee: 'snp', referenceValueName: 'hostdata' },
        { tee: 'tdx', referenceValueName: 'hostdata' },
        { tee: 'snp', referenceValueName: 'hostdata' },
      ],
    });
    expect(problems).toEqual([{
      path: 'attestationPolicy.initDataBindings[2]',
      message: 'must be unique, got tee "snp" with "hostdata" again (first at attestationPolicy.initDataBindings[0])',
    }]);
  });

  test('bindings must be a list', () => {
    const settings = { initDataBindings: 'hello_pcr08' } as unknown as AttestationPolicySettings;
    expect(attestationPolicyProblems(settings)).toEqual([{
      path: 'attestationPolicy.initDataBindings',
      message: 'must be a list of { tee, referenceValueName }, got "hello_pcr08"',
    }]);
  });

  test('renderAttestationPolicy throws every problem as one InputError', () => {
    const settings = { initDataBindings: [{ tee: 'sev', referenceValueName: '1x' }] } as unknown as AttestationPolicySettings;
    const attempt = () => renderAttestationPolicy(trusteeProfile('1.1'), settings);
    expect(attempt).toThrow(InputError);
    try {
      attempt();
    } catch (e) {
      expect((e as InputError).problems.map(p => p.path)).toEqual([
        'attestationPolicy.initDataBindings[0].tee',
        'attestationPolicy.initDataBindings[0].referenceValueName',
      ]);
    }
  });
});

/**
 * The attestation policy on the real engine: verifier claims shaped as Trustee's verifiers produce them,
 * reference values read back from the rendered ConfigMap content (a stand-in for the regorus extension
 * `query_reference_value`, or `data.reference` on the older attestation service), the EAR status derived
 * from the claims as Trustee's broker does (the worst AR4SI tier), and that status fed to the resource
 * policy.
 */
describeWithOpa('the attestation policy on the real engine', () => {
  const PCR8 = 'a'.repeat(64);
  const PCR11 = 'b'.repeat(64);
  const HOSTDATA = 'c'.repeat(64);
  const MRCONFIGID = `${'d'.repeat(64)}${'0'.repeat(32)}`;
  const MRTD = '1'.repeat(96);
  const RTMR1 = '2'.repeat(96);
  const RTMR2 = '3'.repeat(96);
  const SNP_MEASUREMENT = '4'.repeat(96);
  const BINDINGS: AttestationPolicySettings = {
    initDataBindings: [
      { tee: 'azure-snp-vtpm', referenceValueName: 'coco_initdata_azure_snp_pcr08' },
      { tee: 'snp', referenceValueName: 'coco_initdata_snp_hostdata' },
      { tee: 'tdx', referenceValueName: 'coco_initdata_tdx_mrconfigid' },
    ],
  };
  const VALUES: ReferenceValue[] = [
    { name: 'coco_initdata_azure_snp_pcr08', values: [PCR8], expiration: '2099-01-01T00:00:00Z' },
    { name: 'coco_initdata_snp_hostdata', values: [HOSTDATA], expiration: '2099-01-01T00:00:00Z' },
    { name: 'coco_initdata_tdx_mrconfigid', values: [MRCONFIGID], algorithm: 'sha384', expiration: '2099-01-01T00:00:00Z' },
    { name: 'snp_pcr11', values: [PCR11], expiration: '2099-01-01T00:00:00Z' },
    { name: 'snp_launch_measurement', values: [SNP_MEASUREMENT], algorithm: 'sha384', expiration: '2099-01-01T00:00:00Z' },
    { name: 'mr_td', values: [MRTD], algorithm: 'sha384', expiration: '2099-01-01T00:00:00Z' },
    { name: 'rtmr_1', values: [RTMR1], algorithm: 'sha384', expiration: '2099-01-01T00:00:00Z' },
    { name: 'rtmr_2', values: [RTMR2], algorithm: 'sha384', expiration: '2099-01-01T00:00:00Z' },
  ];

  /** name -> values, as the attestation service hands them to the policy, read back from the ConfigMap text. */
  function loadedReferenceValues(content: string): Record<string, unknown> {
    const parsed = JSON.parse(content);
    if (Array.isArray(parsed)) {
      return Object.fromEntries(parsed.map((rv: any) => [rv.name, rv['hash-value'] ? rv['hash-value'].map((h: any) => h.value) : rv.value]));
    }
    return Object.fromEntries(Object.entries(parsed as Record<string, string>).map(([k, v]) => [k, JSON.parse(Buffer.from(v, 'base64url').toString('utf8')).value]));
  }

  /** AR4SI tier of a claim value, and the EAR status: the worst tier (rust-ear `trust/claim.rs`). */
  function earStatus(claims: Record<string, number>): string {
    const tier = (v: number) => (v >= -1 && v <= 1 ? 0 : v >= -32 && v <= 31 ? 1 : v >= -96 && v <= 95 ? 2 : 3);
    return ['none', 'affirming', 'warning', 'contraindicated'][Math.max(...Object.values(claims).map(tier))];
  }

  test.each(TRUSTEE_VERSIONS.map(v => [v]))('Trustee %s: matching initdata and measurements are affirming, anything else is not, and the resource policy follows', version => {
    const profile = trusteeProfile(version);
    const traits = profile.attestationPolicy;
    const rego = renderAttestationPolicy(profile, BINDINGS);
    const rv = loadedReferenceValues(renderReferenceValues(profile, VALUES).content);
    const queryRv = traits.referenceValueAccess === 'query_reference_value';
    // Stand-in for the regorus extension Trustee registers (attestation-service policy engine).
    const standIn: Record<string, string> = queryRv ? { 'query_reference_value.rego': 'package policy\n\nimport rego.v1\n\nquery_reference_value(name) := data.coco_reference_values[name]\n' } : {};
    expect(regoProblems(rego, 'v0', standIn)).toEqual([]);
    expect(regoProblems(rego, 'v1', standIn)).toEqual([]);
    const modules = { 'policy.rego': rego, ...standIn };
    const data = queryRv ? { coco_reference_values: rv } : { reference: rv };
    const azKey = resourcePolicyInputShape(profile).evidenceKeys['azure-snp-vtpm'];
    const az = (pcr8: string, pcr11: string) => ({ [azKey]: { tpm: { pcr08: pcr8, pcr11 }, measurement: 'base64', reported_tcb_snp: '23' }, init_data: pcr8 });
    const snp = (hostData: string, debug: unknown = false) => ({ snp: { measurement: SNP_MEASUREMENT, init_data: hostData, policy_debug_allowed: debug, policy_migrate_ma: false, reported_tcb_bootloader: 9, reported_tcb_microcode: 211, reported_tcb_snp: 23, reported_tcb_tee: 0 }, init_data: hostData });
    const tdx = (mrConfigId: string, debug = false) => ({ tdx: { quote: { header: { tee_type: '81000000', vendor_id: '939a7233f79c4ca9940a0db3957f0607' }, body: { mr_config_id: mrConfigId, mr_td: MRTD, rtmr_1: RTMR1, rtmr_2: RTMR2 } }, td_attributes: { debug } }, init_data: mrConfigId });
    const cases: [string, unknown, string][] = [
      ['az-snp-vtpm, initdata and pod VM image as expected', az(PCR8, PCR11), 'affirming'],
      ['az-snp-vtpm, another initdata (PCR 8)', az('e'.repeat(64), PCR11), 'warning'],
      ['az-snp-vtpm, another pod VM image (PCR 11)', az(PCR8, 'e'.repeat(64)), 'warning'],
      ['SNP, HOSTDATA as expected', snp(HOSTDATA), 'affirming'],
      ['SNP, another HOSTDATA', snp('e'.repeat(64)), 'warning'],
      ['SNP, debugging allowed', snp(HOSTDATA, true), 'warning'],
      ['TDX, MRCONFIGID as expected', tdx(MRCONFIGID), 'affirming'],
      ['TDX, another MRCONFIGID', tdx(`${'e'.repeat(64)}${'0'.repeat(32)}`), 'warning'],
      ['TDX, a debug TD', tdx(MRCONFIGID, true), 'warning'],
      ['a TEE without a binding (the sample attester)', { sample: { svn: '1' } }, 'contraindicated'],
    ];
    const query = traits.rulesRead === 'trust_claims'
      ? 'data.policy.trust_claims'
      : '{"executables": data.policy.executables, "hardware": data.policy.hardware, "configuration": data.policy.configuration}';
    const results = evaluateRego(modules, query, cases.map(([, input]) => ({ input, data })), 'v1') as Record<string, number>[];
    expect(Object.fromEntries(cases.map(([what], i) => [what, earStatus(results[i])]))).toEqual(Object.fromEntries(cases.map(([what, , status]) => [what, status])));

    // Without the pod VM measurement in the reference values nothing is affirming (fails closed).
    const withoutPcr11 = queryRv ? { coco_reference_values: { ...rv, snp_pcr11: undefined } } : { reference: { ...rv, snp_pcr11: undefined } };
    const [missing] = evaluateRego(modules, query, [{ input: az(PCR8, PCR11), data: JSON.parse(JSON.stringify(withoutPcr11)) }], 'v1') as Record<string, number>[];
    expect(earStatus(missing)).not.toBe('affirming');

    // The derived status drives the resource policy: released only for the affirming attestation.
    const shape = resourcePolicyInputShape(profile);
    const resourcePolicy = renderResourcePolicy(shape, { preset: 'per-workload', grants: [{ name: 'w', identities: [{ tee: 'azure-snp-vtpm', value: PCR8 }], resources: ['default/kbsres1/key3'] }] });
    const token = (status: string) => ({ submods: { [shape.earSubmodule]: { 'ear.status': status, 'ear.veraison.annotated-evidence': az(PCR8, PCR11) } } });
    const request = shape.request === 'plugin-array' ? { 'plugin': 'resource', 'resource-path': ['default', 'kbsres1', 'key3'], 'query': {} } : { 'resource-path': 'resource/default/kbsres1/key3' };
    expect(evaluateRego({ 'policy.rego': resourcePolicy }, 'data.policy.allow', [0, 1, 2].map(i => ({ input: token(earStatus(results[i])), data: request })))).toEqual([true, false, false]);
  });
});
