/**
 * `peer-pods-cm` for Azure as the reference pattern renders it: an ACM ConfigurationPolicy
 * (`mustonlyhave`) whose values are ACM managed-cluster templates, resolved on each cluster from its
 * own `openshift-cloud-controller-manager/cloud-conf` ConfigMap. No cluster-specific value is written
 * in Git. The expressions below are the reference's (coco-pattern `charts/coco-supported/sandbox/
 * templates/peer-pods-cm.yaml`) byte for byte, without the Helm raw-string escaping around them.
 */
import { throwIfProblems } from '../../errors';
import { AzureVmSettings, azureBootData, azureInstanceSizeData, azureVmProblems } from './azure-vm';
import { AZURE_RULES } from './azure-rules';
import { assemblePeerPodsData, PeerPodsCommon, peerPodsCommonProblems } from './common';
import { OPERATORS } from '../../olm/catalog';

/** Namespace of the OSC operator and of `peer-pods-cm`. */
export const OSC_NAMESPACE = OPERATORS.sandbox.namespace;
/** Name of the ConfigMap CAA reads its settings from. */
export const PEER_PODS_CONFIGMAP = 'peer-pods-cm';

/**
 * The cluster's Azure cloud provider configuration as a template value: the JSON in
 * `openshift-cloud-controller-manager/cloud-conf` key `cloud.conf`, parsed.
 */
export const ACM_CLOUD_CONF = '(fromJson (fromConfigMap "openshift-cloud-controller-manager" "cloud-conf" "cloud.conf" | toLiteral))';

/** A managed-cluster template reading one field of {@link ACM_CLOUD_CONF}. */
export function acmCloudConfField(field: string): string {
  return `{{ ${ACM_CLOUD_CONF}.${field} }}`;
}

/**
 * `AZURE_IMAGE_ID`: keeps the value already in the live `peer-pods-cm` (OSC writes the id of the pod VM
 * image it built there), and is empty when the ConfigMap does not exist yet. Without it `mustonlyhave`
 * would wipe the operator's value on every evaluation.
 */
export const ACM_AZURE_IMAGE_ID =
  '{{if (lookup "v1" "ConfigMap" "openshift-sandboxed-containers-operator" "peer-pods-cm").metadata.name }}' +
  '{{ fromConfigMap "openshift-sandboxed-containers-operator" "peer-pods-cm" "AZURE_IMAGE_ID" }}{{ else }}{{ end }}';

/**
 * `AZURE_RESOURCE_GROUP`: the cluster's (infrastructure) resource group from cloud.conf, where CAA creates
 * the pod VMs. Not `vnetResourceGroup`: on ARO and bring-your-own-VNet clusters the VNet lives in another
 * group, and the service principal the Cloud Credential Operator creates is scoped to `resourceGroup`, so
 * VM creation there is refused (403). Fixed the same way in validatedpatterns/sandboxed-policies-chart
 * commit e096437 (tag v0.0.2, templates/peer-pods-cm.yaml); the subnet id keeps `vnetResourceGroup`.
 */
export const ACM_AZURE_RESOURCE_GROUP = acmCloudConfField('resourceGroup');

/** `AZURE_REGION`: the cluster's region from cloud.conf. */
export const ACM_AZURE_REGION = acmCloudConfField('location');

/** `AZURE_SUBNET_ID`: the worker subnet, assembled from cloud.conf. */
export const ACM_AZURE_SUBNET_ID =
  `/subscriptions/${acmCloudConfField('subscriptionId')}` +
  `/resourceGroups/${acmCloudConfField('vnetResourceGroup')}` +
  `/providers/Microsoft.Network/virtualNetworks/${acmCloudConfField('vnetName')}` +
  `/subnets/${acmCloudConfField('subnetName')}`;

/** `AZURE_NSG_ID`: the worker network security group (in the cluster resource group), from cloud.conf. */
export const ACM_AZURE_NSG_ID =
  `/subscriptions/${acmCloudConfField('subscriptionId')}` +
  `/resourceGroups/${acmCloudConfField('resourceGroup')}` +
  `/providers/Microsoft.Network/networkSecurityGroups/${acmCloudConfField('securityGroupName')}`;

/**
 * `peer-pods-cm` data for Azure with every cluster-specific value an ACM managed-cluster template.
 * With default settings the result is exactly the reference pattern's data; optional settings add keys.
 * The caller wraps it in the ACM Policy / ConfigurationPolicy. Validate first with
 * {@link peerPodsCommonProblems} and {@link azureVmProblems} to get problems with full paths; this
 * function throws an InputError (paths relative to the settings) for anything they would report.
 */
export function azureAcmTemplateData(common: PeerPodsCommon, vm: AzureVmSettings = {}): Record<string, string> {
  throwIfProblems([...peerPodsCommonProblems(common, '', AZURE_RULES), ...azureVmProblems(vm, '', common.confidential ?? true)]);
  const data = assemblePeerPodsData('azure', {
    AZURE_IMAGE_ID: ACM_AZURE_IMAGE_ID,
    ...azureInstanceSizeData(vm),
    AZURE_RESOURCE_GROUP: ACM_AZURE_RESOURCE_GROUP,
    AZURE_REGION: ACM_AZURE_REGION,
    AZURE_SUBNET_ID: ACM_AZURE_SUBNET_ID,
    AZURE_NSG_ID: ACM_AZURE_NSG_ID,
  }, common);
  return { ...data, ...azureBootData(vm) };
}
