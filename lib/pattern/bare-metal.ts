import { BareMetalTeeNodes } from '../baremetal/bare-metal-tee-nodes';
import { INTEL_DCAP_NAMESPACE } from '../baremetal/intel-dcap/dcap-defaults';
import { IntelDcap } from '../baremetal/intel-dcap/intel-dcap';
import { NFD_OPERATOR } from '../baremetal/operators';
import { ClusterGroupConfig } from '../config/schema';
import { ArgoAppChart } from '../gitops/argo-app-chart';
import { ClusterGroup } from '../gitops/cluster-group';
import type { BareMetalPlatform } from '../platforms/providers';
import { AppWaves } from './waves';

/** Argo CD project of the node side and Intel DCAP of a bare-metal group. */
const PROJECT = 'baremetal';

/**
 * The node side of a bare-metal group, before its sandbox: the `baremetal` Application (Node Feature
 * Discovery labelling the TEE nodes, and the MachineConfigs with the TEE's kernel arguments: the Machine
 * Config Operator reboots every node of those pools once, before KataConfig reboots them again) and, for
 * TDX, the `intel-dcap` Application (SGX device plugin, PCCS, QGS; its secrets from Vault). Returns the
 * label of the TEE nodes, KataConfig's default pool selector.
 */
export function addBareMetalNodes(cg: ClusterGroup, cfg: ClusterGroupConfig, platform: BareMetalPlatform): Readonly<Record<string, string>> {
  const nodes = new ArgoAppChart(cg, 'baremetal', { project: PROJECT, namespace: NFD_OPERATOR.namespace, syncWave: AppWaves.NODES });
  const teeNodes = new BareMetalTeeNodes(nodes, 'nodes', { tee: platform.tee, roles: platform.nodeRoles });
  if (platform.pccs) {
    const dcap = new ArgoAppChart(cg, 'intel-dcap', { project: PROJECT, namespace: INTEL_DCAP_NAMESPACE, syncWave: AppWaves.CONFIDENTIAL });
    new IntelDcap(dcap, 'intel-dcap', {
      pccs: {
        secrets: platform.pccs.secrets,
        tls: platform.pccs.tls,
        nodeSelector: platform.pccs.nodeSelector,
        httpsProxy: platform.pccs.httpsProxy,
        store: { name: cfg.externalSecrets.store.name, kind: 'ClusterSecretStore' },
        refreshInterval: cfg.externalSecrets.refreshInterval,
      },
    });
  }
  return teeNodes.nodeSelector;
}
