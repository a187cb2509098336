/**
 * The schema of pattern.yaml, the one file a platform engineer edits. Everything with a sensible default
 * has one, so the committed file stays short; unknown keys are rejected everywhere.
 * `npm run schema` writes pattern.schema.json from this for editor completion.
 */
import { z } from 'zod';
import { dnsLabel, hostName, nonEmpty, oneOfByKey } from './fields';
import { SpokeSchema } from './fleet';
import { sandboxSchema } from './sandbox';
import { DEFAULT_CLOUD, PROVIDER_LIST, Provider } from '../platforms/providers';
import { TrusteeSchema } from './trustee';
import { WorkloadsSchema } from './workloads';
import { AcmSchema, CertManagerSchema, ExternalSecretsSchema, VaultSchema } from './platform';

const gitRepoURL = z.string().check(ctx => {
  const v = ctx.value;
  const scp = /^[\w.-]+@[\w.-]+:[\w./~-]+$/.test(v);
  let url = false;
  try {
    const u = new URL(v);
    url = ['https:', 'ssh:', 'http:'].includes(u.protocol) && u.hostname.length > 0;
  } catch {
    url = false;
  }
  if (!scp && !url) {
    ctx.issues.push({ code: 'custom', input: v, message: `must be a Git repository URL (https://host/org/repo.git, ssh://... or git@host:org/repo.git), got ${JSON.stringify(v)}` });
  }
});

const repoPath = z.string().check(ctx => {
  const v = ctx.value;
  if (v.length === 0 || v.startsWith('/') || v.endsWith('/') || v.split('/').some(s => s === '' || s === '.' || s === '..')) {
    ctx.issues.push({ code: 'custom', input: v, message: `must be a relative path inside the repository without "." or ".." segments (e.g. "dist"), got ${JSON.stringify(v)}` });
  }
});

export const GitOpsSchema = z.strictObject({
  repoURL: gitRepoURL.describe('Git repository Argo CD reads the rendered manifests from (this repository).'),
  targetRevision: nonEmpty().default('main').describe('Branch, tag or commit Argo CD tracks.'),
  path: repoPath.default('dist').describe('Folder of the repository that holds the rendered output (the synth output dir).'),
  namespace: dnsLabel().default('openshift-gitops').describe('Namespace of the Argo CD instance (OpenShift GitOps).'),
  controllerServiceAccount: dnsLabel().default('openshift-gitops-argocd-application-controller')
    .describe('Service account of the Argo CD application controller; the bootstrap grants it exactly the kinds the pattern renders.'),
}).describe('Where Argo CD finds this repository.');

const CLOUD = 'Where the cluster runs; decides the sandbox settings (peer-pods provider).';

/** `cloud` of a group on the provider of `cloud`: its name, which the default cloud's groups may leave out. */
function cloudKey<Id extends string>(cloud: Id) {
  return cloud === DEFAULT_CLOUD ? z.literal(cloud).optional().default(cloud).describe(CLOUD) : z.literal(cloud).describe(CLOUD);
}

/** A cluster group on one provider: the common keys, with the provider's own in `sandbox`. */
function groupOn<P extends Provider>(provider: P) {
  return z.strictObject({
    cloud: cloudKey<P['cloud']>(provider.cloud),
    spoke: SpokeSchema.optional(),
    appsDomain: hostName().optional().describe('The cluster\'s apps domain (e.g. "apps.mycluster.example.com"); Route hosts such as the KBS host derive from it.'),
    trustee: TrusteeSchema,
    sandbox: sandboxSchema<P['settings']>(provider),
    workloads: WorkloadsSchema,
    acm: AcmSchema,
    vault: VaultSchema,
    externalSecrets: ExternalSecretsSchema,
    certManager: CertManagerSchema,
  });
}

type GroupMembers<T extends readonly Provider[]> = { -readonly [K in keyof T]: ReturnType<typeof groupOn<T[K]>> };

/**
 * The cluster group schema of `providers`: one member per provider, told apart by `cloud` (a discriminated
 * union), so each group's settings are exactly its provider's and the types say so.
 */
export function clusterGroupSchema<const T extends readonly [Provider, ...Provider[]]>(providers: T) {
  // Array.map keeps no tuple type; each member is `groupOn` of the provider at the same index.
  const members = providers.map(p => groupOn(p)) as GroupMembers<T>;
  return oneOfByKey('cloud', members).check(ctx => {
    const g = ctx.value;
    if (g.certManager.enabled) {
      if (!g.certManager.letsEncrypt.email) {
        ctx.issues.push({ code: 'custom', path: ['certManager', 'letsEncrypt', 'email'], input: undefined, message: 'is required when certManager is enabled' });
      }
      if (!g.certManager.letsEncrypt.azureDns) {
        ctx.issues.push({ code: 'custom', path: ['certManager', 'letsEncrypt', 'azureDns'], input: undefined, message: 'is required when certManager is enabled (the DNS-01 challenges are answered in Azure DNS)' });
      }
      if (!g.appsDomain) {
        ctx.issues.push({ code: 'custom', path: ['appsDomain'], input: undefined, message: 'is required when certManager is enabled (the certificates are for the apps and API domains)' });
      } else if (g.certManager.apiCertificate && !g.appsDomain.startsWith('apps.')) {
        ctx.issues.push({ code: 'custom', path: ['appsDomain'], input: g.appsDomain, message: 'must start with "apps." so the API host api.<cluster domain> can be derived for certManager.apiCertificate' });
      }
    }
  }).describe('One cluster group: a set of clusters that get the same Argo CD Applications.');
}

export const ClusterGroupSchema = clusterGroupSchema(PROVIDER_LIST);

export const PatternSchema = z.strictObject({
  name: dnsLabel().default('coco-pattern').describe('Pattern name; prefixes the bootstrap objects.'),
  gitops: GitOpsSchema,
  clusterGroups: z.record(dnsLabel(), ClusterGroupSchema)
    .check(ctx => {
      if (Object.keys(ctx.value).length === 0) {
        ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must define at least one cluster group (e.g. "simple: {}")' });
      }
    })
    .prefault({ simple: {} } as never)
    .describe('Cluster groups by name; each renders to <output>/<name>/. "simple" is everything on one Azure cluster.'),
}).describe('coco-cdk8s pattern configuration');

/** The configuration as written in pattern.yaml (defaults optional). */
export type PatternInput = z.input<typeof PatternSchema>;
/** The configuration with every default applied. */
export type PatternConfig = z.output<typeof PatternSchema>;
export type ClusterGroupConfig = z.output<typeof ClusterGroupSchema>;
export type GitOpsConfig = z.output<typeof GitOpsSchema>;
