/**
 * End-to-end invariants of the rendered pattern: the default pattern.yaml and variants (hub/spoke,
 * static peer pods on Azure, AWS and libvirt, a permissive Trustee 0.3). Whole-manifest snapshots are
 * in manifests.test.ts; these tests state what must hold whatever the manifests look like.
 */
import * as fs from 'fs';
import { App } from 'cdk8s';
import { parse } from 'smol-toml';
import { parsePattern } from '../../lib/config/load';
import { ArgoAppChart } from '../../lib/gitops/argo-app-chart';
import { apiResourceOf } from '../../lib/gitops/api-resources';
import { azurePcr8, decodeInitData, initDataDigest, InitDataAlgorithm } from '../../lib/initdata';
import { renderApp, RenderedTree } from '../../lib/output/render';
import { CocoPattern } from '../../lib/pattern';
import { ConfidentialWorkload } from '../../lib/workloads/confidential-workload';
import { EXAMPLE_CERT, find, manifests, minimalInput, render, renderDefault } from '../support/render';
import { describeWithSchemas, schemaValidator } from '../support/schemas';
import { STATIC_AZURE, SUBSCRIPTION as SUB } from '../support/reference-pattern';

type Manifest = Record<string, any>;

const INIT_DATA_ANNOTATION = 'io.katacontainers.config.hypervisor.cc_init_data';
/** The annotation OSC 1.10 (cloud-api-adaptor up to v0.15) reads instead. */
const RUNTIME_ANNOTATION = 'io.katacontainers.config.runtime.cc_init_data';
/** The initdata a pod template carries, in whichever annotation its OSC release reads. */
const initDataBlob = (annotations: Record<string, string> | undefined): string | undefined => annotations?.[INIT_DATA_ANNOTATION] ?? annotations?.[RUNTIME_ANNOTATION];
const AWS = { region: 'us-east-2', subnetId: 'subnet-0123456789abcdef0', vpcId: 'vpc-0123456789abcdef0', securityGroupIds: ['sg-0123456789abcdef0'] };
const LIBVIRT = { uri: 'qemu+ssh://root@192.168.122.1/system?no_verify=1' };
const SPOKE_EXEC = ['cat', '/etc/os-release'];

/** Renders each variant once, on first use. */
const memo = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= make());
};
const variants = {
  'hub/spoke': memo(() => render(minimalInput({}, {
    hub: {},
    spoke: {
      appsDomain: 'apps.spoke.example.com',
      trustee: { enabled: false },
      // A policy of its own, so the spoke's initdata differs from the hub's and the test can tell them apart.
      sandbox: { kbs: { trustee: 'hub' }, initData: { agentPolicy: { preset: 'no-exec', execAllowList: [SPOKE_EXEC] } } },
    },
  }))),
  'static Azure': memo(() => render(minimalInput({}, { simple: { sandbox: { peerPods: { mode: 'static', azure: STATIC_AZURE } } } }))),
  'AWS': memo(() => render(minimalInput({}, { simple: { cloud: 'aws', sandbox: { peerPods: { mode: 'static', aws: AWS } } } }))),
  'libvirt': memo(() => render(minimalInput({}, { simple: { cloud: 'libvirt', sandbox: { peerPods: { mode: 'static', libvirt: LIBVIRT } } } }))),
  'Azure TDX and SNP sizes': memo(() => render(minimalInput({}, {
    simple: { sandbox: { peerPods: { azure: { instanceSize: 'Standard_DC2as_v5', instanceSizes: ['Standard_DC2as_v5', 'Standard_DC4es_v6'] } } } },
  }))),
  'OSC 1.10': memo(() => render(minimalInput({}, { simple: { sandbox: { version: '1.10' } } }))),
  'permissive Trustee 0.3': memo(() => render(minimalInput({}, { simple: { trustee: { preset: 'permissive', version: '0.3' } } }))),
  'cert-manager': memo(() => render(minimalInput({}, {
    simple: {
      certManager: {
        enabled: true,
        letsEncrypt: {
          email: 'admin@example.com',
          azureDns: { subscriptionId: SUB, tenantId: SUB, clientId: SUB, resourceGroupName: 'dns', hostedZoneName: 'example.com' },
        },
      },
    },
  }))),
} satisfies Record<string, () => RenderedTree>;

/** The default pattern and every variant, for invariants that hold everywhere. */
const everyTree = (): [string, RenderedTree][] => [['default', renderDefault()], ...Object.entries(variants).map(([n, t]) => [n, t()] as [string, RenderedTree])];
const treeNames = ['default', ...Object.keys(variants)];
/** Variants only some tests need (kept out of `variants`, whose every member goes through every invariant). */
const narrowVariants: Record<string, () => RenderedTree> = {
  'OSC 1.11': memo(() => render(minimalInput({}, { simple: { sandbox: { version: '1.11' } } }))),
  'operators float (Automatic)': memo(() => render(minimalInput({}, {
    simple: Object.fromEntries(['trustee', 'sandbox', 'acm', 'externalSecrets'].map(area => [area, { operator: { installPlanApproval: 'Automatic' } }])),
  }))),
};
const treeNamed = (name: string): RenderedTree => (name === 'default' ? renderDefault() : (variants[name as keyof typeof variants] ?? narrowVariants[name])());

/** Every Deployment whose pods carry initdata, with its folder. */
function confidentialDeployments(tree: RenderedTree): { file: string; obj: Manifest; blob: string }[] {
  return manifests(tree)
    .filter(m => m.obj.kind === 'Deployment')
    .map(m => ({ ...m, obj: m.obj as Manifest, blob: initDataBlob((m.obj as Manifest).spec.template.metadata.annotations) as string }))
    .filter(m => m.blob !== undefined);
}

/** Azure vTPM PCR8 of an encoded initdata, computed here from the decoded bytes and the algorithm they name. */
function pcr8Of(blob: string): string {
  const toml = decodeInitData(blob);
  const algorithm = (parse(toml) as { algorithm: InitDataAlgorithm }).algorithm;
  return azurePcr8(initDataDigest(toml, algorithm));
}

/**
 * The reference values of the rvps-reference-values ConfigMap in `folder`, by name, whatever the wire
 * format of the Trustee version (value-array, hash-value-array or base64url-object).
 */
function referenceValues(tree: RenderedTree, folder: string): Map<string, string[]> {
  const cm = find(tree, 'ConfigMap', 'rvps-reference-values', folder);
  const out = new Map<string, string[]>();
  for (const content of Object.values(cm.data as Record<string, string>)) {
    const parsed = JSON.parse(content);
    if (Array.isArray(parsed)) {
      for (const rv of parsed) {
        out.set(rv.name, rv.value ?? rv['hash-value'].map((h: { value: string }) => h.value));
      }
    } else {
      for (const [name, encoded] of Object.entries(parsed as Record<string, string>)) {
        out.set(name, JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')).value);
      }
    }
  }
  return out;
}

/** The peer-pods-cm data of a group: from the ACM policy's object template or the static ConfigMap. */
function peerPodsData(tree: RenderedTree, group: string): Record<string, string> {
  const folder = `${group}/sandbox/`;
  const cm = manifests(tree).find(m => m.file.startsWith(folder) && m.obj.kind === 'ConfigMap' && m.obj.metadata.name === 'peer-pods-cm');
  if (cm) return (cm.obj as Manifest).data;
  const policy = find(tree, 'Policy', 'peerpods-cm-policy', folder);
  return policy.spec['policy-templates'][0].objectDefinition.spec['object-templates'][0].objectDefinition.data;
}

function policyDefaults(rego: string): Record<string, boolean> {
  return Object.fromEntries([...rego.matchAll(/^default (\w+) := (true|false)$/gm)].map(m => [m[1], m[2] === 'true']));
}

const exampleCert = fs.readFileSync(EXAMPLE_CERT, 'utf8');

describe('initdata reaches Trustee', () => {
  test.each(['default', 'static Azure', 'permissive Trustee 0.3', 'cert-manager'])(
    '%s: every confidential pod\'s PCR8 is among Trustee\'s reference values',
    name => {
      // GIVEN
      const tree = treeNamed(name);
      const accepted = referenceValues(tree, 'simple/trustee/').get('coco_initdata_azure_snp_pcr08');
      // WHEN
      const pods = confidentialDeployments(tree);
      // THEN
      expect(pods.map(p => p.file)).toEqual([
        'simple/hello-openshift/Deployment.insecure-policy.yaml', 'simple/hello-openshift/Deployment.secure.yaml', 'simple/kbs-access/Deployment.secure.yaml',
      ]);
      for (const pod of pods) {
        expect([pod.file, accepted]).toEqual([pod.file, expect.arrayContaining([pcr8Of(pod.blob)])]);
      }
    },
  );

  test('default: the cluster default initdata (peer-pods-cm INITDATA) is accepted too, and nothing else', () => {
    // GIVEN
    const tree = renderDefault();
    // WHEN
    const expected = new Set([peerPodsData(tree, 'simple').INITDATA, ...confidentialDeployments(tree).map(p => p.blob)].map(pcr8Of));
    // THEN
    expect(referenceValues(tree, 'simple/trustee/').get('coco_initdata_azure_snp_pcr08')!.slice().sort()).toEqual([...expected].sort());
  });

  test('default: the secure Trustee\'s attestation policy checks the initdata reference value', () => {
    const cm = find(renderDefault(), 'ConfigMap', 'attestation-policy', 'simple/trustee/');
    expect(Object.values(cm.data as Record<string, string>).join('\n')).toContain('coco_initdata_azure_snp_pcr08');
  });

  test('the digests every readable .initdata.digests file states are those of the bytes next to it', () => {
    for (const [name, tree] of everyTree()) {
      const digestFiles = [...tree.keys()].filter(f => f.endsWith('.initdata.digests'));
      expect([name, digestFiles.length > 0]).toEqual([name, true]);
      for (const file of digestFiles) {
        const toml = tree.get(file.replace(/\.digests$/, '.toml'))!;
        const text = tree.get(file)!;
        const algorithm = /^algorithm = (\S+)$/m.exec(text)![1] as InitDataAlgorithm;
        const digest = initDataDigest(toml, algorithm);
        expect([file, /^digest = (\S+)$/m.exec(text)![1]]).toEqual([file, digest]);
        expect([file, /^azure_vtpm_pcr8 = (\S+)$/m.exec(text)![1]]).toEqual([file, azurePcr8(digest)]);
      }
    }
  });
});

describe('peer-pods-cm INITDATA', () => {
  test('default: decodes to initdata that points at the configured KBS, pins its certificate and denies exec', () => {
    // GIVEN
    const tree = renderDefault();
    const route = find(tree, 'Route', 'kbs', 'simple/trustee/');
    const kbsUrl = `https://${route.spec.host}`;
    // WHEN
    const doc = parse(decodeInitData(peerPodsData(tree, 'simple').INITDATA)) as Manifest;
    // THEN
    expect(doc.algorithm).toBe('sha256');
    const aa = parse(doc.data['aa.toml']) as Manifest;
    const cdh = parse(doc.data['cdh.toml']) as Manifest;
    expect(kbsUrl).toBe('https://kbs-trustee-operator-system.apps.coco.example.com');
    expect(aa.token_configs.kbs.url).toBe(kbsUrl);
    expect(aa.token_configs.coco_as.url).toBe(kbsUrl);
    expect(cdh.kbc.url).toBe(kbsUrl);
    expect(aa.token_configs.kbs.cert).toBe(exampleCert);
    expect(cdh.kbc.kbs_cert).toBe(exampleCert);
    const policy = policyDefaults(doc.data['policy.rego']);
    expect(policy.ExecProcessRequest).toBe(false);
    expect(policy.ReadStreamRequest).toBe(false);
    expect(policy.CreateContainerRequest).toBe(true);
  });

  test('default: the KBS Route passes TLS through, so the pinned certificate is the one the KBS serves', () => {
    expect(find(renderDefault(), 'Route', 'kbs', 'simple/trustee/').spec.tls.termination).toBe('passthrough');
  });

  test('every readable *.initdata.toml equals the decoded blob it describes', () => {
    for (const [name, tree] of everyTree()) {
      const tomls = [...tree.keys()].filter(f => f.endsWith('.initdata.toml'));
      expect([name, tomls.length > 0]).toEqual([name, true]);
      for (const file of tomls) {
        const [group, app, base] = file.split('/');
        const owner = base.replace(/\.initdata\.toml$/, '');
        const blob = owner === 'default' && app === 'sandbox'
          ? peerPodsData(tree, group).INITDATA
          : initDataBlob(find(tree, 'Deployment', owner, `${group}/${app}/`).spec.template.metadata.annotations);
        expect([name, file, tree.get(file)]).toEqual([name, file, decodeInitData(blob ?? '')]);
      }
      // Every initdata in the output has its readable copy.
      const described = new Set(tomls.map(f => f.split('/').slice(0, 2).join('/')));
      for (const pod of confidentialDeployments(tree)) {
        expect([name, pod.file, described.has(pod.file.split('/').slice(0, 2).join('/'))]).toEqual([name, pod.file, true]);
        expect(tree.has(pod.file.replace(/Deployment\.(.+)\.yaml$/, '$1.initdata.toml'))).toBe(true);
      }
    }
  });
});

describe('output layout', () => {
  test.each(treeNames)('%s: every manifest is <group>/<app>/<Kind>.<name>.yaml and holds that object', name => {
    for (const { file, obj } of manifests(treeNamed(name))) {
      expect(file).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+\/[A-Za-z]+\.[a-z0-9.-]+\.yaml$/);
      expect(file.split('/')[2]).toBe(`${obj.kind}.${obj.metadata.name}.yaml`);
    }
  });

  test.each(treeNames)('%s: one folder per Application, each with an Application in bootstrap pointing at it', name => {
    // GIVEN
    const tree = treeNamed(name);
    const groups = [...new Set([...tree.keys()].filter(f => f.includes('/')).map(f => f.split('/')[0]))];
    for (const group of groups) {
      // WHEN
      const folders = [...new Set([...tree.keys()].filter(f => f.startsWith(`${group}/`) && f.split('/').length === 3).map(f => f.split('/')[1]))]
        .filter(f => f !== 'bootstrap').sort();
      const apps = manifests(tree).filter(m => m.file.startsWith(`${group}/bootstrap/`) && m.obj.kind === 'Application').map(m => m.obj as Manifest);
      const root = apps.find(a => (a.spec.source?.path ?? '').endsWith(`${group}/bootstrap`))!;
      const children = apps.filter(a => a !== root);
      // THEN
      expect(root.metadata.name).toBe(`coco-pattern-${group}`);
      expect(children.map(a => a.metadata.name).sort()).toEqual(folders);
      for (const a of children) {
        const paths = [a.spec.source, ...(a.spec.sources ?? [])].filter(Boolean).map((s: Manifest) => s.path).filter(Boolean);
        expect([a.metadata.name, paths]).toEqual([a.metadata.name, [`dist/${group}/${a.metadata.name}`]]);
      }
    }
  });

  test.each(treeNames)('%s: Applications sync platform (10) before Trustee and sandbox (20) before workloads (30)', name => {
    const tree = treeNamed(name);
    const waves = new Map(manifests(tree).filter(m => m.obj.kind === 'Application' && m.obj.metadata.annotations)
      .map(m => [`${m.file.split('/')[0]}/${m.obj.metadata.name}`, Number(m.obj.metadata.annotations!['argocd.argoproj.io/sync-wave'])]));
    const expected: Record<string, number> = {
      'acm': 10, 'vault': 10, 'external-secrets': 10, 'cert-manager': 10, 'trustee': 20, 'sandbox': 20, 'hello-openshift': 30, 'kbs-access': 30,
    };
    expect(waves.size).toBeGreaterThan(0);
    for (const [key, wave] of waves) {
      const app = key.split('/')[1];
      expect([key, wave]).toEqual([key, expected[app]]);
    }
  });

  test('default: the expected Applications', () => {
    const apps = manifests(renderDefault()).filter(m => m.obj.kind === 'Application').map(m => m.obj.metadata.name).sort();
    expect(apps).toEqual(['acm', 'coco-pattern-simple', 'external-secrets', 'hello-openshift', 'kbs-access', 'sandbox', 'trustee', 'vault']);
  });

  test.each(treeNames)('%s: cluster-scoped objects carry no namespace, namespaced ones do', name => {
    const builtInClusterScoped = new Set(['/Namespace', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding']);
    for (const { file, obj } of manifests(treeNamed(name))) {
      const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
      // The CRD says, where there is one; built-in kinds from the list above.
      const namespaced = schemaValidator()?.crdNamespaced(obj.apiVersion, obj.kind)
        ?? (group.includes('.') && !group.endsWith('k8s.io') ? apiResourceOf(obj.apiVersion, obj.kind).namespaced : !builtInClusterScoped.has(`${group}/${obj.kind}`));
      expect([file, obj.metadata.namespace !== undefined]).toEqual([file, namespaced]);
    }
  });

  test('default: the cluster-scoped objects are exactly the expected ones', () => {
    const clusterScoped = manifests(renderDefault()).filter(m => m.obj.metadata.namespace === undefined).map(m => m.file.split('/').slice(1).join('/')).sort();
    expect(clusterScoped).toEqual([
      'acm/Namespace.open-cluster-management.yaml',
      'bootstrap/ClusterRole.coco-pattern-simple-argocd-controller.yaml',
      'bootstrap/ClusterRoleBinding.coco-pattern-simple-argocd-controller.yaml',
      'external-secrets/ClusterSecretStore.vault-backend.yaml',
      'external-secrets/ExternalSecretsConfig.cluster.yaml',
      'external-secrets/Namespace.external-secrets-operator.yaml',
      'hello-openshift/Namespace.hello-openshift.yaml',
      'kbs-access/Namespace.kbs-access.yaml',
      'sandbox/KataConfig.default-kata-config.yaml',
      'sandbox/Namespace.openshift-sandboxed-containers-operator.yaml',
      'trustee/Namespace.trustee-operator-system.yaml',
      'vault/Namespace.vault.yaml',
    ]);
  });
});

describe('no secret values in the output', () => {
  test.each(treeNames)('%s: no Secret carries data and no file holds a private key', name => {
    const tree = treeNamed(name);
    for (const { file, obj } of manifests(tree)) {
      if (obj.kind === 'Secret') {
        expect([file, (obj as Manifest).data, (obj as Manifest).stringData]).toEqual([file, undefined, undefined]);
      }
    }
    for (const [file, content] of tree) {
      expect([file, /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(content)]).toEqual([file, false]);
    }
  });

  test('default: secrets reach the cluster only through ExternalSecrets on the pattern\'s store', () => {
    const secrets = manifests(renderDefault()).filter(m => m.obj.kind === 'ExternalSecret').map(m => m.obj as Manifest);
    expect(secrets.length).toBeGreaterThan(0);
    for (const es of secrets) {
      expect(es.spec.secretStoreRef).toEqual({ name: 'vault-backend', kind: 'ClusterSecretStore' });
      expect(es.spec.dataFrom).toBeUndefined();
    }
    expect(find(renderDefault(), 'ClusterSecretStore', 'vault-backend')).toBeDefined();
  });
});

describe('hub and spoke', () => {
  test('the spoke renders no Trustee of its own', () => {
    const tree = variants['hub/spoke']();
    expect([...tree.keys()].filter(f => f.startsWith('spoke/trustee/'))).toEqual([]);
    expect([...tree.keys()].filter(f => f.startsWith('hub/trustee/')).length).toBeGreaterThan(0);
  });

  test('the spoke\'s initdata points at the hub\'s KBS', () => {
    // GIVEN
    const tree = variants['hub/spoke']();
    const hubKbs = `https://${find(tree, 'Route', 'kbs', 'hub/trustee/').spec.host}`;
    // WHEN
    const blobs = [peerPodsData(tree, 'spoke').INITDATA, ...confidentialDeployments(tree).filter(p => p.file.startsWith('spoke/')).map(p => p.blob)];
    // THEN
    expect(hubKbs).toBe('https://kbs-trustee-operator-system.apps.test.example.com');
    expect(blobs).toHaveLength(4);
    for (const blob of blobs) {
      const doc = parse(decodeInitData(blob)) as Manifest;
      expect((parse(doc.data['aa.toml']) as Manifest).token_configs.kbs.url).toBe(hubKbs);
      expect((parse(doc.data['cdh.toml']) as Manifest).kbc).toMatchObject({ url: hubKbs, kbs_cert: exampleCert });
      expect(doc.data['aa.toml']).not.toContain('spoke.example.com');
    }
  });

  test('the spoke workloads\' digests are in the hub\'s Trustee, next to the hub\'s own', () => {
    // GIVEN
    const tree = variants['hub/spoke']();
    const accepted = referenceValues(tree, 'hub/trustee/').get('coco_initdata_azure_snp_pcr08')!;
    const pods = confidentialDeployments(tree);
    const spoke = pods.filter(p => p.file.startsWith('spoke/'));
    const hub = pods.filter(p => p.file.startsWith('hub/'));
    // THEN: the spoke's own policy makes its initdata differ from the hub's
    expect(spoke).toHaveLength(3);
    expect(decodeInitData(spoke.find(p => p.file.endsWith('kbs-access/Deployment.secure.yaml'))!.blob)).toContain(JSON.stringify(SPOKE_EXEC, null, 2).replace(/\n/g, '\n    '));
    expect(pcr8Of(peerPodsData(tree, 'spoke').INITDATA)).not.toBe(pcr8Of(peerPodsData(tree, 'hub').INITDATA));
    for (const pod of [...spoke, ...hub]) {
      expect([pod.file, accepted]).toEqual([pod.file, expect.arrayContaining([pcr8Of(pod.blob)])]);
    }
    expect(accepted).toEqual(expect.arrayContaining([pcr8Of(peerPodsData(tree, 'spoke').INITDATA), pcr8Of(peerPodsData(tree, 'hub').INITDATA)]));
  });
});

describe('static peer pods', () => {
  test('Azure: a plain peer-pods-cm with the given values, without the operator-written image id, ignored by Argo CD', () => {
    // GIVEN
    const tree = variants['static Azure']();
    // WHEN
    const cm = find(tree, 'ConfigMap', 'peer-pods-cm', 'simple/sandbox/');
    // THEN
    expect(cm.data).toMatchObject({
      CLOUD_PROVIDER: 'azure', AZURE_REGION: 'eastus', AZURE_RESOURCE_GROUP: 'cluster-rg', AZURE_SUBNET_ID: STATIC_AZURE.subnetId, AZURE_NSG_ID: STATIC_AZURE.nsgId,
    });
    expect(cm.data).not.toHaveProperty('AZURE_IMAGE_ID');
    expect(manifests(tree).filter(m => m.obj.kind === 'Policy')).toEqual([]);
    const app = find(tree, 'Application', 'sandbox', 'simple/bootstrap/');
    expect(app.spec.ignoreDifferences).toEqual([expect.objectContaining({ kind: 'ConfigMap', name: 'peer-pods-cm', jsonPointers: ['/data/AZURE_IMAGE_ID'] })]);
    expect(app.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
  });

  test('AWS: a plain peer-pods-cm with the AWS settings and no Azure NAT gateway', () => {
    const tree = variants.AWS();
    const cm = find(tree, 'ConfigMap', 'peer-pods-cm', 'simple/sandbox/');
    expect(cm.data).toMatchObject({ CLOUD_PROVIDER: 'aws', AWS_REGION: 'us-east-2', AWS_SUBNET_ID: AWS.subnetId, AWS_VPC_ID: AWS.vpcId });
    expect(cm.data).not.toHaveProperty('PODVM_AMI_ID');
    expect(decodeInitData(cm.data.INITDATA)).toContain('https://kbs-trustee-operator-system.apps.test.example.com');
    expect([...tree.keys()].filter(f => f.includes('azure-nat-gateway'))).toEqual([]);
    expect(find(tree, 'Application', 'sandbox', 'simple/bootstrap/').spec.ignoreDifferences)
      .toEqual([expect.objectContaining({ name: 'peer-pods-cm', jsonPointers: ['/data/PODVM_AMI_ID'] })]);
  });

  test('libvirt: a plain peer-pods-cm with the libvirt settings and nothing for Argo CD to ignore', () => {
    const tree = variants.libvirt();
    const cm = find(tree, 'ConfigMap', 'peer-pods-cm', 'simple/sandbox/');
    expect(cm.data).toMatchObject({ CLOUD_PROVIDER: 'libvirt', LIBVIRT_URI: LIBVIRT.uri });
    expect(decodeInitData(cm.data.INITDATA)).toBe(tree.get('simple/sandbox/default.initdata.toml'));
    expect(find(tree, 'Application', 'sandbox', 'simple/bootstrap/').spec.ignoreDifferences).toBeUndefined();
  });
});

describe('permissive Trustee 0.3', () => {
  test('renders the reference\'s permissive Trustee for that version', () => {
    // GIVEN
    const tree = variants['permissive Trustee 0.3']();
    // WHEN
    const kbs = find(tree, 'KbsConfig', 'kbsconfig', 'simple/trustee/');
    // THEN
    expect(kbs.metadata.annotations).toMatchObject({ 'coco-cdk8s.io/trustee-version': '0.3', 'coco-cdk8s.io/trustee-preset': 'permissive' });
    expect(kbs.spec.kbsHttpsKeySecretName).toBeUndefined();
    expect(kbs.spec.kbsAttestationPolicyConfigMapName).toBeUndefined();
    // The trustee-operator CRD spells this field with a capital K.
    expect(kbs.spec.KbsEnvVars).toEqual({ RUST_LOG: 'debug' });
    expect(find(tree, 'Route', 'kbs', 'simple/trustee/').spec.tls.termination).toBe('edge');
    expect(manifests(tree).filter(m => m.file.startsWith('simple/trustee/') && m.obj.kind === 'ConfigMap').map(m => m.obj.metadata.name).sort())
      .toEqual(['kbs-config', 'resource-policy', 'rvps-reference-values']);
    expect(Object.values(find(tree, 'ConfigMap', 'resource-policy', 'simple/trustee/').data as Record<string, string>).join('')).toMatch(/default allow\s*:?=\s*true/);
  });

  test('the secure default, by contrast, needs the HTTPS key, attestation policy and passthrough Route', () => {
    const kbs = find(renderDefault(), 'KbsConfig', 'kbsconfig', 'simple/trustee/');
    expect(kbs.metadata.annotations).toMatchObject({ 'coco-cdk8s.io/trustee-preset': 'secure' });
    expect(kbs.spec).toMatchObject({ kbsHttpsKeySecretName: 'kbs-https-key', kbsAttestationPolicyConfigMapName: 'attestation-policy' });
  });
});

describe('pod VMs of both Azure TEEs', () => {
  test('with SEV-SNP and TDX sizes allowed, every initdata is accepted for both vTPM flavours', () => {
    // GIVEN
    const tree = variants['Azure TDX and SNP sizes']();
    const rvs = referenceValues(tree, 'simple/trustee/');
    // WHEN
    const pcr8s = [peerPodsData(tree, 'simple').INITDATA, ...confidentialDeployments(tree).map(p => p.blob)].map(pcr8Of);
    // THEN
    for (const name of ['coco_initdata_azure_snp_pcr08', 'coco_initdata_azure_tdx_pcr08']) {
      expect([name, rvs.get(name)]).toEqual([name, expect.arrayContaining(pcr8s)]);
    }
  });
});

describe('a user\'s own confidential app (CocoPattern extend)', () => {
  /** The committed-style minimal configuration plus one app added through `extend`, rendered. */
  function renderExtended() {
    const app = new App();
    const pattern = new CocoPattern(app, 'pattern', {
      config: parsePattern(minimalInput()),
      extend: group => {
        const chart = new ArgoAppChart(group.clusterGroup, 'my-app', { project: 'workloads', namespace: 'my-app', syncWave: 30 });
        new ConfidentialWorkload(chart, 'my-app', {
          name: 'my-app', namespace: 'my-app', image: `quay.io/example/my-app@sha256:${'d'.repeat(64)}`, port: 8080, runtime: group.runtime!,
          agentPolicy: { preset: 'no-exec', execAllowList: [['cat', '/tmp/ready']] },
        });
      },
    });
    return { pattern, tree: renderApp(app) };
  }

  test('its initdata digest reaches the group\'s Trustee in the same synth', () => {
    // WHEN
    const { tree } = renderExtended();
    // THEN
    const mine = find(tree, 'Deployment', 'my-app', 'simple/my-app/');
    const pcr8 = pcr8Of(mine.spec.template.metadata.annotations[INIT_DATA_ANNOTATION]);
    expect(referenceValues(tree, 'simple/trustee/').get('coco_initdata_azure_snp_pcr08')).toContain(pcr8);
    expect(tree.get('simple/my-app/my-app.initdata.toml')).toContain('"cat",\n      "/tmp/ready"');
  });

  test('it gets its own folder and Application in the group\'s bootstrap', () => {
    const { tree } = renderExtended();
    const application = find(tree, 'Application', 'my-app', 'simple/bootstrap/');
    expect(application.spec.source.path).toBe('dist/simple/my-app');
    expect(application.metadata.annotations!['argocd.argoproj.io/sync-wave']).toBe('30');
  });

  test('groups are found by name, and an unknown name is an error listing the groups', () => {
    const { pattern } = renderExtended();
    expect(pattern.group('simple').trustee).toBeDefined();
    expect(() => pattern.group('nope')).toThrow('no cluster group "nope" (groups: simple)');
  });
});

describeWithSchemas('strict schema validation of every variant', () => {
  test.each(Object.keys(variants))('%s', name => {
    for (const { file, obj } of manifests(treeNamed(name))) {
      expect([file, schemaValidator()!.validate(obj)]).toEqual([file, []]);
    }
  });
});

const AREAS: Record<string, string> = {
  'trustee-operator': 'trustee', 'sandboxed-containers-operator': 'sandbox', 'advanced-cluster-management': 'acm',
  'openshift-external-secrets-operator': 'externalSecrets', 'openshift-cert-manager-operator': 'certManager',
};

/** Every Deployment that runs a confidential runtime class. */
const peerPodDeployments = (tree: RenderedTree) => manifests(tree).filter(m => m.obj.kind === 'Deployment' && (m.obj as Manifest).spec.template.spec.runtimeClassName);
const envOf = (job: Manifest): Record<string, string> => Object.fromEntries(job.spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));

describe('the initdata annotation the installed OSC reads (sandbox.version)', () => {
  test.each([
    ['OSC 1.10', '1.10', RUNTIME_ANNOTATION, INIT_DATA_ANNOTATION],
    ['OSC 1.11', '1.11', INIT_DATA_ANNOTATION, RUNTIME_ANNOTATION],
    ['default', '1.12', INIT_DATA_ANNOTATION, RUNTIME_ANNOTATION],
  ])('%s: every confidential pod carries %s\'s annotation and not the other', (name, version, annotation, other) => {
    // GIVEN the pattern rendered for that OSC release
    const tree = treeNamed(name);
    const deployments = peerPodDeployments(tree);
    expect(deployments.map(d => d.obj.metadata.name).sort()).toEqual(['insecure-policy', 'secure', 'secure']);
    // THEN
    for (const { file, obj } of deployments) {
      const annotations = (obj as Manifest).spec.template.metadata.annotations;
      expect([file, typeof annotations[annotation], annotations[other]]).toEqual([file, 'string', undefined]);
      expect(decodeInitData(annotations[annotation])).toContain('[data]');
    }
    // AND the Subscription pins that release's CSV, which is the one its approver waits for
    const csv = `sandboxed-containers-operator.v${{ '1.10': '1.10.1', '1.11': '1.11.1', '1.12': '1.12.0' }[version]}`;
    expect(find(tree, 'Subscription', 'sandboxed-containers-operator').spec.startingCSV).toBe(csv);
    expect(envOf(find(tree, 'Job', 'sandboxed-containers-operator-approver')).CSV).toBe(csv);
    // AND the cluster-wide INITDATA of peer-pods-cm is there whatever the release
    expect(peerPodsData(tree, 'simple').INITDATA).toBeTruthy();
    // AND the posture report and the readable initdata name the release and the annotation
    const posture = tree.get('simple/POSTURE.md')!;
    expect(posture).toContain(`| OpenShift sandboxed containers | ${version} (`);
    expect(posture).toContain(`| initdata pod annotation | \`${annotation}\` |`);
    expect(tree.get('simple/hello-openshift/secure.initdata.digests')).toContain(`(${annotation})`);
  });

  test('changing sandbox.version is one deliberate change: it re-renders the Subscription, its approver, the pods and what describes them, nothing else', () => {
    // GIVEN the default (1.12) and the same pattern on 1.10
    const before = renderDefaultLike();
    const after = treeNamed('OSC 1.10');
    // WHEN
    const changed = [...after.keys()].filter(f => after.get(f) !== before.get(f)).sort();
    // THEN
    expect([...before.keys()].sort()).toEqual([...after.keys()].sort());
    expect(changed).toEqual([
      'simple/POSTURE.md',
      'simple/hello-openshift/Deployment.insecure-policy.yaml',
      'simple/hello-openshift/Deployment.secure.yaml',
      'simple/hello-openshift/insecure-policy.initdata.digests',
      'simple/hello-openshift/secure.initdata.digests',
      'simple/kbs-access/Deployment.secure.yaml',
      'simple/kbs-access/secure.initdata.digests',
      'simple/sandbox/Job.sandboxed-containers-operator-approver.yaml',
      'simple/sandbox/Subscription.sandboxed-containers-operator.yaml',
    ]);
  });
});

/** The minimal pattern with every default (what the committed pattern.yaml amounts to, without its specifics). */
const renderDefaultLike = memo(() => render(minimalInput()));

describe('operators are pinned to the version whose objects the pattern renders', () => {
  test.each(['default', 'cert-manager'])('%s: every Subscription is Manual with the CSV of its area\'s version, and has an approver for exactly that CSV', name => {
    // GIVEN
    const tree = treeNamed(name);
    const subscriptions = manifests(tree).filter(m => m.obj.kind === 'Subscription');
    expect(subscriptions.length).toBeGreaterThanOrEqual(4);
    for (const { file, obj } of subscriptions) {
      const sub = obj as Manifest;
      const folder = file.slice(0, file.lastIndexOf('/') + 1);
      // THEN
      expect([file, sub.spec.installPlanApproval, typeof sub.spec.startingCSV]).toEqual([file, 'Manual', 'string']);
      const job = find(tree, 'Job', `${sub.metadata.name}-approver`, folder);
      expect(job.metadata.namespace).toBe(sub.metadata.namespace);
      expect(job.metadata.annotations).toMatchObject({
        'argocd.argoproj.io/hook': 'Sync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded',
        'argocd.argoproj.io/sync-wave': sub.metadata.annotations['argocd.argoproj.io/sync-wave'],
      });
      expect(envOf(job)).toMatchObject({
        NAMESPACE: sub.metadata.namespace, SUBSCRIPTION: sub.metadata.name, CSV: sub.spec.startingCSV,
        UPGRADE_HINT: `set clusterGroups.simple.${AREAS[sub.spec.name]}.version`,
      });
      // AND its RBAC and the operator's Namespace come a wave before the Job
      const wave = Number(sub.metadata.annotations['argocd.argoproj.io/sync-wave']);
      for (const kind of ['ServiceAccount', 'Role', 'RoleBinding']) {
        expect(find(tree, kind, `${sub.metadata.name}-approver`, folder).metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe(String(wave - 1));
      }
      expect(find(tree, 'Namespace', sub.metadata.namespace, folder).metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe(String(wave - 1));
    }
  });

  test('default: the pinned CSVs', () => {
    const csvs = Object.fromEntries(manifests(renderDefault()).filter(m => m.obj.kind === 'Subscription').map(m => [m.obj.metadata.name, (m.obj as Manifest).spec.startingCSV]));
    expect(csvs).toEqual({
      'advanced-cluster-management': 'advanced-cluster-management.v2.14.0',
      'openshift-external-secrets-operator': 'openshift-external-secrets-operator.v1.1.0',
      'sandboxed-containers-operator': 'sandboxed-containers-operator.v1.12.0',
      'trustee-operator': 'trustee-operator.v1.2.1',
    });
    expect(find(treeNamed('cert-manager'), 'Subscription', 'openshift-cert-manager-operator').spec).toMatchObject({ channel: 'stable-v1', startingCSV: 'cert-manager-operator.v1.16.0' });
    expect(find(renderDefault(), 'Subscription', 'advanced-cluster-management').spec.channel).toBe('release-2.14');
  });

  test('an explicit operator.startingCSV is pinned instead, and the approver names that setting', () => {
    const tree = render(minimalInput({}, { simple: { trustee: { operator: { startingCSV: 'trustee-operator.v1.0.0', approverImage: 'quay.io/org/oc:4.18' } } } }));
    expect(find(tree, 'Subscription', 'trustee-operator').spec.startingCSV).toBe('trustee-operator.v1.0.0');
    const job = find(tree, 'Job', 'trustee-operator-approver');
    expect(envOf(job)).toMatchObject({ CSV: 'trustee-operator.v1.0.0', UPGRADE_HINT: 'set clusterGroups.simple.trustee.operator.startingCSV' });
    expect(job.spec.template.spec.containers[0].image).toBe('quay.io/org/oc:4.18');
  });

  test('Automatic approval: the operator floats, with no approver', () => {
    const tree = treeNamed('operators float (Automatic)');
    expect(manifests(tree).filter(m => m.obj.kind === 'Job').map(m => m.obj.metadata.name)).toEqual(['azure-nat-gateway']);
    const subscriptions = manifests(tree).filter(m => m.obj.kind === 'Subscription').map(m => m.obj as Manifest);
    expect(subscriptions.length).toBeGreaterThanOrEqual(4);
    for (const obj of subscriptions) {
      expect(obj.spec).toMatchObject({ installPlanApproval: 'Automatic', startingCSV: expect.any(String) });
    }
  });

  test('the Argo CD controller may manage the approver\'s kinds even in a group that renders nothing else of them', () => {
    // GIVEN a group with only Trustee (no NAT gateway Job, no workloads)
    const tree = render(minimalInput({}, {
      hub: {
        sandbox: { enabled: false }, acm: { enabled: false }, vault: { enabled: false }, externalSecrets: { enabled: false },
        workloads: { helloOpenshift: { enabled: false }, kbsAccess: { enabled: false } },
      },
    }));
    // THEN
    const rules: Manifest[] = find(tree, 'ClusterRole', 'coco-pattern-hub-argocd-controller').rules;
    const resourcesOf = (group: string) => rules.find(r => r.apiGroups[0] === group)?.resources ?? [];
    expect(resourcesOf('batch')).toContain('jobs');
    expect(resourcesOf('')).toContain('serviceaccounts');
    expect(resourcesOf('rbac.authorization.k8s.io')).toEqual(expect.arrayContaining(['roles', 'rolebindings']));
    expect(rules.find(r => r.apiGroups[0] === 'rbac.authorization.k8s.io')!.verbs).toEqual(expect.arrayContaining(['bind', 'escalate']));
    const project = find(tree, 'AppProject', 'trustee');
    expect(project.spec.destinations).toContainEqual({ server: 'https://kubernetes.default.svc', namespace: 'trustee-operator-system' });
  });
});
