/**
 * The OLM installs of the bare-metal node side, pinned like every other operator of the pattern (package,
 * channel and namespace from lib/olm/catalog.ts, the CSV from lib/olm/versions.ts).
 */
import { OPERATORS } from '../olm/catalog';
import { OperatorInstallProps } from '../olm/operator-install';
import { INTEL_DEVICE_PLUGINS_RELEASES, NFD_RELEASES } from '../olm/versions';

/** Node Feature Discovery in `openshift-nfd`, pinned to the 4.20 CSV. */
export const NFD_OPERATOR: OperatorInstallProps = {
  package: OPERATORS.nfd.package,
  namespace: OPERATORS.nfd.namespace,
  channel: OPERATORS.nfd.channel,
  source: OPERATORS.nfd.source,
  startingCSV: NFD_RELEASES['4.20'].csv,
};

/**
 * The Intel Device Plugins Operator, cluster-wide in `openshift-operators` (its OperatorGroup already
 * exists there; the namespace is OpenShift's own), pinned to 0.35.
 */
export const INTEL_DEVICE_PLUGINS_OPERATOR: OperatorInstallProps = {
  package: OPERATORS.intelDevicePlugins.package,
  namespace: OPERATORS.intelDevicePlugins.namespace,
  channel: OPERATORS.intelDevicePlugins.channel,
  source: OPERATORS.intelDevicePlugins.source,
  startingCSV: INTEL_DEVICE_PLUGINS_RELEASES['0.35'].csv,
  createNamespace: false,
  operatorGroup: false,
};
