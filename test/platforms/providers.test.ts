/**
 * The peer-pods provider registry: one provider per cloud, each checking its own settings with full
 * field paths, naming the TEEs its pod VMs have, and producing its `peer-pods-cm` data.
 */
import { SandboxSchema } from '../../lib/config/sandbox';
import { PeerPodsSettings, PROVIDERS } from '../../lib/platforms/providers';
import { CLOUDS, PeerPodsCommon } from '../../lib/sandbox/peer-pods';

const PATH = 'clusterGroups.spoke.sandbox.peerPods';
const settings = (peerPods: unknown): PeerPodsSettings => SandboxSchema.parse({ peerPods }).peerPods;
const common: PeerPodsCommon = { initdata: 'AA==' };
const AZURE_STATIC = {
  region: 'eastus',
  resourceGroup: 'rg-spoke',
  subnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/workers',
  nsgId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg',
};
const AWS = { region: 'us-east-2', subnetId: 'subnet-0123456789abcdef0', vpcId: 'vpc-0123456789abcdef0', securityGroupIds: ['sg-0123456789abcdef0'] };
const LIBVIRT = { uri: 'qemu+ssh://root@192.0.2.10/system?no_verify=1' };

test('every cloud has exactly one provider, registered under its own name', () => {
  expect(Object.keys(PROVIDERS).sort()).toEqual([...CLOUDS].sort());
  for (const cloud of CLOUDS) expect(PROVIDERS[cloud].cloud).toBe(cloud);
});

describe('azure', () => {
  const azure = PROVIDERS.azure;

  test('acm mode needs ACM in the group, and no static values', () => {
    expect(azure.problems(settings({ mode: 'acm' }), { path: PATH, acmEnabled: true })).toEqual([]);
    expect(azure.problems(settings({ mode: 'acm' }), { path: PATH, acmEnabled: false })).toEqual([
      { path: `${PATH}.mode`, message: expect.stringContaining('needs ACM: in this cluster group (acm.enabled: true), or a hub whose ACM manages it (spoke.hub)') },
    ]);
  });

  test('static mode names each missing value, then checks the values given', () => {
    expect(azure.problems(settings({ mode: 'static', azure: { region: 'eastus' } }), { path: PATH, acmEnabled: true }).map(p => p.path))
      .toEqual([`${PATH}.azure.resourceGroup`, `${PATH}.azure.subnetId`, `${PATH}.azure.nsgId`]);
    expect(azure.problems(settings({ mode: 'static', azure: AZURE_STATIC }), { path: PATH, acmEnabled: false })).toEqual([]);
    const bad = azure.problems(settings({ mode: 'static', azure: { ...AZURE_STATIC, subnetId: 'workers' } }), { path: PATH, acmEnabled: false });
    expect(bad.map(p => p.path)).toEqual([`${PATH}.azure.subnetId`]);
  });

  test('its TEEs follow the confidential VM sizes offered', () => {
    expect(azure.tees(settings({}))).toEqual(['azure-snp-vtpm']);
    expect(azure.tees(settings({ azure: { instanceSizes: ['Standard_DC4es_v5'] } }))).toEqual(['azure-tdx-vtpm']);
    expect(azure.tees(settings({ azure: { instanceSizes: ['Standard_DC4es_v5', 'Standard_DC4as_v5'] } }))).toEqual(['azure-snp-vtpm', 'azure-tdx-vtpm']);
    expect(azure.tees(settings({ azure: { instanceSizes: ['Standard_D4s_v5'] } }))).toEqual([]);
    expect(azure.defaultVmSize(settings({}))).toBe('Standard_DC2as_v5');
    expect(azure.defaultVmSize(settings({ azure: { instanceSize: 'Standard_DC4as_v5' } }))).toBe('Standard_DC4as_v5');
  });

  test('acm mode leaves the cluster facts to ACM templates; static mode writes them', () => {
    const acm = azure.configSource(settings({ mode: 'acm' }), common);
    expect(acm.type).toBe('acm');
    expect(acm.data.AZURE_REGION).toContain('{{');
    const fixed = azure.configSource(settings({ mode: 'static', azure: AZURE_STATIC }), common);
    expect(fixed).toMatchObject({ type: 'static', operatorWrittenKeys: ['AZURE_IMAGE_ID'] });
    expect(fixed.data).toMatchObject({ CLOUD_PROVIDER: 'azure', AZURE_REGION: 'eastus', AZURE_RESOURCE_GROUP: 'rg-spoke', AZURE_SUBNET_ID: AZURE_STATIC.subnetId });
    expect(() => azure.configSource(settings({ mode: 'static' }), common)).toThrow(/static peer pods need region/);
    expect(azure.describe(settings({}))).toBe('azure (ACM policy reads cloud-conf)');
    expect(azure.natGateway).toBe(true);
  });
});

describe.each([
  ['aws', { aws: AWS }, 'PODVM_AMI_ID'],
  ['libvirt', { libvirt: LIBVIRT }, undefined],
] as const)('%s', (cloud, values, writtenKey) => {
  const provider = PROVIDERS[cloud];

  test('its settings are required, and mode acm is refused', () => {
    expect(provider.problems(settings({ mode: 'static', ...values }), { path: PATH, acmEnabled: true })).toEqual([]);
    expect(provider.problems(settings({ mode: 'static' }), { path: PATH, acmEnabled: true }))
      .toEqual([{ path: `${PATH}.${cloud}`, message: `is required when cloud is "${cloud}"` }]);
    expect(provider.problems(settings({ mode: 'acm', ...values }), { path: PATH, acmEnabled: true }))
      .toEqual([{ path: `${PATH}.mode`, message: `is "acm", which reads Azure facts and is only available when cloud is "azure"; use "static" for cloud "${cloud}"` }]);
  });

  test('it renders static data for its own provider, with no TEE or VM size list of its own', () => {
    const source = provider.configSource(settings({ mode: 'static', ...values }), common);
    expect(source.type).toBe('static');
    expect(source.data.CLOUD_PROVIDER).toBe(cloud);
    expect(source.type === 'static' && source.operatorWrittenKeys).toEqual(writtenKey ? [writtenKey] : []);
    expect(() => provider.configSource(settings({ mode: 'static' }), common)).toThrow(`sandbox.peerPods.${cloud}`);
    expect(provider.tees(settings({ ...values }))).toEqual([]);
    expect(provider.vmSizes(settings({ ...values }))).toEqual([]);
    expect(provider.defaultVmSize(settings({ ...values }))).toBeUndefined();
    expect(provider.describe(settings({ ...values }))).toBe(`${cloud} (static values)`);
    expect(provider.natGateway).toBe(false);
  });
});
