import { HelloOpenshift } from '../../workloads/hello-openshift';
import type { DemoBuild } from '../build';

/** hello-openshift from its `workloads.helloOpenshift` settings. */
export const buildHelloOpenshift: DemoBuild<'helloOpenshift'> = (scope, id, s, { runtime, strictImages }) => {
  new HelloOpenshift(scope, id, { runtime, namespace: s.namespace, image: s.image, port: s.port, strictImages, insecurePolicyObtains: s.insecurePolicyObtains });
};
