import { KbsAccess } from '../../workloads/kbs-access';
import type { DemoBuild } from '../build';

/** kbs-access from its `workloads.kbsAccess` settings. */
export const buildKbsAccess: DemoBuild<'kbsAccess'> = (scope, id, s, { runtime, strictImages }) => {
  new KbsAccess(scope, id, { runtime, namespace: s.namespace, image: s.image, fetcherImage: s.fetcherImage, resource: s.resource, port: s.port, strictImages, imageEnv: s.imageEnv });
};
