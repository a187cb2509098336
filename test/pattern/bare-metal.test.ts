/**
 * Bare-metal groups from pattern.yaml (cloud: baremetal): an all-in-one SNP group rendered end to end (node
 * side, kata-cc, Trustee with the group's measurements and VCEK cache, HOSTDATA reference values, the
 * rendered attestation policy on the real engine), the merge of several groups' settings into the Trustee
 * they attest to, and the bad input the composition refuses.
 */
import { parsePattern } from '../../lib/config/load';
import { describeWithOpa, evaluateRego } from '../support/opa';
import { problemsOf } from '../support/problems';
import { readReferenceValues } from '../support/reference-values';
import { find, manifests, minimalInput, render, TEST_NOW } from '../support/render';
import { describeWithSchemas, schemaValidator } from '../support/schemas';
import { earStatus, snpClaims } from '../support/verifier-claims';

const EXPIRY = '2099-01-01T00:00:00Z';
const LAUNCH = '4'.repeat(96);
const HWID = 'ab'.repeat(64);
const SNP_MEASUREMENTS = { launchMeasurement: [`0x${LAUNCH.toUpperCase()}`], minimumBootloader: 9, minimumTee: 0, minimumSnp: 22, minimumMicrocode: 211, expiration: EXPIRY };
const TCB = { bootloader: 9, tee: 0, snp: 23, microcode: 211 };

/** One all-in-one SNP group "metal" (Trustee on the same cluster, like `simple`). */
const snpInput = (snp: Record<string, unknown> = { measurements: SNP_MEASUREMENTS, vcekCache: [{ hwid: HWID, vaultPath: 'secret/data/hub/vcek-1' }] }, trustee: Record<string, unknown> = {}) =>
  minimalInput({}, { metal: { cloud: 'baremetal', sandbox: { tee: 'snp', snp }, trustee } });

const tree = render(snpInput());
const all = manifests(tree);
const rv = () => readReferenceValues(find(tree, 'ConfigMap', 'rvps-reference-values', 'metal/trustee/').data);
const hostData = (file: string) => /^snp_hostdata = ([0-9a-f]{64})$/m.exec(tree.get(file)!)![1];
const WORKLOADS = ['metal/hello-openshift/secure', 'metal/hello-openshift/insecure-policy', 'metal/kbs-access/secure'];

describe('an all-in-one SNP group', () => {
  test('the node side comes before the sandbox: NFD labels the SNP nodes, no kernel arguments, no Intel DCAP', () => {
    const app = (name: string) => Number(find(tree, 'Application', name, 'metal/bootstrap/').metadata.annotations!['argocd.argoproj.io/sync-wave']);
    expect(app('baremetal')).toBeLessThan(app('sandbox'));
    expect(all.filter(m => ['MachineConfig', 'SgxDevicePlugin', 'DaemonSet'].includes(m.obj.kind) || m.file.startsWith('metal/intel-dcap/'))).toEqual([]);
    expect(all.filter(m => m.obj.kind === 'NodeFeatureRule').length).toBeGreaterThan(0);
    expect(find(tree, 'KataConfig', 'default-kata-config', 'metal/').spec).toEqual({
      enablePeerPods: false, checkNodeEligibility: false, kataConfigPoolSelector: { matchLabels: { 'amd.feature.node.kubernetes.io/snp': 'true' } },
    });
    expect(all.filter(m => m.obj.metadata.name === 'peer-pods-cm' || m.obj.kind === 'Policy')).toEqual([]);
    expect(find(tree, 'Deployment', 'secure', 'metal/kbs-access/').spec.template.spec.runtimeClassName).toBe('kata-cc');
  });

  test('Trustee holds every workload\'s HOSTDATA, the nodes\' measurements, and the cached VCEK', () => {
    const hostdata = rv().find(r => r.name === 'coco_initdata_snp_hostdata')!;
    expect(hostdata.value).toEqual(WORKLOADS.map(w => hostData(`${w}.initdata.digests`)).sort());
    expect(Object.fromEntries(rv().filter(r => r.name !== 'coco_initdata_snp_hostdata').map(r => [r.name, r.value]))).toEqual({
      snp_launch_measurement: [LAUNCH], snp_bootloader: ['9'], snp_tee_svn: ['0'], snp_snp_svn: ['22'], snp_microcode: ['211'],
    });
    expect(find(tree, 'KbsConfig', 'kbsconfig', 'metal/trustee/').spec.kbsLocalCertCacheSpec).toEqual({
      secrets: [{ secretName: `snp-vcek-${HWID.slice(0, 16)}`, mountPath: `/opt/confidential-containers/attestation-service/kds-store/vcek/${HWID}` }],
    });
    expect(find(tree, 'ExternalSecret', `snp-vcek-${HWID.slice(0, 16)}-eso`, 'metal/trustee/').spec.data[0].remoteRef.key).toBe('secret/data/hub/vcek-1');
    expect(Object.values(find(tree, 'ConfigMap', 'kbs-config', 'metal/trustee/').data)[0]).toContain('[attestation_service.verifier_config.snp_verifier]');
  });

  test('its posture: Trustee shares the cluster (high, as simple), bare-metal SNP with kata-cc, no missing measurement', () => {
    const posture = tree.get('metal/POSTURE.md')!;
    expect(posture).toContain('| **high** | Trustee runs in the same cluster as the workloads it attests.');
    expect(posture).toContain('| bare metal | AMD SEV-SNP (bare metal): kata-cc on the nodes labelled `amd.feature.node.kubernetes.io/snp=true` (handler kata-snp); no peer pods, no pod VM sizes, no NAT gateway |');
    expect(posture).toContain('| initdata binding | HOSTDATA: every confidential pod carries its own initdata (no cluster default) |');
    expect(posture).not.toContain('No reference value');
    expect(posture).not.toContain('cluster default (peer-pods-cm)');
  });

  test('without measurements it fails closed, and the report names each one, how to obtain it and where it goes', () => {
    const posture = render(snpInput({})).get('metal/POSTURE.md')!;
    expect(posture).toContain('**missing**: snp_bootloader, snp_launch_measurement, snp_microcode, snp_snp_svn, snp_tee_svn');
    expect(posture).toMatch(/No reference value for snp_launch_measurement \(SNP launch measurement .*Obtain it from .*sev-snp-measure.*\| Give it in clusterGroups\.metal\.sandbox\.snp\.measurements\.launchMeasurement /);
    expect(posture).toContain('Give it in clusterGroups.metal.sandbox.snp.measurements.minimumMicrocode');
  });
});

describeWithOpa('an all-in-one SNP group: the rendered attestation policy on the real engine', () => {
  const policy = Object.values(find(tree, 'ConfigMap', 'attestation-policy', 'metal/trustee/').data)[0] as string;
  const data = { coco_reference_values: Object.fromEntries(rv().map(r => [r.name, r.value])) };
  // Stand-in for the regorus extension Trustee 1.2 registers: the reference value by name, null when missing.
  const standIn = 'package policy\n\nimport rego.v1\n\nquery_reference_value(name) := v if {\n  v := data.coco_reference_values[name]\n} else := null\n';
  const status = (hostdata: string, over: Partial<Parameters<typeof snpClaims>[1]> = {}) =>
    earStatus(evaluateRego({ 'policy.rego': policy, 'query_reference_value.rego': standIn }, 'data.policy.trust_claims', [{ input: snpClaims('1.2', { measurement: LAUNCH, hostData: hostdata, tcb: TCB, ...over }), data }])[0] as Record<string, number>);

  test.each(WORKLOADS)('%s: its HOSTDATA on the measured nodes is affirming', workload => {
    expect(status(hostData(`${workload}.initdata.digests`))).toBe('affirming');
  });

  test('another initdata, another launch measurement, an old SNP firmware: not affirming', () => {
    const secure = hostData('metal/kbs-access/secure.initdata.digests');
    expect(status('e'.repeat(64))).toBe('warning');
    expect(status(secure, { measurement: '5'.repeat(96) })).toBe('warning');
    expect(status(secure, { tcb: { ...TCB, snp: 21 } })).toBe('contraindicated');
  });
});

describeWithSchemas('an all-in-one SNP group: strict schema validation', () => {
  test.each(all.map(m => [m.file, m.obj] as const))('%s', (_, obj) => {
    expect(schemaValidator()!.validate(obj)).toEqual([]);
  });
});

describe('an all-in-one SNP group: rendered files', () => {
  test.each([...tree.keys()].filter(f => /^metal\/(baremetal|sandbox|trustee)\/|POSTURE/.test(f)))('%s', file => {
    expect(tree.get(file)).toMatchSnapshot();
  });
});

test('a PCCS proxy that is no URL is one line naming the field, with the words the construct uses', () => {
  expect(problemsOf(() => parsePattern(minimalInput({}, { metal: { cloud: 'baremetal', sandbox: { tee: 'tdx', tdx: { pccs: { httpsProxy: 'proxy:3128' } } } } }), { now: TEST_NOW }))).toEqual([
    'clusterGroups.metal.sandbox.tdx.pccs.httpsProxy: must be an http(s) URL of the proxy (e.g. "http://proxy.example.com:3128"), got "proxy:3128"',
  ]);
});

describe('several bare-metal groups attesting to one Trustee', () => {
  const hub = { sandbox: { enabled: false }, workloads: { helloOpenshift: { enabled: false }, kbsAccess: { enabled: false } }, acm: { enabled: true } };
  const spoke = (sandbox: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ({ spoke: { hub: 'hub' }, cloud: 'baremetal', sandbox, externalSecrets: { enabled: true }, ...extra });
  const snp = (measurements: Record<string, unknown>) => ({ tee: 'snp', snp: { measurements: { ...SNP_MEASUREMENTS, ...measurements } } });
  const fleet = (groups: Record<string, Record<string, unknown>>, hubExtra: Record<string, unknown> = {}) => minimalInput({}, { hub: { ...hub, ...hubExtra }, ...groups });
  const load = (input: unknown) => () => parsePattern(input, { now: TEST_NOW });

  test('their accepted values are merged into the hub\'s Trustee, and each group\'s initdata binds in its TEE\'s field', () => {
    const other = '6'.repeat(96);
    const t = render(fleet({ 'snp-a': spoke(snp({})), 'snp-b': spoke(snp({ launchMeasurement: [other] })), 'tdx-a': spoke({ tee: 'tdx' }) }));
    const values = readReferenceValues(find(t, 'ConfigMap', 'rvps-reference-values', 'hub/trustee/').data);
    expect(values.find(r => r.name === 'snp_launch_measurement')!.value).toEqual([LAUNCH, other]);
    expect(values.map(r => r.name).sort()).toEqual(['coco_initdata_snp_hostdata', 'coco_initdata_tdx_mrconfigid', 'snp_bootloader', 'snp_launch_measurement', 'snp_microcode', 'snp_snp_svn', 'snp_tee_svn']);
    const mrConfigId = /^tdx_mrconfigid = ([0-9a-f]{96})$/m.exec(t.get('tdx-a/kbs-access/secure.initdata.digests')!)![1];
    expect(values.find(r => r.name === 'coco_initdata_tdx_mrconfigid')!.value).toContain(mrConfigId);
    expect(t.get('hub/POSTURE.md')).toContain('Give it in clusterGroups.tdx-a.sandbox.tdx.measurements.mrTd');
  });

  test('settings one Trustee cannot hold twice are one line each, naming the field and the other group', () => {
    expect(problemsOf(load(fleet({ 'snp-a': spoke(snp({})), 'snp-b': spoke(snp({ minimumSnp: 23 })) })))).toEqual([
      'clusterGroups.snp-b.sandbox.snp.measurements.minimumSnp: must equal that of cluster group "snp-a", which attests to the same Trustee (of "hub") on snp (22): one Trustee checks one minimum, got 23',
    ]);
    expect(problemsOf(load(fleet({ 'snp-a': spoke(snp({})), 'snp-b': spoke(snp({ expiration: '2098-01-01T00:00:00Z' })) })))).toEqual([
      'clusterGroups.snp-b.sandbox.snp.measurements.expiration: must equal that of cluster group "snp-a", which attests to the same Trustee (of "hub") on snp (2099-01-01T00:00:00Z): one Trustee holds one reference value per measurement, got "2098-01-01T00:00:00Z"',
    ]);
    expect(problemsOf(load(fleet({ 'snp-a': spoke(snp({})), 'snp-b': spoke({ tee: 'snp' }) })))).toEqual([
      expect.stringMatching(/^clusterGroups\.snp-b\.sandbox\.snp\.measurements: must give the same measurements as cluster group "snp-a", .*: it gives launchMeasurement, minimumBootloader, minimumTee, minimumSnp, minimumMicrocode, this group none /),
    ]);
    expect(problemsOf(load(fleet({ 'tdx-a': spoke({ tee: 'tdx' }), 'tdx-b': spoke({ tee: 'tdx', tdx: { collateralService: 'https://pcs.example.com/sgx/certification/v4/' } }) })))).toEqual([
      'clusterGroups.tdx-b.sandbox.tdx.collateralService: must equal that of cluster group "tdx-a", which attests to the same Trustee (of "hub") on tdx ("intel", useSecureCert default): one Trustee has one TDX collateral service, got "https://pcs.example.com/sgx/certification/v4/"',
    ]);
  });

  test('a spoke cannot send the hub\'s Trustee to its own PCCS; Trustee 1.2 always checks the collateral certificate; a measurement is not also a reference value', () => {
    expect(problemsOf(load(fleet({ 'tdx-a': spoke({ tee: 'tdx', tdx: { collateralService: 'pccs' } }) })))).toEqual([
      expect.stringMatching(/^clusterGroups\.tdx-a\.sandbox\.tdx\.collateralService: cannot be "pccs" when the workloads attest to the Trustee of cluster group "hub": the PCCS Service is only reachable inside this group's clusters/),
    ]);
    expect(problemsOf(load(fleet({ 'tdx-a': spoke({ tee: 'tdx', tdx: { useSecureCert: false } }) })))).toEqual([
      expect.stringMatching(/^clusterGroups\.tdx-a\.sandbox\.tdx\.useSecureCert: cannot be false on Trustee 1\.2: /),
    ]);
    expect(problemsOf(load(fleet({ 'snp-a': spoke(snp({})) }, { trustee: { referenceValues: [{ name: 'snp_launch_measurement', values: [LAUNCH], algorithm: 'sha384', expiration: EXPIRY }] } })))).toEqual([
      expect.stringMatching(/^clusterGroups\.hub\.trustee\.referenceValues\[0\]\.name: must not be a measurement a bare-metal group gives \(.*sandbox\.<tee>\.measurements of snp-a\): give the value there, got "snp_launch_measurement"$/),
    ]);
  });

  test('the in-cluster PCCS as the collateral service of Trustee 1.2 is a finding (its DCAP client would not trust it); Intel\'s PCS is not', () => {
    const title = 'Trustee 1.2 fetches TDX collateral from the in-cluster PCCS';
    const posture = (collateralService: string) => render(minimalInput({}, { metal: { cloud: 'baremetal', sandbox: { tee: 'tdx', tdx: { collateralService } } } })).get('metal/POSTURE.md')!;
    expect(posture('pccs')).toContain(`${title} (https://pccs-service.intel-dcap.svc:8042/sgx/certification/v4/)`);
    expect(posture('intel')).not.toContain(title);
  });

  test('an all-in-one TDX group on Trustee 1.1 points the verifier at its own PCCS (tdx-config)', () => {
    const t = render(minimalInput({}, { metal: { cloud: 'baremetal', sandbox: { tee: 'tdx', tdx: { collateralService: 'pccs', useSecureCert: false } }, trustee: { version: '1.1' } } }));
    expect(JSON.parse(find(t, 'ConfigMap', 'tdx-config', 'metal/trustee/').data['sgx_default_qcnl.conf'])).toEqual({
      collateral_service: 'https://pccs-service.intel-dcap.svc:8042/sgx/certification/v4/', use_secure_cert: false,
    });
    expect(find(t, 'KbsConfig', 'kbsconfig', 'metal/trustee/').spec.tdxConfigSpec).toEqual({ kbsTdxConfigMapName: 'tdx-config' });
    expect(find(t, 'Service', 'pccs-service', 'metal/intel-dcap/').spec.ports[0].port).toBe(8042);
  });
});
