/**
 * pattern.yaml: the platform services (ACM, Vault, External Secrets, certificates).
 */
import { z } from 'zod';
import { LETS_ENCRYPT_PRODUCTION } from '../certificates/acme';
import { OPERATORS } from '../olm/catalog';
import { DURATION, refreshIntervalProblem } from '../secrets/vault-rules';
import { choiceProblem } from '../errors';
import { defaultRouteHost } from '../naming/dns';
import { OperatorKey } from '../olm/catalog';
import { operatorVersions } from '../olm/versions';
import { dnsLabel, dnsSubdomain, hostName, httpsUrl, nonEmpty, ruled, versionChoice } from './fields';
import { operatorSettings } from './operator';

/** An exact chart version, a quoted string (a YAML number such as 0.31 is refused with a hint to quote it). */
const semver = () => z.string({
  error: issue => typeof issue.input === 'number'
    ? `must be an exact chart version such as "0.31.0", a quoted string: YAML reads an unquoted version as a number, got the number ${issue.input}`
    : undefined,
}).check(ctx => {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(ctx.value)) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must be an exact chart version such as "0.31.0"' });
  }
});

const quantity = () => z.string().check(ctx => {
  if (!/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.test(ctx.value)) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must be a Kubernetes quantity such as "10Gi"' });
  }
});

const uuid = () => z.string().check(ctx => {
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(ctx.value)) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must be a GUID such as "00000000-0000-0000-0000-000000000000"' });
  }
});

/** The pinned operator version of an area, one of lib/olm/versions.ts (quoted in YAML). */
const operatorVersion = (operator: OperatorKey, what: string, defaultVersion: string) => {
  const versions = operatorVersions(operator);
  return versionChoice(versions, v => choiceProblem(v, versions, what)).default(defaultVersion)
    .describe(`${what} release, quoted ("${defaultVersion}"): pins the operator's CSV (startingCSV) and channel.`);
};

const enabledBy = (on: boolean, what: string) => z.boolean().default(on).describe(`Deploy ${what} in this cluster group.`);

export const AcmSchema = z.strictObject({
  enabled: enabledBy(true, 'Advanced Cluster Management (the hub the peer-pods policy runs from)'),
  version: operatorVersion('acm', 'Advanced Cluster Management', '2.14'),
  operator: operatorSettings(OPERATORS.acm),
  availability: z.enum(['High', 'Basic']).default('High').describe('MultiClusterHub availabilityConfig: Basic runs one replica per component.'),
}).prefault({});

export const VaultSchema = z.strictObject({
  enabled: enabledBy(true, 'HashiCorp Vault (the official Helm chart)'),
  namespace: dnsLabel().default('vault'),
  chart: z.strictObject({
    repoURL: httpsUrl('a Helm repository').default('https://helm.releases.hashicorp.com'),
    name: dnsLabel().default('vault'),
    version: semver().default('0.31.0').describe('Exact chart version; 0.31.0 ships Vault 1.20.'),
  }).prefault({}),
  routeHost: hostName().optional().describe('Host of the Vault Route; default vault-<namespace>.<appsDomain>.'),
  storageSize: quantity().default('10Gi').describe('Size of the Vault data volume.'),
}).prefault({});

/**
 * The host of a group's Vault Route: `vault.routeHost`, else `vault-<namespace>.<appsDomain>`; undefined when
 * neither is known. What the group renders, and what its spokes read.
 */
export function vaultRouteHost(group: { readonly appsDomain?: string; readonly vault: { readonly routeHost?: string; readonly namespace: string } }): string | undefined {
  return group.vault.routeHost ?? (group.appsDomain ? defaultRouteHost('vault', group.vault.namespace, group.appsDomain) : undefined);
}

export const ExternalSecretsSchema = z.strictObject({
  enabled: enabledBy(true, 'External Secrets (operator, operand and the Vault ClusterSecretStore)'),
  version: operatorVersion('externalSecrets', 'External Secrets Operator for Red Hat OpenShift', '1.1'),
  operator: operatorSettings(OPERATORS.externalSecrets),
  store: z.strictObject({
    name: dnsSubdomain().default('vault-backend').describe('The ClusterSecretStore every ExternalSecret of the pattern uses.'),
    vaultServer: httpsUrl('the Vault API').optional().describe('Vault API URL; default https://vault-server.<vault namespace>.svc:8200, on a spoke the hub\'s Vault Route.'),
    kvPath: nonEmpty().default('secret').describe('Mount path of the KV v2 secrets engine.'),
    authMountPath: nonEmpty().default('hub').describe('Mount path of the Vault Kubernetes auth method; on a spoke the prefix of each cluster\'s mount "<prefix>-<managed cluster name>" (default there: the group name).'),
    authRole: nonEmpty().default('hub-role').describe('Vault role bound to the store\'s service account (default on a spoke: external-secrets).'),
    serviceAccount: dnsSubdomain().default('vault-backend').describe('Service account the store authenticates to Vault as.'),
  }).prefault({}),
  refreshInterval: ruled(refreshIntervalProblem, DURATION.source).default('15s').describe('How often ExternalSecrets re-read Vault (the reference pattern uses 15s).'),
}).prefault({});

export const CertManagerSchema = z.strictObject({
  enabled: enabledBy(false, 'cert-manager with a Let\'s Encrypt issuer (off by default, like the reference)'),
  version: operatorVersion('certManager', 'cert-manager Operator for Red Hat OpenShift', '1.16'),
  operator: operatorSettings(OPERATORS.certManager),
  letsEncrypt: z.strictObject({
    email: z.email({ message: 'must be an e-mail address' }).optional().describe('ACME account e-mail; required when enabled.'),
    server: httpsUrl('an ACME directory').default(LETS_ENCRYPT_PRODUCTION).describe('ACME directory (Let\'s Encrypt production by default; use staging to test).'),
    azureDns: z.strictObject({
      subscriptionId: uuid(),
      tenantId: uuid(),
      clientId: uuid(),
      resourceGroupName: nonEmpty(),
      hostedZoneName: hostName(),
      clientSecretVaultPath: nonEmpty().default('secret/data/hub/azureDns'),
      clientSecretKey: nonEmpty().default('clientSecret'),
    }).optional().describe('Azure DNS zone for the DNS-01 challenges; required when enabled.'),
  }).prefault({}),
  ingressCertificate: z.boolean().default(true).describe('Issue the wildcard certificate of the apps domain.'),
  apiCertificate: z.boolean().default(true).describe('Issue the certificate of the API server.'),
}).prefault({});
