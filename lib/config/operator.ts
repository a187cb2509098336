import { z } from 'zod';
import { OperatorDefaults } from '../olm/catalog';
import { dnsSubdomain, nonEmpty } from './fields';

/**
 * OLM settings of one operator: every field defaults to the reference pattern's value.
 * Pin a version with `startingCSV` and `installPlanApproval: Manual`.
 */
export function operatorSettings(defaults: OperatorDefaults) {
  return z.strictObject({
    channel: nonEmpty().default(defaults.channel).describe('OLM channel of the Subscription.'),
    source: dnsSubdomain().default(defaults.source).describe('CatalogSource the package comes from.'),
    sourceNamespace: dnsSubdomain().default('openshift-marketplace').describe('Namespace of the CatalogSource.'),
    startingCSV: dnsSubdomain().optional().describe(`ClusterServiceVersion to install first, e.g. "${defaults.package}.v1.0.0"; unset installs the channel head.`),
    installPlanApproval: z.enum(['Automatic', 'Manual']).default('Automatic').describe('Manual holds upgrades (and the first install) until an InstallPlan is approved.'),
  }).prefault({}).describe(`OLM Subscription settings of ${defaults.package} (namespace ${defaults.namespace}).`);
}

export type OperatorSettings = z.output<ReturnType<typeof operatorSettings>>;
