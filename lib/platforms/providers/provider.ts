/**
 * What the pattern needs to know about one peer-pods provider (a cloud-api-adaptor `CLOUD_PROVIDER`):
 * how its pattern.yaml settings are checked, which TEEs and VM sizes its pod VMs have, and how the
 * `peer-pods-cm` data is produced. One file per provider in this folder; `index.ts` lists them. A new
 * provider is a file here plus its settings under `sandbox.peerPods.<cloud>` (lib/config/sandbox.ts)
 * and its data function under lib/sandbox/peer-pods/.
 */
import type { Problem } from '../../errors';
import type { SandboxConfig } from '../../config/sandbox';
import { OPERATOR_WRITTEN_KEYS } from '../../sandbox/peer-pods/cloud';
import type { Cloud, PeerPodsCommon } from '../../sandbox/peer-pods';
import type { PeerPodsConfigData } from '../../sandbox/sandboxed-containers';
import type { AttestedTee } from '../tees';

/** `sandbox.peerPods` of a cluster group, as pattern.yaml gives it after defaults. */
export type PeerPodsSettings = SandboxConfig['peerPods'];

/** What a provider's checks know about the cluster group beyond its peer-pods settings. */
export interface ProviderContext {
  /** `sandbox.peerPods` as a full field path (problems are reported under it). */
  readonly path: string;
  /** Whether an ACM manages the group's clusters: its own, or its hub's (the `acm` mode needs it). */
  readonly acmEnabled: boolean;
}

export interface PeerPodsProvider<Id extends Cloud = Cloud> {
  /** The cloud-api-adaptor provider name (`CLOUD_PROVIDER`), also `cloud` in pattern.yaml. */
  readonly cloud: Id;
  /** Whether an ACM policy can read this provider's facts on the cluster (`peerPods.mode: acm`). */
  readonly readsClusterFacts: boolean;
  /** Whether the pattern can give the pod VMs egress itself (the NAT gateway Job). */
  readonly natGateway: boolean;
  /** Every problem of the provider's settings, with full field paths. */
  problems(settings: PeerPodsSettings, context: ProviderContext): Problem[];
  /** The VM sizes (instance types) workloads may ask for; empty when the provider has no such list. */
  vmSizes(settings: PeerPodsSettings): readonly string[];
  /** The default VM size, when the provider has one. */
  defaultVmSize(settings: PeerPodsSettings): string | undefined;
  /** The TEEs whose evidence Trustee sees from these pod VMs (empty: no attested TEE known). */
  tees(settings: PeerPodsSettings): AttestedTee[];
  /** The `peer-pods-cm` data and how it reaches the cluster; settings must have passed `problems`. */
  configSource(settings: PeerPodsSettings, common: PeerPodsCommon): PeerPodsConfigData;
  /** One line for reports: the provider and where its values come from. */
  describe(settings: PeerPodsSettings): string;
}

/** The problem of `mode: acm` on a provider whose facts no ACM policy reads. */
export function acmModeProblems(provider: PeerPodsProvider, settings: PeerPodsSettings, context: ProviderContext): Problem[] {
  if (settings.mode !== 'acm' || provider.readsClusterFacts) return [];
  return [{
    path: `${context.path}.mode`,
    message: `is "acm", which reads Azure facts and is only available when cloud is "azure"; use "static" for cloud "${provider.cloud}"`,
  }];
}

/** How a provider with static values only (no ACM facts, no attested TEE known, no VM size list) is made. */
export interface StaticProviderParts<S> {
  /** Its settings under `sandbox.peerPods.<cloud>`, when given. */
  settingsOf(settings: PeerPodsSettings): S | undefined;
  /** Problems of its settings, under `path`. */
  problems(settings: S, path: string): Problem[];
  /** Its `peer-pods-cm` data. */
  data(settings: S, common: PeerPodsCommon): Record<string, string>;
}

/** A provider whose values are all given in pattern.yaml. */
export function staticProvider<Id extends Cloud, S>(cloud: Id, parts: StaticProviderParts<S>): PeerPodsProvider<Id> {
  const provider: PeerPodsProvider<Id> = {
    cloud,
    readsClusterFacts: false,
    natGateway: false,
    problems(settings, context) {
      const own = parts.settingsOf(settings);
      const settingsProblems = own !== undefined
        ? parts.problems(own, `${context.path}.${cloud}`)
        : [{ path: `${context.path}.${cloud}`, message: `is required when cloud is "${cloud}"` }];
      return [...acmModeProblems(provider, settings, context), ...settingsProblems];
    },
    vmSizes: () => [],
    defaultVmSize: () => undefined,
    tees: () => [],
    configSource(settings, common) {
      const own = parts.settingsOf(settings);
      if (own === undefined) throw new Error(`${cloud}: peer pods need sandbox.peerPods.${cloud}`);
      return { type: 'static', data: parts.data(own, common), operatorWrittenKeys: OPERATOR_WRITTEN_KEYS[cloud] };
    },
    describe: () => `${cloud} (static values)`,
  };
  return provider;
}
