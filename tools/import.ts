/**
 * Regenerates the typed CRD classes in `imports/` with `cdk8s import`, from the CRD files in the
 * schema folder (`COCO_SCHEMAS_DIR`, default `../shared/schemas`).
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

interface CrdVersion { name: string; served?: boolean; storage?: boolean }

function main(): void {
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
}

main();
