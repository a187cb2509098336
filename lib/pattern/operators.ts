import { OperatorKey } from '../olm/catalog';
import { OperatorInstallProps } from '../olm/operator-install';
import { resolveSubscription, SubscriptionSettings } from '../olm/versions';

/**
 * The OperatorInstall props of `operator` in cluster group `group`, pinned to `version` (the area's
 * `version` in pattern.yaml, e.g. `sandbox.version`) unless its `operator` settings say otherwise.
 * Manual approval (the default) brings the approver, which names the setting to change in its hints.
 */
export function operatorInstallProps(group: string, operator: OperatorKey, version: string, settings: SubscriptionSettings): OperatorInstallProps {
  const { approverImage, upgradeHint, ...subscription } = resolveSubscription(operator, version, settings, `clusterGroups.${group}.${operator}`);
  return { ...subscription, approver: subscription.installPlanApproval === 'Manual' ? { image: approverImage, upgradeHint } : undefined };
}
