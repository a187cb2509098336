/**
 * The providers, one file each (see `provider.ts` for what a provider defines). The cluster group schema
 * is built from this list: a discriminated union on `cloud`, one member per provider.
 */
import type { z } from 'zod';
import type { Problem } from '../../errors';
import type { PeerPodsConfigData } from '../../sandbox/sandboxed-containers';
import type { AttestedTee } from '../tees';
import { AWS } from './aws';
import { AZURE } from './azure';
import { BAREMETAL } from './baremetal';
import type { BareMetalPlatform } from './bare-metal-platform';
import { LIBVIRT } from './libvirt';
import type { Provider, ProviderContext } from './provider';

export type { InitDataAlgorithmRule, Provider, ProviderContext } from './provider';
export type { BareMetalPccs, BareMetalPlatform, TdxCollateralChoice } from './bare-metal-platform';

/** Every provider, in the order messages list them. */
export const PROVIDER_LIST = [AZURE, AWS, LIBVIRT, BAREMETAL] as const;

type Registered = (typeof PROVIDER_LIST)[number];

/** The `cloud` of a cluster group. */
export type Cloud = Registered['cloud'];

/** Every cloud, in registry order. */
export const CLOUDS: readonly Cloud[] = PROVIDER_LIST.map(p => p.cloud);

/** The cloud of a cluster group that does not name one. */
export const DEFAULT_CLOUD: Cloud = AZURE.cloud;

/** The settings schema of each cloud's provider. */
type SettingsSchemas = { [P in Registered as P['cloud']]: P['settings'] };

/** A cloud's part of a cluster group's `sandbox`, as the schema checked it. */
export type ProviderSettings<C extends Cloud = Cloud> = z.output<SettingsSchemas[C]>;

/** The provider of each cloud. */
export const PROVIDERS: { readonly [C in Cloud]: Provider<C, SettingsSchemas[C]> } = { azure: AZURE, aws: AWS, libvirt: LIBVIRT, baremetal: BAREMETAL };

/** A provider applied to the settings of one cluster group (its data, and its methods on those settings). */
export interface GroupProvider extends Pick<Provider, 'title' | 'runtimeClass' | 'natGateway' | 'initDataAlgorithm' | 'runsOnNodes'> {
  readonly cloud: Cloud;
  problems(context: ProviderContext): Problem[];
  vmSizes(): readonly string[];
  defaultVmSize(): string | undefined;
  tees(): AttestedTee[];
  /** The `peer-pods-cm` data; undefined without peer pods (bare metal). */
  configSource(initdata: string): PeerPodsConfigData | undefined;
  /** The nodes' TEE and what they need, on a provider whose pods run on the nodes (bare metal). */
  bareMetal(): BareMetalPlatform | undefined;
  describe(): string;
}

/** The provider of `cloud`, applied to a cluster group's (enabled) `sandbox`. */
export function providerOf<C extends Cloud>(cloud: C, sandbox: ProviderSettings<C>): GroupProvider {
  return bind(PROVIDERS[cloud], sandbox);
}

function bind<Id extends Cloud, S extends z.ZodObject>(provider: Provider<Id, S>, settings: z.output<S>): GroupProvider {
  return {
    cloud: provider.cloud,
    title: provider.title,
    runtimeClass: provider.runtimeClass,
    natGateway: provider.natGateway,
    initDataAlgorithm: provider.initDataAlgorithm,
    runsOnNodes: provider.runsOnNodes,
    problems: context => provider.problems(settings, context),
    vmSizes: () => provider.vmSizes(settings),
    defaultVmSize: () => provider.defaultVmSize(settings),
    tees: () => provider.tees(settings),
    configSource: initdata => provider.configSource(settings, initdata),
    bareMetal: () => provider.bareMetal?.(settings),
    describe: () => provider.describe(settings),
  };
}
