import { InputError } from '../../lib/errors';
import {
  ACM_AZURE_IMAGE_ID,
  ACM_AZURE_NSG_ID,
  ACM_AZURE_REGION,
  ACM_AZURE_RESOURCE_GROUP,
  ACM_AZURE_SUBNET_ID,
  ACM_CLOUD_CONF,
  azureAcmTemplateData,
} from '../../lib/sandbox/peer-pods';

// The reference's expressions, copied from coco-pattern charts/coco-supported/sandbox/templates/peer-pods-cm.yaml
// with the Helm raw-string escaping ({{ ` ... ` }}) removed.
const CC = '(fromJson (fromConfigMap "openshift-cloud-controller-manager" "cloud-conf" "cloud.conf" | toLiteral))';
const REFERENCE = {
  CLOUD_PROVIDER: 'azure',
  VXLAN_PORT: '9000',
  AZURE_IMAGE_ID: '{{if (lookup "v1" "ConfigMap" "openshift-sandboxed-containers-operator" "peer-pods-cm").metadata.name }}{{ fromConfigMap "openshift-sandboxed-containers-operator" "peer-pods-cm" "AZURE_IMAGE_ID" }}{{ else }}{{ end }}',
  AZURE_INSTANCE_SIZE: 'Standard_DC2as_v5',
  AZURE_INSTANCE_SIZES: 'Standard_DC2as_v5,Standard_DC4as_v5,Standard_DC8as_v5,Standard_DC16as_v5',
  AZURE_RESOURCE_GROUP: `{{ ${CC}.vnetResourceGroup }}`,
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

  test('AZURE_RESOURCE_GROUP is the vnet resource group from cloud.conf', () => {
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
