import { ClusterGroupConfig } from '../config/schema';
import { ArgoAppChart } from '../gitops/argo-app-chart';
import { ClusterGroup } from '../gitops/cluster-group';
import { ConfidentialRuntime } from '../workloads/confidential-runtime';
import { HelloOpenshift } from '../workloads/hello-openshift';
import { KbsAccess } from '../workloads/kbs-access';
import { AppWaves } from './waves';

/** The demo apps, each its own Argo CD Application in project `workloads`, after the sandbox and Trustee. */
export function addWorkloads(cg: ClusterGroup, cfg: ClusterGroupConfig, runtime: ConfidentialRuntime | undefined): void {
  const w = cfg.workloads;
  if (!runtime) {
    return;
  }
  if (w.helloOpenshift.enabled) {
    const chart = new ArgoAppChart(cg, 'hello-openshift', { project: 'workloads', namespace: w.helloOpenshift.namespace, syncWave: AppWaves.WORKLOADS });
    new HelloOpenshift(chart, 'hello-openshift', { runtime, namespace: w.helloOpenshift.namespace, image: w.helloOpenshift.image, port: w.helloOpenshift.port, strictImages: w.strictImages, insecurePolicyObtains: w.helloOpenshift.insecurePolicyObtains });
  }
  if (w.kbsAccess.enabled) {
    const k = w.kbsAccess;
    const chart = new ArgoAppChart(cg, 'kbs-access', { project: 'workloads', namespace: k.namespace, syncWave: AppWaves.WORKLOADS });
    new KbsAccess(chart, 'kbs-access', { runtime, namespace: k.namespace, image: k.image, fetcherImage: k.fetcherImage, resource: k.resource, port: k.port, strictImages: w.strictImages, imageEnv: k.imageEnv });
  }
}
