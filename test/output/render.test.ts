import { App } from 'cdk8s';
import * as k8s from '../../imports/k8s';
import { ArgoAppChart } from '../../lib/gitops/argo-app-chart';
import { ClusterGroup } from '../../lib/gitops/cluster-group';
import { manifestProblems } from '../../lib/output/manifest-checks';
import { OutputFile } from '../../lib/output/output-file';
import { renderApp } from '../../lib/output/render';
import { problemsOf } from '../support/problems';

function group() {
  const app = new App();
  const g = new ClusterGroup(app, 'g', { source: { repoURL: 'https://e.com/r.git', targetRevision: 'main', path: 'dist' } });
  const chart = new ArgoAppChart(g, 'app', { project: 'p', namespace: 'ns' });
  return { app, g, chart };
}


describe('renderApp', () => {
  test('lays out <group>/<app>/<Kind>.<name>.yaml and output files', () => {
    // GIVEN
    const { app, g, chart } = group();
    new k8s.KubeConfigMap(chart, 'cm', { metadata: { name: 'cm', namespace: 'ns' }, data: { a: 'b' } });
    new OutputFile(chart, 'note', { fileName: 'note.toml', content: () => 'x = 1\n' });
    new OutputFile(g, 'report', { fileName: 'REPORT.md', content: () => '# r\n' });
    // WHEN
    const tree = renderApp(app);
    // THEN
    expect([...tree.keys()]).toEqual(['g/REPORT.md', 'g/app/ConfigMap.cm.yaml', 'g/app/note.toml']);
    expect(tree.get('g/app/ConfigMap.cm.yaml')).toContain('apiVersion: v1\nkind: ConfigMap\n');
  });

  test('fails when two objects render to one file', () => {
    const { app, chart } = group();
    new k8s.KubeConfigMap(chart, 'a', { metadata: { name: 'same', namespace: 'ns' } });
    new k8s.KubeConfigMap(chart, 'b', { metadata: { name: 'same', namespace: 'other' } });
    expect(problemsOf(() => renderApp(app))).toEqual([
      'g/app/ConfigMap.same.yaml: two objects render to the same file (kind ConfigMap, name same); give them different names',
    ]);
  });

  test('reports every bad object at once', () => {
    const { app, chart } = group();
    new k8s.KubeConfigMap(chart, 'a', { metadata: { name: 'Bad_Name', namespace: 'ns' } });
    new k8s.KubeNamespace(chart, 'n', { metadata: { name: 'x', namespace: 'ns' } });
    expect(problemsOf(() => renderApp(app))).toHaveLength(2);
  });
});

describe('OutputFile', () => {
  test.each(['a.yaml', 'b.json', 'c.YML', '../x.toml', 'd/e.toml', ''])('fails on file name %j', name => {
    const { chart } = group();
    expect(() => new OutputFile(chart, 'f', { fileName: name, content: () => '' })).toThrow(/OutputFile 'fileName' must be a plain file name/);
  });
});

describe('manifestProblems', () => {
  const obj = (o: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok', namespace: 'ns' }, ...o }) as never;

  test('accepts a good object', () => {
    expect(manifestProblems(obj({}), 'f')).toEqual([]);
  });

  test.each([
    ['a missing name', obj({ metadata: { namespace: 'ns' } }), 'f: metadata.name is missing'],
    ['a name with an underscore', obj({ metadata: { name: 'a_b', namespace: 'ns' } }), /^f: metadata\.name must be a DNS-1123 subdomain/],
    ['a dotted Service name', obj({ kind: 'Service', metadata: { name: 'a.b', namespace: 'ns' } }), /^f: metadata\.name must be a DNS-1123 label/],
    ['a namespaced kind without namespace', obj({ metadata: { name: 'x' } }), 'f: metadata.namespace is missing on namespaced kind ConfigMap'],
    ['a cluster-scoped kind with a namespace', obj({ kind: 'Namespace', metadata: { name: 'x', namespace: 'y' } }), 'f: metadata.namespace must not be set on cluster-scoped kind Namespace, got "y"'],
    ['an unknown kind', obj({ apiVersion: 'example.com/v1', kind: 'Widget' }), 'f: unknown kind Widget (example.com/v1): add it to lib/gitops/api-resources.ts'],
    ['a bad label key', obj({ metadata: { name: 'x', namespace: 'ns', labels: { 'Bad Key': 'v' } } }), 'f: metadata.labels key "Bad Key" is not a valid label key'],
    ['a bad label value', obj({ metadata: { name: 'x', namespace: 'ns', labels: { k: 'a b' } } }), 'f: metadata.labels.k value "a b" is not a valid label value'],
    ['a Secret with data', obj({ kind: 'Secret', data: { k: 'dg==' } }), /^f: a Secret with data must not be rendered/],
    ['a Secret with stringData', obj({ kind: 'Secret', stringData: { k: 'v' } }), /^f: a Secret with data must not be rendered/],
  ])('fails on %s', (_, o, expected) => {
    const found = manifestProblems(o, 'f').map(p => `${p.path}: ${p.message}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toEqual(typeof expected === 'string' ? expected : expect.stringMatching(expected));
  });
});
