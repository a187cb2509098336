/**
 * What the pattern needs to know about one provider (the `cloud` of a cluster group; for peer pods a
 * cloud-api-adaptor `CLOUD_PROVIDER`): its keys in pattern.yaml's `sandbox` (a zod schema the cluster group
 * schema is built from, a discriminated union on `cloud`), how they are checked, which TEEs and VM sizes
 * its confidential pods get, and how the `peer-pods-cm` data is produced. One file per provider in this
 * folder; `index.ts` lists them. A new provider is a file here (plus its `peer-pods-cm` data function
 * under lib/sandbox/peer-pods/) and its test.
 */
import { z } from 'zod';
import type { Problem } from '../../errors';
import { peerPodsSchema, PeerPodsCommonSettings } from '../../config/sandbox';
import type { InitDataAlgorithm } from '../../initdata/algorithm';
import { PeerPodsCommon, peerPodsCommonProblems, PeerPodsRules } from '../../sandbox/peer-pods';
import type { PeerPodsConfigData } from '../../sandbox/sandboxed-containers';
import { PEER_PODS_RUNTIME_CLASS } from '../../workloads/runtime-classes';
import type { AttestedTee } from '../tees';
import type { BareMetalPlatform } from './bare-metal-platform';

/** What a provider's checks know about the cluster group beyond its own settings. */
export interface ProviderContext {
  /** The group's `sandbox` as a full field path (problems are reported under it). */
  readonly path: string;
  /** Whether an ACM manages the group's clusters: its own, or its hub's (reading cluster facts through an ACM policy needs it). */
  readonly acmEnabled: boolean;
  /**
   * Whether the group has a secret store (External Secrets reading Vault), which services that take their
   * secrets from Vault need (e.g. Intel's PCCS on bare-metal TDX).
   * @default true
   */
  readonly secretStore?: boolean;
  /**
   * The time expiries are checked against.
   * @default - now
   */
  readonly now?: Date;
}

/** The one initdata digest algorithm a provider's pod VMs can bind, and why. */
export interface InitDataAlgorithmRule {
  readonly algorithm: InitDataAlgorithm;
  /** Completes "must be <algorithm> on <title>: ...". */
  readonly because: string;
}

/**
 * A provider. `Settings` is its part of a cluster group's `sandbox`: for peer pods `peerPods`, with the
 * provider's own block (`peerPods.azure`, ...). A platform whose confidential pods run on the node's own
 * TEE (bare metal: runtime class kata-cc, no pod VMs) has no `peerPods` at all: its settings are its own
 * keys (e.g. `tee`), and nothing in the cluster group schema assumes peer pods.
 */
export interface Provider<Id extends string = string, Settings extends z.ZodObject = z.ZodObject> {
  /** `cloud` in pattern.yaml; for peer pods also `CLOUD_PROVIDER`. */
  readonly cloud: Id;
  /** Its name in messages ("on Azure"). */
  readonly title: string;
  /** Its keys of a cluster group's `sandbox` (pure zod; checked by the schema, typed for the methods below). */
  readonly settings: Settings;
  /** The runtime class of confidential pods by default: kata-remote runs them in peer-pod VMs, kata-cc on the node's own TEE. */
  readonly runtimeClass: string;
  /**
   * Whether its confidential pods run on the nodes' own TEE (bare metal, kata-cc) rather than in pod VMs:
   * then the group's `sandbox` has no pod-VM settings (`natGateway`, `sshDebug`; the schema refuses them),
   * `runtimeClass` is the provider's, and {@link bareMetal} describes the nodes.
   * @default false
   */
  readonly runsOnNodes?: boolean;
  /** Whether the pattern can give the pod VMs egress itself (the NAT gateway Job). */
  readonly natGateway: boolean;
  /**
   * The only initdata algorithm its pod VMs can bind, when it allows just one.
   * @default - any algorithm initdata accepts
   */
  readonly initDataAlgorithm?: InitDataAlgorithmRule;
  /** Every problem of its settings beyond the schema (cross-field rules), with full field paths. */
  problems(settings: z.output<Settings>, context: ProviderContext): Problem[];
  /** The VM sizes (instance types) workloads may ask for; empty when the provider has no such list. */
  vmSizes(settings: z.output<Settings>): readonly string[];
  /** The default VM size, when the provider has one. */
  defaultVmSize(settings: z.output<Settings>): string | undefined;
  /** The TEEs whose evidence Trustee sees from its confidential pods (empty: no attested TEE known). */
  tees(settings: z.output<Settings>): AttestedTee[];
  /**
   * The `peer-pods-cm` data with `initdata` (the encoded default), and how it reaches the cluster; settings
   * must have passed `problems`. Undefined: no peer pods (the pods run on the nodes' own TEE).
   */
  configSource(settings: z.output<Settings>, initdata: string): PeerPodsConfigData | undefined;
  /**
   * The nodes' TEE and what the node side, Intel DCAP and Trustee need from them, for a provider that
   * {@link runsOnNodes}; settings must have passed `problems`.
   * @default - none (peer pods)
   */
  bareMetal?(settings: z.output<Settings>): BareMetalPlatform;
  /** One line for reports: the provider and where its values come from. */
  describe(settings: z.output<Settings>): string;
}

/** The common settings of `sandbox.peerPods` as the `peer-pods-cm` functions take them, with `initdata`. */
export function peerPodsCommon(settings: PeerPodsCommonSettings, initdata: string): PeerPodsCommon {
  return {
    initdata,
    vxlanPort: settings.vxlanPort,
    proxyTimeout: settings.proxyTimeout,
    peerPodsLimitPerNode: settings.limitPerNode,
    rootVolumeSizeGiB: settings.rootVolumeSizeGiB,
    tags: settings.tags,
  };
}

/** Problems of the common settings of `sandbox.peerPods` (at `path`) under a cloud's rules, named as pattern.yaml names them. */
export function peerPodsCommonSettingsProblems(settings: PeerPodsCommonSettings, path: string, rules: PeerPodsRules): Problem[] {
  return peerPodsCommonProblems(peerPodsCommon(settings, 'AA=='), path, rules)
    .map(p => ({ ...p, path: p.path.replace(/\.peerPodsLimitPerNode$/, '.limitPerNode') }));
}

/**
 * `peerPods.mode` of a provider whose values are all given in pattern.yaml: "static", the default. "acm"
 * (an ACM policy reading the cluster's facts) is refused with the reason.
 */
export function staticMode(cloud: string) {
  return z.literal('static', {
    error: issue => `must be "static" on cloud "${cloud}" (${issue.input === 'acm'
      ? 'mode "acm" reads Azure facts through an ACM policy and is only available when cloud is "azure"'
      : 'its values are all given in pattern.yaml'})`,
  }).optional().default('static').describe('static: the values below (the only mode of this cloud).');
}

/** `sandbox.peerPods` of a provider whose values are all given in pattern.yaml: mode "static", the common settings, then its block. */
export function staticPeerPodsSettings<const Block extends z.core.$ZodLooseShape>(cloud: string, block: Block) {
  return z.object({ peerPods: peerPodsSchema(cloud, { mode: staticMode(cloud) }, block) });
}

/** How a provider with static values only (no ACM facts, no attested TEE known, no VM size list) is made. */
export interface StaticProviderParts<Id extends string, Settings extends z.ZodObject, Own> {
  readonly cloud: Id;
  readonly title: string;
  /** Its settings ({@link staticPeerPodsSettings}). */
  readonly settings: Settings;
  /** The common settings (`peerPods`) and its block (`peerPods.<cloud>`) in its settings. */
  parts(settings: z.output<Settings>): { readonly common: PeerPodsCommonSettings; readonly own: Own };
  /** Its rules for the common settings. */
  readonly rules: PeerPodsRules;
  /** Problems of its block, under `path`. */
  problems(own: Own, path: string): Problem[];
  /** Its `peer-pods-cm` data. */
  data(own: Own, common: PeerPodsCommon): Record<string, string>;
  /** `peer-pods-cm` keys the operator writes itself. */
  readonly operatorWrittenKeys: readonly string[];
}

/** A peer-pods provider whose values are all given in pattern.yaml, under `sandbox.peerPods.<cloud>`. */
export function staticProvider<Id extends string, Settings extends z.ZodObject, Own>(p: StaticProviderParts<Id, Settings, Own>): Provider<Id, Settings> {
  return {
    cloud: p.cloud,
    title: p.title,
    settings: p.settings,
    runtimeClass: PEER_PODS_RUNTIME_CLASS,
    natGateway: false,
    problems(settings, { path }) {
      const { common, own } = p.parts(settings);
      return [...peerPodsCommonSettingsProblems(common, `${path}.peerPods`, p.rules), ...p.problems(own, `${path}.peerPods.${p.cloud}`)];
    },
    vmSizes: () => [],
    defaultVmSize: () => undefined,
    tees: () => [],
    configSource(settings, initdata) {
      const { common, own } = p.parts(settings);
      return { type: 'static', data: p.data(own, peerPodsCommon(common, initdata)), operatorWrittenKeys: p.operatorWrittenKeys };
    },
    describe: () => `${p.cloud} (static values)`,
  };
}
