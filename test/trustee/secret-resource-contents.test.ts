/**
 * What the Vault property of each secret resource key holds, given the image policy Trustee serves.
 */
import { renderImagePolicy } from '../../lib/trustee/image-policy';
import { REFERENCE_SECRET_RESOURCES } from '../../lib/trustee/secret-resources';
import { RESOURCE_RANDOM_BYTES, withImagePolicyContents } from '../../lib/trustee/secret-resource-contents';
import { problemsOf } from '../support/problems';

describe('withImagePolicyContents', () => {
  test('the image policy resource holds the rendered policy, every other key random bytes', () => {
    // WHEN
    const resources = withImagePolicyContents(REFERENCE_SECRET_RESOURCES, { type: 'reject' }, 'imagePolicy');
    // THEN
    expect(resources.map(r => [r.name, r.contents])).toEqual([
      ['kbsres1', { key1: { random: 32 }, key2: { random: 32 }, key3: { random: 32 } }],
      ['passphrase', { passphrase: { random: 32 } }],
      ['security-policy', { osc: { value: renderImagePolicy({ type: 'reject' }) } }],
    ]);
    expect(RESOURCE_RANDOM_BYTES).toBe(32);
    // AND the rest of each resource is kept
    expect(resources.map(({ contents, ...r }) => r)).toEqual(REFERENCE_SECRET_RESOURCES);
  });

  test('a key the policy names as a signing key is the user\'s to fill', () => {
    // WHEN
    const [cosign] = withImagePolicyContents([{ name: 'cosign-keys', vaultPath: 'secret/data/hub/cosign-keys', keys: ['key1', 'key2'] }], {
      type: 'signedBy', keys: [{ registry: 'quay.io/myorg', keyPath: 'kbs:///default/cosign-keys/key1', kind: 'sigstore' }],
    }, 'imagePolicy');
    // THEN
    expect(cosign.contents).toEqual({
      key1: { manual: 'your image signing public key (trustee.imagePolicy names kbs:///default/cosign-keys/key1)' },
      key2: { random: 32 },
    });
  });

  test('an invalid policy is reported under the given path', () => {
    const problems = problemsOf(() => withImagePolicyContents(REFERENCE_SECRET_RESOURCES, { type: 'signedBy', keys: [] }, 'groups.a.imagePolicy'));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every(p => p.startsWith('groups.a.imagePolicy'))).toBe(true);
  });
});
