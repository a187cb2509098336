import { z } from 'zod';
import { OperatorDefaults } from '../olm/catalog';
import { DEFAULT_OC_IMAGE } from '../olm/installplan-approver-script';
import { pinnedImageProblem } from '../workloads/image';
import { dnsSubdomain, nonEmpty, ruled } from './fields';

/**
 * OLM settings of one operator. By default the Subscription is pinned to the CSV of the area's
 * `version` (lib/olm/versions.ts) with Manual approval, and an approver Job approves exactly that CSV.
 */
export function operatorSettings(defaults: OperatorDefaults) {
  return z.strictObject({
    channel: nonEmpty().optional().describe(`OLM channel of the Subscription; default the channel of the pinned version (${defaults.channel}).`),
    source: dnsSubdomain().default(defaults.source).describe('CatalogSource the package comes from.'),
    sourceNamespace: dnsSubdomain().default('openshift-marketplace').describe('Namespace of the CatalogSource.'),
    startingCSV: dnsSubdomain().optional().describe(`ClusterServiceVersion to pin, e.g. "${defaults.package}.v1.0.0"; default the CSV of this area's version.`),
    installPlanApproval: z.enum(['Automatic', 'Manual']).default('Manual')
      .describe('Manual (default) holds the operator at startingCSV: an approver Job approves the InstallPlan of exactly that CSV. Automatic lets OLM upgrade along the channel on its own.'),
    approverImage: ruled(v => pinnedImageProblem(v, DEFAULT_OC_IMAGE)).optional().describe('oc CLI image of the InstallPlan approver Job (pinned by tag or digest).'),
  }).prefault({}).describe(`OLM Subscription settings of ${defaults.package} (namespace ${defaults.namespace}).`);
}

export type OperatorSettings = z.output<ReturnType<typeof operatorSettings>>;
