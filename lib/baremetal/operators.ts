/**
 * The OLM installs of the bare-metal node side, pinned like every other operator of the pattern (package,
 * channel and namespace from lib/olm/catalog.ts, the CSV from lib/olm/versions.ts).
 */
import { OperatorKey, OPERATORS } from '../olm/catalog';
import { OperatorInstallProps } from '../olm/operator-install';
import { INTEL_DEVICE_PLUGINS_RELEASES, NFD_RELEASES } from '../olm/versions';

/** The catalog defaults of `key`, pinned to `csv` (Manual approval, with an approver). */
function pinned(key: OperatorKey, csv: string): OperatorInstallProps {
  const { package: pkg, namespace, channel, source } = OPERATORS[key];
  return { package: pkg, namespace, channel, source, startingCSV: csv };
}

/** Node Feature Discovery in `openshift-nfd`, pinned to the 4.20 CSV. */
export const NFD_OPERATOR: OperatorInstallProps = pinned('nfd', NFD_RELEASES['4.20'].csv);

/**
 * The Intel Device Plugins Operator, cluster-wide in `openshift-operators` (its OperatorGroup already
 * exists there; the namespace is OpenShift's own), pinned to 0.35.
 */
export const INTEL_DEVICE_PLUGINS_OPERATOR: OperatorInstallProps = {
  ...pinned('intelDevicePlugins', INTEL_DEVICE_PLUGINS_RELEASES['0.35'].csv),
  createNamespace: false,
  operatorGroup: false,
};
