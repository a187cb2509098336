import { ClusterGroupConfig } from '../config/schema';
import { ArgoAppChart } from '../gitops/argo-app-chart';
import { ClusterGroup } from '../gitops/cluster-group';
import { OPERATORS } from '../olm/catalog';
import { providerOf } from '../platforms/providers';
import { PeerPodsConfigSource, SandboxedContainers } from '../sandbox/sandboxed-containers';
import { Trustee } from '../trustee/trustee';
import { ConfidentialRuntime } from '../workloads/confidential-runtime';
import { oscRelease } from '../sandbox/osc-versions';
import { addBareMetalNodes } from './bare-metal';
import { operatorInstallProps } from './operators';
import type { SpokeOfHub } from './fleet';
import { AppWaves } from './waves';

/** The group's confidential runtime, and what its hub renders for its sandbox. */
export interface SandboxParts {
  readonly runtime: ConfidentialRuntime;
  /** A spoke's `peer-pods-cm` built by ACM templates: the hub's policy enforces it on each of its clusters. */
  readonly hubPeerPods?: SpokeOfHub['peerPods'];
}

/**
 * The `sandbox` Application and the group's confidential runtime, from pattern.yaml. `trustee` is the
 * Trustee of this pattern the workloads attest to (the plan's), if any; otherwise `sandbox.kbs.url`.
 */
export function addSandbox(cg: ClusterGroup, cfg: ClusterGroupConfig, trustee: Trustee | undefined): SandboxParts | undefined {
  const s = cfg.sandbox;
  if (!s.enabled) {
    return undefined;
  }
  const provider = providerOf(cfg.cloud, s);
  // Bare metal: kata-cc on the nodes' own TEE; every confidential pod carries its own initdata.
  const bareMetal = provider.bareMetal();
  const runtime = new ConfidentialRuntime({
    runtimeClass: s.runtimeClass,
    // With a Trustee of this pattern the runtime takes its URL and certificate from it.
    kbsUrl: trustee ? undefined : s.kbs.url,
    kbsCertificate: trustee ? undefined : s.kbs.certificate,
    trustee,
    tees: provider.tees(),
    algorithm: s.initData.algorithm,
    defaultAgentPolicy: s.initData.agentPolicy,
    imageSecurityPolicy: s.initData.imageSecurityPolicy,
    vmSizes: provider.vmSizes(),
    // A Trustee of another group (a hub) serves several groups: its grants name this one.
    origin: trustee && ClusterGroup.of(trustee) !== cg ? cg.name : undefined,
    initDataAnnotation: oscRelease(s.version, `clusterGroups.${cg.name}.sandbox.version`).initDataAnnotation,
    clusterDefaultInitData: !bareMetal,
  });

  const source = provider.configSource(runtime.defaultInitData.encoded);
  // A spoke has no ACM of its own: its hub's policy builds peer-pods-cm on each of its clusters.
  const viaHub = cfg.spoke !== undefined && source?.type === 'acm';
  const peerPods: PeerPodsConfigSource | undefined = viaHub ? { type: 'hub' } : source;
  const teeNodes = bareMetal ? addBareMetalNodes(cg, cfg, bareMetal) : undefined;

  const ns = OPERATORS.sandbox.namespace;
  const chart = new ArgoAppChart(cg, 'sandbox', { project: 'sandbox', namespace: ns, syncWave: AppWaves.CONFIDENTIAL });
  new SandboxedContainers(chart, 'sandbox', {
    operator: operatorInstallProps(cg.name, 'sandbox', s.version, s.operator),
    kataConfigName: s.kataConfig.name,
    checkNodeEligibility: s.kataConfig.checkNodeEligibility,
    logLevel: s.kataConfig.logLevel,
    nodeSelector: s.kataConfig.nodeSelector ?? teeNodes,
    deploymentMode: s.deploymentMode,
    peerPods,
    defaultInitData: bareMetal ? undefined : runtime.defaultInitData,
    bareMetal: bareMetal ? { tee: bareMetal.tee } : undefined,
    natGateway: provider.natGateway && s.natGateway.enabled
      ? { resourcePrefix: s.natGateway.resourcePrefix, idleTimeoutMinutes: s.natGateway.idleTimeoutMinutes, image: s.natGateway.image }
      : undefined,
    sshPublicKey: s.sshDebug.enabled && !bareMetal ? {
      vaultPath: s.sshDebug.vaultPath,
      property: s.sshDebug.publicKeyProperty,
      settings: { vaultPath: `clusterGroups.${cg.name}.sandbox.sshDebug.vaultPath`, property: `clusterGroups.${cg.name}.sandbox.sshDebug.publicKeyProperty` },
    } : undefined,
    store: { name: cfg.externalSecrets.store.name, kind: 'ClusterSecretStore' },
  });
  return { runtime, hubPeerPods: viaHub && source ? { data: source.data, defaultInitData: runtime.defaultInitData } : undefined };
}
