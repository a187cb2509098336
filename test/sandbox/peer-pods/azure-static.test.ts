import { InputError } from '../../../lib/errors';
import {
  AZURE_REGIONS,
  azureImageIdProblem,
  azureNsgIdProblem,
  azureRegionProblem,
  AzureStaticSettings,
  azureStaticData,
  azureStaticProblems,
  azureSubnetIdProblem,
  networkNameProblem,
  parseAzureNsgId,
  parseAzureSubnetId,
  resourceGroupNameProblem,
  subscriptionIdProblem,
} from '../../../lib/sandbox/peer-pods';

const SUB = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const SUBNET = `/subscriptions/${SUB}/resourceGroups/cluster-vnet-rg/providers/Microsoft.Network/virtualNetworks/cluster-vnet/subnets/worker-subnet`;
const NSG = `/subscriptions/${SUB}/resourceGroups/cluster-rg/providers/Microsoft.Network/networkSecurityGroups/cluster-nsg`;
const settings: AzureStaticSettings = { region: 'eastus', resourceGroup: 'cluster-rg', subnetId: SUBNET, nsgId: NSG };
const path = 'clusterGroups.simple.sandbox.peerPods.azure';

describe('azureStaticData', () => {
  test('renders the given values in the reference key order, with an empty image id for OSC to fill', () => {
    // WHEN
    const data = azureStaticData(settings, { initdata: 'aW5pdGRhdGE=' });
    // THEN
    expect(data).toStrictEqual({
      CLOUD_PROVIDER: 'azure',
      VXLAN_PORT: '9000',
      AZURE_IMAGE_ID: '',
      AZURE_INSTANCE_SIZE: 'Standard_DC2as_v5',
      AZURE_INSTANCE_SIZES: 'Standard_DC2as_v5,Standard_DC4as_v5,Standard_DC8as_v5,Standard_DC16as_v5',
      AZURE_RESOURCE_GROUP: 'cluster-rg',
      AZURE_REGION: 'eastus',
      AZURE_SUBNET_ID: SUBNET,
      AZURE_NSG_ID: NSG,
      DISABLECVM: 'false',
      PROXY_TIMEOUT: '5m',
      INITDATA: 'aW5pdGRhdGE=',
    });
    expect(Object.keys(data)[0]).toBe('CLOUD_PROVIDER');
  });

  test('renders every optional setting', () => {
    const image = `/subscriptions/${SUB}/resourceGroups/images/providers/Microsoft.Compute/galleries/g/images/podvm/versions/1.0.0`;
    const data = azureStaticData(
      { ...settings, subscriptionId: SUB.toUpperCase(), imageId: image, instanceSize: 'Standard_EC4eds_v5', instanceSizes: ['Standard_EC4eds_v5'], enableSecureBoot: false },
      { initdata: 'aW5pdGRhdGE=', confidential: true, tags: { owner: 'a' }, rootVolumeSizeGiB: 30, peerPodsLimitPerNode: 5 },
    );
    expect(data).toMatchObject({
      AZURE_IMAGE_ID: image,
      AZURE_SUBSCRIPTION_ID: SUB.toUpperCase(),
      AZURE_INSTANCE_SIZE: 'Standard_EC4eds_v5',
      AZURE_INSTANCE_SIZES: 'Standard_EC4eds_v5',
      ENABLE_SECURE_BOOT: 'false',
      TAGS: 'owner=a',
      ROOT_VOLUME_SIZE: '30',
      PEERPODS_LIMIT_PER_NODE: '5',
    });
  });

  test('fails on bad settings with paths relative to the settings', () => {
    expect(() => azureStaticData({ ...settings, region: 'East US' }, { initdata: 'aW5pdGRhdGE=' })).toThrow(InputError);
    expect(() => azureStaticData({ ...settings, region: 'East US' }, { initdata: 'aW5pdGRhdGE=' })).toThrow(/^region: must be an Azure region name/);
  });
});

describe('azureStaticProblems', () => {
  test('accepts valid settings, with ARM segments in any case', () => {
    expect(azureStaticProblems(settings, path)).toEqual([]);
    expect(azureStaticProblems({ ...settings, subnetId: SUBNET.replace('/resourceGroups/', '/resourcegroups/').replace('Microsoft.Network', 'microsoft.network') }, path)).toEqual([]);
  });

  test('fails on settings that are not a map', () => {
    expect(azureStaticProblems(null as unknown as AzureStaticSettings, path)).toEqual([{ path, message: 'must be a map of settings, got null' }]);
  });

  test('requires every mandatory field', () => {
    expect(azureStaticProblems({} as AzureStaticSettings, path).map(p => p.path)).toEqual([
      `${path}.region`, `${path}.resourceGroup`, `${path}.subnetId`, `${path}.nsgId`,
    ]);
  });

  test('fails when the NSG is in another subscription than the subnet', () => {
    const other = NSG.replace(SUB, '11111111-2222-3333-4444-555555555555');
    expect(azureStaticProblems({ ...settings, nsgId: other }, path)).toEqual([{
      path: `${path}.nsgId`,
      message: `must be in the subnet's subscription "${SUB}", got subscription "11111111-2222-3333-4444-555555555555"`,
    }]);
  });

  test('fails when subscriptionId is not the subnet\'s subscription, or not a GUID', () => {
    expect(azureStaticProblems({ ...settings, subscriptionId: '11111111-2222-3333-4444-555555555555' }, path)).toEqual([{
      path: `${path}.subscriptionId`,
      message: `must be the subscription of subnetId ("${SUB}"), got "11111111-2222-3333-4444-555555555555"`,
    }]);
    expect(azureStaticProblems({ ...settings, subscriptionId: 'my-subscription' }, path)).toEqual([{
      path: `${path}.subscriptionId`,
      message: 'must be an Azure subscription id (a GUID such as "00000000-0000-0000-0000-000000000000"), got "my-subscription"',
    }]);
  });

  test('fails on a bad image id', () => {
    expect(azureStaticProblems({ ...settings, imageId: 'podvm-image' }, path)).toEqual([
      { path: `${path}.imageId`, message: expect.stringMatching(/^must be empty \(OSC builds the pod VM image\) or an Azure image id starting with "\/".*got "podvm-image"$/) },
    ]);
    expect(azureImageIdProblem('')).toBeUndefined();
  });

  test('fails on a bad resource group name', () => {
    expect(azureStaticProblems({ ...settings, resourceGroup: 'rg.' }, path)).toEqual([{
      path: `${path}.resourceGroup`,
      message: 'must be an Azure resource group name (1-90 letters, digits, "_", "(", ")", "-" or ".", not ending in "."), got "rg."',
    }]);
  });

  test('checks the VM sizes, confidential by default', () => {
    expect(azureStaticProblems({ ...settings, instanceSize: 'Standard_D8s_v5', instanceSizes: ['Standard_D8s_v5'] }, path).map(p => p.path)).toEqual([
      `${path}.instanceSize`, `${path}.instanceSizes[0]`,
    ]);
    expect(azureStaticProblems({ ...settings, instanceSize: 'Standard_D8s_v5', instanceSizes: ['Standard_D8s_v5'] }, path, false)).toEqual([]);
  });
});

describe('Azure resource ids', () => {
  test('parses a subnet id into its parts', () => {
    expect(parseAzureSubnetId(SUBNET)).toEqual({ subscriptionId: SUB, resourceGroup: 'cluster-vnet-rg', virtualNetwork: 'cluster-vnet', subnet: 'worker-subnet' });
  });

  test('parses an NSG id into its parts', () => {
    expect(parseAzureNsgId(NSG)).toEqual({ subscriptionId: SUB, resourceGroup: 'cluster-rg', networkSecurityGroup: 'cluster-nsg' });
  });

  const subnetShape = '"/subscriptions/<subscriptionId>/resourceGroups/<resourceGroup>/providers/Microsoft.Network/virtualNetworks/<virtualNetwork>/subnets/<subnet>"';

  test.each([
    ['an NSG id', NSG, `(10 segments after a leading "/")`],
    ['a trailing slash', `${SUBNET}/`, '(10 segments after a leading "/")'],
    ['no leading slash', SUBNET.slice(1), '(10 segments after a leading "/")'],
    ['a misspelt segment', SUBNET.replace('virtualNetworks', 'virtualNetwork'), '(segment 7 must be "virtualNetworks", found "virtualNetwork")'],
    ['another provider', SUBNET.replace('Microsoft.Network', 'Microsoft.Compute'), '(segment 6 must be "Microsoft.Network", found "Microsoft.Compute")'],
    ['a subscription name', SUBNET.replace(SUB, 'prod'), '(its subscriptionId must be an Azure subscription id'],
    ['a bad resource group', SUBNET.replace('cluster-vnet-rg', 'rg.'), '(its resourceGroup must be an Azure resource group name'],
    ['a one-letter vnet', SUBNET.replace('cluster-vnet/', 'v/'), '(its virtualNetwork must be an Azure virtual network name (2-64'],
    ['a subnet ending in "-"', SUBNET.replace('worker-subnet', 'worker-'), '(its subnet must be an Azure subnet name (1-80'],
  ])('fails on a subnet id with %s', (_, value, detail) => {
    const problem = azureSubnetIdProblem(value);
    expect(problem).toContain(`must be an Azure subnet resource id ${subnetShape} ${detail}`);
    expect(problem).toMatch(new RegExp(`got ${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`));
  });

  test('fails on an NSG id that points at a subnet', () => {
    expect(azureNsgIdProblem(SUBNET)).toMatch(/^must be an Azure network security group resource id "\/subscriptions\/<subscriptionId>\/resourceGroups\/<resourceGroup>\/providers\/Microsoft.Network\/networkSecurityGroups\/<networkSecurityGroup>" \(8 segments after a leading "\/"\)/);
    expect(azureNsgIdProblem(NSG.replace('networkSecurityGroups', 'applicationSecurityGroups'))).toContain('(segment 7 must be "networkSecurityGroups", found "applicationSecurityGroups")');
  });

  test('fails on an id that is not text', () => {
    expect(azureSubnetIdProblem(undefined as unknown as string)).toMatch(/got nothing$/);
  });

  test('resource group names may use any letters, parentheses and dots inside', () => {
    expect(resourceGroupNameProblem('rg_(prod).eu-1')).toBeUndefined();
    expect(resourceGroupNameProblem('grüne-gruppe')).toBeUndefined();
    expect(resourceGroupNameProblem('x'.repeat(91))).toMatch(/^must be an Azure resource group name/);
    expect(resourceGroupNameProblem('a b')).toMatch(/^must be an Azure resource group name/);
  });

  test('network names follow the start and end rules and length limits', () => {
    expect(networkNameProblem('nsg_', 'network security group')).toBeUndefined();
    expect(networkNameProblem('_nsg', 'network security group')).toMatch(/^must be an Azure network security group name/);
    expect(networkNameProblem('x'.repeat(81), 'subnet')).toMatch(/^must be an Azure subnet name \(1-80/);
    expect(networkNameProblem('x'.repeat(65), 'virtual network')).toMatch(/^must be an Azure virtual network name \(2-64/);
  });

  test('subscription ids are GUIDs in any case', () => {
    expect(subscriptionIdProblem(SUB.toUpperCase())).toBeUndefined();
    expect(subscriptionIdProblem('0f1e2d3c4b5a69788796a5b4c3d2e1f0')).toMatch(/^must be an Azure subscription id/);
  });
});

describe('azureRegionProblem', () => {
  test.each(['eastus', 'westeurope', 'swedencentral', 'northeurope', 'italynorth'])('accepts %s', region => {
    expect(azureRegionProblem(region)).toBeUndefined();
  });

  test('lists only lower-case programmatic names, once each', () => {
    expect(AZURE_REGIONS.every(r => /^[a-z0-9]+$/.test(r))).toBe(true);
    expect(new Set(AZURE_REGIONS).size).toBe(AZURE_REGIONS.length);
  });

  test('fails on a display name, suggesting the programmatic one', () => {
    expect(azureRegionProblem('East US')).toBe(
      'must be an Azure region name such as "eastus" or "westeurope" (see AZURE_REGIONS) (write the programmatic name "eastus"), got "East US"');
  });

  test.each(['us-east-1', 'eastus9', ''])('fails on %j', region => {
    expect(azureRegionProblem(region)).toBe(`must be an Azure region name such as "eastus" or "westeurope" (see AZURE_REGIONS), got ${JSON.stringify(region)}`);
  });
});
