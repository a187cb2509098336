/**
 * The validator must fail on what `kubeconform -strict` fails on, or the schema tests prove nothing.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readManifests } from '../../tools/schema-validator';
import { describeWithSchemas, schemaValidator } from '../support/schemas';
import { aliasBomb } from '../support/yaml';

describeWithSchemas('SchemaValidator', () => {
  const v = () => schemaValidator()!;
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'y' }, data: { a: 'b' } };

  test('accepts a valid built-in object', () => {
    expect(v().validate(cm)).toEqual([]);
  });

  test('fails on unknown fields, top level and in metadata', () => {
    expect(v().validate({ ...cm, datta: {}, metadata: { ...cm.metadata, labelz: {} } })).toEqual([
      '(root): unknown field "datta"',
      'metadata: unknown field "labelz"',
    ]);
  });

  test('fails on a wrong type', () => {
    expect(v().validate({ ...cm, data: { a: 1 } })).toEqual(['data.a: must be string']);
  });

  test('fails on a missing required field of a Deployment', () => {
    expect(v().validate({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' }, spec: { template: {} } }))
      .toEqual(["spec: must have required property 'selector'"]);
  });

  test('validates custom resources against their CRD, strictly', () => {
    const sub = { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription', metadata: { name: 's', namespace: 'n' } };
    expect(v().validate({ ...sub, spec: { name: 'p', channel: 'c', source: 's', sourceNamespace: 'n' } })).toEqual([]);
    expect(v().validate({ ...sub, spec: { name: 'p', source: 's', sourceNamespace: 'n', startingCsv: 'x' } })).toEqual(['spec: unknown field "startingCsv"']);
    expect(v().validate({ apiVersion: 'kataconfiguration.openshift.io/v1', kind: 'KataConfig', metadata: { name: 'k' }, spec: {} }))
      .toEqual(["spec: must have required property 'checkNodeEligibility'"]);
  });

  test('checks a KbsConfig against the CRD of its Trustee version', () => {
    const kbs = (version: string | undefined, spec: object) => ({
      apiVersion: 'confidentialcontainers.org/v1alpha1', kind: 'KbsConfig',
      metadata: { name: 'k', namespace: 't', ...(version ? { annotations: { 'coco-cdk8s.io/trustee-version': version } } : {}) }, spec,
    });
    expect(v().validate(kbs('0.3', { tdxConfigSpec: { kbsTdxConfigMapName: 'a' } }))).toEqual([]);
    expect(v().validate(kbs(undefined, { tdxConfigSpec: { kbsTdxConfigMapName: 'a' } }))).toEqual(['spec: unknown field "tdxConfigSpec"']);
    expect(v().validate(kbs('0.3', { kbsAttestationKeySecretName: 'x' }))).toEqual(['spec: unknown field "kbsAttestationKeySecretName"']);
    expect(v().validate(kbs('1.1', { kbsAttestationKeySecretName: 'x' }))).toEqual([]);
    expect(v().validate(kbs('9.9', {}))).toEqual(['no KbsConfig schema for coco-cdk8s.io/trustee-version "9.9"']);
    expect(v().validate(kbs('toString', {}))).toEqual(['no KbsConfig schema for coco-cdk8s.io/trustee-version "toString"']);
  });

  test('checks a Trustee 1.2 KbsConfig against the current CRD (= openshift/trustee-operator v1.2.0): no tdxConfigSpec', () => {
    const kbs = (spec: object) => ({
      apiVersion: 'confidentialcontainers.org/v1alpha1', kind: 'KbsConfig',
      metadata: { name: 'k', namespace: 't', annotations: { 'coco-cdk8s.io/trustee-version': '1.2' } }, spec,
    });
    expect(v().validate(kbs({ kbsDeploymentType: 'AllInOneDeployment', kbsAttestationKeySecretName: 'x', kbsGpuAttestationPolicyConfigMapName: 'g' }))).toEqual([]);
    expect(v().validate(kbs({ tdxConfigSpec: { kbsTdxConfigMapName: 'a' } }))).toEqual(['spec: unknown field "tdxConfigSpec"']);
  });

  test('validates the objects an ACM Policy embeds', () => {
    const policy = {
      apiVersion: 'policy.open-cluster-management.io/v1', kind: 'Policy', metadata: { name: 'p', namespace: 'n' },
      spec: {
        disabled: false,
        'policy-templates': [{
          objectDefinition: {
            apiVersion: 'policy.open-cluster-management.io/v1', kind: 'ConfigurationPolicy', metadata: { name: 'c' },
            spec: { remediationAction: 'enforce', 'object-templates': [{ complianceType: 'musthave', objectDefinition: { ...cm, datta: 1 } }] },
          },
        }],
      },
    };
    expect(v().validate(policy)).toEqual(['spec.policy-templates[0].objectDefinition: spec.object-templates[0].objectDefinition: (root): unknown field "datta"']);
  });

  test('fails on a kind without a schema', () => {
    expect(v().validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([expect.stringMatching(/^no schema for Widget \(example.com\/v1\)/)]);
    expect(v().validate({ kind: 'ConfigMap' })).toEqual(['apiVersion and kind are required']);
  });
});

describe('readManifests', () => {
  test('reads every YAML document in a folder tree and flags parse errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-read-'));
    fs.mkdirSync(path.join(dir, 'a'));
    fs.writeFileSync(path.join(dir, 'a', 'x.yaml'), 'kind: A\n---\nkind: B\n');
    fs.writeFileSync(path.join(dir, 'bad.yml'), 'kind: [\n');
    fs.writeFileSync(path.join(dir, 'notes.toml'), 'x = 1\n');
    const found = readManifests(dir);
    expect(found.map(f => path.relative(dir, f.file))).toEqual(['a/x.yaml', 'a/x.yaml', 'bad.yml']);
    expect(found.map(f => f.obj)).toEqual([{ kind: 'A' }, { kind: 'B' }, undefined]);
    expect(found[2].error).toMatch(/^invalid YAML: [^\n]+$/);
  });

  test('an alias bomb is an entry with an error, not an exception', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-read-'));
    fs.writeFileSync(path.join(dir, 'bomb.yaml'), aliasBomb());
    const found = readManifests(dir);
    expect(found).toEqual([{ file: path.join(dir, 'bomb.yaml'), error: expect.stringMatching(/^invalid YAML: Excessive alias count/) }]);
  });
});
