/**
 * The container image signature policy that confidential pods fetch from Trustee before pulling images
 * (cdh.toml `image_security_policy_uri = "kbs:///default/security-policy/osc"`). Its format is
 * containers-policy.json(5): a `default` list of requirements plus per-transport, per-scope lists;
 * every requirement of the matching list must be satisfied. Parsing is strict: unknown fields reject the
 * whole file, so only documented fields are written.
 *
 * @see https://man.archlinux.org/man/containers-policy.json.5.en
 * @see https://github.com/confidential-containers/guest-components/tree/main/image-rs
 */
import { InputError, Problem, quote } from '../errors';

/** Where the policy is served: KBS resource `default/security-policy/osc`. */
export const IMAGE_POLICY_RESOURCE = {
  repository: 'default',
  /** Secret name listed in `kbsSecretResources`. */
  type: 'security-policy',
  /** Key inside that Secret. */
  tag: 'osc',
  uri: 'kbs:///default/security-policy/osc',
} as const;

/** A public key that signed the images of one registry scope. */
export interface ImageSigningKey {
  /** containers-policy docker scope: `host[:port][/path][:tag|@digest]` or `*.host`, e.g. `quay.io/myorg`. */
  readonly registry: string;
  /** KBS resource holding the public key, e.g. `kbs:///default/cosign-keys/key1`. */
  readonly keyPath: string;
  /** `sigstore`: cosign signatures (`sigstoreSigned`); `gpg`: simple signing (`signedBy`, GPG keys). */
  readonly kind: 'sigstore' | 'gpg';
}

/**
 * - `insecureAcceptAnything`: any image (the reference pattern's policy);
 * - `reject`: no image at all;
 * - `signedBy`: only images of the listed scopes, each signed with its key; everything else is rejected.
 */
export type ImagePolicyPreset =
  | { readonly type: 'insecureAcceptAnything' }
  | { readonly type: 'reject' }
  | { readonly type: 'signedBy'; readonly keys: readonly ImageSigningKey[] };

const LABEL = '[a-z0-9]([a-z0-9-]*[a-z0-9])?';
const HOST = `${LABEL}(\\.${LABEL})*(:[0-9]{1,5})?`;
const PATH_COMPONENT = '[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*';
const SCOPE = new RegExp(`^${HOST}(/${PATH_COMPONENT})*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})?$`);
const WILDCARD_SCOPE = new RegExp(`^\\*\\.${LABEL}(\\.${LABEL})*$`);
const KBS_URI = /^kbs:\/\/\/[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/;
const PRESET_TYPES = ['insecureAcceptAnything', 'reject', 'signedBy'];

/** Problems with `preset`, each naming the field under `path`. */
export function imagePolicyProblems(preset: ImagePolicyPreset, path = 'imagePolicy'): Problem[] {
  if (!PRESET_TYPES.includes(preset?.type)) {
    return [{ path: `${path}.type`, message: `must be one of ${PRESET_TYPES.map(t => `"${t}"`).join(', ')}, got ${quote(preset?.type)}` }];
  }
  if (preset.type !== 'signedBy') {
    return [];
  }
  if (!Array.isArray(preset.keys) || preset.keys.length === 0) {
    return [{ path: `${path}.keys`, message: `must list at least one signing key for "signedBy", got ${quote(preset.keys)}` }];
  }
  const problems: Problem[] = [];
  const firstIndex = new Map<string, number>();
  preset.keys.forEach((key, i) => {
    const at = `${path}.keys[${i}]`;
    const registry = key?.registry;
    if (typeof registry !== 'string' || !(SCOPE.test(registry) || WILDCARD_SCOPE.test(registry))) {
      problems.push({
        path: `${at}.registry`,
        message: 'must be a docker scope without scheme (host[:port][/path][:tag|@sha256:digest], or *.host; lowercase, '
          + `e.g. "quay.io/myorg"), got ${quote(registry)}`,
      });
    } else if (firstIndex.has(registry)) {
      problems.push({
        path: `${at}.registry`,
        message: `must be unique (all requirements of one scope must hold, so a second key would demand two signatures), got ${quote(registry)} again (first at ${path}.keys[${firstIndex.get(registry)}])`,
      });
    } else {
      firstIndex.set(registry, i);
    }
    if (typeof key?.keyPath !== 'string' || !KBS_URI.test(key.keyPath)) {
      problems.push({
        path: `${at}.keyPath`,
        message: `must be a KBS resource URI kbs:///<repository>/<type>/<tag> (e.g. "kbs:///default/cosign-keys/key1"), got ${quote(key?.keyPath)}`,
      });
    }
    if (key?.kind !== 'sigstore' && key?.kind !== 'gpg') {
      problems.push({ path: `${at}.kind`, message: `must be "sigstore" or "gpg", got ${quote(key?.kind)}` });
    }
  });
  return problems;
}

/**
 * The policy.json text of `preset`: `default` and `transports` in that order, scopes sorted, two-space
 * JSON with a trailing newline.
 *
 * @throws InputError listing every problem of {@link imagePolicyProblems}
 */
export function renderImagePolicy(preset: ImagePolicyPreset, path = 'imagePolicy'): string {
  const problems = imagePolicyProblems(preset, path);
  if (problems.length > 0) {
    throw new InputError(problems);
  }
  const policy = preset.type === 'signedBy'
    ? {
      default: [{ type: 'reject' }],
      transports: {
        docker: Object.fromEntries([...preset.keys]
          .sort((a, b) => (a.registry < b.registry ? -1 : a.registry > b.registry ? 1 : 0))
          .map(key => [key.registry, [requirement(key)]])),
      },
    }
    : { default: [{ type: preset.type }], transports: {} };
  return `${JSON.stringify(policy, null, 2)}\n`;
}

function requirement(key: ImageSigningKey): Record<string, string> {
  return key.kind === 'sigstore'
    ? { type: 'sigstoreSigned', keyPath: key.keyPath }
    : { type: 'signedBy', keyType: 'GPGKeys', keyPath: key.keyPath };
}
