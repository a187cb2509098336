import { InputError } from '../../../lib/errors';
import {
  ACM_AZURE_IMAGE_ID,
  ACM_AZURE_NSG_ID,
  ACM_AZURE_REGION,
  ACM_AZURE_RESOURCE_GROUP,
  ACM_AZURE_SUBNET_ID,
  ACM_CLOUD_CONF,
  azureAcmTemplateData,
} from '../../../lib/sandbox/peer-pods';

// The reference's expressions, copied from validatedpatterns/sandboxed-policies-chart v0.0.2
// templates/peer-pods-cm.yaml (the coco-pattern chart plus commit e096437: AZURE_RESOURCE_GROUP reads
// `resourceGroup`, no longer `vnetResourceGroup`), with the Helm raw-string escaping ({{ ` ... ` }}) removed.
const CC = '(fromJson (fromConfigMap "openshift-cloud-controller-manager" "cloud-conf" "cloud.conf" | toLiteral))';
const REFERENCE = {
  CLOUD_PROVIDER: 'azure',
  VXLAN_PORT: '9000',
  AZURE_IMAGE_ID: '{{if (lookup "v1" "ConfigMap" "openshift-sandboxed-containers-operator" "peer-pods-cm").metadata.name }}{{ fromConfigMap "openshift-sandboxed-containers-operator" "peer-pods-cm" "AZURE_IMAGE_ID" }}{{ else }}{{ end }}',
  AZURE_INSTANCE_SIZE: 'Standard_DC2as_v5',
  AZURE_INSTANCE_SIZES: 'Standard_DC2as_v5,Standard_DC4as_v5,Standard_DC8as_v5,Standard_DC16as_v5',
  AZURE_RESOURCE_GROUP: `{{ ${CC}.resourceGroup }}`,
  AZURE_REGION: `{{ ${CC}.location }}`,
  AZURE_SUBNET_ID: `/subscriptions/{{ ${CC}.subscriptionId }}/resourceGroups/{{ ${CC}.vnetResourceGroup }}/providers/Microsoft.Network/virtualNetworks/{{ ${CC}.vnetName }}/subnets/{{ ${CC}.subnetName }}`,
  AZURE_NSG_ID: `/subscriptions/{{ ${CC}.subscriptionId }}/resourceGroups/{{ ${CC}.resourceGroup }}/providers/Microsoft.Network/networkSecurityGroups/{{ ${CC}.securityGroupName }}`,
  DISABLECVM: 'false',
  PROXY_TIMEOUT: '5m',
  INITDATA: 'aW5pdGRhdGE=',
};

describe('azureAcmTemplateData', () => {
  const common = { initdata: 'aW5pdGRhdGE=' };

  test('with the defaults, is exactly the reference data, in the reference key order', () => {
    // WHEN
    const data = azureAcmTemplateData(common);
    // THEN
    expect(data).toStrictEqual(REFERENCE);
    expect(Object.keys(data)).toEqual(Object.keys(REFERENCE));
  });

  test('CLOUD_PROVIDER is azure', () => {
    expect(azureAcmTemplateData(common).CLOUD_PROVIDER).toBe('azure');
  });

  test('AZURE_IMAGE_ID keeps what the operator wrote back into the live ConfigMap', () => {
    expect(ACM_AZURE_IMAGE_ID).toBe(REFERENCE.AZURE_IMAGE_ID);
    expect(azureAcmTemplateData(common).AZURE_IMAGE_ID).toBe(REFERENCE.AZURE_IMAGE_ID);
  });

  test('AZURE_INSTANCE_SIZE and AZURE_INSTANCE_SIZES default to the reference sizes and follow the settings', () => {
    expect(azureAcmTemplateData(common)).toMatchObject({
      AZURE_INSTANCE_SIZE: REFERENCE.AZURE_INSTANCE_SIZE,
      AZURE_INSTANCE_SIZES: REFERENCE.AZURE_INSTANCE_SIZES,
    });
    const data = azureAcmTemplateData(common, { instanceSize: 'Standard_DC4es_v6', instanceSizes: ['Standard_DC4es_v6', 'Standard_EC4eds_v5'] });
    expect(data.AZURE_INSTANCE_SIZE).toBe('Standard_DC4es_v6');
    expect(data.AZURE_INSTANCE_SIZES).toBe('Standard_DC4es_v6,Standard_EC4eds_v5');
  });

  test('on a cluster whose VNet is in another resource group (ARO, bring-your-own VNet), VMs go to the cluster\'s group and the subnet is found in the VNet\'s', () => {
    // GIVEN a cloud.conf where the two resource groups differ
    const cloudConf: Record<string, string> = {
      subscriptionId: 'sub-1', resourceGroup: 'cluster-rg', vnetResourceGroup: 'vnet-rg', location: 'eastus',
      vnetName: 'cluster-vnet', subnetName: 'worker-subnet', securityGroupName: 'cluster-nsg',
    };
    // WHEN ACM resolves the managed-cluster templates (the only function they use reads cloud.conf)
    const resolve = (template: string) => template.replace(/\{\{ \(fromJson \(fromConfigMap "openshift-cloud-controller-manager" "cloud-conf" "cloud\.conf" \| toLiteral\)\)\.(\w+) \}\}/g, (_, field: string) => cloudConf[field]);
    const data = azureAcmTemplateData(common);
    // THEN
    expect(resolve(data.AZURE_RESOURCE_GROUP)).toBe('cluster-rg');
    expect(resolve(data.AZURE_SUBNET_ID)).toBe('/subscriptions/sub-1/resourceGroups/vnet-rg/providers/Microsoft.Network/virtualNetworks/cluster-vnet/subnets/worker-subnet');
    expect(resolve(data.AZURE_NSG_ID)).toBe('/subscriptions/sub-1/resourceGroups/cluster-rg/providers/Microsoft.Network/networkSecurityGroups/cluster-nsg');
    expect(resolve(data.AZURE_REGION)).toBe('eastus');
  });

  test('AZURE_RESOURCE_GROUP is the cluster resource group from cloud.conf', () => {
    expect(ACM_CLOUD_CONF).toBe(CC);
    expect(ACM_AZURE_RESOURCE_GROUP).toBe(REFERENCE.AZURE_RESOURCE_GROUP);
    expect(azureAcmTemplateData(common).AZURE_RESOURCE_GROUP).toBe(REFERENCE.AZURE_RESOURCE_GROUP);
  });

  test('AZURE_REGION is the location from cloud.conf', () => {
    expect(ACM_AZURE_REGION).toBe(REFERENCE.AZURE_REGION);
    expect(azureAcmTemplateData(common).AZURE_REGION).toBe(REFERENCE.AZURE_REGION);
  });

  test('AZURE_SUBNET_ID is the worker subnet assembled from cloud.conf', () => {
    expect(ACM_AZURE_SUBNET_ID).toBe(REFERENCE.AZURE_SUBNET_ID);
    expect(azureAcmTemplateData(common).AZURE_SUBNET_ID).toBe(REFERENCE.AZURE_SUBNET_ID);
  });

  test('AZURE_NSG_ID is the worker NSG in the cluster resource group from cloud.conf', () => {
    expect(ACM_AZURE_NSG_ID).toBe(REFERENCE.AZURE_NSG_ID);
    expect(azureAcmTemplateData(common).AZURE_NSG_ID).toBe(REFERENCE.AZURE_NSG_ID);
  });

  test('DISABLECVM is false for confidential pod VMs and true when confidential is off', () => {
    expect(azureAcmTemplateData(common).DISABLECVM).toBe('false');
    expect(azureAcmTemplateData({ ...common, confidential: false }).DISABLECVM).toBe('true');
  });

  test('PROXY_TIMEOUT defaults to 5m and follows the setting', () => {
    expect(azureAcmTemplateData(common).PROXY_TIMEOUT).toBe('5m');
    expect(azureAcmTemplateData({ ...common, proxyTimeout: '1m30s' }).PROXY_TIMEOUT).toBe('1m30s');
  });

  test('VXLAN_PORT defaults to 9000 and follows the setting', () => {
    expect(azureAcmTemplateData(common).VXLAN_PORT).toBe('9000');
    expect(azureAcmTemplateData({ ...common, vxlanPort: 4789 }).VXLAN_PORT).toBe('4789');
  });

  test('INITDATA is the blob given, unchanged', () => {
    const initdata = 'H4sIAAAAAAAA/wMAAAAAAAAAAAA=';
    expect(azureAcmTemplateData({ initdata }).INITDATA).toBe(initdata);
  });

  test('optional settings add their keys after the reference keys', () => {
    // WHEN
    const data = azureAcmTemplateData(
      { ...common, peerPodsLimitPerNode: 20, rootVolumeSizeGiB: 0, tags: { owner: 'team-a', env: 'prod' } },
      { enableSecureBoot: true },
    );
    // THEN
    expect(Object.keys(data).slice(Object.keys(REFERENCE).length)).toEqual(['PEERPODS_LIMIT_PER_NODE', 'ROOT_VOLUME_SIZE', 'TAGS', 'ENABLE_SECURE_BOOT']);
    expect(data).toMatchObject({ PEERPODS_LIMIT_PER_NODE: '20', ROOT_VOLUME_SIZE: '0', TAGS: 'owner=team-a,env=prod', ENABLE_SECURE_BOOT: 'true' });
  });

  test('fails on bad settings, naming each field', () => {
    expect(() => azureAcmTemplateData({ initdata: '' }, { instanceSize: 'Standard_D8s_v5' })).toThrow(InputError);
    expect(() => azureAcmTemplateData({ initdata: '' }, { instanceSize: 'Standard_D8s_v5' })).toThrow(
      /^initdata: must be the encoded initdata .*\ninstanceSize: must be a confidential VM size/,
    );
  });

  test('accepts any well-formed size when confidential is off', () => {
    const data = azureAcmTemplateData({ ...common, confidential: false }, { instanceSize: 'Standard_D8s_v5', instanceSizes: ['Standard_D8s_v5'] });
    expect(data.AZURE_INSTANCE_SIZE).toBe('Standard_D8s_v5');
  });
});
