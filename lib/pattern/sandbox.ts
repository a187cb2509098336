import { ClusterGroupConfig, PatternConfig } from '../config/schema';
import { trusteeGroupOf } from '../config/semantics';
import { ArgoAppChart } from '../gitops/argo-app-chart';
import { ClusterGroup } from '../gitops/cluster-group';
import { OPERATORS } from '../olm/catalog';
import {
  awsData, azureAcmTemplateData, azureStaticData, confidentialVmSeries, DEFAULT_AZURE_INSTANCE_SIZES, libvirtData, OPERATOR_WRITTEN_KEYS, PeerPodsCommon,
} from '../sandbox/peer-pods';
import { PeerPodsConfigSource, SandboxedContainers } from '../sandbox/sandboxed-containers';
import { AttestedTee } from '../trustee/attestation-policy';
import { Trustee } from '../trustee/trustee';
import { ConfidentialRuntime } from '../workloads/confidential-runtime';
import { oscRelease } from '../sandbox/osc-versions';
import { operatorInstallProps } from './operators';
import { AppWaves } from './waves';

/** The TEE of each Azure confidential VM size, as Trustee sees its evidence. */
function azureTees(sizes: readonly string[]): AttestedTee[] {
  const tees = new Set<AttestedTee>();
  for (const size of sizes) {
    const tee = confidentialVmSeries(size)?.tee;
    if (tee === 'Intel TDX') tees.add('azure-tdx-vtpm');
    else if (tee) tees.add('azure-snp-vtpm');
  }
  return [...tees].sort();
}

/** The `sandbox` Application and the group's confidential runtime, from pattern.yaml. */
export function renderSandbox(cg: ClusterGroup, cfg: ClusterGroupConfig, config: PatternConfig, trustees: ReadonlyMap<string, Trustee>): ConfidentialRuntime | undefined {
  const s = cfg.sandbox;
  if (!s.enabled) {
    return undefined;
  }
  const trusteeGroup = trusteeGroupOf(config, cg.name);
  const trustee = trusteeGroup ? trustees.get(trusteeGroup) : undefined;
  const pp = s.peerPods;
  const vmSizes = cfg.cloud === 'azure' ? (pp.azure.instanceSizes ?? DEFAULT_AZURE_INSTANCE_SIZES) : [];
  const runtime = new ConfidentialRuntime({
    runtimeClass: s.runtimeClass,
    kbsUrl: trustee?.kbsUrl ?? s.kbs.url!,
    kbsCertificate: trustee ? trustee.kbsCertificate : s.kbs.certificate,
    trustee,
    tees: cfg.cloud === 'azure' ? azureTees(vmSizes) : [],
    algorithm: s.initData.algorithm,
    defaultAgentPolicy: s.initData.agentPolicy,
    imageSecurityPolicy: s.initData.imageSecurityPolicy,
    vmSizes,
    initDataAnnotation: oscRelease(s.version, `clusterGroups.${cg.name}.sandbox.version`).initDataAnnotation,
  });

  const common: PeerPodsCommon = {
    initdata: runtime.defaultInitData.encoded,
    vxlanPort: pp.vxlanPort,
    proxyTimeout: pp.proxyTimeout,
    peerPodsLimitPerNode: pp.limitPerNode,
    rootVolumeSizeGiB: pp.rootVolumeSizeGiB,
    tags: pp.tags,
  };
  let peerPods: PeerPodsConfigSource;
  if (cfg.cloud === 'azure' && pp.mode === 'acm') {
    peerPods = { type: 'acm', data: azureAcmTemplateData(common, pp.azure), clusterSelector: pp.clusterSelector };
  } else {
    const az = pp.azure;
    const data = cfg.cloud === 'azure'
      ? azureStaticData({ ...az, region: az.region!, resourceGroup: az.resourceGroup!, subnetId: az.subnetId!, nsgId: az.nsgId! }, common)
      : cfg.cloud === 'aws' ? awsData(pp.aws!, common) : libvirtData(pp.libvirt!, common);
    peerPods = { type: 'static', data, operatorWrittenKeys: OPERATOR_WRITTEN_KEYS[cfg.cloud] };
  }

  const ns = OPERATORS.sandbox.namespace;
  const chart = new ArgoAppChart(cg, 'sandbox', { project: 'sandbox', namespace: ns, syncWave: AppWaves.CONFIDENTIAL });
  new SandboxedContainers(chart, 'sandbox', {
    operator: operatorInstallProps(cg.name, 'sandbox', s.version, s.operator),
    kataConfigName: s.kataConfig.name,
    checkNodeEligibility: s.kataConfig.checkNodeEligibility,
    logLevel: s.kataConfig.logLevel,
    nodeSelector: s.kataConfig.nodeSelector,
    deploymentMode: s.deploymentMode,
    peerPods,
    defaultInitData: runtime.defaultInitData,
    natGateway: cfg.cloud === 'azure' && s.natGateway.enabled
      ? { resourcePrefix: s.natGateway.resourcePrefix, idleTimeoutMinutes: s.natGateway.idleTimeoutMinutes, image: s.natGateway.image }
      : undefined,
    sshPublicKey: s.sshDebug.enabled ? { vaultPath: s.sshDebug.vaultPath, property: s.sshDebug.publicKeyProperty } : undefined,
    store: { name: cfg.externalSecrets.store.name, kind: 'ClusterSecretStore' },
  });
  return runtime;
}
