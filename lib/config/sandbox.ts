/**
 * pattern.yaml: OpenShift sandboxed containers, the default initdata, and the settings every peer-pods
 * provider shares. Each provider (lib/platforms/providers/) adds its own keys; the cluster group schema
 * (schema.ts) puts them together per cloud.
 */
import { z } from 'zod';
import { quote } from '../errors';
import { OPERATORS } from '../olm/catalog';
import { AGENT_POLICY_PRESETS } from '../policy/spec';
import { INIT_DATA_ALGORITHMS } from '../initdata/algorithm';
import { DEFAULT_OSC_VERSION, OSC_VERSIONS, oscVersionProblem } from '../sandbox/osc-versions';
import { absentAsEmpty, absentAsEmptyShape, dnsLabel, dnsSubdomain, httpsUrl, labelMap, nonEmpty, oneOfByKey, port, positiveInt, versionChoice } from './fields';
import { operatorSettings } from './operator';
import { certificateRef, secretKey, vaultPath } from './trustee';

export const AgentPolicySchema = z.strictObject({
  preset: z.enum(AGENT_POLICY_PRESETS).default('no-exec').describe('no-exec denies exec, log reading, stdin and policy replacement; allow-all is for debugging only.'),
  execAllowList: z.array(z.array(z.string())).optional().describe('Exact commands (argv) exec may run under no-exec, e.g. [["cat", "/etc/os-release"]].'),
});

/** The keys of `sandbox` before the provider's own. */
const LEADING = {
  version: versionChoice(OSC_VERSIONS, oscVersionProblem).default(DEFAULT_OSC_VERSION)
    .describe('OpenShift sandboxed containers release, quoted ("1.12"): pins the operator\'s CSV and decides the pod annotation that carries initdata (runtime.cc_init_data up to 1.10, hypervisor.cc_init_data from 1.11).'),
  operator: operatorSettings(OPERATORS.sandbox),
  kataConfig: z.strictObject({
    name: dnsSubdomain().default('default-kata-config'),
    checkNodeEligibility: z.boolean().default(false).describe('Check node eligibility with NFD before installing Kata.'),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'panic']).optional().describe('CRI-O log level on Kata nodes.'),
    nodeSelector: labelMap().optional().describe('Labels of the nodes Kata is installed on (kataConfigPoolSelector); default all workers.'),
  }).prefault({}),
  deploymentMode: z.enum(['MachineConfig', 'DaemonSet', 'DaemonSetFallback']).optional().describe('How OSC installs Kata (feature gate deploymentMode).'),
};

/** The keys of `sandbox` after the provider's own. */
const TRAILING = {
  kbs: z.strictObject({
    trustee: dnsLabel().optional().describe('Cluster group whose Trustee the workloads attest to; default this group.'),
    url: httpsUrl().optional().describe('KBS URL, when the Trustee is not rendered by this pattern.'),
    certificate: certificateRef().optional().describe('Certificate (CA) the workloads pin, with url.'),
  }).prefault({}),
  initData: z.strictObject({
    algorithm: z.enum(INIT_DATA_ALGORITHMS).default('sha256').describe('Digest algorithm; Azure peer pods bind initdata through vTPM PCR8 and need sha256.'),
    // The short form `agentPolicy: no-exec` (what the README's table shows) is the preset alone.
    agentPolicy: z.union([z.enum(AGENT_POLICY_PRESETS), AgentPolicySchema])
      .transform(v => (typeof v === 'string' ? { preset: v } : v))
      .prefault({})
      .describe('The agent policy: a preset name (no-exec, allow-all), or { preset, execAllowList }.'),
    imageSecurityPolicy: z.boolean().default(true).describe('Point the guest at Trustee\'s image security policy (default/security-policy/osc).'),
  }).prefault({}).describe('The cluster-wide default initdata (peer-pods-cm INITDATA).'),
  natGateway: z.strictObject({
    enabled: z.boolean().default(true).describe('Create the NAT gateway the peer-pod VMs need for egress (Azure). When off, the worker subnet must already have egress.'),
    resourcePrefix: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,67}$/, { message: 'must be an Azure resource name prefix' }).default('coco'),
    idleTimeoutMinutes: z.number().int().min(4).max(120).default(10),
    image: nonEmpty().optional().describe('Azure CLI image of the Job.'),
  }).prefault({}),
  sshDebug: z.strictObject({
    enabled: z.boolean().default(false).describe('Debug only: put an SSH public key into the pod VMs. The private key never enters the cluster.'),
    vaultPath: vaultPath().default('secret/data/global/sshKey'),
    publicKeyProperty: secretKey().default('id_rsa.pub'),
  }).prefault({}),
};

const ENABLED = 'Deploy OpenShift sandboxed containers with peer pods in this cluster group.';

/** What the sandbox schema needs from the provider of a cluster group. */
export interface SandboxPlatform<Own extends z.ZodObject> {
  /** The provider's keys of `sandbox` (e.g. `peerPods`), placed between the common ones. */
  readonly settings: Own;
  /** Default `runtimeClass` of confidential pods on this provider. */
  readonly runtimeClass: string;
  /**
   * Its pods run on the nodes' own TEE (bare metal): the pod-VM settings (`natGateway`, `sshDebug`) are
   * refused, and `runtimeClass` can only be the provider's.
   * @default false
   */
  readonly runsOnNodes?: boolean;
}

const ON_NODES = 'is a setting of pod VMs (peer pods); on cloud "baremetal" the pods run on the nodes\' own TEE with kata-cc';

/**
 * A key a provider whose pods run on the nodes must not be given: refused with {@link ON_NODES}; its
 * output is `schema`'s default, so the group's settings keep one type.
 */
function refusedOnNodes<T extends z.ZodType>(schema: T) {
  return z.never({ error: issue => `${ON_NODES}, got ${quote(issue.input)}` }).optional()
    .transform(() => schema.parse(undefined) as z.output<T>);
}

/**
 * `sandbox` of a cluster group on one provider: the common keys around the provider's own. An absent key
 * of the provider's is checked as `{}` (so each required field in it is named); with `enabled: false`
 * nothing runs, so the provider's keys may be left out (and are checked when given).
 */
export function sandboxSchema<Own extends z.ZodObject>(platform: SandboxPlatform<Own>) {
  const runtimeClass = platform.runsOnNodes
    ? z.literal(platform.runtimeClass, { error: issue => `must be "${platform.runtimeClass}" when the pods run on the nodes' own TEE (bare metal), got ${quote(issue.input)}` })
      .optional().default(platform.runtimeClass).describe(`RuntimeClass of confidential pods: ${platform.runtimeClass} on the nodes' own TEE.`)
    : dnsSubdomain().default(platform.runtimeClass).describe('RuntimeClass of confidential pods: kata-remote for peer pods.');
  const trailing = platform.runsOnNodes
    ? { ...TRAILING, natGateway: refusedOnNodes(TRAILING.natGateway), sshDebug: refusedOnNodes(TRAILING.sshDebug) }
    : TRAILING;
  // The casts name the provider's own shape: on a generic `Own`, `.shape` is typed as any object's.
  const enabled = z.strictObject({
    enabled: z.literal(true).optional().default(true).describe(ENABLED),
    ...LEADING,
    runtimeClass,
    ...absentAsEmptyShape(platform.settings.shape as Own['shape']),
    ...trailing,
  });
  const disabled = z.strictObject({
    enabled: z.literal(false).describe(ENABLED),
    ...LEADING,
    runtimeClass,
    ...(platform.settings.partial().shape as ReturnType<Own['partial']>['shape']),
    ...trailing,
  });
  return absentAsEmpty(oneOfByKey('enabled', [enabled, disabled]));
}

/** The settings every peer-pods provider has under `sandbox.peerPods`, next to its own. */
const PEER_PODS_COMMON = {
  vxlanPort: port().optional(),
  proxyTimeout: nonEmpty().optional(),
  limitPerNode: positiveInt().optional(),
  rootVolumeSizeGiB: z.number().int().min(0).optional(),
  tags: z.record(z.string(), z.string()).optional(),
};

/**
 * `sandbox.peerPods` of the peer-pods provider of `cloud`: `lead` (its mode), the common settings, then its
 * own block. A key it does not know (another cloud's block, say) is refused naming the keys it does.
 */
export function peerPodsSchema<const Lead extends z.core.$ZodLooseShape, const Own extends z.core.$ZodLooseShape>(cloud: string, lead: Lead, own: Own) {
  const known = [...Object.keys(lead), ...Object.keys(PEER_PODS_COMMON), ...Object.keys(own)];
  return z.strictObject({ ...lead, ...PEER_PODS_COMMON, ...own }, {
    error: issue => (issue.code === 'unrecognized_keys' ? `is not a peer-pods setting of cloud "${cloud}" (${known.join(', ')})` : undefined),
  });
}

/** The common peer-pods settings as pattern.yaml gives them. */
export type PeerPodsCommonSettings = z.output<z.ZodObject<typeof PEER_PODS_COMMON>>;
