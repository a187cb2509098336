import { InputError } from '../../lib/errors';
import { IMAGE_POLICY_RESOURCE, ImagePolicyPreset, imagePolicyProblems, ImageSigningKey, renderImagePolicy } from '../../lib/trustee/image-policy';

const SIGNED: ImagePolicyPreset = {
  type: 'signedBy',
  keys: [
    { registry: 'quay.io/myorg', keyPath: 'kbs:///default/cosign-keys/key1', kind: 'sigstore' },
    { registry: 'registry.example.com:5000/team/app', keyPath: 'kbs:///default/gpg-keys/team', kind: 'gpg' },
    { registry: 'ghcr.io/confidential-containers', keyPath: 'kbs:///default/cosign-keys/coco', kind: 'sigstore' },
  ],
};

function signedBy(...keys: ImageSigningKey[]): ImagePolicyPreset {
  return { type: 'signedBy', keys };
}

describe('renderImagePolicy', () => {
  test('insecureAcceptAnything equals the reference pattern policy', () => {
    // WHEN
    const text = renderImagePolicy({ type: 'insecureAcceptAnything' });
    // THEN
    expect(JSON.parse(text)).toEqual(JSON.parse('{"default":[{"type":"insecureAcceptAnything"}],"transports":{}}'));
    expect(text).toBe('{\n  "default": [\n    {\n      "type": "insecureAcceptAnything"\n    }\n  ],\n  "transports": {}\n}\n');
  });

  test('reject refuses every image', () => {
    expect(JSON.parse(renderImagePolicy({ type: 'reject' }))).toEqual({ default: [{ type: 'reject' }], transports: {} });
  });

  test('signedBy rejects by default and requires the key of each scope, scopes sorted', () => {
    // WHEN
    const text = renderImagePolicy(SIGNED);
    // THEN
    expect(JSON.parse(text)).toEqual({
      default: [{ type: 'reject' }],
      transports: {
        docker: {
          'ghcr.io/confidential-containers': [{ type: 'sigstoreSigned', keyPath: 'kbs:///default/cosign-keys/coco' }],
          'quay.io/myorg': [{ type: 'sigstoreSigned', keyPath: 'kbs:///default/cosign-keys/key1' }],
          'registry.example.com:5000/team/app': [{ type: 'signedBy', keyType: 'GPGKeys', keyPath: 'kbs:///default/gpg-keys/team' }],
        },
      },
    });
    expect(Object.keys(JSON.parse(text).transports.docker)).toEqual([
      'ghcr.io/confidential-containers', 'quay.io/myorg', 'registry.example.com:5000/team/app',
    ]);
    expect(text).toMatchSnapshot();
  });

  test('the output does not depend on the order of the keys', () => {
    const reversed = signedBy(...[...(SIGNED as { keys: readonly ImageSigningKey[] }).keys].reverse());
    expect(renderImagePolicy(reversed)).toBe(renderImagePolicy(SIGNED));
  });

  test('problems are thrown as an InputError', () => {
    const attempt = () => renderImagePolicy(signedBy(), 'trustee.imagePolicy');
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow('trustee.imagePolicy.keys: must list at least one signing key for "signedBy", got []');
  });

  test('the policy is served as the KBS resource cdh.toml points at', () => {
    const { repository, type, tag, uri } = IMAGE_POLICY_RESOURCE;
    expect(uri).toBe(`kbs:///${repository}/${type}/${tag}`);
    expect(uri).toBe('kbs:///default/security-policy/osc');
  });
});

describe('imagePolicyProblems', () => {
  const key = (registry: string, keyPath = 'kbs:///default/k/a', kind: ImageSigningKey['kind'] = 'sigstore') => ({ registry, keyPath, kind });

  test('valid scopes', () => {
    for (const registry of ['quay.io', 'quay.io/org/app:v1.2', 'localhost:5000/a', '*.example.com',
      `quay.io/org/app@sha256:${'a'.repeat(64)}`, 'registry.example.com/a_b/c--d/e.f']) {
      expect(imagePolicyProblems(signedBy(key(registry)))).toEqual([]);
    }
  });

  test('invalid scopes', () => {
    for (const registry of ['https://quay.io/org', 'Quay.io/org', 'quay.io/org/', '*.example.com/app', '', 'quay.io/Org', 'quay.io:port/a']) {
      expect(imagePolicyProblems(signedBy(key(registry)))).toEqual([{
        path: 'imagePolicy.keys[0].registry',
        message: 'must be a docker scope without scheme (host[:port][/path][:tag|@sha256:digest], or *.host; lowercase, '
          + `e.g. "quay.io/myorg"), got ${JSON.stringify(registry)}`,
      }]);
    }
  });

  test('a scope may appear once', () => {
    expect(imagePolicyProblems(signedBy(key('quay.io/org'), key('quay.io/org', 'kbs:///default/k/b')))).toEqual([{
      path: 'imagePolicy.keys[1].registry',
      message: 'must be unique (all requirements of one scope must hold, so a second key would demand two signatures), got "quay.io/org" again (first at imagePolicy.keys[0])',
    }]);
  });

  test('key paths must be KBS resource URIs', () => {
    for (const keyPath of ['/etc/keys/cosign.pub', 'kbs:///default/cosign', 'kbs://host/default/a/b', 'kbs:///default/a/b/c', 'kbs:///default/a b/c']) {
      expect(imagePolicyProblems(signedBy(key('quay.io', keyPath)))).toEqual([{
        path: 'imagePolicy.keys[0].keyPath',
        message: `must be a KBS resource URI kbs:///<repository>/<type>/<tag> (e.g. "kbs:///default/cosign-keys/key1"), got ${JSON.stringify(keyPath)}`,
      }]);
    }
  });

  test('the key kind must be sigstore or gpg', () => {
    const bad = { registry: 'quay.io', keyPath: 'kbs:///default/k/a', kind: 'x509' } as unknown as ImageSigningKey;
    expect(imagePolicyProblems(signedBy(bad))).toEqual([{ path: 'imagePolicy.keys[0].kind', message: 'must be "sigstore" or "gpg", got "x509"' }]);
  });

  test('an unknown preset type is reported', () => {
    const bad = { type: 'acceptSigned' } as unknown as ImagePolicyPreset;
    expect(imagePolicyProblems(bad, 'p')).toEqual([{
      path: 'p.type', message: 'must be one of "insecureAcceptAnything", "reject", "signedBy", got "acceptSigned"',
    }]);
  });

  test('signedBy needs a key list', () => {
    const bad = { type: 'signedBy' } as unknown as ImagePolicyPreset;
    expect(imagePolicyProblems(bad)).toEqual([{ path: 'imagePolicy.keys', message: 'must list at least one signing key for "signedBy", got nothing' }]);
  });
});
