/**
 * The operator version each pattern.yaml `<area>.version` pins: per operator, version -> the
 * ClusterServiceVersion (CSV) the Subscription starts from and the InstallPlan approver accepts.
 * Pure data and lookups (no cdk8s). Upgrading an operator is one change of `<area>.version`, which
 * re-renders its Subscription, its approver and every object that depends on the version.
 *
 * Why pin at all (OLM semantics, see the research notes): `startingCSV` only picks the first version;
 * with `installPlanApproval: Automatic` OLM then walks the channel to its head on its own. Only
 * `Manual` holds a version, and with `Manual` every InstallPlan, the first one included, waits for
 * approval: hence the {@link InstallPlanApprover} Job, which approves exactly the pinned CSV.
 *
 * Which CSV names are confirmed (and where) and which are assumptions is noted per entry: the
 * Red Hat catalog itself could not be read. Check an assumption on a cluster with
 * `oc get packagemanifest <package> -o jsonpath='{.status.channels[*].currentCSV}'`.
 */
import { InputError } from '../errors';
import { OSC_VERSIONS, oscRelease, OscVersion } from '../sandbox/osc-versions';
import { TRUSTEE_VERSIONS, trusteeProfile, TrusteeVersion } from '../trustee/versions';
import { OperatorKey, OPERATORS } from './catalog';

/** One operator release the pattern can pin. */
export interface OperatorRelease {
  /** The ClusterServiceVersion: the Subscription's `startingCSV`, the one InstallPlans are approved for. */
  readonly csv: string;
  /** Where the CSV name comes from: "confirmed: <source>" or "assumption: <why>". */
  readonly source: string;
  /**
   * The channel that carries it.
   * @default - the package's channel in {@link OPERATORS}
   */
  readonly channel?: string;
}

/** Red Hat build of Trustee, keyed by `trustee.version`: from the Trustee profiles (lib/trustee/versions.ts). */
export const TRUSTEE_RELEASES: { readonly [V in TrusteeVersion]: OperatorRelease } = Object.fromEntries(
  TRUSTEE_VERSIONS.map(v => [v, { csv: trusteeProfile(v).csv, source: trusteeProfile(v).csvSource }]),
) as { readonly [V in TrusteeVersion]: OperatorRelease };

/** OpenShift sandboxed containers, keyed by `sandbox.version`: from the one OSC table (lib/sandbox/osc-versions.ts). */
export const SANDBOX_RELEASES: { readonly [V in OscVersion]: OperatorRelease } = Object.fromEntries(
  OSC_VERSIONS.map(v => [v, { csv: oscRelease(v).csv, source: oscRelease(v).csvSource }]),
) as { readonly [V in OscVersion]: OperatorRelease };

/**
 * Advanced Cluster Management, keyed by `acm.version`. The channel is `release-<minor>`: a new minor
 * needs its own `channel` here. `advanced-cluster-management.v2.14.0` is an assumption (the
 * `advanced-cluster-management.v2.<minor>.<patch>` naming is confirmed by public `oc get
 * packagemanifests` outputs; release-2.14 by validatedpatterns/multicloud-gitops PR #457).
 */
export const ACM_RELEASES = {
  '2.14': { csv: 'advanced-cluster-management.v2.14.0', source: 'assumption: the CSV naming of public packagemanifest outputs; z-stream not checked' },
} as const satisfies Readonly<Record<string, OperatorRelease>>;

/**
 * External Secrets Operator for Red Hat OpenShift, keyed by `externalSecrets.version`. From 1.1.0 the
 * CSV is `openshift-external-secrets-operator.v<x.y.z>` (1.0.0 was `external-secrets-operator.v1.0.0`).
 */
export const EXTERNAL_SECRETS_RELEASES = {
  '1.1': {
    csv: 'openshift-external-secrets-operator.v1.1.0',
    source: 'confirmed: openshift/external-secrets-operator bundle/manifests/*clusterserviceversion.yaml on branch release-1.1',
  },
} as const satisfies Readonly<Record<string, OperatorRelease>>;

/** cert-manager Operator for Red Hat OpenShift, keyed by `certManager.version` (CSV without the `openshift-` prefix). */
export const CERT_MANAGER_RELEASES = {
  '1.16': { csv: 'cert-manager-operator.v1.16.0', source: 'assumption: seen in public Subscriptions (startingCSV), not checked against the Red Hat catalog' },
} as const satisfies Readonly<Record<string, OperatorRelease>>;

/**
 * Node Feature Discovery (Red Hat), keyed by the OpenShift minor it ships with (the operator follows the
 * cluster's release). Red Hat's bundles carry a build stamp (`nfd.<x.y.z>-<yyyymmddhhmm>`; the upstream
 * bundle's `nfd.v4.16.0` in openshift/cluster-nfd-operator `manifests/stable` is not what the catalog
 * serves). 4.20 is the minimum for bare-metal confidential containers (OSC 1.11 docs: OCP 4.20.6).
 */
export const NFD_RELEASES = {
  '4.20': {
    csv: 'nfd.4.20.0-202609201357',
    source: 'assumption: the 4.20 stable head recorded by a public release resolution of 2026-10-05 (redhat-operators); each rebuild gets a new stamp, check the catalog',
  },
} as const satisfies Readonly<Record<string, OperatorRelease>>;

/** Intel Device Plugins Operator (certified), keyed by its minor. */
export const INTEL_DEVICE_PLUGINS_RELEASES = {
  '0.35': {
    csv: 'intel-device-plugins-operator.v0.35.0',
    source: 'confirmed: openshift/sandboxed-containers-operator scripts/install-helpers/baremetal-coco/intel-dpo/install_operator.yaml (commit 9c811d1: startingCSV, channel stable, certified-operators)',
  },
} as const satisfies Readonly<Record<string, OperatorRelease>>;

/** The release table of every operator the pattern installs. */
export const OPERATOR_RELEASES: { readonly [K in OperatorKey]: Readonly<Record<string, OperatorRelease>> } = {
  trustee: TRUSTEE_RELEASES,
  sandbox: SANDBOX_RELEASES,
  acm: ACM_RELEASES,
  externalSecrets: EXTERNAL_SECRETS_RELEASES,
  certManager: CERT_MANAGER_RELEASES,
  nfd: NFD_RELEASES,
  intelDevicePlugins: INTEL_DEVICE_PLUGINS_RELEASES,
};

/** The versions of `operator` the pattern can pin, in table order. */
export function operatorVersions(operator: OperatorKey): string[] {
  return Object.keys(OPERATOR_RELEASES[operator]);
}

/**
 * The release of `operator` at `version`.
 * @throws InputError naming `path` when the table has no such version
 */
export function operatorRelease(operator: OperatorKey, version: string, path = `${operator}.version`): OperatorRelease {
  const release = Object.prototype.hasOwnProperty.call(OPERATOR_RELEASES[operator], version) ? OPERATOR_RELEASES[operator][version] : undefined;
  if (!release) {
    const known = operatorVersions(operator).map(v => `"${v}"`).join(', ');
    throw new InputError([{ path, message: `has no ${OPERATORS[operator].package} CSV to pin: known versions ${known}, got "${version}" (or set operator.startingCSV)` }]);
  }
  return release;
}

/** The OLM settings of one operator as pattern.yaml gives them (`<area>.operator`). */
export interface SubscriptionSettings {
  readonly channel?: string;
  readonly source: string;
  readonly sourceNamespace: string;
  readonly startingCSV?: string;
  readonly installPlanApproval: 'Automatic' | 'Manual';
  readonly approverImage?: string;
}

/** Everything an operator install needs, resolved from the version and the settings. */
export interface ResolvedSubscription {
  readonly package: string;
  readonly namespace: string;
  readonly channel: string;
  readonly source: string;
  readonly sourceNamespace: string;
  readonly startingCSV: string;
  readonly installPlanApproval: 'Automatic' | 'Manual';
  /** Image of the approver Job, when set. */
  readonly approverImage?: string;
  /** What the user changes to move to another CSV, e.g. "set clusterGroups.simple.sandbox.version". */
  readonly upgradeHint: string;
}

/**
 * The Subscription of `operator` pinned to `version`: the table's CSV and channel unless the settings
 * override them. `area` is the pattern.yaml path of the operator's area (e.g.
 * "clusterGroups.simple.sandbox"), for the upgrade hint.
 */
export function resolveSubscription(operator: OperatorKey, version: string, settings: SubscriptionSettings, area: string): ResolvedSubscription {
  const defaults = OPERATORS[operator];
  const release = settings.startingCSV ? undefined : operatorRelease(operator, version, `${area}.version`);
  return {
    package: defaults.package,
    namespace: defaults.namespace,
    channel: settings.channel ?? release?.channel ?? defaults.channel,
    source: settings.source,
    sourceNamespace: settings.sourceNamespace,
    startingCSV: settings.startingCSV ?? release!.csv,
    installPlanApproval: settings.installPlanApproval,
    approverImage: settings.approverImage,
    upgradeHint: settings.startingCSV ? `set ${area}.operator.startingCSV` : `set ${area}.version`,
  };
}
