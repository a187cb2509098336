/**
 * The example fleet (examples/fleet/pattern.yaml): a hub whose bootstrap alone brings up every spoke.
 * Behaviour of the rendered objects, strict schema validation (embedded Policy objects included), unique
 * names, and one snapshot per file.
 */
import * as path from 'path';
import { gunzipSync } from 'zlib';
import * as YAML from 'yaml';
import { renderPattern } from '../../lib/cli/synth-command';
import { loadPattern } from '../../lib/config/load';
import * as fs from 'fs';
import { find, manifests, render, REPO, TEST_NOW } from '../support/render';
import { readReferenceValues } from '../support/reference-values';
import { describeWithSchemas, embeddedObjectChecks, schemaValidator } from '../support/schemas';

const FLEET = path.join(REPO, 'examples', 'fleet', 'pattern.yaml');
const tree = renderPattern(loadPattern(FLEET, 'examples/fleet/pattern.yaml', TEST_NOW));
const all = manifests(tree);
const inFolder = (folder: string) => all.filter(m => m.file.startsWith(`${folder}/`));
const templatesOf = (policy: any): any[] => policy.spec['policy-templates'].flatMap((t: any) => t.objectDefinition.spec['object-templates'].map((o: any) => o.objectDefinition));

describe('the hub brings up its spokes', () => {
  test('the hub\'s bootstrap holds the fleet Application, after ACM', () => {
    const fleet = find(tree, 'Application', 'fleet', 'hub/bootstrap/');
    expect(fleet.spec.source.path).toBe('dist/hub/fleet');
    expect(fleet.spec.destination.namespace).toBe('open-cluster-management-global-set');
    expect(Number(fleet.metadata.annotations!['argocd.argoproj.io/sync-wave'])).toBeGreaterThan(Number(find(tree, 'Application', 'acm', 'hub/bootstrap/').metadata.annotations!['argocd.argoproj.io/sync-wave']));
  });

  test('OpenShift GitOps, then Argo CD, then the spoke\'s bootstrap, in dependency order', () => {
    const gitops = find(tree, 'Policy', 'azure-spokes-gitops', 'hub/fleet/');
    const argocd = find(tree, 'Policy', 'azure-spokes-argocd', 'hub/fleet/');
    const bootstrap = find(tree, 'Policy', 'azure-spokes-bootstrap', 'hub/fleet/');
    expect(templatesOf(gitops).map(o => o.kind)).toEqual(['Namespace', 'OperatorGroup', 'Subscription']);
    expect(templatesOf(gitops).find(o => o.kind === 'Subscription').spec).toMatchObject({ name: 'openshift-gitops-operator', channel: 'gitops-1.21' });
    expect(templatesOf(argocd).map(o => o.kind)).toEqual(['ArgoCD']);
    expect(argocd.spec.dependencies.map((d: any) => d.name)).toEqual(['azure-spokes-gitops']);
    expect(bootstrap.spec.dependencies.map((d: any) => d.name)).toEqual(['azure-spokes-argocd']);
  });

  test('the bootstrap policy carries exactly the spoke\'s seed: its root Application at dist/azure-spokes/bootstrap', () => {
    const objects = templatesOf(find(tree, 'Policy', 'azure-spokes-bootstrap', 'hub/fleet/'));
    expect(objects.map(o => o.kind).sort()).toEqual(['AppProject', 'Application', 'ClusterRole', 'ClusterRoleBinding']);
    const root = objects.find(o => o.kind === 'Application');
    expect(root.metadata.name).toBe('coco-pattern-azure-spokes');
    expect(root.spec.source).toMatchObject({ repoURL: 'https://github.com/example-org/coco-gitops.git', path: 'dist/azure-spokes/bootstrap' });
    for (const o of objects) {
      expect(o).toEqual(YAML.parse(tree.get(`azure-spokes/bootstrap/${o.kind}.${o.metadata.name}.yaml`)!));
    }
  });

  test('every Placement selects the spoke group\'s labels and never the hub', () => {
    const placements = inFolder('hub/fleet').filter(m => m.obj.kind === 'Placement').map(m => m.obj as any);
    expect(placements).toHaveLength(8);
    for (const p of placements) {
      const expressions = p.spec.predicates[0].requiredClusterSelector.labelSelector;
      expect(expressions.matchLabels).toEqual({ clusterGroup: p.metadata.name.startsWith('metal-tdx-') ? 'metal-tdx' : 'azure-spokes' });
      expect(expressions.matchExpressions).toContainEqual({ key: 'local-cluster', operator: 'NotIn', values: ['true'] });
    }
  });

  test('each spoke builds peer-pods-cm from its own cloud-conf (managed-cluster templates, no Azure id in git)', () => {
    const cm = templatesOf(find(tree, 'Policy', 'azure-spokes-peer-pods', 'hub/fleet/'))[0];
    expect(cm.metadata).toEqual({ name: 'peer-pods-cm', namespace: 'openshift-sandboxed-containers-operator' });
    expect(cm.data.AZURE_SUBNET_ID).toContain('fromConfigMap "openshift-cloud-controller-manager" "cloud-conf"');
    expect(cm.data.AZURE_SUBNET_ID).not.toContain('{{hub');
    // INITDATA is the spoke's own cluster default initdata (gzip + base64 of its readable copy).
    expect(gunzipSync(Buffer.from(cm.data.INITDATA, 'base64')).toString('utf8')).toBe(tree.get('azure-spokes/sandbox/default.initdata.toml'));
    expect(inFolder('azure-spokes').filter(m => ['Policy', 'Placement', 'PlacementBinding'].includes(m.obj.kind))).toEqual([]);
  });
});

describe('trust zones', () => {
  test('spokes carry no Trustee, no Vault and no External Secrets', () => {
    const apps = inFolder('azure-spokes/bootstrap').filter(m => m.obj.kind === 'Application').map(m => m.obj.metadata.name).sort();
    expect(apps).toEqual(['coco-pattern-azure-spokes', 'hello-openshift', 'kbs-access', 'sandbox']);
    expect(inFolder('azure-spokes').filter(m => ['KbsConfig', 'ExternalSecret', 'ClusterSecretStore'].includes(m.obj.kind))).toEqual([]);
  });

  test('the spokes\' initdata points at the hub\'s KBS and its digests are in the hub\'s reference values', () => {
    const toml = tree.get('azure-spokes/kbs-access/secure.initdata.toml')!;
    expect(toml).toContain('https://kbs-trustee-operator-system.apps.hub.coco.example.com');
    const digests = tree.get('azure-spokes/kbs-access/secure.initdata.digests')!;
    const pcr8 = /^azure_vtpm_pcr8 = ([0-9a-f]{64})$/m.exec(digests)?.[1];
    expect(pcr8).toBeDefined();
    const rv = manifests(tree).filter(m => m.file.startsWith('hub/trustee/') && m.obj.kind === 'ConfigMap').map(m => JSON.stringify(m.obj)).join('\n');
    expect(rv).toContain(pcr8!);
  });

  test('the hub\'s POSTURE.md lists the spoke group and what each of its initdata can obtain; the spoke\'s names its hub', () => {
    const hub = tree.get('hub/POSTURE.md')!;
    expect(hub).toContain('| `azure-spokes` | `clusterGroup=azure-spokes` | azure (ACM policy reads cloud-conf) | cluster default (peer-pods-cm) | `default/security-policy/osc` |');
    expect(hub).toContain('|  |  |  | kbs-access/secure | `default/kbsres1/key3`, `default/security-policy/osc` |');
    expect(tree.get('azure-spokes/POSTURE.md')).toContain('A spoke of cluster group `hub`: its ACM installs OpenShift GitOps on every managed cluster labelled `clusterGroup=azure-spokes`');
  });
});

describe('the bare-metal TDX spoke', () => {
  const hubReferenceValues = () => readReferenceValues(find(tree, 'ConfigMap', 'rvps-reference-values', 'hub/trustee/').data);
  const wave = (o: any) => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);

  test('the hub brings it up like the Azure spokes, without a peer-pods policy, with the secret store its PCCS reads', () => {
    expect(inFolder('hub/fleet').filter(m => m.obj.kind === 'Policy' && m.obj.metadata.name!.startsWith('metal-tdx-')).map(m => m.obj.metadata.name).sort())
      .toEqual(['metal-tdx-argocd', 'metal-tdx-bootstrap', 'metal-tdx-gitops', 'metal-tdx-secrets']);
    expect(templatesOf(find(tree, 'Policy', 'metal-tdx-secrets', 'hub/fleet/')).map(o => o.kind)).toContain('ClusterSecretStore');
    const vaultAuth = tree.get('hub/fleet/metal-tdx-vault-auth.sh')!;
    expect(vaultAuth).toContain('path "secret/data/hub/pccs" { capabilities = ["read"] }');
    expect(vaultAuth).toContain('path "secret/data/hub/pccs-tls" { capabilities = ["read"] }');
    const root = templatesOf(find(tree, 'Policy', 'metal-tdx-bootstrap', 'hub/fleet/')).find(o => o.kind === 'Application');
    expect(root.spec.source.path).toBe('dist/metal-tdx/bootstrap');
  });

  test('its Applications: the node side before the sandbox, Intel DCAP, the demos; no Trustee, Vault or peer pods', () => {
    const apps = inFolder('metal-tdx/bootstrap').filter(m => m.obj.kind === 'Application').map(m => m.obj as any);
    expect(apps.map(a => a.metadata.name).sort()).toEqual(['baremetal', 'coco-pattern-metal-tdx', 'external-secrets', 'hello-openshift', 'intel-dcap', 'kbs-access', 'sandbox']);
    const waveOf = (name: string) => wave(apps.find(a => a.metadata.name === name));
    expect(waveOf('baremetal')).toBeLessThan(waveOf('sandbox'));
    expect(waveOf('external-secrets')).toBeLessThan(waveOf('intel-dcap'));
    expect(inFolder('metal-tdx').filter(m => ['KbsConfig', 'Policy'].includes(m.obj.kind) || m.obj.metadata.name === 'peer-pods-cm' || m.obj.metadata.name!.includes('nat-gateway'))).toEqual([]);
  });

  test('node features, the TDX kernel arguments (the nodes reboot before KataConfig does), Intel DCAP, kata-cc', () => {
    expect(find(tree, 'MachineConfig', '99-enable-coco-worker', 'metal-tdx/baremetal/').spec.kernelArguments).toEqual(['kvm_intel.tdx=1', 'nohibernate']);
    expect(inFolder('metal-tdx/baremetal').filter(m => m.obj.kind === 'NodeFeatureRule').length).toBeGreaterThan(0);
    expect(find(tree, 'NodeFeatureDiscovery', 'nfd-instance', 'metal-tdx/baremetal/').metadata.namespace).toBe('openshift-nfd');
    expect(inFolder('metal-tdx/intel-dcap').map(m => `${m.obj.kind}/${m.obj.metadata.name}`)).toEqual(expect.arrayContaining([
      'Deployment/pccs', 'Service/pccs-service', 'DaemonSet/tdx-qgs', 'SgxDevicePlugin/sgxdeviceplugin-sample', 'ExternalSecret/pccs-secrets-eso', 'ExternalSecret/pccs-tls-eso',
    ]));
    expect(find(tree, 'KataConfig', 'default-kata-config', 'metal-tdx/').spec).toEqual({
      enablePeerPods: false, checkNodeEligibility: false, kataConfigPoolSelector: { matchLabels: { 'intel.feature.node.kubernetes.io/tdx': 'true' } },
    });
  });

  test('its confidential pods run kata-cc with their own initdata and no VM size', () => {
    for (const name of ['secure', 'insecure-policy']) {
      const pod = find(tree, 'Deployment', name, 'metal-tdx/hello-openshift/').spec.template;
      expect(pod.spec.runtimeClassName).toBe('kata-cc');
      expect(pod.metadata.annotations).toHaveProperty(['io.katacontainers.config.hypervisor.cc_init_data']);
      expect(pod.metadata.annotations).not.toHaveProperty(['io.katacontainers.config.hypervisor.machine_type']);
    }
  });

  test('its initdata digests are in the hub\'s reference values as MRCONFIGID, and its cluster default is not accepted', () => {
    const mrConfigIds = ['hello-openshift/secure', 'hello-openshift/insecure-policy', 'kbs-access/secure']
      .map(f => /^tdx_mrconfigid = ([0-9a-f]{96})$/m.exec(tree.get(`metal-tdx/${f}.initdata.digests`)!)![1]);
    const rv = hubReferenceValues().find(r => r.name === 'coco_initdata_tdx_mrconfigid')!;
    expect(rv.value).toEqual([...mrConfigIds].sort());
    expect(hubReferenceValues().map(r => r.name).sort()).toEqual(['coco_initdata_azure_snp_pcr08', 'coco_initdata_tdx_mrconfigid']);
    expect(tree.get('hub/POSTURE.md')).not.toContain('metal-tdx: cluster default');
  });

  test('the hub\'s attestation policy checks MRCONFIGID and the TDX measurements; the missing ones are findings saying how to obtain them', () => {
    const policy = Object.values(find(tree, 'ConfigMap', 'attestation-policy', 'hub/trustee/').data)[0] as string;
    expect(policy).toContain('coco_initdata_tdx_mrconfigid');
    expect(policy).toContain('mr_td');
    const hub = tree.get('hub/POSTURE.md')!;
    for (const [name, key] of [['mr_td', 'mrTd'], ['rtmr_1', 'rtmr1'], ['rtmr_2', 'rtmr2'], ['xfam', 'xfam']]) {
      expect(hub).toMatch(new RegExp(`No reference value for ${name} \\(.*Obtain it from .*\\| Give it in clusterGroups\\.metal-tdx\\.sandbox\\.tdx\\.measurements\\.${key} `));
    }
    expect(hub).toContain('| `metal-tdx` | `clusterGroup=metal-tdx` | baremetal (Intel TDX on the nodes, kata-cc, handler kata-tdx) |');
    expect(tree.get('metal-tdx/POSTURE.md')).toContain('| bare metal | Intel TDX (bare metal): kata-cc on the nodes labelled `intel.feature.node.kubernetes.io/tdx=true` (handler kata-tdx); no peer pods, no pod VM sizes, no NAT gateway |');
  });
});

describe('names', () => {
  test('no two objects of one group share kind, namespace and name', () => {
    for (const group of ['hub', 'azure-spokes', 'metal-tdx']) {
      const keys = inFolder(group).map(m => `${m.obj.kind}/${m.obj.metadata.namespace ?? ''}/${m.obj.metadata.name}`);
      expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    }
  });

  test.each(['azure-spokes', 'metal-tdx'])('the objects the hub\'s policies create on %s do not collide with the spoke\'s own', spoke => {
    const created = inFolder('hub/fleet').filter(m => m.obj.kind === 'Policy' && m.obj.metadata.name!.startsWith(`${spoke}-`)).flatMap(m => templatesOf(m.obj))
      .filter(o => o.kind !== 'ConfigMap').map(o => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    const spokeOwn = inFolder(spoke).filter(m => !m.file.startsWith(`${spoke}/bootstrap/`)).map(m => `${m.obj.kind}/${m.obj.metadata.namespace ?? ''}/${m.obj.metadata.name}`);
    expect(created.length).toBeGreaterThan(0);
    expect(created.length).toBeGreaterThan(5);
    expect(spokeOwn.length).toBeGreaterThan(20);
    expect(created.filter(k => spokeOwn.includes(k))).toEqual([]);
  });
});

describe('a spoke group with External Secrets and the pod-VM SSH key: they read the hub\'s Vault', () => {
  const input = YAML.parse(fs.readFileSync(FLEET, 'utf8'));
  input.clusterGroups.hub.trustee.kbs.certificate = path.join(REPO, 'certs', 'kbs-ca.EXAMPLE.pem');
  Object.assign(input.clusterGroups['azure-spokes'], { externalSecrets: { enabled: true } });
  input.clusterGroups['azure-spokes'].sandbox.sshDebug = { enabled: true };
  const variant = render(input);
  const objects = manifests(variant);
  const policy = find(variant, 'Policy', 'azure-spokes-secrets', 'hub/fleet/');
  const created = templatesOf(policy);
  const store = created.find(o => o.kind === 'ClusterSecretStore');

  test('the hub\'s policy creates the store on every cluster of the group, never the hub', () => {
    const placement = find(variant, 'Placement', 'azure-spokes-secrets-placement', 'hub/fleet/');
    expect(placement.spec.predicates[0].requiredClusterSelector.labelSelector).toEqual({
      matchLabels: { clusterGroup: 'azure-spokes' }, matchExpressions: [{ key: 'local-cluster', operator: 'NotIn', values: ['true'] }],
    });
    expect(created.map(o => o.kind)).toEqual(['ConfigMap', 'ClusterRoleBinding', 'ClusterSecretStore']);
    expect(store.spec.provider.vault).toMatchObject({
      server: 'https://vault-vault.apps.hub.coco.example.com',
      caProvider: { type: 'ConfigMap', name: 'vault-hub-ca', key: 'ca.crt', namespace: 'external-secrets-operator' },
      auth: { kubernetes: { mountPath: 'azure-spokes-{{hub .ManagedClusterName hub}}', role: 'external-secrets' } },
    });
    expect(created[0].data['ca.crt']).toBe('{{hub fromConfigMap "" "kube-root-ca.crt" "ca.crt" | toRawJson | toLiteral hub}}');
  });

  test('the spoke\'s folder renders the operator and the store\'s service account, not the store; egress to the hub\'s Route', () => {
    const spoke = objects.filter(m => m.file.startsWith('azure-spokes/'));
    expect(spoke.filter(m => m.obj.kind === 'ClusterSecretStore')).toEqual([]);
    expect(find(variant, 'ServiceAccount', 'vault-backend', 'azure-spokes/external-secrets/').metadata.namespace).toBe('external-secrets-operator');
    expect(find(variant, 'ExternalSecretsConfig', 'cluster', 'azure-spokes/external-secrets/').spec.controllerConfig.networkPolicies[0].egress).toEqual([{ ports: [{ protocol: 'TCP', port: 443 }] }]);
  });

  test('the SSH key\'s ExternalSecret reads through that store, and the script grants exactly its path', () => {
    const ssh = find(variant, 'ExternalSecret', 'ssh-key-secret-eso', 'azure-spokes/sandbox/');
    expect(ssh.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: store.metadata.name });
    const script = variant.get('hub/fleet/azure-spokes-vault-auth.sh')!;
    expect(script).toContain(`path "${ssh.spec.data[0].remoteRef.key}" { capabilities = ["read"] }\nEOF`);
    expect(script.match(/^path /gm)).toHaveLength(1);
  });

  test('posture: the spoke reads the hub\'s Vault from the untrusted zone, and names what it can read', () => {
    const spoke = variant.get('azure-spokes/POSTURE.md')!;
    expect(spoke).toContain('; Vault (cluster group `hub`, https://vault-vault.apps.hub.coco.example.com).');
    expect(spoke).toContain('confidential pods run in kata-remote VMs; External Secrets, which read the hub\'s Vault.');
    expect(spoke).toContain('logging in at `auth/azure-spokes-<managed cluster name>` (role `external-secrets`, policy `azure-spokes-read`, set up by `dist/hub/fleet/azure-spokes-vault-auth.sh`). A cluster of this group can read from Vault: `secret/data/global/sshKey`.');
    expect(variant.get('hub/POSTURE.md')).toContain('From this group\'s Vault, each cluster of `azure-spokes` can read `secret/data/global/sshKey`');
  });

  describeWithSchemas('strict schema validation', () => {
    test.each(objects.filter(m => m.file.startsWith('hub/fleet/') || m.file.startsWith('azure-spokes/external-secrets/')).map(m => [m.file, m.obj] as const))('%s', (_, obj) => {
      expect(schemaValidator()!.validate(obj)).toEqual([]);
    });
    test('an invalid embedded object of the store policy fails validation', () => {
      for (const { where, corrupted, expected } of embeddedObjectChecks(policy)) {
        expect([where, schemaValidator()!.validate(corrupted)]).toEqual([where, [expected]]);
      }
    });
  });
});

describeWithSchemas('strict schema validation of the fleet', () => {
  test.each(all.map(m => [m.file, m.obj] as const))('%s', (_, obj) => {
    expect(schemaValidator()!.validate(obj)).toEqual([]);
  });

  const policies = all.filter(m => m.obj.kind === 'Policy');
  test.each(policies.map(m => [m.file, m.obj] as const))('%s: an invalid embedded object fails validation', (_, policy) => {
    for (const { where, corrupted, expected } of embeddedObjectChecks(policy)) {
      expect([where, schemaValidator()!.validate(corrupted)]).toEqual([where, [expected]]);
    }
  });
});

describe('example fleet', () => {
  test.each([...tree.keys()])('%s', file => {
    expect(tree.get(file)).toMatchSnapshot();
  });
});
