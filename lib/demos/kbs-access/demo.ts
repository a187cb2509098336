/**
 * kbs-access (the reference's demo, github.com/butler54/coco-kbs-access): a confidential web app whose
 * init container fetches a KBS resource from Trustee after attestation, which the app serves. Built by
 * lib/workloads/kbs-access.ts (see `build.ts`).
 */
import { z } from 'zod';
import type { Problem } from '../../errors';
import { dnsLabel, nonEmpty, port } from '../../config/fields';
import { resourceReferenceProblem } from '../../trustee/secret-resources';
import { demo } from '../demo';

export const KBS_ACCESS_DEMO = demo({
  key: 'kbsAccess',
  // Application, namespace and project `workloads` as coco-pattern declares them (values-simple.yaml,
  // clusterGroup.applications.kbs-access, commit 02c70a7).
  app: 'kbs-access',
  settings: z.strictObject({
    enabled: z.boolean().default(true).describe('A confidential web app that serves a secret fetched from Trustee.'),
    namespace: dnsLabel().default('kbs-access'),
    image: nonEmpty().default('ghcr.io/butler54/kbs-access-app:latest'),
    fetcherImage: nonEmpty().default('registry.access.redhat.com/ubi9/ubi:latest').describe('Image of the init container that fetches the secret.'),
    resource: nonEmpty().default('kbsres1/key3').describe('KBS resource <secret>/<key> the app serves.'),
    port: port().default(5000),
    imageEnv: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*=/, { message: 'must be NAME=value' })).optional()
      .describe('The app image\'s own environment (NAME=value, from its config: skopeo inspect --config docker://<image> | jq .config.Env). The agent policy then allows no other variable; unset, the host may add variables (except loader hooks), a posture finding.'),
  }),
  confidential: true,
  problems(settings, { path, sandbox, trustee }) {
    const problems: Problem[] = [];
    if (sandbox.initData.agentPolicy.preset === 'allow-all') {
      problems.push({ path: `${path}.enabled`, message: 'must be false when sandbox.initData.agentPolicy allows exec (preset "allow-all"): kbs-access runs with the group\'s default agent policy, and a workload whose policy allows exec obtains no secret; got true' });
    }
    const unserved = trustee ? resourceReferenceProblem(settings.resource, trustee.secretResources) : undefined;
    if (unserved) problems.push({ path: `${path}.resource`, message: unserved });
    return problems;
  },
  images: settings => [
    { field: 'image', image: settings.image, usedBy: [`${settings.namespace}/secure`] },
    { field: 'fetcherImage', image: settings.fetcherImage, usedBy: [`${settings.namespace}/secure (init container)`] },
  ],
  posture: {},
});
