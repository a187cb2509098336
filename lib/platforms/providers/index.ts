/** The peer-pods providers, one file each (see `provider.ts` for what a provider defines). */
import type { Cloud } from '../../sandbox/peer-pods';
import { AWS } from './aws';
import { AZURE } from './azure';
import { LIBVIRT } from './libvirt';
import type { PeerPodsProvider } from './provider';

export type { PeerPodsProvider, PeerPodsSettings, ProviderContext } from './provider';

/** The provider of each cloud. */
export const PROVIDERS: { readonly [C in Cloud]: PeerPodsProvider<C> } = { azure: AZURE, aws: AWS, libvirt: LIBVIRT };
