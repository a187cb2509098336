/**
 * pattern.yaml: Trustee (the Key Broker Service).
 */
import { z } from 'zod';
import { OPERATORS } from '../olm/catalog';
import { DEFAULT_TRUSTEE_VERSION, TRUSTEE_VERSIONS } from '../trustee/versions';
import { SECRET_KEY, secretKeyProblem, VAULT_PATH, vaultPathProblem } from '../secrets/vault-fields';
import { expirationProblem } from '../trustee/reference-values';
import { REFERENCE_SECRET_RESOURCES } from '../trustee/secret-resources';
import { TRUSTEE_VAULT_DEFAULTS } from '../trustee/defaults';
import { choiceProblem } from '../errors';
import { dnsLabel, dnsSubdomain, hostName, httpsUrl, nonEmpty, ruled, versionChoice } from './fields';
import { operatorSettings } from './operator';

/** A Vault path in the KV v2 API form the reference uses ("secret/data/hub/kbsres1"). */
export const vaultPath = () => ruled(vaultPathProblem, VAULT_PATH.source);

/** A Secret key / Vault property name. */
export const secretKey = () => ruled(secretKeyProblem, SECRET_KEY.source);

/**
 * A PEM certificate, given inline or as a file path relative to pattern.yaml (read at load time). Inline
 * PEM text may end with a newline (a YAML `|` block always does); a path may not have surrounding spaces.
 */
export const certificateRef = () => z.string().check(ctx => {
  const v = ctx.value;
  if (v.trim() === '') {
    ctx.issues.push({ code: 'custom', input: v, message: 'must not be empty' });
  } else if (!v.includes('-----BEGIN') && v.trim() !== v) {
    ctx.issues.push({ code: 'custom', input: v, message: 'must not start or end with white space' });
  }
}).meta({ minLength: 1 })
  .describe('PEM certificate: a file path relative to pattern.yaml, or the PEM text itself. Public material only.');

/** An expiry in the RVPS format (whether it has passed is checked with the clock, in semantics.ts). */
export const expiration = () => ruled(v => expirationProblem(v), '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$');

const VaultKeyPair = (defaults: { vaultPath: string; keyProperty: string; certificateProperty: string }) => z.strictObject({
  vaultPath: vaultPath().default(defaults.vaultPath),
  keyProperty: secretKey().default(defaults.keyProperty),
  certificateProperty: secretKey().default(defaults.certificateProperty),
}).prefault({});

export const SecretResourceSchema = z.strictObject({
  name: dnsLabel().describe('Secret name = KBS resource type: served as default/<name>/<key>.'),
  vaultPath: vaultPath(),
  keys: z.array(secretKey()).min(1, { message: 'must list at least one key' }),
  externalSecretName: dnsSubdomain().optional().describe('Name of the ExternalSecret; default <name>-eso.'),
});


const ImagePolicySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('insecureAcceptAnything') }),
  z.strictObject({ type: z.literal('reject') }),
  z.strictObject({
    type: z.literal('signedBy'),
    keys: z.array(z.strictObject({
      registry: nonEmpty(),
      keyPath: nonEmpty(),
      kind: z.enum(['sigstore', 'gpg']),
    })).min(1, { message: 'must list at least one signing key' }),
  }),
]);

export const ReferenceValueSchema = z.strictObject({
  name: nonEmpty(),
  values: z.array(nonEmpty()).min(1, { message: 'must list at least one value' }),
  algorithm: z.enum(['sha256', 'sha384', 'sha512']).optional(),
  expiration: expiration(),
});

/** A quoted Red Hat build of Trustee version; a YAML number (`1.10` reads as 1.1) is refused with a hint to quote it. */
const version = versionChoice(TRUSTEE_VERSIONS, v => choiceProblem(v, TRUSTEE_VERSIONS, 'Red Hat build of Trustee'));

export const TrusteeSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Deploy Trustee (the Key Broker Service) in this cluster group.'),
  operator: operatorSettings(OPERATORS.trustee),
  version: version.default(DEFAULT_TRUSTEE_VERSION).describe('Red Hat build of Trustee; decides ConfigMap keys, TOML schema and reference value format.'),
  preset: z.enum(['secure', 'permissive']).default('secure')
    .describe('secure: HTTPS served by the KBS, admin key required, verified token signer, affirming resource policy. permissive: the reference pattern (HTTP behind an edge Route, everything allowed).'),
  kbs: z.strictObject({
    host: hostName().optional().describe('KBS Route host; default kbs-<namespace>.<appsDomain>.'),
    url: httpsUrl().optional().describe('KBS URL the workloads use; default https://<host>.'),
    certificate: certificateRef().optional().describe('The certificate (CA) the workloads pin: a PEM file relative to pattern.yaml. Required by the secure preset.'),
    serviceType: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']).default('ClusterIP'),
    envVars: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be an environment variable name' }), z.string()).optional()
      .describe('Extra environment of the trustee containers (KbsEnvVars); the permissive preset adds RUST_LOG=debug.'),
    tokenDurationMinutes: z.number().int().min(1).max(1440).default(5),
  }).prefault({}),
  adminPublicKey: z.strictObject({
    vaultPath: vaultPath().default(TRUSTEE_VAULT_DEFAULTS.adminPublicKey.vaultPath),
    property: secretKey().default(TRUSTEE_VAULT_DEFAULTS.adminPublicKey.property),
  }).prefault({}).describe('Vault entry of the KBS admin Ed25519 public key (Secret kbs-auth-public-key).'),
  https: VaultKeyPair(TRUSTEE_VAULT_DEFAULTS.https).describe('Vault entry of the KBS HTTPS key and certificate chain (secure preset).'),
  tokenSigner: VaultKeyPair(TRUSTEE_VAULT_DEFAULTS.tokenSigner).describe('Vault entry of the attestation token signing key and certificate (secure preset, Trustee 1.1 and 1.2).'),
  secretResources: z.array(SecretResourceSchema).default(REFERENCE_SECRET_RESOURCES.map(r => ({ ...r, keys: [...r.keys] }))).check(ctx => {
    const seen = new Map<string, number>();
    ctx.value.forEach((r, i) => {
      if (seen.has(r.name)) {
        ctx.issues.push({ code: 'custom', path: [i, 'name'], input: r.name, message: `is already used by secretResources[${seen.get(r.name)}]: each secret resource needs its own name` });
      }
      seen.set(r.name, i);
      const keys = new Set<string>();
      r.keys.forEach((k, j) => {
        if (keys.has(k)) ctx.issues.push({ code: 'custom', path: [i, 'keys', j], input: k, message: 'is listed twice' });
        keys.add(k);
      });
    });
  }).describe('Secrets Trustee serves to attested workloads as default/<name>/<key>; values come from Vault.'),
  imagePolicy: ImagePolicySchema.default({ type: 'insecureAcceptAnything' })
    .describe('Container image signature policy served as default/security-policy/osc (written to Vault by `npm run secrets`).'),
  referenceValues: z.array(ReferenceValueSchema).default([])
    .describe('Reference values besides the initdata digests (e.g. the pod VM\'s snp_pcr11).'),
  initDataExpiration: expiration().optional()
    .describe('Expiry of the initdata reference values this synth gives Trustee; required when Trustee is enabled.'),
}).prefault({});

export type TrusteeConfig = z.output<typeof TrusteeSchema>;
export type SecretResourceConfig = z.output<typeof SecretResourceSchema>;
