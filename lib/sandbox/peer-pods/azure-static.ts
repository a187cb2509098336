/**
 * `peer-pods-cm` for Azure with the values written in the configuration (no ACM): for clusters without
 * ACM, or when the pod VMs go into a subnet other than the workers'.
 */
import { Problem, quote, throwIfProblems } from '../../errors';
import { azureRegionProblem } from './azure-regions';
import { parseAzureNsgId, parseAzureSubnetId, resourceGroupNameProblem, subscriptionIdProblem } from './azure-resource-id';
import { azureBootData, azureInstanceSizeData, azureVmProblems, AzureVmSettings } from './azure-vm';
import { AZURE_RULES } from './azure-rules';
import { assemblePeerPodsData, PeerPodsCommon, peerPodsCommonProblems } from './common';
import { ProblemList, settingsObjectProblems } from './problems';

/** Azure settings given as values. */
export interface AzureStaticSettings extends AzureVmSettings {
  /** Region of the cluster and its virtual network (`AZURE_REGION`), e.g. "eastus". */
  readonly region: string;
  /** Resource group the pod VMs are created in (`AZURE_RESOURCE_GROUP`), usually the cluster's. */
  readonly resourceGroup: string;
  /** Subnet the pod VMs are attached to (`AZURE_SUBNET_ID`), a full ARM id. */
  readonly subnetId: string;
  /** Network security group of the pod VMs (`AZURE_NSG_ID`), a full ARM id in the subnet's subscription. */
  readonly nsgId: string;
  /**
   * Subscription (`AZURE_SUBSCRIPTION_ID`). OSC takes it from `peer-pods-secret`; upstream CAA reads it
   * here. Must be the subscription of the subnet.
   * @default - not rendered
   */
  readonly subscriptionId?: string;
  /**
   * Pod VM image (`AZURE_IMAGE_ID`), an ARM image or gallery image version id. Empty lets OSC build the
   * image and write its id into `peer-pods-cm` (Argo CD must then ignore that key, see `AZURE_OPERATOR_WRITTEN_KEYS`).
   * @default ""
   */
  readonly imageId?: string;
}

/** Problem with a pod VM image id ("" or an id starting with "/"), or undefined. */
export function azureImageIdProblem(value: string): string | undefined {
  return typeof value === 'string' && (value === '' || /^\/\S+$/.test(value))
    ? undefined
    : `must be empty (OSC builds the pod VM image) or an Azure image id starting with "/" ` +
      `(e.g. "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/galleries/<gallery>/images/<image>/versions/<version>"), ` +
      `got ${typeof value === 'string' ? JSON.stringify(value) : quote(value)}`;
}

/**
 * Problems with static Azure settings: region from {@link AZURE_REGIONS}, resource group name rules,
 * subnet and NSG ids parsed per type and in one subscription (the `subscriptionId`'s, when given),
 * image id, and the VM sizes ({@link azureVmProblems}; confidential sizes unless `confidential` is false).
 */
export function azureStaticProblems(settings: AzureStaticSettings, path: string, confidential = true): Problem[] {
  const notObject = settingsObjectProblems(settings, path);
  if (notObject) {
    return notObject;
  }
  const list = new ProblemList(path);
  list.checkRequired('region', settings.region, azureRegionProblem);
  list.checkRequired('resourceGroup', settings.resourceGroup, resourceGroupNameProblem);
  const subnet = parseAzureSubnetId(settings.subnetId);
  const nsg = parseAzureNsgId(settings.nsgId);
  if (typeof subnet === 'string') {
    list.add('subnetId', subnet);
  }
  if (typeof nsg === 'string') {
    list.add('nsgId', nsg);
  }
  if (typeof subnet !== 'string' && typeof nsg !== 'string' && !sameGuid(subnet.subscriptionId, nsg.subscriptionId)) {
    list.add('nsgId', `must be in the subnet's subscription ${quote(subnet.subscriptionId)}, got subscription ${quote(nsg.subscriptionId)}`);
  }
  list.check('subscriptionId', settings.subscriptionId, subscriptionIdProblem);
  if (settings.subscriptionId !== undefined && subscriptionIdProblem(settings.subscriptionId) === undefined
    && typeof subnet !== 'string' && !sameGuid(settings.subscriptionId, subnet.subscriptionId)) {
    list.add('subscriptionId', `must be the subscription of subnetId (${quote(subnet.subscriptionId)}), got ${quote(settings.subscriptionId)}`);
  }
  list.check('imageId', settings.imageId, azureImageIdProblem);
  list.addAll(azureVmProblems(settings, path, confidential));
  return list.problems;
}

function sameGuid(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * `peer-pods-cm` data for Azure from static settings, in the reference key order. Validate first with
 * {@link azureStaticProblems} and {@link peerPodsCommonProblems} to get problems with full paths; this
 * function throws an InputError (paths relative to the settings) for anything they would report.
 */
export function azureStaticData(settings: AzureStaticSettings, common: PeerPodsCommon): Record<string, string> {
  throwIfProblems([...peerPodsCommonProblems(common, '', AZURE_RULES), ...azureStaticProblems(settings, '', common.confidential ?? true)]);
  const cloudData: Record<string, string> = {
    AZURE_IMAGE_ID: settings.imageId ?? '',
    ...azureInstanceSizeData(settings),
    AZURE_RESOURCE_GROUP: settings.resourceGroup,
    AZURE_REGION: settings.region,
    AZURE_SUBNET_ID: settings.subnetId,
    AZURE_NSG_ID: settings.nsgId,
  };
  if (settings.subscriptionId !== undefined) {
    cloudData.AZURE_SUBSCRIPTION_ID = settings.subscriptionId;
  }
  return { ...assemblePeerPodsData('azure', cloudData, common), ...azureBootData(settings) };
}
