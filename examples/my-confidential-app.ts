/**
 * Your own confidential app next to the pattern's: a main.ts replacement that adds one Application.
 * Run it like main.ts: `npx tsx examples/my-confidential-app.ts [--config pattern.yaml] [--output dist]`.
 * The app's initdata digest is handed to Trustee, so it lands among the reference values in the same synth.
 */
import { k8s } from 'cdk8s-plus-28';
import { ArgoAppChart, ConfidentialWorkload } from '../lib';
import { PatternGroup, processIO, runSynth } from '../lib/cli';

export function addMyApp(group: PatternGroup): void {
  if (!group.runtime) return; // this group runs no confidential workloads
  const chart = new ArgoAppChart(group.clusterGroup, 'my-app', { project: 'workloads', namespace: 'my-app', syncWave: 30 });
  new k8s.KubeNamespace(chart, 'namespace', { metadata: { name: 'my-app' } });
  new ConfidentialWorkload(chart, 'api', {
    name: 'api',
    namespace: 'my-app',
    image: 'quay.io/example/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    port: 8080,
    runtime: group.runtime,
    // The program and the image's own environment: with them the agent policy pins the whole process.
    container: { command: ['/usr/local/bin/api'], args: ['--listen', ':8080'] },
    imageEnv: { 'quay.io/example/api': ['PATH=/usr/local/bin:/usr/bin:/bin'] },
    // Fetched into /output before the app starts; Trustee releases it to this pod's initdata only.
    kbsResources: [{ resource: 'passphrase/passphrase', file: 'passphrase' }],
  });
}

if (require.main === module) {
  process.exitCode = runSynth(process.argv.slice(2), processIO(), addMyApp);
}
