/**
 * What Azure adds to the settings every cloud's `peer-pods-cm` shares: its tag limits (Azure resource
 * naming rules, `tagNames`; tag values at most 256 characters), and the key OSC writes itself.
 */
import { quote } from '../../errors';
import type { PeerPodsRules } from './common';

/** Characters Azure refuses in tag names (Azure resource naming rules, `tagNames`). */
const AZURE_TAG_NAME_FORBIDDEN = /[<>%&\\?/]/;

/** Azure's rules for the common settings. */
export const AZURE_RULES: PeerPodsRules = {
  tags: {
    name: key => (key.length > 512 || AZURE_TAG_NAME_FORBIDDEN.test(key)
      ? `tag name ${quote(key)} must be at most 512 characters without any of < > % & \\ ? / (Azure tag name rules)`
      : undefined),
    value: (key, value) => (value.length > 256 ? `tag ${quote(key)} must have a value of at most 256 characters (Azure), got ${value.length}` : undefined),
  },
};

/**
 * `peer-pods-cm` keys the OSC operator writes itself: when the pod VM image is left empty, OSC builds it
 * and stores its id under `AZURE_IMAGE_ID`. A GitOps tool must not revert it (Argo CD: `ignoreDifferences`
 * on `/data/<key>` with `RespectIgnoreDifferences=true`); the ACM variant keeps it with a self-lookup.
 */
export const AZURE_OPERATOR_WRITTEN_KEYS: readonly string[] = ['AZURE_IMAGE_ID'];
