/**
 * The constructs in a plain cdk8s app (no CocoPattern, no synth command): problems are reported by cdk8s
 * validation naming the prop, warnings are construct metadata, and the readable files can be written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { ConfidentialRuntime, ConfidentialWorkload, outputFiles, Trustee, warningsOf } from '../../lib';
import { WARNING_METADATA } from '../../lib/output/warnings';
import { KBS_CERT } from '../initdata/certificate';

function demo(trusteeProps: Record<string, unknown> = {}) {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'coco-plain-')) });
  const chart = new Chart(app, 'demo');
  const trustee = new Trustee(chart, 'trustee', { kbsHost: 'kbs.apps.example.com', kbsCertificate: KBS_CERT, initDataExpiration: '2099-01-01T00:00:00Z', ...trusteeProps });
  const workload = new ConfidentialWorkload(chart, 'api', {
    name: 'api', namespace: 'shop', port: 8080, image: 'quay.io/example/api:1.0', runtime: new ConfidentialRuntime({ trustee }),
  });
  return { app, workload };
}

test('a problem found at synth is a cdk8s validation error naming the prop, not a serialization trace', () => {
  const { app } = demo({ initDataExpiration: undefined });
  expect(() => app.synth()).toThrow(/^Validation failed with the following errors:\n {2}\[demo\/trustee\] Trustee initDataExpiration: is required once initdata is accepted/);
  expect(() => app.synth()).not.toThrow(/Failed serializing/);
});

test('warnings are construct metadata and warningsOf lists them', () => {
  const { app, workload } = demo();
  expect(workload.node.metadata.filter(m => m.type === WARNING_METADATA).map(m => m.data)).toEqual([
    'shop/api: image "quay.io/example/api:1.0" is not pinned by digest: the agent policy and guest pull cannot tie the pod to one image (use image@sha256:...)',
  ]);
  expect(warningsOf(app).map(w => w.path)).toEqual(['demo/api']);
});

test('outputFiles gives the readable initdata to write next to the manifests', () => {
  const { app, workload } = demo();
  app.synth();
  const files = outputFiles(app);
  expect(files.map(f => f.path)).toEqual(['api.initdata.digests', 'api.initdata.toml']);
  expect(files.find(f => f.path === 'api.initdata.toml')!.content).toBe(workload.initData.toml);
});
