import { spawnSync } from 'child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ApiObject, Testing } from 'cdk8s';
import { InputError } from '../../lib/errors';
import { InstallPlanApprover, InstallPlanApproverProps } from '../../lib/olm/installplan-approver';
import { DEFAULT_OC_IMAGE, INSTALL_PLAN_APPROVER_SCRIPT, INSTALL_PLAN_TEMPLATE } from '../../lib/olm/installplan-approver-script';
import { envOf, expectRestrictedPod, expectRoleBoundToJob, synthChart } from '../support/script-job';

const NS = 'openshift-sandboxed-containers-operator';
const SUB = 'sandboxed-containers-operator';
const CSV = 'sandboxed-containers-operator.v1.12.0';
const NEWER = 'sandboxed-containers-operator.v1.13.1';
const base: InstallPlanApproverProps = { namespace: NS, subscriptionName: SUB, csv: CSV };

function synth(props: InstallPlanApproverProps = base) {
  const { built: approver, objects, find } = synthChart(chart => new InstallPlanApprover(chart, 'approver', props));
  return { approver, objects, find };
}

describe('InstallPlanApprover', () => {
  test('renders a ServiceAccount, Role, RoleBinding and the Job, all in the operator\'s namespace', () => {
    expect(synth().objects.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      `ServiceAccount ${NS}/${SUB}-approver`,
      `Role ${NS}/${SUB}-approver`,
      `RoleBinding ${NS}/${SUB}-approver`,
      `Job ${NS}/${SUB}-approver`,
    ]);
  });

  test('the Role may only read and approve InstallPlans, read CSVs and read its own Subscription', () => {
    expect(synth().find('Role').rules).toEqual([
      { apiGroups: ['operators.coreos.com'], resources: ['installplans'], verbs: ['get', 'list', 'watch', 'patch'] },
      { apiGroups: ['operators.coreos.com'], resources: ['clusterserviceversions'], verbs: ['get', 'list'] },
      { apiGroups: ['operators.coreos.com'], resources: ['subscriptions'], resourceNames: [SUB], verbs: ['get'] },
    ]);
  });

  test('the RoleBinding binds that Role to the Job\'s service account only', () => {
    expectRoleBoundToJob(synth().find, `${SUB}-approver`, NS);
  });

  test('the Job is a Sync hook in the Subscription\'s wave, deleted before the next run and when it succeeds; its RBAC one wave earlier', () => {
    const { find, objects } = synth();
    expect(find('Job').metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'Sync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded',
      'argocd.argoproj.io/sync-wave': '-10',
    });
    for (const o of objects.filter(x => x.kind !== 'Job')) {
      expect(o.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-11' });
    }
    const custom = synth({ ...base, syncWave: 5 });
    expect(custom.find('Job').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('5');
    expect(custom.find('Role').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('4');
  });

  test('runs the script with bash in the pinned oc image, configured by environment only', () => {
    const job = synth().find('Job');
    const container = job.spec.template.spec.containers[0];
    expect(container.image).toBe(DEFAULT_OC_IMAGE);
    expect(DEFAULT_OC_IMAGE).toMatch(/^registry\.redhat\.io\/openshift4\/ose-cli-rhel9:v4\.\d+$/);
    expect(container.command).toEqual(['/bin/bash', '-c', INSTALL_PLAN_APPROVER_SCRIPT]);
    expect(envOf(job)).toEqual({
      NAMESPACE: NS, SUBSCRIPTION: SUB, CSV, TIMEOUT_SECONDS: '900', INTERVAL_SECONDS: '10', UPGRADE_HINT: 'change the pinned startingCSV', HOME: '/tmp',
    });
    expect(job.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 1020 });
  });

  test('the pod is restricted-v2 compatible and bounded', () => {
    const pod = synth().find('Job').spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expectRestrictedPod(pod);
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  test('takes a name, image, timeout and upgrade hint', () => {
    const image = `quay.io/org/oc@sha256:${'a'.repeat(64)}`;
    const { find, approver } = synth({ ...base, name: 'osc-pin', image, timeoutSeconds: 300, upgradeHint: 'set clusterGroups.simple.sandbox.version' });
    expect(find('Job').metadata.name).toBe('osc-pin');
    expect(find('Job').spec.template.spec.containers[0].image).toBe(image);
    expect(find('Job').spec.activeDeadlineSeconds).toBe(420);
    expect(envOf(find('Job'))).toMatchObject({ TIMEOUT_SECONDS: '300', UPGRADE_HINT: 'set clusterGroups.simple.sandbox.version' });
    expect([approver.csv, approver.image]).toEqual([CSV, image]);
  });

  test('the Job is the default child', () => {
    const chart = Testing.chart();
    const approver = new InstallPlanApprover(chart, 'a', base);
    expect(ApiObject.of(approver)).toBe(approver.job);
  });

  test('snapshot of the synthesized objects', () => {
    expect(synth().objects).toMatchSnapshot();
  });

  test.each([
    ['namespace', { namespace: 'Sandbox' }, /^InstallPlanApprover namespace: must be a DNS-1123 label .*got "Sandbox"$/],
    ['subscriptionName', { subscriptionName: 'My Sub' }, /^InstallPlanApprover subscriptionName: must be a DNS-1123 subdomain/],
    ['csv', { csv: 'Sandboxed v1' }, /^InstallPlanApprover csv: must be a DNS-1123 subdomain/],
    ['name', { name: 'a.b' }, /^InstallPlanApprover name: must be a DNS-1123 label .*got "a.b"$/],
    ['name (default)', { subscriptionName: `${'x'.repeat(60)}-sub` }, /^InstallPlanApprover name: .*\(the default "<subscription>-approver" is too long or not a label: set the name\)$/],
    ['image', { image: 'quay.io/org/oc' }, /^InstallPlanApprover image: must be an image reference pinned by tag \(not "latest"\) or digest, e\.g\. "registry\.redhat\.io\/openshift4\/ose-cli-rhel9:v4\.18", got "quay.io\/org\/oc"$/],
    ['image', { image: 'quay.io/org/oc:latest' }, /^InstallPlanApprover image: .*got "quay.io\/org\/oc:latest"$/],
    ['timeoutSeconds', { timeoutSeconds: 30 }, /^InstallPlanApprover timeoutSeconds: must be a whole number of seconds from 60 to 86400, got 30$/],
    ['timeoutSeconds', { timeoutSeconds: 90.5 }, /^InstallPlanApprover timeoutSeconds: .*got 90.5$/],
    ['upgradeHint', { upgradeHint: 'a\nb' }, /^InstallPlanApprover upgradeHint: must be one non-empty line, got "a\\nb"$/],
    ['upgradeHint', { upgradeHint: ' ' }, /^InstallPlanApprover upgradeHint: must be one non-empty line, got " "$/],
    ['syncWave', { syncWave: 1.5 }, /^InstallPlanApprover syncWave: must be a whole number, got 1.5$/],
  ])('fails on a bad %s', (_, bad, message) => {
    const chart = Testing.chart();
    expect(() => new InstallPlanApprover(chart, 'a', { ...base, ...bad } as InstallPlanApproverProps)).toThrow(InputError);
    expect(() => new InstallPlanApprover(chart, 'b', { ...base, ...bad } as InstallPlanApproverProps)).toThrow(message);
  });

  test('reports every bad prop at once', () => {
    expect(() => synth({ ...base, name: 'A', timeoutSeconds: 0 })).toThrow(/^InstallPlanApprover name: .*\nInstallPlanApprover timeoutSeconds: /);
  });
});

describe('the approver script', () => {
  test('is valid bash, in strict mode, never traced', () => {
    const result = spawnSync('bash', ['-n'], { input: INSTALL_PLAN_APPROVER_SCRIPT, encoding: 'utf8' });
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(INSTALL_PLAN_APPROVER_SCRIPT.startsWith('set -euo pipefail\n')).toBe(true);
    expect(INSTALL_PLAN_APPROVER_SCRIPT).not.toMatch(/set -[a-z]*x|set -o xtrace/);
  });

  test('patches nothing but spec.approved of an InstallPlan, and only through oc', () => {
    const writes = INSTALL_PLAN_APPROVER_SCRIPT.split('\n').filter(l => /\boc (patch|apply|create|delete|replace|edit|annotate|label)\b/.test(l));
    expect(writes).toEqual([`          if oc patch installplans.operators.coreos.com "$plan" -n "$NAMESPACE" --type merge -p '{"spec":{"approved":true}}' >/dev/null; then`]);
  });
});

describe('approving (the script against a fake oc)', () => {
  // Keeps the CSV phases, the InstallPlans (one per line as the go-template prints them) and the
  // Subscription's installed CSV in files; records every call; FAKE_OLM_INSTALLS makes an approval
  // install the plan's CSVs, FAKE_OC_FAILURES makes the next N calls fail.
  const FAKE_OC = `#!/bin/bash
set -euo pipefail
state="$FAKE_OC_STATE"
printf '%s\\n' "$*" >> "$state/calls"
failures="$(cat "$state/failures" 2>/dev/null || echo 0)"
if [ "$failures" -gt 0 ]; then echo $((failures - 1)) > "$state/failures"; echo "fake oc: connection refused" >&2; exit 1; fi
case "$1 $2" in
  "get clusterserviceversions.operators.coreos.com") cat "$state/csv.$3" 2>/dev/null || true ;;
  "get installplans.operators.coreos.com") cat "$state/plans" 2>/dev/null || true ;;
  "get subscriptions.operators.coreos.com") cat "$state/installed" 2>/dev/null || true ;;
  "patch installplans.operators.coreos.com")
    sed -i "s/^$3 false /$3 true /" "$state/plans"
    if [ -n "\${FAKE_OLM_INSTALLS:-}" ]; then
      for csv in $(grep "^$3 " "$state/plans" | cut -d' ' -f3-); do printf Succeeded > "$state/csv.$csv"; done
    fi ;;
  *) echo "fake oc: unexpected call: $*" >&2; exit 2 ;;
esac
`;
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'approver-'));
    writeFileSync(join(dir, 'oc'), FAKE_OC);
    chmodSync(join(dir, 'oc'), 0o755);
    writeFileSync(join(dir, 'calls'), '');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const plans = (...lines: string[]) => writeFileSync(join(dir, 'plans'), lines.map(l => `${l}\n`).join(''));
  const phase = (csv: string, value: string) => writeFileSync(join(dir, `csv.${csv}`), value);
  const plansFile = () => readFileSync(join(dir, 'plans'), 'utf8');

  function run(env: Record<string, string> = {}) {
    const result = spawnSync('bash', ['-c', INSTALL_PLAN_APPROVER_SCRIPT], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        HOME: dir,
        PATH: `${dir}:${process.env.PATH}`,
        FAKE_OC_STATE: dir,
        NAMESPACE: NS,
        SUBSCRIPTION: SUB,
        CSV,
        TIMEOUT_SECONDS: '0',
        INTERVAL_SECONDS: '0',
        UPGRADE_HINT: 'set clusterGroups.simple.sandbox.version',
        ...env,
      },
    });
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n').filter(Boolean);
    const out = result.stdout.trim().split('\n').filter(Boolean);
    const err = result.stderr.trim().split('\n').filter(Boolean);
    return { status: result.status, out, err, calls, patches: calls.filter(c => c.startsWith('patch ')) };
  }

  test('reads the CSV and the InstallPlans with exactly these oc calls', () => {
    phase(CSV, 'Succeeded');
    expect(run().calls).toEqual([
      `get clusterserviceversions.operators.coreos.com ${CSV} -n ${NS} --ignore-not-found -o jsonpath={.status.phase}`,
      `get installplans.operators.coreos.com -n ${NS} -o go-template=${INSTALL_PLAN_TEMPLATE}`,
    ]);
    expect(INSTALL_PLAN_TEMPLATE).toBe('{{range .items}}{{.metadata.name}} {{.spec.approved}}{{range .spec.clusterServiceVersionNames}} {{.}}{{end}}{{"\\n"}}{{end}}');
  });

  test('the first install: approves the InstallPlan of the pinned CSV, then exits 0 once it succeeded', () => {
    // GIVEN OLM waits for approval of the first InstallPlan
    plans(`install-abcde false ${CSV}`);
    // WHEN
    const { status, out, patches } = run({ FAKE_OLM_INSTALLS: '1', TIMEOUT_SECONDS: '30' });
    // THEN
    expect(status).toBe(0);
    expect(patches).toEqual([`patch installplans.operators.coreos.com install-abcde -n ${NS} --type merge -p {"spec":{"approved":true}}`]);
    expect(out).toEqual([
      `waiting for ${CSV} in namespace ${NS} (Subscription ${SUB}), at most 30s`,
      `approved InstallPlan install-abcde (${CSV})`,
      `${CSV} is installed (phase Succeeded)`,
    ]);
    expect(plansFile()).toBe(`install-abcde true ${CSV}\n`);
  });

  test('an installed pinned CSV: exits 0 at once, approving nothing', () => {
    phase(CSV, 'Succeeded');
    plans(`install-abcde true ${CSV}`);
    const { status, out, patches } = run();
    expect([status, patches]).toEqual([0, []]);
    expect(out[out.length - 1]).toBe(`${CSV} is installed (phase Succeeded)`);
  });

  test('an upgrade OLM offers for another CSV stays pending: logged with the setting to change, never approved', () => {
    // GIVEN the pinned CSV runs and OLM found a newer one in the channel
    phase(CSV, 'Succeeded');
    plans(`install-abcde true ${CSV}`, `install-fghij false ${NEWER}`);
    // WHEN
    const { status, out, patches } = run();
    // THEN
    expect([status, patches]).toEqual([0, []]);
    expect(out).toContain(`InstallPlan install-fghij offers ${NEWER}; this pattern pins ${CSV}: to upgrade set clusterGroups.simple.sandbox.version`);
    expect(plansFile()).toContain(`install-fghij false ${NEWER}`);
  });

  test('approves only the plan of the pinned CSV when another one is pending too', () => {
    plans(`install-newer false ${NEWER}`, `install-pinned false ${CSV}`);
    const { status, patches, out } = run({ FAKE_OLM_INSTALLS: '1', TIMEOUT_SECONDS: '30' });
    expect(status).toBe(0);
    expect(patches).toEqual([`patch installplans.operators.coreos.com install-pinned -n ${NS} --type merge -p {"spec":{"approved":true}}`]);
    expect(out).toContain(`InstallPlan install-newer offers ${NEWER}; this pattern pins ${CSV}: to upgrade set clusterGroups.simple.sandbox.version`);
  });

  test('approves a plan that installs the pinned CSV with others (listing them all)', () => {
    plans(`install-both false ${CSV} dependency.v2.0.0`);
    const { status, patches, out } = run({ FAKE_OLM_INSTALLS: '1', TIMEOUT_SECONDS: '30' });
    expect([status, patches.length]).toEqual([0, 1]);
    expect(out).toContain(`approved InstallPlan install-both (${CSV} dependency.v2.0.0)`);
  });

  test('matches whole CSV names: a longer name that starts like the pinned one is another CSV', () => {
    plans(`install-z false ${CSV}-rc1`);
    const { status, patches } = run();
    expect([status, patches]).toEqual([1, []]);
  });

  test('only another CSV on offer: fails at the timeout with the hint, having logged it once', () => {
    // GIVEN the channel head is offered and the pinned CSV never will be
    plans(`install-fghij false ${NEWER}`);
    // WHEN it polls several times before the timeout (every 0.1 s: at least 3 polls in the 1 to 2 s a 2 s deadline
    // leaves with whole-second clocks, even on a loaded machine)
    const { status, out, err, patches, calls } = run({ TIMEOUT_SECONDS: '2', INTERVAL_SECONDS: '0.1' });
    // THEN
    const hint = `InstallPlan install-fghij offers ${NEWER}; this pattern pins ${CSV}: to upgrade set clusterGroups.simple.sandbox.version`;
    expect(calls.filter(c => c.startsWith('get installplans')).length).toBeGreaterThanOrEqual(3);
    expect([status, patches]).toEqual([1, []]);
    expect(out.filter(l => l === hint)).toHaveLength(1);
    expect(err).toEqual([`timed out after 2s: ${CSV} is not installed (phase: no such CSV)`, hint]);
  });

  test('lists several offered CSVs of one plan', () => {
    plans(`install-x false a.v1 b.v2`);
    expect(run().err).toContain(`InstallPlan install-x offers a.v1, b.v2; this pattern pins ${CSV}: to upgrade set clusterGroups.simple.sandbox.version`);
  });

  test('at the timeout, names a CSV the Subscription already has that is not the pinned one (OLM does not downgrade)', () => {
    // GIVEN 1.13 is installed and the pattern now pins 1.12
    writeFileSync(join(dir, 'installed'), NEWER);
    // WHEN
    const { status, err, calls } = run();
    // THEN
    expect(status).toBe(1);
    expect(calls).toContain(`get subscriptions.operators.coreos.com ${SUB} -n ${NS} -o jsonpath={.status.installedCSV}`);
    expect(err).toEqual([
      `timed out after 0s: ${CSV} is not installed (phase: no such CSV)`,
      `Subscription ${SUB} has ${NEWER} installed, not ${CSV}, and OLM does not downgrade: to keep it set clusterGroups.simple.sandbox.version to match ${NEWER}`,
    ]);
  });

  test('an approved plan whose CSV is still installing: waits, then reports the phase at the timeout', () => {
    phase(CSV, 'Installing');
    plans(`install-abcde true ${CSV}`);
    const { status, err, patches } = run();
    expect([status, patches]).toEqual([1, []]);
    expect(err[0]).toBe(`timed out after 0s: ${CSV} is not installed (phase: Installing)`);
  });

  test('API errors are retried, not fatal', () => {
    // GIVEN the first two oc calls fail (the CSV and the InstallPlans)
    writeFileSync(join(dir, 'failures'), '2');
    plans(`install-abcde false ${CSV}`);
    // WHEN
    const { status, out, patches } = run({ FAKE_OLM_INSTALLS: '1', TIMEOUT_SECONDS: '30' });
    // THEN
    expect(status).toBe(0);
    expect(out).toContain(`cannot list InstallPlans in ${NS}; retrying`);
    expect(patches).toHaveLength(1);
  });

  test('a failed approval is retried', () => {
    // GIVEN the patch (the third call) fails once
    plans(`install-abcde false ${CSV}`);
    const real = readFileSync(join(dir, 'oc'), 'utf8');
    writeFileSync(join(dir, 'oc'), real.replace('case "$1 $2" in', 'if [ "$1" = patch ] && [ ! -f "$state/patched-once" ]; then touch "$state/patched-once"; exit 1; fi\ncase "$1 $2" in'));
    // WHEN
    const { status, out, patches } = run({ FAKE_OLM_INSTALLS: '1', TIMEOUT_SECONDS: '30' });
    // THEN
    expect(status).toBe(0);
    expect(out).toContain('cannot approve InstallPlan install-abcde; retrying');
    expect(patches).toHaveLength(2);
  });

  test('fails when an input is missing', () => {
    const result = spawnSync('bash', ['-c', INSTALL_PLAN_APPROVER_SCRIPT], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: `${dir}:${process.env.PATH}`, FAKE_OC_STATE: dir, NAMESPACE: NS, SUBSCRIPTION: SUB, TIMEOUT_SECONDS: '0' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CSV: unbound variable');
  });
});
