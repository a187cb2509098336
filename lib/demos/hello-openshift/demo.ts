/**
 * hello-openshift three ways (the reference's demo): `standard` (an ordinary pod), `insecure-policy` (a
 * peer pod whose agent policy allows exec, for debugging) and `secure` (a peer pod with the no-exec policy).
 * Built by lib/workloads/hello-openshift.ts (see `build.ts`).
 */
import { z } from 'zod';
import { dnsLabel, nonEmpty, port } from '../../config/fields';
import { resourceReferenceProblem } from '../../trustee/secret-resources';
import { demo } from '../demo';

export const HELLO_OPENSHIFT_DEMO = demo({
  key: 'helloOpenshift',
  // Application, namespace and project `workloads` as coco-pattern declares them (values-simple.yaml,
  // clusterGroup.applications.hello-openshift, commit 02c70a7).
  app: 'hello-openshift',
  settings: z.strictObject({
    enabled: z.boolean().default(true).describe('hello-openshift three ways: standard, insecure-policy, secure.'),
    namespace: dnsLabel().default('hello-openshift'),
    image: nonEmpty().default('quay.io/openshift/origin-hello-openshift'),
    port: port().default(8888),
    insecurePolicyObtains: z.array(nonEmpty()).default([]).describe('KBS resources <secret>/<key> the insecure-policy (debug, exec allowed) pod may obtain; anyone who can exec into it can read them: a high posture finding.'),
  }),
  confidential: true,
  problems(settings, { path, trustee }) {
    if (!trustee) return [];
    return settings.insecurePolicyObtains.flatMap((resource, i) => {
      const message = resourceReferenceProblem(resource, trustee.secretResources);
      return message ? [{ path: `${path}.insecurePolicyObtains[${i}]`, message }] : [];
    });
  },
  images: settings => [
    { field: 'image', image: settings.image, usedBy: ['insecure-policy', 'secure'].map(name => `${settings.namespace}/${name}`) },
  ],
  posture: {
    removeDebugWorkload: 'enabled: false (the insecure-policy demo)',
    debugGrants: 'insecurePolicyObtains',
  },
});
