/**
 * The hello-openshift demo's descriptor: its rules, the images strictImages checks, what posture names.
 * (Its construct is tested in test/workloads/workloads.test.ts, its place in the pattern in demos.test.ts.)
 */
import { ClusterGroupSchema } from '../../lib/config/schema';

/** A group's sandbox settings (defaults applied) from `sandbox` as pattern.yaml gives it. */
const sandboxOf = (sandbox: Record<string, unknown>) => ClusterGroupSchema.parse({ sandbox }).sandbox;
import { TrusteeSchema } from '../../lib/config/trustee';
import { HELLO_OPENSHIFT_DEMO } from '../../lib/demos/hello-openshift/demo';

const PATH = 'clusterGroups.g.workloads.helloOpenshift';
const demo = HELLO_OPENSHIFT_DEMO;
const sandbox = sandboxOf({});

test('each resource the debug pod may obtain is checked against the Trustee it attests to, at its index', () => {
  const settings = demo.settings.parse({ insecurePolicyObtains: ['kbsres1/key1', 'nope/x'] });
  expect(demo.problems(settings, { path: PATH, sandbox, trustee: TrusteeSchema.parse({}) })).toEqual([
    { path: `${PATH}.insecurePolicyObtains[1]`, message: expect.stringContaining('names secret resource "nope", which Trustee does not serve') },
  ]);
  // An external KBS: nothing the pattern can check.
  expect(demo.problems(settings, { path: PATH, sandbox })).toEqual([]);
});

test('strictImages checks its image, which its two confidential pods run', () => {
  expect(demo.images(demo.settings.parse({ namespace: 'hello' }))).toEqual([
    { field: 'image', image: 'quay.io/openshift/origin-hello-openshift', usedBy: ['hello/insecure-policy', 'hello/secure'] },
  ]);
});

test('posture: its debug pod goes with the demo, and its grants with insecurePolicyObtains', () => {
  expect(demo.posture).toEqual({ removeDebugWorkload: 'enabled: false (the insecure-policy demo)', debugGrants: 'insecurePolicyObtains' });
});
