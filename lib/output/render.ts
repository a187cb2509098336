/**
 * Turns a cdk8s App into the files of the output folder:
 * `<group>/<app>/<Kind>.<name>.yaml` per object, plus the non-manifest files ({@link OutputFile}).
 */
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';
import { InputError, Problem } from '../errors';
import { ArgoAppChart } from '../gitops/argo-app-chart';
import { ClusterGroup } from '../gitops/cluster-group';
import { Manifest, manifestProblems } from './manifest-checks';
import { OutputFile } from './output-file';
import { yamlText } from './yaml-text';

/** Rendered output: file path (relative to the output folder, `/`-separated) to content, sorted by path. */
export type RenderedTree = ReadonlyMap<string, string>;

/** Renders every cluster group of `app`. Throws an {@link InputError} listing every problem found. */
export function renderApp(app: App): RenderedTree {
  const files = new Map<string, string>();
  const problems: Problem[] = [];
  const groups = app.node.findAll().filter(ClusterGroup.isClusterGroup);
  let prepared = false;
  for (const group of groups) {
    for (const chart of group.apps) {
      const folder = `${group.name}/${chart.appName}`;
      // The first chart goes through cdk8s' own `toJson()`, which prepares and validates the whole app; the
      // others reuse that preparation (see chartObjects), so the app is resolved once, not once per chart.
      const objects = (prepared ? chartObjects(chart) : chart.toJson()) as Manifest[];
      prepared = true;
      for (const obj of objects) {
        const file = `${folder}/${obj.kind}.${obj.metadata?.name}.yaml`;
        problems.push(...manifestProblems(obj, file));
        if (files.has(file)) {
          problems.push({ path: file, message: `two objects render to the same file (kind ${obj.kind}, name ${obj.metadata?.name}); give them different names` });
        }
        files.set(file, yamlText(obj));
      }
    }
    for (const out of group.node.findAll().filter(OutputFile.isOutputFile)) {
      const chart = closestApp(out);
      const file = chart ? `${group.name}/${chart.appName}/${out.fileName}` : `${group.name}/${out.fileName}`;
      if (files.has(file)) {
        problems.push({ path: file, message: 'two files render to the same path' });
      }
      files.set(file, out.render());
    }
  }
  if (problems.length > 0) {
    throw new InputError(problems);
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * What cdk8s' `Chart.toJson()` returns, without its app-wide preparation: `App._synthChart` first adds the
 * chart-to-chart and object dependencies of the whole app and validates every construct, then lists the
 * chart's own ApiObjects in dependency order. Both preparation steps are idempotent (dependencies are sets),
 * so after one `toJson()` on any chart of the app they need not run again for the others; repeating them per
 * chart made a render quadratic in the number of charts.
 */
function chartObjects(chart: Chart): unknown[] {
  return new DependencyGraph(chart.node).topology()
    .filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart)
    .map(x => x.toJson());
}

function closestApp(c: IConstruct): ArgoAppChart | undefined {
  return c.node.scopes.slice().reverse().find(ArgoAppChart.isArgoAppChart);
}
