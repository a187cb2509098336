/**
 * The README's "your own confidential app" example keeps working: it renders an Application whose
 * pod carries initdata that Trustee accepts.
 */
import * as YAML from 'yaml';
import { addMyApp } from '../examples/my-confidential-app';
import { synthesize } from '../lib/cli/synth-command';
import { parsePattern } from '../lib/config/load';
import { azurePcr8, decodeInitData, initDataDigest } from '../lib/initdata';
import { parse } from 'smol-toml';
import { resourcePolicyInputShape } from '../lib/trustee/trustee';
import { trusteeProfile } from '../lib/trustee/versions';
import { containerRequest, containersOf, podOf, sandboxRequest, tampered } from './support/crio-requests';
import { describeWithOpa, evaluateRego } from './support/opa';
import { describeWithSchemas, schemaValidator } from './support/schemas';
import { earToken, requestData } from './support/ear-token';
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

describeWithOpa('its own identity, and only the secrets it declares', () => {
  const deployment = obj('simple/my-app/Deployment.api.yaml');
  const pod = podOf(deployment);
  const policy = (parse(decodeInitData(deployment.spec.template.metadata.annotations['io.katacontainers.config.hypervisor.cc_init_data'])) as any).data['policy.rego'];

  test('its agent policy admits its own containers and no other', () => {
    const own = containersOf(pod).map(c => ({ input: containerRequest(pod, c.name).request }));
    const other = tampered(own[1].input, (r: any) => { r.OCI.Process.Args = ['/bin/sh']; });
    expect(evaluateRego({ 'policy.rego': policy }, 'data.agent_policy.CreateContainerRequest', [{ input: sandboxRequest(pod) }, ...own, { input: other }]))
      .toEqual([true, ...own.map(() => true), false]);
  });

  test('Trustee releases it the passphrase and the image policy, nothing else', () => {
    const rego = Object.values(obj('simple/trustee/ConfigMap.resource-policy.yaml').data as Record<string, string>)[0];
    const shape = resourcePolicyInputShape(trusteeProfile(obj('simple/trustee/KbsConfig.kbsconfig.yaml').metadata.annotations['coco-cdk8s.io/trustee-version']));
    const pcr8 = azurePcr8(initDataDigest(files.get('simple/my-app/api.initdata.toml')!, 'sha256'));
    const all = ['default/passphrase/passphrase', 'default/security-policy/osc', 'default/kbsres1/key3', 'default/kbsres1/key1'];
    const got = evaluateRego({ 'policy.rego': rego }, 'data.policy.allow', all.map(r => ({ input: earToken(shape, 'azure-snp-vtpm', pcr8), data: requestData(shape, r) })));
    expect(all.filter((_, i) => got[i] === true)).toEqual(['default/passphrase/passphrase', 'default/security-policy/osc']);
  });
});

describeWithSchemas('the example\'s objects validate strictly', () => {
  test.each([...files.keys()].filter(f => f.startsWith('simple/my-app/') && f.endsWith('.yaml')))('%s', f => {
    expect(schemaValidator()!.validate(obj(f))).toEqual([]);
  });
});
