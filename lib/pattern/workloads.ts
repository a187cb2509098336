import { ClusterGroupConfig } from '../config/schema';
import { DEMO_KEYS, DEMOS, DemoKey, DemoSettingsByKey } from '../demos';
import { DEMO_BUILDS, DemoBuildContext } from '../demos/builds';
import { ArgoAppChart } from '../gitops/argo-app-chart';
import { ClusterGroup } from '../gitops/cluster-group';
import { ConfidentialRuntime } from '../workloads/confidential-runtime';
import { AppWaves } from './waves';

/** The demo apps, each its own Argo CD Application in project `workloads`, after the sandbox and Trustee. */
export function addWorkloads(cg: ClusterGroup, cfg: ClusterGroupConfig, runtime: ConfidentialRuntime | undefined): void {
  if (!runtime) {
    return;
  }
  const context = { runtime, strictImages: cfg.workloads.strictImages };
  for (const key of DEMO_KEYS) addDemo(cg, key, cfg.workloads, context);
}

/** Demo `key`, when enabled, in its own Application. */
function addDemo<K extends DemoKey>(cg: ClusterGroup, key: K, workloads: DemoSettingsByKey, context: DemoBuildContext): void {
  const settings = workloads[key];
  if (!settings.enabled) return;
  const { app } = DEMOS[key];
  const chart = new ArgoAppChart(cg, app, { project: 'workloads', namespace: settings.namespace, syncWave: AppWaves.WORKLOADS });
  DEMO_BUILDS[key](chart, app, settings, context);
}
