/**
 * pattern.yaml: OpenShift sandboxed containers, peer pods, the default initdata.
 */
import { z } from 'zod';
import { OPERATORS } from '../olm/catalog';
import { AGENT_POLICY_PRESETS } from '../policy/spec';
import { INIT_DATA_ALGORITHMS } from '../initdata/algorithm';
import { DEFAULT_OSC_VERSION, OSC_VERSIONS, oscVersionProblem } from '../sandbox/osc-versions';
import { dnsLabel, dnsSubdomain, labelMap, nonEmpty, versionChoice } from './fields';
import { operatorSettings } from './operator';
import { httpsUrl } from './fields';
import { certificateRef, secretKey, vaultPath } from './trustee';

const positiveInt = () => z.number().int().min(1);
const PORT = { message: 'must be a port number from 1 to 65535' };

export const AgentPolicySchema = z.strictObject({
  preset: z.enum(AGENT_POLICY_PRESETS).default('no-exec').describe('no-exec denies exec, log reading, stdin and policy replacement; allow-all is for debugging only.'),
  execAllowList: z.array(z.array(z.string())).optional().describe('Exact commands (argv) exec may run under no-exec, e.g. [["cat", "/etc/os-release"]].'),
});

export const SandboxSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Deploy OpenShift sandboxed containers with peer pods in this cluster group.'),
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
  runtimeClass: dnsSubdomain().default('kata-remote').describe('RuntimeClass of confidential pods: kata-remote for peer pods.'),
  peerPods: z.strictObject({
    mode: z.enum(['acm', 'static']).default('acm').describe('acm: an ACM policy reads the Azure facts on the cluster (Azure only); static: the values below.'),
    clusterSelector: labelMap().default({ cloud: 'Azure' }).describe('Labels of the managed clusters the peer-pods policy is placed on.'),
    vxlanPort: z.number().int().min(1, PORT).max(65535, PORT).optional(),
    proxyTimeout: nonEmpty().optional(),
    limitPerNode: positiveInt().optional(),
    rootVolumeSizeGiB: z.number().int().min(0).optional(),
    tags: z.record(z.string(), z.string()).optional(),
    azure: z.strictObject({
      instanceSize: nonEmpty().optional(),
      instanceSizes: z.array(nonEmpty()).optional(),
      enableSecureBoot: z.boolean().optional(),
      region: nonEmpty().optional(),
      resourceGroup: nonEmpty().optional(),
      subnetId: nonEmpty().optional(),
      nsgId: nonEmpty().optional(),
      subscriptionId: nonEmpty().optional(),
      imageId: z.string().optional(),
    }).prefault({}),
    aws: z.strictObject({
      region: nonEmpty(),
      subnetId: nonEmpty(),
      vpcId: nonEmpty(),
      securityGroupIds: z.array(nonEmpty()).min(1, { message: 'must list at least one security group' }),
      instanceType: nonEmpty().optional(),
      instanceTypes: z.array(nonEmpty()).optional(),
      amiId: z.string().optional(),
      usePublicIp: z.boolean().optional(),
    }).optional(),
    libvirt: z.strictObject({
      uri: nonEmpty(),
      network: nonEmpty().optional(),
      pool: nonEmpty().optional(),
      volumeName: nonEmpty().optional(),
      cpu: positiveInt().optional(),
      memoryMiB: positiveInt().optional(),
      rootDiskSizeGiB: positiveInt().optional(),
      launchSecurity: z.literal('s390-pv').optional(),
    }).optional(),
  }).prefault({}),
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
}).prefault({});

export type SandboxConfig = z.output<typeof SandboxSchema>;
