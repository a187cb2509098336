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
    for (const o of objects) {
      expect(o.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-10' });
    }
  });

  test('pins a version with startingCSV and Manual approval', () => {
    const { objects } = synth({ ...base, startingCSV: 'trustee-operator.v1.1.0', installPlanApproval: 'Manual', source: 'my-catalog', sourceNamespace: 'my-ns' });
    const sub = objects.find(o => o.kind === 'Subscription');
    expect(sub.spec).toMatchObject({ startingCSV: 'trustee-operator.v1.1.0', installPlanApproval: 'Manual', source: 'my-catalog', sourceNamespace: 'my-ns' });
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
  ])('fails on a bad %s', (_, bad, message) => {
    const chart = Testing.chart();
    expect(() => new OperatorInstall(chart, 'op', { ...base, ...bad } as OperatorInstallProps)).toThrow(InputError);
    expect(() => new OperatorInstall(chart, 'op2', { ...base, ...bad } as OperatorInstallProps)).toThrow(message);
  });
});
