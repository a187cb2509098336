/**
 * OpenShift sandboxed containers (OSC) releases this library renders for, and everything that differs
 * between them: the operator's ClusterServiceVersion (what the Subscription pins), the upstream
 * cloud-api-adaptor (CAA) and kata-containers it is built from, and the pod annotation the peer-pods
 * CAA reads initdata from. Pure data and lookups, no cdk8s: the pattern.yaml schema and the constructs
 * both read this one table.
 *
 * Sources:
 * - initdata annotation: confidential-containers/cloud-api-adaptor
 *   `src/cloud-api-adaptor/pkg/util/cloud.go` `GetInitdataFromAnnotation`: v0.14.0 and v0.15.0 read
 *   `io.katacontainers.config.runtime.cc_init_data`, v0.16.0 and later read
 *   `io.katacontainers.config.hypervisor.cc_init_data` (commit 3fac0ef2, "initdata: Update the
 *   annotation", following kata-containers PR #11693). Red Hat's OSC 1.10 docs ("Applying initdata to a
 *   pod") use `runtime.`, the OSC 1.11 docs `hypervisor.`.
 * - CAA and kata base: the downstream fork openshift/cloud-api-adaptor, branches `osc-release-v1.10`
 *   (newest upstream tag merged v0.14.0; `src/cloud-api-adaptor/versions.yaml` kata 3.17.0),
 *   `osc-release-v1.11` (v0.16.0, kata 3.21.0) and `osc-release-v1.12` (v0.18.0, kata 3.25.0). Derived
 *   from branch ancestry; Red Hat publishes no such mapping.
 * - CSV names: `sandboxed-containers-operator.v<x.y.z>` is the bundle's naming
 *   (openshift/sandboxed-containers-operator `bundle/manifests/...clusterserviceversion.yaml`).
 *   v1.10.1 is confirmed by validatedpatterns/coco-pattern `values-spoke.yaml` (`csv:`); v1.11.1 and
 *   v1.12.0 appear only in third-party install scripts (an assumption until checked against the
 *   Red Hat catalog: `oc get packagemanifest sandboxed-containers-operator -o yaml`).
 */
import { choiceProblem, InputError, quote } from '../errors';

/** The OSC releases this library renders for. */
export type OscVersion = '1.10' | '1.11' | '1.12';

/** Every supported OSC release, oldest first (the order error messages list them). */
export const OSC_VERSIONS: readonly OscVersion[] = ['1.10', '1.11', '1.12'];

/** The OSC release rendered when pattern.yaml names none. */
export const DEFAULT_OSC_VERSION: OscVersion = '1.12';

/** The pod annotations a peer-pods cloud-api-adaptor has read initdata from (gzip+base64 TOML). */
export const INIT_DATA_ANNOTATIONS = {
  /** cloud-api-adaptor up to v0.15 (OSC up to 1.10). */
  runtime: 'io.katacontainers.config.runtime.cc_init_data',
  /** cloud-api-adaptor v0.16 and later (OSC 1.11 and later). */
  hypervisor: 'io.katacontainers.config.hypervisor.cc_init_data',
} as const;

/** A pod annotation that carries initdata. */
export type InitDataAnnotation = typeof INIT_DATA_ANNOTATIONS[keyof typeof INIT_DATA_ANNOTATIONS];

/** What differs by OSC release. */
export interface OscRelease {
  /** The OSC release, e.g. "1.12". */
  readonly version: OscVersion;
  /** The operator's ClusterServiceVersion, what the Subscription pins (`startingCSV`). */
  readonly csv: string;
  /** Where the CSV name comes from: a confirmed source, or "assumption: ...". */
  readonly csvSource: string;
  /** Upstream cloud-api-adaptor release the peer-pods components are built from. */
  readonly cloudApiAdaptor: string;
  /** kata-containers release of the pod VM (from the CAA branch's versions.yaml). */
  readonly kata: string;
  /** The pod annotation the CAA reads a pod's initdata from. */
  readonly initDataAnnotation: InitDataAnnotation;
}

const RELEASES: Readonly<Record<OscVersion, OscRelease>> = {
  '1.10': {
    version: '1.10',
    csv: 'sandboxed-containers-operator.v1.10.1',
    csvSource: 'confirmed: validatedpatterns/coco-pattern values-spoke.yaml (csv: sandboxed-containers-operator.v1.10.1)',
    cloudApiAdaptor: 'v0.14.0',
    kata: '3.17.0',
    initDataAnnotation: INIT_DATA_ANNOTATIONS.runtime,
  },
  '1.11': {
    version: '1.11',
    csv: 'sandboxed-containers-operator.v1.11.1',
    csvSource: 'assumption: third-party install scripts only, not checked against the Red Hat catalog',
    cloudApiAdaptor: 'v0.16.0',
    kata: '3.21.0',
    initDataAnnotation: INIT_DATA_ANNOTATIONS.hypervisor,
  },
  '1.12': {
    version: '1.12',
    csv: 'sandboxed-containers-operator.v1.12.0',
    csvSource: 'assumption: third-party install scripts only, not checked against the Red Hat catalog',
    cloudApiAdaptor: 'v0.18.0',
    kata: '3.25.0',
    initDataAnnotation: INIT_DATA_ANNOTATIONS.hypervisor,
  },
};

/** True when `value` is a supported OSC release. */
export function isOscVersion(value: unknown): value is OscVersion {
  return (OSC_VERSIONS as readonly unknown[]).includes(value);
}

/** Problem text for a value that is not a supported OSC release (a YAML number gets a hint to quote it), or undefined. */
export function oscVersionProblem(value: unknown): string | undefined {
  return choiceProblem(value, OSC_VERSIONS, 'OpenShift sandboxed containers release');
}

/**
 * The release facts of an OSC version.
 *
 * @param version e.g. `"1.12"`
 * @param path field path for the error message
 * @throws InputError when `version` is not one of {@link OSC_VERSIONS}
 */
export function oscRelease(version: string, path = 'sandbox.version'): OscRelease {
  const problem = oscVersionProblem(version);
  if (problem !== undefined) {
    throw new InputError([{ path, message: problem }]);
  }
  return RELEASES[version as OscVersion];
}

/** Every supported release, oldest first. */
export function oscReleases(): OscRelease[] {
  return OSC_VERSIONS.map(v => RELEASES[v]);
}

/** Problem text for a value that is not a known initdata annotation, or undefined. */
export function initDataAnnotationProblem(value: unknown): string | undefined {
  const known = Object.values(INIT_DATA_ANNOTATIONS) as readonly unknown[];
  return known.includes(value) ? undefined
    : `must be ${known.map(a => JSON.stringify(a)).join(' (OSC 1.10) or ')} (OSC 1.11 and later), got ${quote(value)}`;
}
