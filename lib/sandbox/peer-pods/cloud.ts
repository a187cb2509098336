/**
 * The clouds a peer-pods configuration is rendered for. The value is also `CLOUD_PROVIDER` in
 * `peer-pods-cm` (the cloud-api-adaptor provider name).
 */
import { quote } from '../../errors';

/** Every cloud this library renders peer-pods settings for. */
export const CLOUDS = ['azure', 'aws', 'libvirt'] as const;

/** A cloud peer pods run on (`CLOUD_PROVIDER` in `peer-pods-cm`). */
export type Cloud = (typeof CLOUDS)[number];

/** True when `value` is a supported cloud. */
export function isCloud(value: unknown): value is Cloud {
  return (CLOUDS as readonly unknown[]).includes(value);
}

/** Problem text for an unsupported cloud, or undefined. */
export function cloudProblem(value: unknown): string | undefined {
  return isCloud(value) ? undefined : `must be one of ${CLOUDS.join(', ')}, got ${quote(value)}`;
}

/**
 * `peer-pods-cm` keys the OSC operator writes itself: when the pod VM image is left empty, OSC builds
 * it and stores its id under this key. A GitOps tool must not revert them (Argo CD: `ignoreDifferences`
 * on `/data/<key>` with `RespectIgnoreDifferences=true`); the ACM variant keeps them with a self-lookup.
 * libvirt: none known (OSC keeps its libvirt image parameters in `libvirt-podvm-image-cm`).
 */
export const OPERATOR_WRITTEN_KEYS: Readonly<Record<Cloud, readonly string[]>> = {
  azure: ['AZURE_IMAGE_ID'],
  aws: ['PODVM_AMI_ID'],
  libvirt: [],
};
