/**
 * Regenerates the typed CRD classes in `imports/` with `cdk8s import`, from the CRD files in the
 * schema folder (`COCO_SCHEMAS_DIR`, default `../shared/schemas`), and the core kinds the project emits
 * (imports/k8s.ts) from its Kubernetes 1.28 definitions.
 *
 * Two `cdk8s import` gotchas are handled here rather than by hand:
 * - one import per API group: importing two CRDs of one group separately overwrites
 *   `imports/<group>.ts`, so the CRDs of a group are concatenated into one multi-document file;
 * - only the served storage version is kept: for multi-version CRDs the first listed version gets the
 *   plain class name, so a reordering upstream would silently change what a class name means.
 *
 * Usage: npm run import
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { schemasDir } from './schemas';

/** The kinds the project emits, by CRD file (relative to `<schemas>/crds`). */
const CRDS: readonly string[] = [
  'confidentialcontainers.org_KbsConfig.yaml',
  'kataconfiguration.openshift.io_KataConfig.yaml',
  'operators.coreos.com_Subscription.yaml',
  'operators.coreos.com_OperatorGroup.yaml',
  'policy.open-cluster-management.io_Policy.yaml',
  'policy.open-cluster-management.io_ConfigurationPolicy.yaml',
  'policy.open-cluster-management.io_PlacementBinding.yaml',
  'cluster.open-cluster-management.io_Placement.yaml',
  'argoproj.io_Application.yaml',
  'argoproj.io_AppProject.yaml',
  'external-secrets.io_ExternalSecret.yaml',
  'external-secrets.io_ClusterSecretStore.yaml',
  'cert-manager.io_Certificate.yaml',
  'cert-manager.io_Issuer.yaml',
  'cert-manager.io_ClusterIssuer.yaml',
  'route.openshift.io_Route.yaml',
  // Bare-metal TEE nodes (lib/baremetal): kernel arguments, node feature labels, the SGX device plugin.
  'machineconfiguration.openshift.io_MachineConfig.yaml',
  'nfd.openshift.io_NodeFeatureDiscovery.yaml',
  'nfd.k8s-sigs.io_NodeFeatureRule.yaml',
  'deviceplugin.intel.com_SgxDevicePlugin.yaml',
];

/**
 * The core kinds the project emits (`<group>/<version>/<kind>`, core without a group), generated into imports/k8s.ts
 * from the Kubernetes 1.28 definitions of the schema folder with the generator `cdk8s import k8s` runs (json2jsii
 * and cdk8s-cli's codegen, as cdk8s-plus-28 made its `k8s` module). Only these kinds and the types they reach:
 * 0.4 MB of source instead of cdk8s-plus-28's 3.5 MB, which every synth used to load for its `k8s` classes alone.
 */
const K8S_KINDS: readonly string[] = [
  'v1/Namespace', 'v1/ServiceAccount', 'v1/Service', 'v1/ConfigMap',
  'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'apps/v1/Deployment', 'apps/v1/DaemonSet', 'batch/v1/Job',
];

/** The Kubernetes definitions file of the schema folder (`cdk8s import k8s` downloads the same from GitHub). */
const K8S_DEFINITIONS = path.join('k8s', 'v1.28.0-definitions.json');

interface CrdVersion { name: string; served?: boolean; storage?: boolean }

/* eslint-disable @typescript-eslint/no-require-imports */
/** imports/k8s.ts: what `cdk8s import k8s@1.28.0` writes (cdk8s-cli lib/import/k8s.js), for {@link K8S_KINDS} only. */
async function importK8s(outDir: string): Promise<void> {
  const cli = (m: string) => require(path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'lib', 'import', m));
  const cliRequire = (m: string) => require(require.resolve(m, { paths: [path.dirname(require.resolve('cdk8s-cli/package.json'))] }));
  const { TypeGenerator } = cliRequire('json2jsii');
  const { CodeMaker } = cliRequire('codemaker');
  const codegen = cli('codegen');
  const { parseApiTypeName } = cli('k8s-util');
  const { findApiObjectDefinitions } = cli('k8s');
  const schema = JSON.parse(fs.readFileSync(path.join(schemasDir(), K8S_DEFINITIONS), 'utf8'));
  type ApiObjectDefinition = { group: string; version: string; kind: string; fqn: string };
  const all: ApiObjectDefinition[] = findApiObjectDefinitions(schema, 'Kube');
  const id = (o: ApiObjectDefinition) => `${o.group ? `${o.group}/` : ''}${o.version}/${o.kind}`;
  const missing = K8S_KINDS.filter(k => !all.some(o => id(o) === k));
  if (missing.length > 0) {
    throw new Error(`${K8S_DEFINITIONS}: no definition for ${missing.join(', ')}`);
  }
  // As cdk8s-cli's ImportKubernetesApi.generateTypeScript, with the top-level objects narrowed to K8S_KINDS.
  const types = new TypeGenerator({
    definitions: schema.definitions,
    renderTypeName: (def: string) => {
      const parsed = parseApiTypeName(def);
      return parsed.version ? codegen.getTypeName(false, parsed.basename, parsed.version.raw) : parsed.basename;
    },
  });
  for (const o of all) {
    types.addDefinition(o.fqn, { $ref: `#/definitions/${codegen.getPropsTypeName(o)}` });
  }
  for (const o of all.filter(d => K8S_KINDS.includes(id(d)))) {
    codegen.generateConstruct(types, o);
  }
  const code = new CodeMaker();
  code.openFile('k8s.ts');
  codegen.emitHeader(code, false);
  code.line(types.render());
  code.closeFile('k8s.ts');
  await code.save(outDir);
  process.stdout.write(`imports/k8s.ts: ${K8S_KINDS.map(k => k.split('/').pop()).join(', ')}\n`);
}
/* eslint-enable @typescript-eslint/no-require-imports */

async function main(): Promise<void> {
  const crdDir = path.join(schemasDir(), 'crds');
  if (!fs.existsSync(crdDir)) {
    throw new Error(`CRD folder not found: ${crdDir} (set COCO_SCHEMAS_DIR to the schema folder)`);
  }
  const byGroup = new Map<string, unknown[]>();
  for (const file of CRDS) {
    const crd = YAML.parse(fs.readFileSync(path.join(crdDir, file), 'utf8'));
    const versions: CrdVersion[] = crd.spec.versions;
    const storage = versions.filter(v => v.storage && v.served);
    if (storage.length !== 1) {
      throw new Error(`${file}: expected exactly one served storage version, found ${storage.length}`);
    }
    crd.spec.versions = storage;
    const group: string = crd.spec.group;
    byGroup.set(group, [...(byGroup.get(group) ?? []), crd]);
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coco-import-'));
  const outDir = path.resolve(__dirname, '..', 'imports');
  fs.rmSync(outDir, { recursive: true, force: true });
  try {
    for (const [group, crds] of [...byGroup].sort(([a], [b]) => a.localeCompare(b))) {
      const file = path.join(tmp, `${group}.yaml`);
      fs.writeFileSync(file, crds.map(c => YAML.stringify(c)).join('---\n'));
      execFileSync(path.resolve(__dirname, '..', 'node_modules', '.bin', 'cdk8s'), ['import', file, '--language', 'typescript', '--output', outDir, '--save=false', '--no-check-upgrade'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      });
      process.stdout.write(`imports/${group}.ts: ${crds.map(c => (c as { spec: { names: { kind: string } } }).spec.names.kind).join(', ')}\n`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  await importK8s(outDir);
  for (const file of fs.readdirSync(outDir).filter(f => f.endsWith('.ts'))) {
    const full = path.join(outDir, file);
    fs.writeFileSync(full, withLinearUndefinedFilter(fs.readFileSync(full, 'utf8'), file));
  }
}

/** The line json2jsii ends every generated `toJson_*` function with: drop undefined members, one spread per member. */
const UNDEFINED_FILTER = '  return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});';

/**
 * `text` with json2jsii's undefined filter written as a loop. Its `reduce` copies the object built so far for every
 * member (quadratic in the members; a rendered object passes through dozens of these): the loop keeps the same
 * members in the same order, so the manifests are byte-identical, with one object per call.
 */
function withLinearUndefinedFilter(text: string, file: string): string {
  const count = text.split(UNDEFINED_FILTER).length - 1;
  if (count === 0 && text.includes('Object.entries(result).reduce(')) {
    throw new Error(`imports/${file}: the generator's undefined filter changed; update UNDEFINED_FILTER in tools/import.ts`);
  }
  return text.split(UNDEFINED_FILTER).join([
    '  const defined: Record<string, any> = {};',
    '  for (const [k, v] of Object.entries(result)) { if (v !== undefined) { defined[k] = v; } }',
    '  return defined;',
  ].join('\n'));
}

main().catch(e => {
  process.stderr.write(`import: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
