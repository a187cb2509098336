import { quote } from '../errors';

const DIGEST = /@sha256:[0-9a-f]{64}$/;
const REFERENCE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$/;

/** True when the image reference names a manifest digest (`...@sha256:<64 hex>`). */
export function isPinnedByDigest(image: string): boolean {
  return DIGEST.test(image);
}

/**
 * An image reference without its tag and digest, e.g. `quay.io/org/app` (a registry port such as
 * `registry:5000/app:v1` stays: only a colon after the last slash starts a tag).
 */
export function imageRepository(image: string): string {
  const withoutDigest = image.replace(/@sha256:[0-9a-f]{64}$/, '');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/**
 * Problem with an image a confidential workload runs when it is not pinned by digest (`workloads.strictImages`),
 * or undefined; `usedBy` names the workloads that run it.
 */
export function unpinnedImageProblem(image: string, usedBy: readonly string[]): string | undefined {
  if (isPinnedByDigest(image)) return undefined;
  return `image ${quote(image)} is not pinned by digest: the agent policy and guest pull cannot tie ${usedBy.join(' and ')} to one image `
    + `(use ${imageRepository(image)}@sha256:<digest>, or workloads.strictImages: false to make this a warning)`;
}

/** Problem with an image reference (registry host, path, optional tag and digest), or undefined. */
export function imageReferenceProblem(image: string): string | undefined {
  return REFERENCE.test(image) ? undefined
    : `must be an image reference such as "quay.io/org/app@sha256:<digest>" (registry host, path, optional tag and digest), got ${quote(image)}`;
}

/**
 * Problem with an image reference for a Job the pattern runs (an approver, a configurator): it must be
 * pinned by a tag other than "latest", or by digest; `example` shows a good value. Undefined when fine.
 */
export function pinnedImageProblem(image: string, example = 'registry.example.com/tools/cli:v1.0'): string | undefined {
  const m = REFERENCE.exec(image);
  const tag = m?.[6]?.slice(1);
  const digest = m?.[7];
  return m && (digest !== undefined || (tag !== undefined && tag !== 'latest')) ? undefined
    : `must be an image reference pinned by tag (not "latest") or digest, e.g. "${example}", got ${quote(image)}`;
}
