/**
 * The operators the pattern installs through OLM, with the reference pattern's defaults
 * (package, channel, namespace). Every value can be overridden per cluster group in pattern.yaml.
 * The version each one is pinned to (its CSV) is in ./versions.ts.
 */

/** Defaults of one operator install. */
export interface OperatorDefaults {
  /** OLM package name (Subscription `spec.name`). */
  readonly package: string;
  /** Default channel (a release in ./versions.ts may name another). */
  readonly channel: string;
  /** Namespace the operator is installed into. */
  readonly namespace: string;
  /** CatalogSource. */
  readonly source: string;
}

export const OPERATORS = {
  trustee: { package: 'trustee-operator', channel: 'stable', namespace: 'trustee-operator-system', source: 'redhat-operators' },
  sandbox: { package: 'sandboxed-containers-operator', channel: 'stable', namespace: 'openshift-sandboxed-containers-operator', source: 'redhat-operators' },
  acm: { package: 'advanced-cluster-management', channel: 'release-2.14', namespace: 'open-cluster-management', source: 'redhat-operators' },
  certManager: { package: 'openshift-cert-manager-operator', channel: 'stable-v1', namespace: 'cert-manager-operator', source: 'redhat-operators' },
  externalSecrets: { package: 'openshift-external-secrets-operator', channel: 'stable-v1', namespace: 'external-secrets-operator', source: 'redhat-operators' },
  // Bare-metal TEE nodes (lib/baremetal): the reference pattern's values-baremetal.yaml subscriptions.
  nfd: { package: 'nfd', channel: 'stable', namespace: 'openshift-nfd', source: 'redhat-operators' },
  intelDevicePlugins: { package: 'intel-device-plugins-operator', channel: 'stable', namespace: 'openshift-operators', source: 'certified-operators' },
} as const satisfies Record<string, OperatorDefaults>;

export type OperatorKey = keyof typeof OPERATORS;
