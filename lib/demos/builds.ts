/** How each demo is built (the construct side of the registry in `index.ts`; a missing demo does not compile). */
import type { DemoKey } from '.';
import type { DemoBuild } from './build';
import { buildHelloOpenshift } from './hello-openshift/build';
import { buildKbsAccess } from './kbs-access/build';

export type { DemoBuild, DemoBuildContext } from './build';

/** The build of each demo. */
export const DEMO_BUILDS: { readonly [K in DemoKey]: DemoBuild<K> } = {
  helloOpenshift: buildHelloOpenshift,
  kbsAccess: buildKbsAccess,
};
