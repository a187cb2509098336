import { InputError } from '../../lib/errors';
import {
  AttestationPolicySettings, attestationPolicyProblems, attestationPolicyReferenceValueNames, MEASUREMENT_REFERENCE_VALUES, renderAttestationPolicy,
  TrusteeInitDataBinding,
} from '../../lib/trustee/attestation-policy';
import { PlatformMeasurements, platformMeasurementReferenceValues } from '../../lib/trustee/platform-measurements';
import { ReferenceValue, renderReferenceValues } from '../../lib/trustee/reference-values';
import { renderResourcePolicy } from '../../lib/trustee/resource-policy';
import { resourcePolicyInputShape } from '../../lib/trustee/trustee';
import { TEES } from '../../lib/platforms/tees';
import { TRUSTEE_VERSIONS, TrusteeProfile, trusteeProfile, TrusteeVersion } from '../../lib/trustee/versions';
import { describeWithOpa, evaluateRego, regoProblems } from '../support/opa';
import { earStatus, SnpReport, snpClaims, TdxQuote, tdxClaims } from '../support/verifier-claims';

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
    expect(rego).toContain('  input.tdx.quote.body.xfam in query_reference_value("xfam")');
    expect(rego).toContain('  snp_svn_at_least(input.snp.reported_tcb_bootloader, query_reference_value("snp_bootloader"))');
    expect(rego).toContain('  snp_svn_at_least(input.snp.reported_tcb_tee, query_reference_value("snp_tee_svn"))');
    expect(rego).toContain('  snp_svn_at_least(input.snp.reported_tcb_snp, query_reference_value("snp_snp_svn"))');
    expect(rego).toContain('  snp_svn_at_least(input.snp.reported_tcb_microcode, query_reference_value("snp_microcode"))');
  });

  test('every bare-metal measurement of the TEE registry is read, in the claim it gates', () => {
    const rego = renderAttestationPolicy(trusteeProfile('1.2'), ALL);
    for (const tee of ['snp', 'tdx'] as const) {
      for (const m of TEES[tee].measurements) {
        const gate = bodies(rego, `${m.claim} := ${m.claim === 'executables' ? 3 : 2}`).filter(b => b.includes(`input.${tee}`) || b.includes(`${tee}_init_data_bound`));
        expect([m.referenceValueName, gate.filter(b => b.includes(`query_reference_value("${m.referenceValueName}")`))]).toEqual([m.referenceValueName, [expect.any(String)]]);
      }
    }
  });

  test('the TDX hardware claim also needs an up-to-date TCB by unexpired collateral (DCAP verifier claims)', () => {
    const [hardware] = bodies(renderAttestationPolicy(trusteeProfile('1.2'), ALL), 'hardware := 2').filter(b => b.includes('input.tdx'));
    expect(hardware).toContain('  input.tdx.tcb_status == "UpToDate"\n  input.tdx.collateral_expiration_status == "0"\n');
  });

  test('the output does not depend on the order of the bindings', () => {
    const reversed = { initDataBindings: [...ALL.initDataBindings].reverse() };
    expect(renderAttestationPolicy(trusteeProfile('1.1'), reversed)).toBe(renderAttestationPolicy(trusteeProfile('1.1'), ALL));
  });
});

describe('attestationPolicyReferenceValueNames', () => {
  test('lists binding and measurement names of the bound TEEs, sorted', () => {
    expect(attestationPolicyReferenceValueNames({ initDataBindings: [{ tee: 'tdx', referenceValueName: 'a_mrconfigid' }] }))
      .toEqual(['a_mrconfigid', 'mr_td', 'rtmr_1', 'rtmr_2', 'xfam']);
    expect(attestationPolicyReferenceValueNames(ALL)).toEqual([
      'debug_pcr08', 'hello_hostdata', 'hello_mrconfigid', 'hello_pcr08', 'hello_tdx_pcr08',
      'mr_td', 'rtmr_1', 'rtmr_2', 'snp_bootloader', 'snp_launch_measurement', 'snp_microcode', 'snp_pcr11', 'snp_snp_svn', 'snp_tee_svn', 'tdx_pcr11', 'xfam',
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
      message: 'must not be one of the measurement reference values (snp_pcr11, tdx_pcr11, snp_launch_measurement, snp_bootloader, snp_tee_svn, '
        + 'snp_snp_svn, snp_microcode, mr_td, rtmr_1, rtmr_2, xfam), got "snp_pcr11"',
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
 * The attestation policy on the real engine: verifier claims shaped as Trustee's verifiers produce them
 * at each generation's upstream tag (test/support/verifier-claims.ts), reference values read back from
 * the rendered ConfigMap content (a stand-in for the regorus extension `query_reference_value`, which
 * returns null for a missing name, or `data.reference` on the older attestation service), the EAR status
 * derived from the claims as Trustee's broker does (the worst AR4SI tier), and that status fed to the
 * resource policy.
 */
describeWithOpa('the attestation policy on the real engine', () => {
  const PCR8 = 'a'.repeat(64);
  const PCR11 = 'b'.repeat(64);
  const HOSTDATA = 'c'.repeat(64);
  const MRCONFIGID = `${'d'.repeat(64)}${'0'.repeat(32)}`;
  const MRTD = '1'.repeat(96);
  const RTMR1 = '2'.repeat(96);
  const RTMR2 = '3'.repeat(96);
  const XFAM = 'e702060000000000';
  const SNP_MEASUREMENT = '4'.repeat(96);
  const TCB = { bootloader: 9, tee: 0, snp: 23, microcode: 211 };
  const EXPIRY = '2099-01-01T00:00:00Z';
  const BINDINGS: AttestationPolicySettings = {
    initDataBindings: [
      { tee: 'azure-snp-vtpm', referenceValueName: 'coco_initdata_azure_snp_pcr08' },
      { tee: 'snp', referenceValueName: 'coco_initdata_snp_hostdata' },
      { tee: 'tdx', referenceValueName: 'coco_initdata_tdx_mrconfigid' },
    ],
  };
  const MEASUREMENTS: PlatformMeasurements[] = [
    { tee: 'azure-snp-vtpm', values: { pcr11: [PCR11] }, expiration: EXPIRY },
    { tee: 'snp', values: { launchMeasurement: [SNP_MEASUREMENT], minimumBootloader: 9, minimumTee: 0, minimumSnp: 22, minimumMicrocode: 211 }, expiration: EXPIRY },
    { tee: 'tdx', values: { mrTd: [MRTD], rtmr1: [RTMR1], rtmr2: [RTMR2], xfam: [XFAM] }, expiration: EXPIRY },
  ];
  /** The reference values a Trustee of `profile` renders: initdata digests in the claims' encoding, and the measurements. */
  const referenceValues = (profile: TrusteeProfile): ReferenceValue[] => [
    { name: 'coco_initdata_azure_snp_pcr08', values: [PCR8], expiration: EXPIRY },
    profile.evidence.snpInitDataEncoding === 'base64'
      ? { name: 'coco_initdata_snp_hostdata', values: [Buffer.from(HOSTDATA, 'hex').toString('base64')], kind: { bytes: 32, encoding: 'base64' }, expiration: EXPIRY }
      : { name: 'coco_initdata_snp_hostdata', values: [HOSTDATA], expiration: EXPIRY },
    { name: 'coco_initdata_tdx_mrconfigid', values: [MRCONFIGID], algorithm: 'sha384', expiration: EXPIRY },
    ...platformMeasurementReferenceValues(profile, MEASUREMENTS),
  ];

  /** name -> values, as the attestation service hands them to the policy, read back from the ConfigMap text. */
  function loadedReferenceValues(content: string): Record<string, unknown> {
    const parsed = JSON.parse(content);
    if (Array.isArray(parsed)) {
      return Object.fromEntries(parsed.map((rv: any) => [rv.name, rv['hash-value'] ? rv['hash-value'].map((h: any) => h.value) : rv.value]));
    }
    return Object.fromEntries(Object.entries(parsed as Record<string, string>).map(([k, v]) => [k, JSON.parse(Buffer.from(v, 'base64url').toString('utf8')).value]));
  }

  /**
   * The policy of `version` on the engine, with its reference values (optionally without some):
   * `statuses` of inputs, and `statusesWithout`, each input with its own reference values left out.
   */
  function engine(version: TrusteeVersion, without: readonly string[] = []) {
    const profile = trusteeProfile(version);
    const traits = profile.attestationPolicy;
    const rego = renderAttestationPolicy(profile, BINDINGS);
    const allRv = loadedReferenceValues(renderReferenceValues(profile, referenceValues(profile)).content);
    const leaveOut = (names: readonly string[]) => {
      const rv = { ...allRv };
      for (const name of names) delete rv[name];
      return rv;
    };
    const rv = leaveOut(without);
    const queryRv = traits.referenceValueAccess === 'query_reference_value';
    // Stand-in for the regorus extension Trustee registers (attestation-service EAR broker): null when missing.
    const standIn: Record<string, string> = queryRv ? {
      'query_reference_value.rego': 'package policy\n\nimport rego.v1\n\nquery_reference_value(name) := v if {\n  v := data.coco_reference_values[name]\n} else := null\n',
    } : {};
    const modules = { 'policy.rego': rego, ...standIn };
    const dataOf = (values: Record<string, unknown>) => (queryRv ? { coco_reference_values: values } : { reference: values });
    const data = dataOf(rv);
    const query = traits.rulesRead === 'trust_claims'
      ? 'data.policy.trust_claims'
      : '{"executables": data.policy.executables, "hardware": data.policy.hardware, "configuration": data.policy.configuration}';
    return {
      profile, rego, standIn,
      statuses: (inputs: unknown[]) => (evaluateRego(modules, query, inputs.map(input => ({ input, data })), 'v1') as Record<string, number>[]).map(earStatus),
      statusesWithout: (cases: { input: unknown; without: readonly string[] }[]) =>
        (evaluateRego(modules, query, cases.map(c => ({ input: c.input, data: dataOf(leaveOut([...without, ...c.without])) })), 'v1') as Record<string, number>[]).map(earStatus),
    };
  }

  const snp = (version: TrusteeVersion, over: Partial<SnpReport> = {}) => snpClaims(version, { measurement: SNP_MEASUREMENT, hostData: HOSTDATA, tcb: TCB, ...over });
  const tdx = (version: TrusteeVersion, over: Partial<TdxQuote> = {}) => tdxClaims(version, { mrTd: MRTD, rtmr1: RTMR1, rtmr2: RTMR2, xfam: XFAM, mrConfigId: MRCONFIGID, ...over });
  const az = (version: TrusteeVersion, pcr8: string, pcr11: string) => {
    const azKey = resourcePolicyInputShape(trusteeProfile(version)).evidenceKeys['azure-snp-vtpm'];
    return { [azKey]: { tpm: { pcr08: pcr8, pcr11 }, measurement: 'base64', reported_tcb_snp: '23' }, init_data: pcr8 };
  };

  test.each(TRUSTEE_VERSIONS.map(v => [v]))('Trustee %s: parses in both dialects', version => {
    const { rego, standIn } = engine(version);
    expect(regoProblems(rego, 'v0', standIn)).toEqual([]);
    expect(regoProblems(rego, 'v1', standIn)).toEqual([]);
  });

  test.each(TRUSTEE_VERSIONS.map(v => [v]))('Trustee %s: Azure and bare-metal SNP: matching initdata and measurements are affirming, anything else is not', version => {
    const { statuses } = engine(version);
    const cases: [string, unknown, string][] = [
      ['az-snp-vtpm, initdata and pod VM image as expected', az(version, PCR8, PCR11), 'affirming'],
      ['az-snp-vtpm, another initdata (PCR 8)', az(version, 'e'.repeat(64), PCR11), 'warning'],
      ['az-snp-vtpm, another pod VM image (PCR 11)', az(version, PCR8, 'e'.repeat(64)), 'warning'],
      ['SNP, HOSTDATA and measurements as expected', snp(version), 'affirming'],
      ['SNP, a TCB above every minimum', snp(version, { tcb: { bootloader: 10, tee: 1, snp: 24, microcode: 212 } }), 'affirming'],
      ['SNP, another HOSTDATA', snp(version, { hostData: 'e'.repeat(64) }), 'warning'],
      ['SNP, another launch measurement', snp(version, { measurement: '5'.repeat(96) }), 'warning'],
      ['SNP, an SNP firmware below its minimum', snp(version, { tcb: { ...TCB, snp: 21 } }), 'contraindicated'],
      ['SNP, debugging allowed', snp(version, { debug: true }), 'warning'],
      ['a TEE without a binding (the sample attester)', { sample: { svn: '1' } }, 'contraindicated'],
    ];
    const results = statuses(cases.map(([, input]) => input));
    expect(Object.fromEntries(cases.map(([what], i) => [what, results[i]]))).toEqual(Object.fromEntries(cases.map(([what, , status]) => [what, status])));
  });

  test.each(TRUSTEE_VERSIONS.filter(v => v !== '0.3').map(v => [v]))('Trustee %s: bare-metal TDX: matching initdata and measurements are affirming, anything else is not', version => {
    const { statuses } = engine(version);
    const other = 'e'.repeat(96);
    const cases: [string, unknown, string][] = [
      ['TDX, MRCONFIGID and measurements as expected', tdx(version), 'affirming'],
      ['TDX, another MRCONFIGID', tdx(version, { mrConfigId: `${'e'.repeat(64)}${'0'.repeat(32)}` }), 'warning'],
      ['TDX, another MRTD', tdx(version, { mrTd: other }), 'contraindicated'],
      ['TDX, another RTMR 1', tdx(version, { rtmr1: other }), 'warning'],
      ['TDX, another RTMR 2', tdx(version, { rtmr2: other }), 'warning'],
      ['TDX, another XFAM', tdx(version, { xfam: 'e742060000000000' }), 'warning'],
      ['TDX, an out-of-date TCB', tdx(version, { tcbStatus: 'OutOfDate' }), 'contraindicated'],
      ['TDX, a debug TD', tdx(version, { debug: true }), 'warning'],
    ];
    const results = statuses(cases.map(([, input]) => input));
    expect(Object.fromEntries(cases.map(([what], i) => [what, results[i]]))).toEqual(Object.fromEntries(cases.map(([what, , status]) => [what, status])));
  });

  test('Trustee 0.3 (trustee v0.11.0): its TDX verifier reports neither td_attributes.debug nor a TCB status, so TDX fails closed', () => {
    expect(engine('0.3').statuses([tdx('0.3')])).toEqual(['contraindicated']);
  });

  test.each(TRUSTEE_VERSIONS.map(v => [v]))('Trustee %s: a missing measurement reference value fails closed', version => {
    // Each measurement name, left out one at a time, keeps the otherwise matching evidence from being affirming.
    const bareMetal = MEASUREMENT_REFERENCE_VALUES.snp.length + MEASUREMENT_REFERENCE_VALUES.tdx.length;
    const names = [...MEASUREMENT_REFERENCE_VALUES.snp, ...MEASUREMENT_REFERENCE_VALUES.tdx, ...MEASUREMENT_REFERENCE_VALUES['azure-snp-vtpm']];
    expect(names).toHaveLength(bareMetal + 1);
    const cases = names.map(name => ({
      input: MEASUREMENT_REFERENCE_VALUES.snp.includes(name) ? snp(version) : MEASUREMENT_REFERENCE_VALUES.tdx.includes(name) ? tdx(version) : az(version, PCR8, PCR11),
      without: [name],
    }));
    // (one engine run for all the cases, each with its own reference values)
    const results = engine(version).statusesWithout([...cases, { input: snp(version), without: ['coco_initdata_snp_hostdata'] }]);
    expect(results).toHaveLength(names.length + 1);
    names.forEach((name, i) => expect([name, results[i]]).not.toEqual([name, 'affirming']));
    // ... and so does a missing initdata reference value.
    expect([results[names.length]]).not.toEqual(['affirming']);
  });

  test.each(TRUSTEE_VERSIONS.map(v => [v]))('Trustee %s: the derived status drives the resource policy: released only for the affirming attestation', version => {
    const { profile, statuses } = engine(version);
    const results = statuses([az(version, PCR8, PCR11), az(version, 'e'.repeat(64), PCR11), az(version, PCR8, 'e'.repeat(64))]);
    const shape = resourcePolicyInputShape(profile);
    const resourcePolicy = renderResourcePolicy(shape, { preset: 'per-workload', grants: [{ name: 'w', identities: [{ tee: 'azure-snp-vtpm', value: PCR8 }], resources: ['default/kbsres1/key3'] }] });
    const token = (status: string) => ({ submods: { [shape.earSubmodule]: { 'ear.status': status, 'ear.veraison.annotated-evidence': az(version, PCR8, PCR11) } } });
    const request = shape.request === 'plugin-array' ? { 'plugin': 'resource', 'resource-path': ['default', 'kbsres1', 'key3'], 'query': {} } : { 'resource-path': 'resource/default/kbsres1/key3' };
    expect(evaluateRego({ 'policy.rego': resourcePolicy }, 'data.policy.allow', results.map(status => ({ input: token(status), data: request })))).toEqual([true, false, false]);
  });
});
