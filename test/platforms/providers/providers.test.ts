/**
 * The provider registry: one provider per cloud, each contributing its `sandbox` settings (the cluster group
 * schema is a discriminated union on `cloud` built from them), checking them with full field paths, naming
 * the TEEs its pods have, and producing its `peer-pods-cm` data.
 */
import { parsePattern } from '../../../lib/config/load';
import { sandboxSchema } from '../../../lib/config/sandbox';
import { Cloud, CLOUDS, DEFAULT_CLOUD, PROVIDER_LIST, ProviderSettings, PROVIDERS, providerOf } from '../../../lib/platforms/providers';
import { ATTESTED_TEES } from '../../../lib/platforms/tees';
import { CONFIDENTIAL_RUNTIME_CLASSES, NODE_TEE_RUNTIME_CLASS } from '../../../lib/workloads/runtime-classes';
import { problemsOf } from '../../support/problems';
import { minimalInput } from '../../support/render';

const PATH = 'clusterGroups.spoke.sandbox';
const NOW = new Date('2026-12-01T00:00:00Z');
const AZURE_STATIC = {
  region: 'eastus',
  resourceGroup: 'rg-spoke',
  subnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/workers',
  nsgId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg',
};
const AWS = { region: 'us-east-2', subnetId: 'subnet-0123456789abcdef0', vpcId: 'vpc-0123456789abcdef0', securityGroupIds: ['sg-0123456789abcdef0'] };
const LIBVIRT = { uri: 'qemu+ssh://root@192.0.2.10/system?no_verify=1' };

/** Valid `sandbox` settings of each cloud, as pattern.yaml gives them (a new provider adds one). */
const EXAMPLES: { readonly [C in Cloud]: Record<string, unknown> } = {
  azure: {},
  aws: { peerPods: { aws: AWS } },
  libvirt: { peerPods: { libvirt: LIBVIRT } },
  baremetal: { tee: 'tdx' },
};

/** A provider's settings after the cluster group schema (defaults applied). */
function settings<C extends Cloud>(cloud: C, sandbox: Record<string, unknown>): ProviderSettings<C> {
  return sandboxSchema(PROVIDERS[cloud]).parse(sandbox) as ProviderSettings<C>;
}

/** The one-line problems of a pattern with one group "spoke" on `cloud` with `sandbox`. */
const problems = (cloud: string, sandbox: unknown) => problemsOf(() => parsePattern(minimalInput({}, { spoke: { cloud, sandbox } }), { now: NOW }));

test('every provider is registered under its own cloud, in registry order, and the default cloud is one of them', () => {
  expect(CLOUDS).toEqual(PROVIDER_LIST.map(p => p.cloud));
  for (const cloud of CLOUDS) expect(PROVIDERS[cloud].cloud).toBe(cloud);
  expect(Object.keys(PROVIDERS).sort()).toEqual([...CLOUDS].sort());
  expect(Object.keys(EXAMPLES).sort()).toEqual([...CLOUDS].sort());
  expect(CLOUDS).toContain(DEFAULT_CLOUD);
});

describe.each(CLOUDS)('contract: %s', cloud => {
  const provider = PROVIDERS[cloud];
  const example = () => providerOf(cloud, settings(cloud, EXAMPLES[cloud]));

  test('its example settings load in a cluster group and have no problem', () => {
    expect(() => parsePattern(minimalInput({}, { spoke: { cloud, sandbox: { kbs: { trustee: 'hub' }, ...EXAMPLES[cloud] } }, hub: {} }), { now: NOW })).not.toThrow();
    expect(example().problems({ path: PATH, acmEnabled: true })).toEqual([]);
  });

  test('its runtime class is a confidential one, and its TEEs are attested TEEs', () => {
    expect(CONFIDENTIAL_RUNTIME_CLASSES).toContain(provider.runtimeClass);
    for (const tee of example().tees()) expect(ATTESTED_TEES).toContain(tee);
  });

  test('it offers its default VM size among its VM sizes', () => {
    const size = example().defaultVmSize();
    if (size !== undefined) expect(example().vmSizes()).toContain(size);
    else expect(example().vmSizes()).toEqual([]);
  });

  test('its peer-pods-cm names it and carries the default initdata; a provider whose pods run on the nodes has none, but its nodes', () => {
    if (provider.runsOnNodes) {
      expect(example().configSource('AA==')).toBeUndefined();
      expect(example().bareMetal()).toBeDefined();
    } else {
      expect(example().configSource('AA==')?.data).toMatchObject({ CLOUD_PROVIDER: cloud, INITDATA: 'AA==' });
      expect(example().bareMetal()).toBeUndefined();
    }
    expect(example().describe()).toMatch(new RegExp(`^${cloud} \\(`));
  });

  test.each(CLOUDS.filter(other => other !== cloud))('a group on it refuses the settings of %s, naming the field', other => {
    if (provider.runsOnNodes) {
      expect(problems(cloud, { ...EXAMPLES[cloud], peerPods: EXAMPLES[other].peerPods ?? {} })).toEqual([
        expect.stringMatching(new RegExp(`^${PATH}\\.peerPods: is a peer-pods setting \\(pod VMs and their sizes\\); on cloud "${cloud}" the pods run on the nodes' own TEE with kata-cc, got `)),
      ]);
      return;
    }
    const foreign = Object.keys((EXAMPLES[other].peerPods ?? {}) as object).find(k => !(k in ((EXAMPLES[cloud].peerPods ?? {}) as object))) ?? other;
    const sandbox = { ...EXAMPLES[cloud], peerPods: { ...(EXAMPLES[cloud].peerPods as object), [foreign]: {} } };
    expect(problems(cloud, sandbox)).toEqual([expect.stringMatching(new RegExp(`^${PATH}\\.peerPods\\.${foreign}: is not a peer-pods setting of cloud "${cloud}" \\(`))]);
  });
});

describe('azure', () => {
  const azure = (peerPods: unknown) => providerOf('azure', settings('azure', { peerPods }));

  test('is the default cloud, and a group without cloud loads as before', () => {
    expect(DEFAULT_CLOUD).toBe('azure');
    expect(parsePattern(minimalInput(), { now: NOW }).clusterGroups.simple).toMatchObject({
      cloud: 'azure',
      sandbox: { runtimeClass: 'kata-remote', peerPods: { mode: 'acm', clusterSelector: { cloud: 'Azure' }, azure: {} } },
    });
  });

  test('acm mode needs ACM in the group', () => {
    expect(azure({ mode: 'acm' }).problems({ path: PATH, acmEnabled: true })).toEqual([]);
    expect(azure({ mode: 'acm' }).problems({ path: PATH, acmEnabled: false })).toEqual([
      { path: `${PATH}.peerPods.mode`, message: expect.stringContaining('needs ACM: in this cluster group (acm.enabled: true), or a hub whose ACM manages it (spoke.hub)') },
    ]);
  });

  test('static mode: the schema names each missing value, the provider checks the values given', () => {
    expect(problems('azure', { peerPods: { mode: 'static', azure: { region: 'eastus' } } })).toEqual(['resourceGroup', 'subnetId', 'nsgId']
      .map(f => `${PATH}.peerPods.azure.${f}: is required when peerPods.mode is "static"`));
    expect(azure({ mode: 'static', azure: AZURE_STATIC }).problems({ path: PATH, acmEnabled: false })).toEqual([]);
    const bad = azure({ mode: 'static', azure: { ...AZURE_STATIC, subnetId: 'workers' } }).problems({ path: PATH, acmEnabled: false });
    expect(bad.map(p => p.path)).toEqual([`${PATH}.peerPods.azure.subnetId`]);
  });

  test('an unknown mode names the modes', () => {
    expect(problems('azure', { peerPods: { mode: 'manual' } })).toEqual([`${PATH}.peerPods.mode: must be one of "acm", "static", got "manual"`]);
  });

  test('its TEEs follow the confidential VM sizes offered', () => {
    expect(azure({}).tees()).toEqual(['azure-snp-vtpm']);
    expect(azure({ azure: { instanceSizes: ['Standard_DC4es_v5'] } }).tees()).toEqual(['azure-tdx-vtpm']);
    expect(azure({ azure: { instanceSizes: ['Standard_DC4es_v5', 'Standard_DC4as_v5'] } }).tees()).toEqual(['azure-snp-vtpm', 'azure-tdx-vtpm']);
    expect(azure({ azure: { instanceSizes: ['Standard_D4s_v5'] } }).tees()).toEqual([]);
    expect(azure({}).defaultVmSize()).toBe('Standard_DC2as_v5');
    expect(azure({ azure: { instanceSize: 'Standard_DC4as_v5' } }).defaultVmSize()).toBe('Standard_DC4as_v5');
  });

  test('acm mode leaves the cluster facts to ACM templates; static mode writes them', () => {
    const acm = azure({ mode: 'acm' }).configSource('AA==')!;
    expect(acm).toMatchObject({ type: 'acm', clusterSelector: { cloud: 'Azure' } });
    expect(acm.data.AZURE_REGION).toContain('{{');
    const fixed = azure({ mode: 'static', azure: AZURE_STATIC }).configSource('AA==')!;
    expect(fixed).toMatchObject({ type: 'static', operatorWrittenKeys: ['AZURE_IMAGE_ID'] });
    expect(fixed.data).toMatchObject({ CLOUD_PROVIDER: 'azure', AZURE_REGION: 'eastus', AZURE_RESOURCE_GROUP: 'rg-spoke', AZURE_SUBNET_ID: AZURE_STATIC.subnetId });
    expect(azure({}).describe()).toBe('azure (ACM policy reads cloud-conf)');
    expect(azure({ mode: 'static', azure: AZURE_STATIC }).describe()).toBe('azure (static values)');
    expect(PROVIDERS.azure.natGateway).toBe(true);
  });

  test('its pod VMs bind initdata in PCR 8, so it takes sha256 only', () => {
    expect(problems('azure', { initData: { algorithm: 'sha384' } })).toEqual([
      `${PATH}.initData.algorithm: must be "sha256" on Azure: peer pods bind initdata through vTPM PCR8, which takes a 32-byte digest, got "sha384"`,
    ]);
  });
});

describe.each([
  ['aws', { aws: AWS }, 'PODVM_AMI_ID'],
  ['libvirt', { libvirt: LIBVIRT }, undefined],
] as const)('%s', (cloud, values, writtenKey) => {
  const provider = (peerPods: unknown) => providerOf(cloud, settings(cloud, { peerPods }));

  test('its settings are required, its mode is static, and mode acm is refused with the reason', () => {
    expect(settings(cloud, { peerPods: values }).peerPods.mode).toBe('static');
    expect(problems(cloud, {})).toEqual([`${PATH}.peerPods.${cloud}: is required when cloud is "${cloud}"`]);
    expect(problems(cloud, { peerPods: { mode: 'acm', ...values } })).toEqual([
      `${PATH}.peerPods.mode: must be "static" on cloud "${cloud}" (mode "acm" reads Azure facts through an ACM policy and is only available when cloud is "azure"), got "acm"`,
    ]);
  });

  test('a group on it with the sandbox off needs none of its settings', () => {
    const off = { enabled: false };
    expect(() => parsePattern(minimalInput({}, { spoke: { cloud, sandbox: off, workloads: { helloOpenshift: { enabled: false }, kbsAccess: { enabled: false } } } }), { now: NOW }))
      .not.toThrow();
  });

  test('it renders static data for its own provider, with no TEE or VM size list of its own', () => {
    const source = provider(values).configSource('AA==')!;
    expect(source.type).toBe('static');
    expect(source.data.CLOUD_PROVIDER).toBe(cloud);
    expect(source.type === 'static' && source.operatorWrittenKeys).toEqual(writtenKey ? [writtenKey] : []);
    expect(provider(values).tees()).toEqual([]);
    expect(provider(values).vmSizes()).toEqual([]);
    expect(provider(values).defaultVmSize()).toBeUndefined();
    expect(provider(values).describe()).toBe(`${cloud} (static values)`);
    expect(PROVIDERS[cloud].natGateway).toBe(false);
    expect(PROVIDERS[cloud].initDataAlgorithm).toBeUndefined();
  });
});

test('libvirt: the common settings its CAA provider does not read are refused at their fields', () => {
  expect(problems('libvirt', { peerPods: { libvirt: LIBVIRT, tags: { a: 'b' }, rootVolumeSizeGiB: 3 } })).toEqual([
    `${PATH}.peerPods.rootVolumeSizeGiB: is not read by CAA's libvirt provider (set the libvirt rootDiskSizeGiB instead), got 3`,
    `${PATH}.peerPods.tags: is not supported on libvirt (CAA's libvirt provider has no TAGS setting), got {"a":"b"}`,
  ]);
});

describe('baremetal: pods on the nodes\' own TEE (kata-cc), no peer pods', () => {
  const baremetal = (sandbox: Record<string, unknown>) => providerOf('baremetal', settings('baremetal', sandbox));
  const EXPIRY = '2099-01-01T00:00:00Z';
  const hex = (bytes: number, c = 'a') => c.repeat(2 * bytes);

  test('its group takes the TEE, defaults to kata-cc and has no peerPods; its pods bind initdata in the TEE\'s own field', () => {
    const group = parsePattern(minimalInput({}, { metal: { cloud: 'baremetal', sandbox: { tee: 'snp' } } }), { now: NOW }).clusterGroups.metal;
    expect(group.cloud === 'baremetal' && group.sandbox.enabled && [group.sandbox.tee, group.sandbox.runtimeClass, group.sandbox.nodeRoles]).toEqual(['snp', 'kata-cc', ['worker']]);
    expect(group.sandbox).not.toHaveProperty('peerPods');
    expect(baremetal({ tee: 'tdx' }).tees()).toEqual(['tdx']);
    expect(baremetal({ tee: 'snp' }).tees()).toEqual(['snp']);
    expect(baremetal({ tee: 'tdx' }).describe()).toBe('baremetal (Intel TDX on the nodes, kata-cc, handler kata-tdx)');
    expect([PROVIDERS.baremetal.runtimeClass, PROVIDERS.baremetal.natGateway, PROVIDERS.baremetal.runsOnNodes]).toEqual([NODE_TEE_RUNTIME_CLASS, false, true]);
  });

  test('the TEE is required and one of tdx, snp', () => {
    expect(problems('baremetal', {})).toEqual([`${PATH}.tee: is required when cloud is "baremetal": the TEE of the nodes, "tdx" or "snp", got nothing`]);
    expect(problems('baremetal', { tee: 'sgx' })).toEqual([`${PATH}.tee: must be one of "tdx", "snp" (the bare-metal TEE of the nodes), got "sgx"`]);
  });

  test.each([
    ['natGateway', { enabled: false }],
    ['sshDebug', { enabled: true }],
  ])('the pod-VM setting %s is refused at its field', (key, value) => {
    expect(problems('baremetal', { tee: 'tdx', [key]: value })).toEqual([
      `${PATH}.${key}: is a setting of pod VMs (peer pods); on cloud "baremetal" the pods run on the nodes' own TEE with kata-cc, got ${JSON.stringify(value)}`,
    ]);
  });

  test('a VM size (peerPods) or another runtime class is refused', () => {
    expect(problems('baremetal', { tee: 'tdx', peerPods: { azure: { instanceSize: 'Standard_DC2as_v5' } } })).toEqual([
      `${PATH}.peerPods: is a peer-pods setting (pod VMs and their sizes); on cloud "baremetal" the pods run on the nodes' own TEE with kata-cc, got {"azure":{"instanceSize":"Standard_DC2as_v5"}}`,
    ]);
    expect(problems('baremetal', { tee: 'snp', runtimeClass: 'kata-remote' })).toEqual([
      `${PATH}.runtimeClass: must be "kata-cc" when the pods run on the nodes' own TEE (bare metal), got "kata-remote"`,
    ]);
  });

  test('the other TEE\'s block is refused', () => {
    expect(problems('baremetal', { tee: 'snp', tdx: {} })).toEqual([`${PATH}.tdx: is for tee "tdx", but this group's nodes are AMD SEV-SNP (bare metal) (sandbox.tee: snp)`]);
  });

  test('a measurement of the wrong length for its TEE, or one of the other TEE, is one line naming the field', () => {
    expect(problems('baremetal', { tee: 'tdx', tdx: { measurements: { mrTd: [hex(48), 'ab'], xfam: [hex(48)], expiration: EXPIRY } } })).toEqual([
      `${PATH}.tdx.measurements.mrTd[1]: must be 96 hex characters (48 bytes: MRTD, the TD firmware (TDVF)), got "ab"`,
      `${PATH}.tdx.measurements.xfam[0]: must be 16 hex characters (8 bytes: XFAM, the extended CPU features of the TD), got "${hex(48)}"`,
    ]);
    expect(problems('baremetal', { tee: 'snp', snp: { measurements: { launchMeasurement: [hex(32)], minimumSnp: 256, expiration: EXPIRY } } })).toEqual([
      `${PATH}.snp.measurements.launchMeasurement[0]: must be 96 hex characters (48 bytes: SNP launch measurement (firmware, kernel, initrd, command line, vCPUs)), got "${hex(32)}"`,
      `${PATH}.snp.measurements.minimumSnp: must be a security version number, a whole number from 0 to 255 (SNP reported TCB, SNP firmware SVN, the minimum accepted), got 256`,
    ]);
    expect(problems('baremetal', { tee: 'snp', snp: { measurements: { mrTd: [hex(48)], expiration: EXPIRY } } })).toEqual([`${PATH}.snp.measurements.mrTd: unknown key`]);
    expect(problems('baremetal', { tee: 'tdx', tdx: { measurements: { mrTd: [hex(48)] } } })).toEqual([`${PATH}.tdx.measurements.expiration: is required (expected string)`]);
    expect(problems('baremetal', { tee: 'tdx', tdx: { measurements: { mrTd: [hex(48)], expiration: '2026-01-01T00:00:00Z' } } })).toEqual([
      expect.stringMatching(new RegExp(`^${PATH}\\.tdx\\.measurements\\.expiration: .*2026-01-01T00:00:00Z`)),
    ]);
  });

  test('a TDX group needs a secret store for its PCCS; its collateral service is intel, pccs or a URL', () => {
    const bad = parsePattern.bind(null, minimalInput({}, { metal: { cloud: 'baremetal', sandbox: { tee: 'tdx' }, externalSecrets: { enabled: false } } }), { now: NOW });
    expect(problemsOf(bad)).toEqual([
      `${PATH.replace('spoke', 'metal')}.tdx.pccs: needs a secret store: the PCCS reads its Intel PCS API key, tokens and TLS key from Vault through External Secrets; set externalSecrets.enabled: true (on a spoke it reads the hub's Vault)`,
    ]);
    expect(problems('baremetal', { tee: 'tdx', tdx: { collateralService: 'http://pccs' } })).toEqual([
      `${PATH}.tdx.collateralService: must be "intel", "pccs", an https URL (a PCS or PCCS, e.g. "https://api.trustedservices.intel.com/sgx/certification/v4/") or a file:// path, got "http://pccs"`,
    ]);
  });

  test('its nodes: the TEE, roles, measurements without their expiry, and what the TEE needs', () => {
    expect(baremetal({ tee: 'tdx', nodeRoles: ['master'], tdx: { measurements: { mrTd: [hex(48)], expiration: EXPIRY } } }).bareMetal()).toEqual({
      tee: 'tdx',
      nodeRoles: ['master'],
      measurements: { values: { mrTd: [hex(48)] }, expiration: EXPIRY },
      tdxCollateral: { service: 'intel', useSecureCert: undefined },
      pccs: expect.objectContaining({ secrets: expect.objectContaining({ vaultPath: 'secret/data/hub/pccs', apiKeyProperty: 'api_key' }) }),
    });
    expect(baremetal({ tee: 'snp' }).bareMetal()).toEqual({ tee: 'snp', nodeRoles: ['worker'], measurements: undefined, snpVcekCache: [] });
  });
});
