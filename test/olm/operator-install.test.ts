import { ApiObject, Testing } from 'cdk8s';
import { InputError } from '../../lib/errors';
import { OperatorInstall, OperatorInstallProps } from '../../lib/olm/operator-install';

const base: OperatorInstallProps = { package: 'trustee-operator', namespace: 'trustee-operator-system', channel: 'stable' };

function synth(props: OperatorInstallProps) {
  const chart = Testing.chart();
  const install = new OperatorInstall(chart, 'op', props);
  return { install, objects: Testing.synth(chart) };
}

describe('OperatorInstall', () => {
  test('renders Namespace, OperatorGroup and Subscription with the defaults', () => {
    // WHEN
    const { objects } = synth(base);
    // THEN
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/trustee-operator-system',
      'OperatorGroup/trustee-operator-system-operator-group',
      'Subscription/trustee-operator',
    ]);
    const [ns, og, sub] = objects;
    expect(ns.metadata.namespace).toBeUndefined();
    expect(og.metadata.namespace).toBe('trustee-operator-system');
    expect(og.spec).toEqual({ targetNamespaces: ['trustee-operator-system'] });
    expect(sub.spec).toEqual({
      name: 'trustee-operator', channel: 'stable', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace', installPlanApproval: 'Automatic',
    });
    // The Namespace one wave early, so that an approver's RBAC can land in it before the approver Job.
    expect(objects.map(o => o.metadata.annotations)).toEqual([
      { 'argocd.argoproj.io/sync-wave': '-11' },
      { 'argocd.argoproj.io/sync-wave': '-10' },
      { 'argocd.argoproj.io/sync-wave': '-10' },
    ]);
  });

  test('without a startingCSV it follows the channel: Automatic, no approver, and it says so', () => {
    const { install } = synth(base);
    expect([install.installPlanApproval, install.startingCSV, install.approver, install.floats]).toEqual(['Automatic', undefined, undefined, true]);
  });

  test('a startingCSV pins the version by default: Manual approval and an approver for exactly that CSV', () => {
    // WHEN
    const { objects, install } = synth({ ...base, startingCSV: 'trustee-operator.v1.1.0', source: 'my-catalog', sourceNamespace: 'my-ns' });
    // THEN
    const sub = objects.find(o => o.kind === 'Subscription');
    expect(sub.spec).toMatchObject({ startingCSV: 'trustee-operator.v1.1.0', installPlanApproval: 'Manual', source: 'my-catalog', sourceNamespace: 'my-ns' });
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/trustee-operator-system',
      'OperatorGroup/trustee-operator-system-operator-group',
      'Subscription/trustee-operator',
      'ServiceAccount/trustee-operator-approver',
      'Role/trustee-operator-approver',
      'RoleBinding/trustee-operator-approver',
      'Job/trustee-operator-approver',
    ]);
    const env = Object.fromEntries(objects.find(o => o.kind === 'Job').spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env).toMatchObject({ NAMESPACE: 'trustee-operator-system', SUBSCRIPTION: 'trustee-operator', CSV: 'trustee-operator.v1.1.0' });
    expect(install.approver?.csv).toBe('trustee-operator.v1.1.0');
    expect(install.floats).toBe(false);
  });

  test('the approver runs in the Subscription\'s wave, its RBAC with the Namespace one wave earlier', () => {
    const { objects } = synth({ ...base, startingCSV: 'trustee-operator.v1.1.0' });
    const wave = (kind: string) => objects.find(o => o.kind === kind).metadata.annotations['argocd.argoproj.io/sync-wave'];
    expect(['Namespace', 'ServiceAccount', 'Role', 'RoleBinding'].map(wave)).toEqual(['-11', '-11', '-11', '-11']);
    expect(['OperatorGroup', 'Subscription', 'Job'].map(wave)).toEqual(['-10', '-10', '-10']);
  });

  test('passes the approver options on', () => {
    const { objects } = synth({ ...base, startingCSV: 'trustee-operator.v1.1.0', approver: { name: 'pin', image: 'quay.io/org/oc:4.18', timeoutSeconds: 120, upgradeHint: 'set trustee.version' } });
    const job = objects.find(o => o.kind === 'Job');
    expect(job.metadata.name).toBe('pin');
    expect(job.spec.template.spec.containers[0].image).toBe('quay.io/org/oc:4.18');
    expect(job.spec.template.spec.containers[0].env).toEqual(expect.arrayContaining([
      { name: 'TIMEOUT_SECONDS', value: '120' }, { name: 'UPGRADE_HINT', value: 'set trustee.version' },
    ]));
  });

  test('Automatic with a startingCSV installs that CSV first and then floats: no approver', () => {
    const { objects, install } = synth({ ...base, startingCSV: 'trustee-operator.v1.1.0', installPlanApproval: 'Automatic' });
    expect(objects.some(o => o.kind === 'Job')).toBe(false);
    expect(objects.find(o => o.kind === 'Subscription').spec).toMatchObject({ startingCSV: 'trustee-operator.v1.1.0', installPlanApproval: 'Automatic' });
    expect(install.floats).toBe(true);
  });

  test('Manual without a startingCSV, or with approver false, is approved by hand: no approver', () => {
    const byHand = synth({ ...base, installPlanApproval: 'Manual' });
    expect(byHand.objects.some(o => o.kind === 'Job')).toBe(false);
    expect(byHand.install.floats).toBe(true);
    const off = synth({ ...base, startingCSV: 'trustee-operator.v1.1.0', approver: false });
    expect(off.objects.some(o => o.kind === 'Job')).toBe(false);
    expect([off.install.installPlanApproval, off.install.floats]).toEqual(['Manual', false]);
  });

  test('skips the Namespace and OperatorGroup when asked, e.g. for openshift-operators', () => {
    const { objects, install } = synth({ ...base, namespace: 'openshift-operators', createNamespace: false, operatorGroup: false, subscriptionName: 'my-sub' });
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual(['Subscription/my-sub']);
    expect(install.operatorGroup).toBeUndefined();
  });

  test('takes a custom OperatorGroup', () => {
    const { objects } = synth({ ...base, operatorGroup: { name: 'og', targetNamespaces: ['a', 'b'] } });
    expect(objects.find(o => o.kind === 'OperatorGroup')).toMatchObject({ metadata: { name: 'og' }, spec: { targetNamespaces: ['a', 'b'] } });
  });

  test('the Subscription is the default child', () => {
    const chart = Testing.chart();
    const install = new OperatorInstall(chart, 'op', base);
    expect(ApiObject.of(install)).toBe(install.subscription);
  });

  test.each([
    ['package', { package: 'Trustee' }, /^OperatorInstall package: must be a DNS-1123 subdomain/],
    ['namespace', { namespace: 'a.b' }, /^OperatorInstall namespace: must be a DNS-1123 label/],
    ['channel', { channel: '' }, /^OperatorInstall channel: must be a non-empty channel name, got ""$/],
    ['startingCSV', { startingCSV: 'Trustee v1' }, /^OperatorInstall startingCSV: must be a DNS-1123 subdomain/],
    ['installPlanApproval', { installPlanApproval: 'manual' }, /^OperatorInstall installPlanApproval: must be "Automatic" or "Manual", got "manual"$/],
    ['source', { source: 'My Catalog' }, /^OperatorInstall source: must be a DNS-1123 subdomain/],
    ['approver', { approver: {} }, /^OperatorInstall approver: approves the InstallPlan of startingCSV under Manual approval: it needs a startingCSV and installPlanApproval "Manual", got no startingCSV$/],
    ['approver', { approver: {}, startingCSV: 'a.v1', installPlanApproval: 'Automatic' }, /^OperatorInstall approver: .*got installPlanApproval "Automatic"$/],
    ['approver.image', { startingCSV: 'a.v1', approver: { image: 'quay.io/org/oc' } }, /^InstallPlanApprover image: must be an image reference pinned by tag/],
  ])('fails on a bad %s', (_, bad, message) => {
    const chart = Testing.chart();
    expect(() => new OperatorInstall(chart, 'op', { ...base, ...bad } as OperatorInstallProps)).toThrow(InputError);
    expect(() => new OperatorInstall(chart, 'op2', { ...base, ...bad } as OperatorInstallProps)).toThrow(message);
  });
});
