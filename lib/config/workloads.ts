/**
 * pattern.yaml: the demo apps.
 */
import { z } from 'zod';
import { dnsLabel, nonEmpty } from './fields';

const PORT = { message: 'must be a port number from 1 to 65535' };
const port = () => z.number().int().min(1, PORT).max(65535, PORT);

export const WorkloadsSchema = z.strictObject({
  strictImages: z.boolean().default(false).describe('Fail the synth when a confidential workload\'s image is not pinned by digest (default: a warning).'),
  helloOpenshift: z.strictObject({
    enabled: z.boolean().default(true).describe('hello-openshift three ways: standard, insecure-policy, secure.'),
    namespace: dnsLabel().default('hello-openshift'),
    image: nonEmpty().default('quay.io/openshift/origin-hello-openshift'),
    port: port().default(8888),
    insecurePolicyObtains: z.array(nonEmpty()).default([]).describe('KBS resources <secret>/<key> the insecure-policy (debug, exec allowed) pod may obtain; anyone who can exec into it can read them: a high posture finding.'),
  }).prefault({}),
  kbsAccess: z.strictObject({
    enabled: z.boolean().default(true).describe('A confidential web app that serves a secret fetched from Trustee.'),
    namespace: dnsLabel().default('kbs-access'),
    image: nonEmpty().default('ghcr.io/butler54/kbs-access-app:latest'),
    fetcherImage: nonEmpty().default('registry.access.redhat.com/ubi9/ubi:latest').describe('Image of the init container that fetches the secret.'),
    resource: nonEmpty().default('kbsres1/key3').describe('KBS resource <secret>/<key> the app serves.'),
    port: port().default(5000),
    imageEnv: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*=/, { message: 'must be NAME=value' })).optional()
      .describe('The app image\'s own environment (NAME=value, from its config: skopeo inspect --config docker://<image> | jq .config.Env). The agent policy then allows no other variable; unset, the host may add variables (except loader hooks), a posture finding.'),
  }).prefault({}),
}).prefault({});

export type WorkloadsConfig = z.output<typeof WorkloadsSchema>;
