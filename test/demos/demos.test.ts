/**
 * The demo registry: every demo satisfies the contract of lib/demos/demo.ts. It is registered under its
 * own key with a build; its settings default from `{}` and refuse unknown keys; its rules (with the shared
 * ones: the sandbox a confidential demo needs, `strictImages`) name fields under `workloads.<key>`; it
 * builds inside any chart; and in the pattern it is its own Argo CD Application (project `workloads`,
 * after the sandbox and Trustee, in its namespace), every object schema-valid.
 */
import { Chart, Testing } from 'cdk8s';
import { ClusterGroupSchema } from '../../lib/config/schema';

/** A group's sandbox settings (defaults applied) from `sandbox` as pattern.yaml gives it. */
const sandboxOf = (sandbox: Record<string, unknown>) => ClusterGroupSchema.parse({ sandbox }).sandbox;
import { TrusteeSchema } from '../../lib/config/trustee';
import { WorkloadsSchema, workloadsProblems } from '../../lib/config/workloads';
import { Demo, DEMO_KEYS, DemoKey, DEMOS, DemoSettingsByKey } from '../../lib/demos';
import { DEMO_BUILDS } from '../../lib/demos/builds';
import { dnsLabelProblem } from '../../lib/naming/dns';
import { AppWaves } from '../../lib/pattern';
import { RenderedTree } from '../../lib/output/render';
import { ConfidentialRuntime } from '../../lib/workloads/confidential-runtime';
import { find, manifests, minimalInput, render } from '../support/render';
import { describeWithSchemas, schemaValidator } from '../support/schemas';

const demos: Demo[] = DEMO_KEYS.map(key => DEMOS[key]);
const PATH = 'clusterGroups.g.workloads';
/** `workloads` settings for every demo (enabled or not by default). */
const every = (settings: Record<string, unknown>) => Object.fromEntries(DEMO_KEYS.map(k => [k, settings]));

test('every demo is registered under its own key, with an Application name of its own and a build', () => {
  expect(DEMO_KEYS.length).toBeGreaterThan(0);
  for (const key of DEMO_KEYS) {
    expect(DEMOS[key].key).toBe(key);
    expect(dnsLabelProblem(DEMOS[key].app)).toBeUndefined();
  }
  expect(Object.keys(DEMO_BUILDS)).toEqual(DEMO_KEYS);
  expect(new Set(demos.map(d => d.app)).size).toBe(demos.length);
});

test.each(DEMO_KEYS)('%s: its settings default from {} and are workloads.<key> of pattern.yaml', key => {
  const demo: Demo = DEMOS[key];
  const settings = demo.settings.parse({});
  expect(typeof settings.enabled).toBe('boolean');
  expect(dnsLabelProblem(settings.namespace)).toBeUndefined();
  expect(demo.settings.safeParse({ notASetting: true }).success).toBe(false);
  expect((WorkloadsSchema.parse({}) as Record<DemoKey, unknown>)[key]).toEqual(settings);
});

test.each(DEMO_KEYS)('%s: its images are settings of its own', key => {
  const demo: Demo = DEMOS[key];
  const settings = demo.settings.parse({}) as unknown as Record<string, unknown>;
  const images = demo.images(demo.settings.parse({}));
  if (demo.confidential) expect(images.length).toBeGreaterThan(0);
  else expect(images).toEqual([]);
  for (const { field, image, usedBy } of images) {
    expect(settings[field]).toBe(image);
    expect(usedBy.length).toBeGreaterThan(0);
  }
});

test.each(DEMO_KEYS)('%s: the settings its posture fixes name are its own', key => {
  const demo: Demo = DEMOS[key];
  const fields = Object.keys(demo.settings.parse({}));
  const { removeDebugWorkload, debugGrants } = demo.posture;
  if (removeDebugWorkload) expect(fields).toContain(removeDebugWorkload.slice(0, removeDebugWorkload.indexOf(':')));
  if (debugGrants) expect(fields).toContain(debugGrants);
});

describe('rules name fields under workloads.<key>', () => {
  /** The field under workloads.<key> a problem path names ("insecurePolicyObtains[1]" is "insecurePolicyObtains"). */
  const fieldOf = (path: string, key: string) => path.slice(`${PATH}.${key}.`.length).split(/[.[]/)[0];
  const all = (workloads: Record<string, unknown>) => WorkloadsSchema.parse(workloads);

  test('a confidential demo needs the sandbox', () => {
    const problems = workloadsProblems(all(every({ enabled: true })), { path: PATH, sandbox: sandboxOf({ enabled: false }) });
    expect(problems.map(p => p.path)).toEqual(demos.filter(d => d.confidential).map(d => `${PATH}.${d.key}.enabled`));
    expect(workloadsProblems(all(every({ enabled: false })), { path: PATH, sandbox: sandboxOf({ enabled: false }) })).toEqual([]);
  });

  test('each demo\'s own rules, and strictImages, in a group that refuses what it can', () => {
    // GIVEN a sandbox whose default policy allows exec, a Trustee that serves nothing, strictImages
    const sandbox = sandboxOf({ initData: { agentPolicy: { preset: 'allow-all' } } });
    const trustee = TrusteeSchema.parse({ secretResources: [] });
    // WHEN
    const problems = workloadsProblems(all({ strictImages: true, ...every({ enabled: true }) }), { path: PATH, sandbox, trustee });
    // THEN every problem names a setting of the demo it is under, in one line
    expect(problems.length).toBeGreaterThan(0);
    for (const { path, message } of problems) {
      const demo = demos.find(d => path.startsWith(`${PATH}.${d.key}.`));
      expect(demo).toBeDefined();
      expect(Object.keys(demo!.settings.parse({}))).toContain(fieldOf(path, demo!.key));
      expect(message).not.toContain('\n');
    }
    // and a disabled demo has none
    const off = all({ strictImages: true, ...every({ enabled: false }) });
    expect(workloadsProblems(off, { path: PATH, sandbox, trustee })).toEqual([]);
  });
});

test.each(DEMO_KEYS)('%s builds inside any chart from its default settings', key => {
  // GIVEN a chart and a runtime attesting to an external KBS
  const chart = new Chart(Testing.app(), 'chart');
  const runtime = new ConfidentialRuntime({ kbsUrl: 'https://kbs.example.com' });
  // WHEN
  buildDefault(key, chart, runtime);
  // THEN
  const objects = Testing.synth(chart);
  expect(objects.length).toBeGreaterThan(0);
  expect(objects.some(o => o.spec?.template?.spec?.runtimeClassName === runtime.runtimeClass)).toBe(DEMOS[key].confidential);
});

function buildDefault<K extends DemoKey>(key: K, chart: Chart, runtime: ConfidentialRuntime): void {
  const defaults: DemoSettingsByKey = WorkloadsSchema.parse({});
  DEMO_BUILDS[key](chart, DEMOS[key].app, defaults[key], { runtime, strictImages: false });
}

describe('in the pattern, each demo is its own Argo CD Application', () => {
  const namespace = (key: DemoKey) => `demo-${DEMOS[key].app}`;
  let tree: RenderedTree | undefined;
  const rendered = () => tree ??= render(minimalInput({}, { simple: { workloads: Object.fromEntries(DEMO_KEYS.map(k => [k, { enabled: true, namespace: namespace(k) }])) } }));
  const objectsOf = (key: DemoKey) => manifests(rendered()).filter(m => m.file.startsWith(`simple/${DEMOS[key].app}/`)).map(m => m.obj);

  test.each(DEMO_KEYS)('%s: project workloads, after the sandbox and Trustee, in its namespace', key => {
    const app = find(rendered(), 'Application', DEMOS[key].app);
    expect(app.spec.project).toBe('workloads');
    expect(app.spec.destination.namespace).toBe(namespace(key));
    expect(app.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe(String(AppWaves.WORKLOADS));
    const objects = objectsOf(key);
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) {
      expect(o.kind === 'Namespace' ? o.metadata.name : o.metadata.namespace).toBe(namespace(key));
    }
  });

  describeWithSchemas('strict schema validation', () => {
    test.each(DEMO_KEYS)('%s: every object', key => {
      expect(objectsOf(key).length).toBeGreaterThan(0);
      for (const o of objectsOf(key)) {
        expect([`${o.kind}/${o.metadata.name}`, schemaValidator()!.validate(o)]).toEqual([`${o.kind}/${o.metadata.name}`, []]);
      }
    });
  });
});
