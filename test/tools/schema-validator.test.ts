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

  test('MultiClusterHub and ExternalSecretsConfig are checked against their upstream CRDs (no hand-written schema)', () => {
    const mch = (spec: object) => ({ apiVersion: 'operator.open-cluster-management.io/v1', kind: 'MultiClusterHub', metadata: { name: 'multiclusterhub', namespace: 'ocm' }, spec });
    // localClusterName is in stolostron/multiclusterhub-operator's CRD, not in the hand-written one this replaced
    expect(v().validate(mch({ availabilityConfig: 'Basic', localClusterName: 'hub' }))).toEqual([]);
    expect(v().validate(mch({ availabilityConfig: 'Basic', hubSize: 'Large' }))).toEqual(['spec: unknown field "hubSize"']);
    const esc = (spec: object) => ({ apiVersion: 'operator.openshift.io/v1alpha1', kind: 'ExternalSecretsConfig', metadata: { name: 'cluster' }, spec });
    expect(v().validate(esc({ appConfig: { logLevel: 2 } }))).toEqual([]);
    // appConfig was left open (preserve-unknown-fields) by the hand-written schema
    expect(v().validate(esc({ appConfig: { logLevl: 2 } }))).toEqual(['spec.appConfig: unknown field "logLevl"']);
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

  describe('ACM templates in embedded objects', () => {
    /** `obj` as the one object template of a Policy's ConfigurationPolicy; `cp` changes the ConfigurationPolicy spec. */
    const inPolicy = (obj: object, cp: object = {}) => ({
      apiVersion: 'policy.open-cluster-management.io/v1', kind: 'Policy', metadata: { name: 'p', namespace: 'n' },
      spec: {
        'disabled': false,
        'policy-templates': [{
          objectDefinition: {
            apiVersion: 'policy.open-cluster-management.io/v1', kind: 'ConfigurationPolicy', metadata: { name: 'c' },
            spec: { 'remediationAction': 'enforce', 'object-templates': [{ complianceType: 'musthave', objectDefinition: obj }], ...cp },
          },
        }],
      },
    });
    const at = 'spec.policy-templates[0].objectDefinition: spec.object-templates[0].objectDefinition: ';
    const deployment = (spec: object) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } }, ...spec },
    });

    test('a template is a valid string: managed-cluster and hub templates alike', () => {
      expect(v().validate(inPolicy({ ...cm, data: { a: '{{ fromConfigMap "ns" "cm" "k" }}', b: '{{hub .ManagedClusterName hub}}' } }))).toEqual([]);
    });

    test('a template where the schema restricts the text (enum, pattern) is checked only once resolved', () => {
      // remediationAction is an enum of the ConfigurationPolicy CRD
      expect(v().validate(inPolicy(cm, { remediationAction: '{{hub .ManagedClusterLabels.mode hub}}' }))).toEqual([]);
      expect(v().validate(inPolicy(cm, { remediationAction: 'repair' }))).toEqual([
        expect.stringMatching(/^spec\.policy-templates\[0\]\.objectDefinition: spec\.remediationAction: must be equal to one of the allowed values/),
      ]);
    });

    test('an integer or boolean field takes a template piped to toInt or toBool (the controller unquotes it)', () => {
      expect(v().validate(inPolicy(deployment({ replicas: '{{ (lookup "v1" "ConfigMap" "n" "c").data.r | toInt }}' })))).toEqual([]);
      expect(v().validate(inPolicy(deployment({ paused: '{{ "true" | toBool }}' })))).toEqual([]);
      expect(v().validate(inPolicy(deployment({ replicas: '{{hub .ManagedClusterLabels.replicas | toInt hub}}' })))).toEqual([]);
    });

    test('an integer field with a template that resolves to a string is an error naming the field and the fix', () => {
      expect(v().validate(inPolicy(deployment({ replicas: '{{ fromConfigMap "n" "c" "r" }}' })))).toEqual([
        `${at}spec.replicas: must be integer, got a template that resolves to a string: end it with "| toInt" in a map value`,
      ]);
      expect(v().validate(inPolicy(deployment({ paused: '{{ "1" | toInt }}' })))).toEqual([
        `${at}spec.paused: must be boolean, got a template that resolves to integer: end it with "| toBool" in a map value`,
      ]);
    });

    test('quotes around a list item stay: a typed template there is still a string', () => {
      const pod = (ids: unknown[]) => deployment({
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }], securityContext: { supplementalGroups: ids } } },
      });
      expect(v().validate(inPolicy(pod(['{{ "1000" | toInt }}'])))).toEqual([
        `${at}spec.template.spec.securityContext.supplementalGroups.0: must be integer, got a template that resolves to a string (quotes around a list item are never removed): end it with "| toInt" in a map value`,
      ]);
      expect(v().validate(inPolicy(pod([1000])))).toEqual([]);
    });

    test('toLiteral and copyConfigMapData may stand for a whole list or map', () => {
      expect(v().validate(inPolicy({ ...cm, data: '{{ copyConfigMapData "ns" "cm" }}' }))).toEqual([]);
      expect(v().validate(inPolicy(deployment({ template: '{{ (lookup "apps/v1" "Deployment" "n" "x").spec.template | toRawJson | toLiteral }}' })))).toEqual([]);
      expect(v().validate(inPolicy({ ...cm, data: '{{ fromConfigMap "ns" "cm" "k" }}' }))).toEqual([
        `${at}data: must be object, got a template that resolves to a string: end it with "| toLiteral" in a map value`,
      ]);
    });

    test('a template does not hide an unknown field or a missing required one', () => {
      expect(v().validate(inPolicy({ ...cm, datta: '{{ 1 | toInt }}' }))).toEqual([`${at}(root): unknown field "datta"`]);
      const { selector, ...noSelector } = deployment({ replicas: '{{ 1 | toInt }}' }).spec;
      expect(selector).toBeDefined();
      expect(v().validate(inPolicy({ ...deployment({}), spec: noSelector }))).toEqual([`${at}spec: must have required property 'selector'`]);
    });

    test('outside a Policy a template is an ordinary string: nothing resolves it', () => {
      expect(v().validate(deployment({ replicas: '{{ 1 | toInt }}' }))).toEqual(['spec.replicas: must be integer']);
    });
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
