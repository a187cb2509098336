/**
 * The kbs-access demo's descriptor: its rules and the images strictImages checks.
 * (Its construct is tested in test/workloads/workloads.test.ts, its place in the pattern in demos.test.ts.)
 */
import { ClusterGroupSchema } from '../../lib/config/schema';

/** A group's sandbox settings (defaults applied) from `sandbox` as pattern.yaml gives it. */
const sandboxOf = (sandbox: Record<string, unknown>) => ClusterGroupSchema.parse({ sandbox }).sandbox;
import { TrusteeSchema } from '../../lib/config/trustee';
import { KBS_ACCESS_DEMO } from '../../lib/demos/kbs-access/demo';

const PATH = 'clusterGroups.g.workloads.kbsAccess';
const demo = KBS_ACCESS_DEMO;
const defaults = demo.settings.parse({});

test('it needs a default agent policy that denies exec (a debug policy obtains no secret)', () => {
  const debug = sandboxOf({ initData: { agentPolicy: { preset: 'allow-all' } } });
  expect(demo.problems(defaults, { path: PATH, sandbox: debug })).toEqual([
    { path: `${PATH}.enabled`, message: expect.stringContaining('must be false when sandbox.initData.agentPolicy allows exec') },
  ]);
  expect(demo.problems(defaults, { path: PATH, sandbox: sandboxOf({}) })).toEqual([]);
});

test('the resource it serves is checked against the Trustee it attests to', () => {
  const sandbox = sandboxOf({});
  const trustee = TrusteeSchema.parse({});
  expect(demo.problems(defaults, { path: PATH, sandbox, trustee })).toEqual([]);
  expect(demo.problems(demo.settings.parse({ resource: 'kbsres1/key4' }), { path: PATH, sandbox, trustee })).toEqual([
    { path: `${PATH}.resource`, message: expect.stringContaining('names key "key4" of secret resource "kbsres1"') },
  ]);
  // An external KBS: nothing the pattern can check.
  expect(demo.problems(demo.settings.parse({ resource: 'kbsres1/key4' }), { path: PATH, sandbox })).toEqual([]);
});

test('strictImages checks the app image and the fetcher\'s', () => {
  expect(demo.images(demo.settings.parse({ namespace: 'kbs' })).map(i => [i.field, i.image, i.usedBy])).toEqual([
    ['image', 'ghcr.io/butler54/kbs-access-app:latest', ['kbs/secure']],
    ['fetcherImage', 'registry.access.redhat.com/ubi9/ubi:latest', ['kbs/secure (init container)']],
  ]);
});
