/**
 * Azure region names (`AZURE_REGION`, the `location` of the cluster's cloud.conf).
 */
import { quote } from '../../errors';

/**
 * Programmatic names of the Azure public cloud regions (Azure docs "Azure regions list",
 * MicrosoftDocs/reliability-docs `articles/reliability/regions-list.md`, updated 2025-09-23), including
 * the restricted-access ones (australiacentral2, brazilsoutheast, francesouth, germanynorth, norwaywest,
 * southafricawest, swedensouth, switzerlandwest, uaecentral, jioindiacentral, jioindiawest) and one
 * announced region (denmarkeast). Sovereign clouds (Azure Government, Azure in China) are not listed.
 *
 * Which regions offer confidential VM sizes is not a fixed list (it differs per series and changes as
 * capacity is added); check with `az vm list-skus --location <region> --size Standard_DC --all`.
 */
export const AZURE_REGIONS: readonly string[] = [
  'australiacentral', 'australiacentral2', 'australiaeast', 'australiasoutheast', 'austriaeast',
  'belgiumcentral', 'brazilsouth', 'brazilsoutheast', 'canadacentral', 'canadaeast', 'centralindia',
  'centralus', 'chilecentral', 'denmarkeast', 'eastasia', 'eastus', 'eastus2', 'francecentral', 'francesouth',
  'germanynorth', 'germanywestcentral', 'indonesiacentral', 'israelcentral', 'italynorth', 'japaneast',
  'japanwest', 'jioindiacentral', 'jioindiawest', 'koreacentral', 'koreasouth', 'malaysiawest',
  'mexicocentral', 'newzealandnorth', 'northcentralus', 'northeurope', 'norwayeast', 'norwaywest',
  'polandcentral', 'qatarcentral', 'southafricanorth', 'southafricawest', 'southcentralus', 'southeastasia',
  'southindia', 'spaincentral', 'swedencentral', 'swedensouth', 'switzerlandnorth', 'switzerlandwest',
  'uaecentral', 'uaenorth', 'uksouth', 'ukwest', 'westcentralus', 'westeurope', 'westindia', 'westus',
  'westus2', 'westus3',
];

/** Problem with an Azure region name, or undefined. */
export function azureRegionProblem(value: string): string | undefined {
  if (AZURE_REGIONS.includes(value)) {
    return undefined;
  }
  const hint = typeof value === 'string' && AZURE_REGIONS.includes(value.toLowerCase().replace(/\s+/g, ''))
    ? ` (write the programmatic name ${quote(value.toLowerCase().replace(/\s+/g, ''))})`
    : '';
  return `must be an Azure region name such as "eastus" or "westeurope" (see AZURE_REGIONS)${hint}, got ${quote(value)}`;
}
