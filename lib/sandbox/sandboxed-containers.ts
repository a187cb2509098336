import * as k8s from '../../imports/k8s';
import { Construct } from 'constructs';
import { KataConfig } from '../../imports/kataconfiguration.openshift.io';
import { ConfigurationPolicy } from '../acm/configuration-policy';
import { BareMetalTee, bareMetalTeeProblem } from '../baremetal/tee-hosts';
import { Problem, quote, reject, throwIfProblems } from '../errors';
import { setSyncWave, skipDryRunOnMissingResource, Waves } from '../gitops/argo';
import { ArgoAppChart } from '../gitops/argo-app-chart';
import { RenderedInitData } from '../initdata';
import { OperatorInstall, OperatorInstallProps } from '../olm/operator-install';
import { OutputFile } from '../output/output-file';
import { SecretStoreRef, VAULT_BACKEND, VaultPropertySettings, VaultSecret } from '../secrets/vault-secret';
import { NODE_TEE_RUNTIME_CLASS, PEER_PODS_RUNTIME_CLASS } from '../workloads/runtime-classes';
import { AzureNatGateway, AzureNatGatewayProps } from './nat-gateway';
import { PEER_PODS_CONFIGMAP } from './peer-pods';
import { PeerPodsPolicy, withDefaultInitData } from './peer-pods-policy';
import { initDataFiles } from './initdata-files';

/** OpenSSH private key file names (`ssh-keygen` defaults): never copied into the cluster. */
const SSH_PRIVATE_KEY_NAME = /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/;

/** The `peer-pods-cm` data a provider renders, and how it reaches the cluster. */
export type PeerPodsConfigData =
  /** An ACM policy enforces it, filling the cluster-specific values on the cluster from ACM templates. */
  | { readonly type: 'acm'; readonly data: Readonly<Record<string, string>>; readonly clusterSelector: Readonly<Record<string, string>> }
  /** A plain ConfigMap with the given values. Keys the operator writes back are left out when empty. */
  | { readonly type: 'static'; readonly data: Readonly<Record<string, string>>; readonly operatorWrittenKeys: readonly string[] };

/** How `peer-pods-cm` reaches the cluster. */
export type PeerPodsConfigSource =
  | PeerPodsConfigData
  /**
   * The ACM hub that manages this cluster enforces it (a {@link PeerPodsPolicy} rendered with the hub's
   * objects, selecting this cluster group): nothing is rendered here.
   */
  | { readonly type: 'hub' };

export interface SandboxedContainersProps {
  /** OLM install of the OpenShift sandboxed containers operator. */
  readonly operator: OperatorInstallProps;
  /**
   * Name of the KataConfig.
   * @default "default-kata-config"
   */
  readonly kataConfigName?: string;
  /**
   * Check node eligibility with NFD (schema-required; emitted explicitly).
   * @default false
   */
  readonly checkNodeEligibility?: boolean;
  /**
   * CRI-O log level on Kata nodes.
   * @default - the operator's ("info")
   */
  readonly logLevel?: string;
  /**
   * Labels of the nodes Kata is installed on.
   * @default - every worker
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Feature gate `deploymentMode`.
   * @default - the operator's
   */
  readonly deploymentMode?: 'MachineConfig' | 'DaemonSet' | 'DaemonSetFallback';
  /**
   * `peer-pods-cm`; its `INITDATA` is set from {@link defaultInitData} when left out. Required for peer
   * pods; left out with {@link bareMetal}.
   * @default - none (bare metal)
   */
  readonly peerPods?: PeerPodsConfigSource;
  /**
   * The cluster-wide default initdata (its blob is in `peer-pods-cm` INITDATA); rendered readable next to
   * the manifests. Required for peer pods; left out with {@link bareMetal} (each kata-cc pod carries its
   * own initdata annotation).
   * @default - none (bare metal)
   */
  readonly defaultInitData?: RenderedInitData;
  /**
   * Confidential containers on the cluster's own bare-metal TDX or SEV-SNP nodes (RuntimeClass `kata-cc`)
   * instead of peer pods: KataConfig `enablePeerPods: false`, no `peer-pods-cm`, no NAT gateway, no pod VM
   * SSH key. With the feature gate `confidential: "true"`, OSC creates `kata-cc` itself (handler
   * `kata-tdx` or `kata-snp` by node label); the nodes must carry the TEE's NFD label first (see
   * `BareMetalTeeNodes`), and {@link nodeSelector} should select them on clusters with workers.
   * @default - peer pods
   */
  readonly bareMetal?: BareMetalSandbox;
  /**
   * The Azure NAT gateway Job.
   * @default - none (the worker subnet must already have egress)
   */
  readonly natGateway?: AzureNatGatewayProps;
  /**
   * Debug only: the Vault entry of an SSH public key for the pod VMs (`ssh-key-secret`, key `id_rsa.pub`).
   * Only the public key is copied; the private key never enters the cluster.
   * @default - no SSH access to pod VMs
   */
  readonly sshPublicKey?: {
    readonly vaultPath: string;
    readonly property: string;
    /**
     * The settings (e.g. pattern.yaml fields) the path and property were configured in, for messages.
     * @default - the construct's path
     */
    readonly settings?: VaultPropertySettings;
  };
  /**
   * Store of the ssh-key ExternalSecret.
   * @default VAULT_BACKEND
   */
  readonly store?: SecretStoreRef;
}

/** Confidential containers on bare metal (kata-cc). */
export interface BareMetalSandbox {
  /** The TEE of the confidential nodes (one per cluster). */
  readonly tee: BareMetalTee;
}

/**
 * OpenShift sandboxed containers with peer pods (or, with `bareMetal`, kata-cc on the cluster's TDX or
 * SEV-SNP nodes): the operator through OLM, the `osc-feature-gates`
 * ConfigMap with `confidential: "true"` (wave 1), the `peer-pods-cm` (an ACM policy that reads the Azure
 * facts on the cluster, or a static ConfigMap), the KataConfig with peer pods enabled (wave 100, after
 * the feature gates, as in the reference: it reboots nodes), and optionally the Azure NAT gateway Job
 * and an SSH public key for debugging.
 */
export class SandboxedContainers extends Construct {
  public readonly install: OperatorInstall;
  public readonly kataConfig: KataConfig;
  public readonly featureGates: k8s.KubeConfigMap;
  public readonly peerPodsPolicy?: ConfigurationPolicy;
  public readonly peerPodsConfigMap?: k8s.KubeConfigMap;
  public readonly natGateway?: AzureNatGateway;
  /** Bare-metal kata-cc, when set (else peer pods). */
  public readonly bareMetal?: BareMetalSandbox;
  /** The RuntimeClass confidential pods use: `kata-remote` (peer pods) or `kata-cc` (bare metal), both created by OSC. */
  public readonly runtimeClassName: string;

  constructor(scope: Construct, id: string, props: SandboxedContainersProps) {
    super(scope, id);
    if (props.sshPublicKey && SSH_PRIVATE_KEY_NAME.test(props.sshPublicKey.property)) {
      reject('SandboxedContainers sshPublicKey.property', `must name the public key (e.g. "id_rsa.pub"): the private key never enters the cluster, got ${quote(props.sshPublicKey.property)}`);
    }
    throwIfProblems(runtimeProblems(props));
    this.bareMetal = props.bareMetal;
    this.runtimeClassName = props.bareMetal ? NODE_TEE_RUNTIME_CLASS : PEER_PODS_RUNTIME_CLASS;
    const ns = props.operator.namespace;
    this.install = new OperatorInstall(this, 'Operator', props.operator);

    this.featureGates = new k8s.KubeConfigMap(this, 'FeatureGates', {
      metadata: { name: 'osc-feature-gates', namespace: ns },
      data: { confidential: 'true', ...(props.deploymentMode ? { deploymentMode: props.deploymentMode } : {}) },
    });
    setSyncWave(this.featureGates, Waves.CONFIG);

    // Peer pods only (checked above: both set, or neither).
    const peerPods = props.peerPods;
    const defaultInitData = props.defaultInitData;
    if (peerPods?.type === 'acm' && defaultInitData) {
      const data = withDefaultInitData(peerPods.data, defaultInitData, 'SandboxedContainers peerPods.data');
      this.peerPodsPolicy = new PeerPodsPolicy(this, 'PeerPodsPolicy', { data, defaultInitData, clusterSelector: peerPods.clusterSelector });
    } else if (peerPods?.type === 'static' && defaultInitData) {
      const all = withDefaultInitData(peerPods.data, defaultInitData, 'SandboxedContainers peerPods.data');
      const data = Object.fromEntries(Object.entries(all).filter(([k, v]) => !(peerPods.operatorWrittenKeys.includes(k) && v === '')));
      this.peerPodsConfigMap = new k8s.KubeConfigMap(this, 'PeerPodsConfigMap', { metadata: { name: PEER_PODS_CONFIGMAP, namespace: ns }, data });
      setSyncWave(this.peerPodsConfigMap, Waves.CONFIG);
      // The operator writes the pod VM image id it builds into these keys: Argo CD must not revert them.
      const written = peerPods.operatorWrittenKeys.filter(k => !(k in data));
      const app = this.node.scopes.slice().reverse().find(ArgoAppChart.isArgoAppChart);
      if (written.length > 0 && app) {
        app.ignoreDifference({ kind: 'ConfigMap', name: PEER_PODS_CONFIGMAP, namespace: ns, jsonPointers: written.map(k => `/data/${k}`) });
      }
    }

    if (props.natGateway) {
      this.natGateway = new AzureNatGateway(this, 'NatGateway', { namespace: ns, ...props.natGateway });
    }
    if (props.sshPublicKey) {
      new VaultSecret(this, 'SshKey', {
        namespace: ns,
        secretName: 'ssh-key-secret',
        name: 'ssh-key-secret-eso',
        vaultPath: props.sshPublicKey.vaultPath,
        keys: ['id_rsa.pub'],
        properties: { 'id_rsa.pub': props.sshPublicKey.property },
        store: props.store ?? VAULT_BACKEND,
        contents: { 'id_rsa.pub': { material: 'sshPublicKey' } },
        settings: props.sshPublicKey.settings && {
          vaultPath: props.sshPublicKey.settings.vaultPath,
          properties: { 'id_rsa.pub': props.sshPublicKey.settings.property },
        },
      });
    }

    this.kataConfig = new KataConfig(this, 'Resource', {
      metadata: { name: props.kataConfigName ?? 'default-kata-config' },
      spec: {
        enablePeerPods: !props.bareMetal,
        checkNodeEligibility: props.checkNodeEligibility ?? false,
        logLevel: props.logLevel,
        kataConfigPoolSelector: props.nodeSelector ? { matchLabels: { ...props.nodeSelector } } : undefined,
      },
    });
    setSyncWave(this.kataConfig, Waves.LATE);
    skipDryRunOnMissingResource(this.kataConfig);

    if (defaultInitData) {
      for (const f of initDataFiles('default', defaultInitData, 'peer-pods-cm INITDATA: the initdata of every peer pod without its own')) {
        new OutputFile(this, `InitData-${f.fileName}`, f);
      }
    }
  }
}

/** Peer pods need peerPods and defaultInitData; bare metal none of the peer-pods settings. */
function runtimeProblems(props: SandboxedContainersProps): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ path: `SandboxedContainers ${field}`, message });
  if (props.bareMetal) {
    const teeProblem = bareMetalTeeProblem(props.bareMetal.tee);
    if (teeProblem) add('bareMetal.tee', teeProblem);
    const peerPodsOnly: [string, unknown][] = [['peerPods', props.peerPods], ['defaultInitData', props.defaultInitData], ['natGateway', props.natGateway], ['sshPublicKey', props.sshPublicKey]];
    for (const [field, value] of peerPodsOnly) {
      if (value !== undefined) add(field, 'must be left out with bareMetal: it configures peer pods, and bare-metal kata-cc runs no pod VM in a cloud');
    }
  } else {
    if (!props.peerPods) add('peerPods', 'is required for peer pods (or set bareMetal for kata-cc on the cluster\'s own TDX or SEV-SNP nodes)');
    if (!props.defaultInitData) add('defaultInitData', 'is required for peer pods: its blob is peer-pods-cm INITDATA, the initdata of every peer pod without its own');
  }
  return problems;
}
