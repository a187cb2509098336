/**
 * Bare metal: confidential containers on the cluster's own Intel TDX or AMD SEV-SNP nodes with OSC's
 * `kata-cc` RuntimeClass (no peer pods, no pod VM sizes, no NAT gateway). `sandbox.tee` names the TEE;
 * `sandbox.tdx` / `sandbox.snp` hold what that TEE's hosts need (measurements for Trustee, DCAP collateral,
 * the PCCS; cached VCEKs). OSC bare-metal documentation (OSC 1.12, "Deploying confidential containers on
 * bare-metal servers") and the reference pattern's `values-baremetal.yaml` (validatedpatterns/coco-pattern).
 */
import { z } from 'zod';
import { PCCS_VAULT_DEFAULTS, pccsProxyProblem } from '../../baremetal/intel-dcap/dcap-defaults';
import { BARE_METAL_TEES, bareMetalTeeProblem, TEE_HOSTS } from '../../baremetal/tee-hosts';
import { Problem, quote } from '../../errors';
import { dnsLabel, labelMap, ruled } from '../../config/fields';
import { expiration, secretKey, vaultPath } from '../../config/trustee';
import { expirationProblem } from '../../trustee/reference-values';
import { collateralServiceProblem } from '../../trustee/tee-collateral';
import { NODE_TEE_RUNTIME_CLASS } from '../../workloads/runtime-classes';
import { measurementProblems, TEES, TeeDefinition, TeeMeasurementValues } from '../tees';
import type { BareMetalPlatform } from './bare-metal-platform';
import type { Provider } from './provider';

/** `<tee>.measurements`: one key per measurement of the TEE (its definition's), and their expiry. */
function measurementsSchema(tee: TeeDefinition) {
  const keys = Object.fromEntries(tee.measurements.map(m => [m.key, (m.shape.type === 'bytes'
    ? z.array(z.string()).min(1, { message: `must list at least one accepted value (${m.title})` })
    : z.number())
    .optional()
    .describe(`${m.title}${m.shape.type === 'bytes' ? `, ${m.shape.length} bytes as hex (accepted values)` : ', the minimum accepted SVN (0 to 255)'}. How to obtain it: ${m.howToObtain}.`)]));
  return z.strictObject({
    ...keys,
    expiration: expiration().describe('Expiry of these reference values ("YYYY-MM-DDTHH:MM:SSZ").'),
  }).describe(`Expected ${tee.title} measurements of the nodes, for the Trustee this group attests to; a missing one fails closed (posture finding).`);
}

const PCCS = z.strictObject({
  secrets: z.strictObject({
    vaultPath: vaultPath().default(PCCS_VAULT_DEFAULTS.secrets.vaultPath),
    apiKeyProperty: secretKey().default(PCCS_VAULT_DEFAULTS.secrets.apiKeyProperty).describe('Your Intel PCS API subscription key.'),
    userTokenHashProperty: secretKey().default(PCCS_VAULT_DEFAULTS.secrets.userTokenHashProperty),
    userTokenProperty: secretKey().default(PCCS_VAULT_DEFAULTS.secrets.userTokenProperty),
    adminTokenHashProperty: secretKey().default(PCCS_VAULT_DEFAULTS.secrets.adminTokenHashProperty),
  }).prefault({}).describe('Vault entry of the PCCS\'s Intel API key and tokens (never in git; `npm run secrets -- init` lists them).'),
  tls: z.strictObject({
    vaultPath: vaultPath().default(PCCS_VAULT_DEFAULTS.tls.vaultPath),
    keyProperty: secretKey().default(PCCS_VAULT_DEFAULTS.tls.keyProperty),
    certificateProperty: secretKey().default(PCCS_VAULT_DEFAULTS.tls.certificateProperty),
  }).prefault({}).describe('Vault entry of the PCCS TLS key and certificate.'),
  nodeSelector: labelMap().optional().describe('Nodes the PCCS runs on (its cache is a host folder); default the control-plane nodes.'),
  httpsProxy: ruled(pccsProxyProblem, '^https?://\\S+$').optional().describe('Proxy the PCCS reaches Intel\'s PCS through.'),
}).describe('Intel\'s PCCS for the TDX hosts (its secrets come from Vault through External Secrets).');

const COLLATERAL = 'Where Trustee\'s TDX verifier gets the DCAP collateral: "intel" (Intel\'s PCS), "pccs" (this cluster\'s PCCS; only for a Trustee on this cluster), or an https URL.';

const TDX_SETTINGS = z.strictObject({
  measurements: measurementsSchema(TEES.tdx).optional(),
  collateralService: z.string().default('intel').describe(COLLATERAL),
  useSecureCert: z.boolean().optional().describe('Check the collateral service\'s certificate (Trustee up to 1.1; 1.2 always checks it).'),
  pccs: PCCS.prefault({}),
}).describe('What Intel TDX hosts need: their measurements, the DCAP collateral Trustee uses, the PCCS.');

const SNP_SETTINGS = z.strictObject({
  measurements: measurementsSchema(TEES.snp).optional(),
  vcekCache: z.array(z.strictObject({
    hwid: z.string().describe('The chip id as lowercase hex (`snphost show vcek-url`).'),
    vaultPath: vaultPath().describe('Vault entry holding the VCEK (DER, base64).'),
    property: secretKey().optional(),
  })).optional().describe('VCEKs cached in Trustee (1.1 and later), tried before AMD\'s KDS.'),
}).describe('What AMD SEV-SNP hosts need: their measurements, cached VCEKs.');

const settings = z.object({
  tee: z.enum(BARE_METAL_TEES, {
    error: issue => issue.input === undefined
      ? 'is required when cloud is "baremetal": the TEE of the nodes, "tdx" or "snp"'
      : bareMetalTeeProblem(issue.input),
  }).describe('The TEE of the confidential nodes: tdx (Intel TDX) or snp (AMD SEV-SNP); one per cluster.'),
  nodeRoles: z.array(dnsLabel()).min(1, { message: 'must name at least one MachineConfigPool role' }).default(['worker'])
    .describe('MachineConfigPool roles of the TEE nodes: worker, or master on single-node and compact clusters.'),
  tdx: TDX_SETTINGS.optional(),
  snp: SNP_SETTINGS.optional(),
  peerPods: z.never({ error: issue => `is a peer-pods setting (pod VMs and their sizes); on cloud "baremetal" the pods run on the nodes' own TEE with kata-cc, got ${quote(issue.input)}` }).optional(),
});

type Settings = z.output<typeof settings>;

/** The measurements given for the group's TEE, without their expiry. */
function measurementValues(m: Record<string, unknown> & { expiration: string }): TeeMeasurementValues {
  const { expiration: _, ...values } = m;
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as TeeMeasurementValues;
}

function problems(s: Settings, path: string, secretStore: boolean, now: Date | undefined): Problem[] {
  const out: Problem[] = [];
  for (const other of BARE_METAL_TEES.filter(t => t !== s.tee)) {
    if (s[other] !== undefined) out.push({ path: `${path}.${other}`, message: `is for tee "${other}", but this group's nodes are ${TEES[s.tee].title} (sandbox.tee: ${s.tee})` });
  }
  const own = s[s.tee];
  if (own?.measurements) {
    const at = `${path}.${s.tee}.measurements`;
    out.push(...measurementProblems(TEES[s.tee], measurementValues(own.measurements), at));
    const expiry = expirationProblem(own.measurements.expiration, now);
    if (expiry && !expirationProblem(own.measurements.expiration)) out.push({ path: `${at}.expiration`, message: expiry });
  }
  if (s.tee === 'tdx') {
    const service = s.tdx?.collateralService ?? 'intel';
    const serviceProblem = service === 'intel' || service === 'pccs' ? undefined : collateralServiceProblem(service, ['intel', 'pccs']);
    if (serviceProblem) {
      out.push({ path: `${path}.tdx.collateralService`, message: serviceProblem });
    }
    if (!secretStore) {
      out.push({ path: `${path}.tdx.pccs`, message: 'needs a secret store: the PCCS reads its Intel PCS API key, tokens and TLS key from Vault through External Secrets; set externalSecrets.enabled: true (on a spoke it reads the hub\'s Vault)' });
    }
  }
  return out;
}

function bareMetal(s: Settings): BareMetalPlatform {
  const own = s[s.tee];
  const measurements = own?.measurements ? { values: measurementValues(own.measurements), expiration: own.measurements.expiration } : undefined;
  if (s.tee === 'snp') {
    return { tee: s.tee, nodeRoles: s.nodeRoles, measurements, snpVcekCache: s.snp?.vcekCache ?? [] };
  }
  const tdx = s.tdx ?? TDX_SETTINGS.parse({});
  return {
    tee: s.tee,
    nodeRoles: s.nodeRoles,
    measurements,
    tdxCollateral: { service: tdx.collateralService, useSecureCert: tdx.useSecureCert },
    pccs: tdx.pccs,
  };
}

export const BAREMETAL: Provider<'baremetal', typeof settings> = {
  cloud: 'baremetal',
  title: 'bare metal',
  settings,
  runtimeClass: NODE_TEE_RUNTIME_CLASS,
  runsOnNodes: true,
  natGateway: false,
  problems: (s, { path, secretStore, now }) => problems(s, path, secretStore ?? true, now),
  vmSizes: () => [],
  defaultVmSize: () => undefined,
  tees: s => [s.tee],
  configSource: () => undefined,
  bareMetal,
  describe: s => `baremetal (${TEES[s.tee].title.replace(/ \(bare metal\)$/, '')} on the nodes, ${NODE_TEE_RUNTIME_CLASS}, handler ${TEE_HOSTS[s.tee].runtimeHandler})`,
};
