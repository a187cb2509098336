/**
 * The README's "your own confidential app" example keeps working: it renders an Application whose
 * pod carries initdata that Trustee accepts.
 */
import * as YAML from 'yaml';
import { addMyApp } from '../examples/my-confidential-app';
import { synthesize } from '../lib/cli/synth-command';
import { parsePattern } from '../lib/config/load';
import { azurePcr8, decodeInitData, initDataDigest } from '../lib/initdata';
import { describeWithSchemas, schemaValidator } from './support/schemas';
import { readReferenceValues } from './support/reference-values';
import { minimalInput } from './support/render';

const files = synthesize(parsePattern(minimalInput()), addMyApp).files;
const obj = (file: string) => YAML.parse(files.get(file)!);

test('adds the my-app Application with a confidential Deployment', () => {
  expect([...files.keys()].filter(f => f.startsWith('simple/my-app/'))).toEqual([
    'simple/my-app/Deployment.api.yaml',
    'simple/my-app/Namespace.my-app.yaml',
    'simple/my-app/Route.api.yaml',
    'simple/my-app/Service.api.yaml',
    'simple/my-app/api.initdata.digests',
    'simple/my-app/api.initdata.toml',
  ]);
  expect(obj('simple/bootstrap/Application.my-app.yaml').spec.source.path).toBe('dist/simple/my-app');
  expect(obj('simple/my-app/Deployment.api.yaml').spec.template.spec.runtimeClassName).toBe('kata-remote');
});

test('its initdata digest is among Trustee\'s reference values', () => {
  const blob = obj('simple/my-app/Deployment.api.yaml').spec.template.metadata.annotations['io.katacontainers.config.hypervisor.cc_init_data'];
  const toml = decodeInitData(blob);
  expect(toml).toBe(files.get('simple/my-app/api.initdata.toml'));
  const pcr8 = azurePcr8(initDataDigest(toml, 'sha256'));
  const rvs = readReferenceValues(obj('simple/trustee/ConfigMap.rvps-reference-values.yaml').data);
  expect(rvs.find(rv => rv.name === 'coco_initdata_azure_snp_pcr08')!.value).toContain(pcr8);
});

describeWithSchemas('the example\'s objects validate strictly', () => {
  test.each([...files.keys()].filter(f => f.startsWith('simple/my-app/') && f.endsWith('.yaml')))('%s', f => {
    expect(schemaValidator()!.validate(obj(f))).toEqual([]);
  });
});
