/**
 * The provider registry: one provider per cloud, each contributing its `sandbox` settings (the cluster group
 * schema is a discriminated union on `cloud` built from them), checking them with full field paths, naming
 * the TEEs its pods have, and producing its `peer-pods-cm` data.
 */
import { z } from 'zod';
import { parsePattern } from '../../../lib/config/load';
import { clusterGroupSchema } from '../../../lib/config/schema';
import { sandboxSchema } from '../../../lib/config/sandbox';
import { Cloud, CLOUDS, DEFAULT_CLOUD, Provider, PROVIDER_LIST, ProviderSettings, PROVIDERS, providerOf } from '../../../lib/platforms/providers';
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

  test('its peer-pods-cm names it and carries the default initdata', () => {
    expect(example().configSource('AA==').data).toMatchObject({ CLOUD_PROVIDER: cloud, INITDATA: 'AA==' });
    expect(example().describe()).toMatch(new RegExp(`^${cloud} \\(`));
  });

  test.each(CLOUDS.filter(other => other !== cloud))('a group on it refuses the settings of %s, naming the field', other => {
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
    const acm = azure({ mode: 'acm' }).configSource('AA==');
    expect(acm).toMatchObject({ type: 'acm', clusterSelector: { cloud: 'Azure' } });
    expect(acm.data.AZURE_REGION).toContain('{{');
    const fixed = azure({ mode: 'static', azure: AZURE_STATIC }).configSource('AA==');
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
    const source = provider(values).configSource('AA==');
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

describe('a provider whose pods run on the node\'s own TEE (the shape bare metal takes) fits the registry without special cases', () => {
  // Not a provider of this pattern: the smallest member without peer pods, to show the union admits it.
  const nodeTee: Provider<'metal', z.ZodObject<{ tee: z.ZodEnum<{ tdx: 'tdx'; snp: 'snp' }> }>> = {
    cloud: 'metal',
    title: 'bare metal',
    settings: z.object({ tee: z.enum(['tdx', 'snp']) }),
    runtimeClass: NODE_TEE_RUNTIME_CLASS,
    natGateway: false,
    problems: () => [],
    vmSizes: () => [],
    defaultVmSize: () => undefined,
    tees: s => [s.tee],
    configSource: () => { throw new Error('no peer pods'); },
    describe: s => `metal (${s.tee} on the node)`,
  };
  const schema = clusterGroupSchema([...PROVIDER_LIST, nodeTee]);

  test('its group takes its own keys, defaults to its runtime class and has no peerPods', () => {
    const group = schema.parse({ cloud: 'metal', sandbox: { tee: 'tdx' } });
    expect(group.cloud === 'metal' && group.sandbox.enabled && [group.sandbox.tee, group.sandbox.runtimeClass]).toEqual(['tdx', 'kata-cc']);
    expect(group.sandbox).not.toHaveProperty('peerPods');
    expect(schema.safeParse({ cloud: 'metal', sandbox: { tee: 'tdx', peerPods: {} } }).error?.issues).toMatchObject([{ code: 'unrecognized_keys', keys: ['peerPods'] }]);
    expect(schema.safeParse({ cloud: 'metal', sandbox: {} }).error?.issues).toMatchObject([{ path: ['sandbox', 'tee'] }]);
  });

  test('the other clouds are unchanged', () => {
    expect(schema.parse({}).cloud).toBe('azure');
    expect(schema.safeParse({ cloud: 'aws', sandbox: { tee: 'tdx', peerPods: { aws: AWS } } }).success).toBe(false);
  });
});
