/**
 * What the Vault property of each secret resource key holds when Trustee serves the image policy: the
 * policy's resource (`security-policy/osc`) holds the policy JSON, a key the policy names as a signing key
 * holds the user's public key (only they have it), and every other key random bytes. Pure: the pattern
 * composition hands the result to Trustee ({@link SecretResource.contents}), which declares it on its
 * ExternalSecrets for the tools that fill Vault.
 */
import type { VaultContent } from '../secrets/vault-content';
import { IMAGE_POLICY_RESOURCE, ImagePolicyPreset, renderImagePolicy } from './image-policy';
import { KBS_REPOSITORY, SecretResource } from './secret-resources';

/** Random bytes of a generated secret resource value (base64: 44 characters). */
export const RESOURCE_RANDOM_BYTES = 32;

/**
 * `resources` with `contents` filled in for `imagePolicy` (`path` names the image policy in messages).
 * @throws InputError when the image policy is invalid
 */
export function withImagePolicyContents(resources: readonly SecretResource[], imagePolicy: ImagePolicyPreset, path: string): SecretResource[] {
  const signingKeys = new Set(imagePolicy.type === 'signedBy' ? imagePolicy.keys.map(k => k.keyPath) : []);
  let policy: string | undefined;
  const contentOf = (resource: string, key: string): VaultContent => {
    const uri = `kbs:///${KBS_REPOSITORY}/${resource}/${key}`;
    if (signingKeys.has(uri)) {
      return { manual: `your image signing public key (trustee.imagePolicy names ${uri})` };
    }
    if (resource === IMAGE_POLICY_RESOURCE.type && key === IMAGE_POLICY_RESOURCE.tag) {
      policy ??= renderImagePolicy(imagePolicy, path);
      return { value: policy };
    }
    return { random: RESOURCE_RANDOM_BYTES };
  };
  return resources.map(r => ({ ...r, contents: Object.fromEntries(r.keys.map(key => [key, contentOf(r.name, key)])) }));
}
