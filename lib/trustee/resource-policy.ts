/**
 * The KBS resource policy (Rego, `package policy`, rule `allow`): decides whether a requester holding an
 * attestation token may read a resource.
 *
 * What the policy sees, from trustee's source (kbs `api_server.rs` and `policy_engine/`, attestation
 * service `ear_broker.rs` / `ear_token/broker.rs`, at the tags each Red Hat build ships):
 * - `input` is the verified EAR token. `input.submods.<cpu|cpu0>` holds the CPU appraisal (`cpu` up to
 *   trustee v0.13, `cpu0` from v0.14; GPUs add `gpu0`, ...), with `ear.status` and
 *   `ear.veraison.annotated-evidence` = `{<tee>: verifier claims, init_data, report_data, ...}`. The TEE
 *   key is `azsnpvtpm` up to v0.15 and `az-snp-vtpm` from v0.16 (kbs-types 0.13 hyphenated it);
 *   `snp` and `tdx` in every version. The Azure verifier reports every vTPM PCR as lowercase hex
 *   (`tpm.pcr08`); SNP HOSTDATA is `init_data` (base64 up to v0.17, hex from v0.18); TDX MRCONFIGID is
 *   `tdx.quote.body.mr_config_id` (hex).
 * - the requested resource is in `data`: `data["resource-path"] = "resource/default/kbsres1/key3"` (a
 *   string with the plugin segment) up to v0.16; from v0.17 `data.plugin = "resource"` and
 *   `data["resource-path"] = ["default", "kbsres1", "key3"]`.
 *
 * Presets:
 * - `per-workload` (secure default): a resource is released only when every appraisal is `affirming`
 *   (a submodule without a status counts as not affirming: fail closed) **and** the initdata the TEE
 *   reports is one that declared the resource. The grants are a table in the policy text: the readable
 *   proof of who can obtain what.
 * - `permissive`: every resource to anyone (the reference pattern's 2.x policy).
 *
 * Written with `import rego.v1` keywords, which both the Rego v0 engine of trustee up to v0.16 (regorus
 * 0.2.8) and the v1 engines after it parse; the tests check both dialects on OPA.
 */
import { InputError, Problem, quote, throwIfProblems } from '../errors';
import { ATTESTED_TEES, AttestedTee, TEES } from '../platforms/tees';

/** How the KBS of one Trustee generation presents the token and the request to the resource policy. */
export interface ResourcePolicyInputShape {
  /** Name of the CPU appraisal in `input.submods`. */
  readonly earSubmodule: 'cpu' | 'cpu0';
  /** Key of each TEE's claims in `ear.veraison.annotated-evidence`. */
  readonly evidenceKeys: Readonly<Record<AttestedTee, string>>;
  /** Encoding of SNP HOSTDATA (`init_data`) in the token. */
  readonly snpInitDataEncoding: 'base64' | 'hex';
  /**
   * `path-string`: `data["resource-path"]` is `"resource/<repo>/<type>/<tag>"` (trustee up to v0.16);
   * `plugin-array`: `data.plugin` and `data["resource-path"] = [repo, type, tag]` (v0.17+).
   */
  readonly request: 'path-string' | 'plugin-array';
}

/** The value a TEE reports for one initdata, as the token carries it. */
export interface EvidenceIdentity {
  readonly tee: AttestedTee;
  /** PCR 8 (Azure vTPM), HOSTDATA (SNP) or MRCONFIGID (TDX), in the token's encoding. */
  readonly value: string;
}

/** One accepted initdata and the resources it may obtain. */
export interface ResourceGrant {
  /** Who runs it, for the comments of the table (e.g. "kbs-access/secure"). */
  readonly name: string;
  /** How its attestation shows it, one entry per TEE it runs on. */
  readonly identities: readonly EvidenceIdentity[];
  /** Resources it may obtain, `<repository>/<type>/<tag>` (e.g. "default/kbsres1/key3"). */
  readonly resources: readonly string[];
}

/** Release rules: per-workload grants, or everything to everyone. */
export type ResourceRelease =
  | { readonly preset: 'per-workload'; readonly grants: readonly ResourceGrant[] }
  | { readonly preset: 'permissive' };

/** Every preset, in the order error messages list them. */
export const RESOURCE_POLICY_PRESETS = ['per-workload', 'permissive'] as const;

const RESOURCE_PATH = /^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/;
const HEX = /^[0-9a-f]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The key of one identity in the grants table: "<tee>:<value>". */
export function identityKey(identity: EvidenceIdentity): string {
  return `${identity.tee}:${identity.value}`;
}

/**
 * The identity a TEE reports for an initdata whose binding value (PCR 8, HOSTDATA or MRCONFIGID) is
 * `hex`, in the token's encoding.
 */
export function evidenceIdentity(tee: AttestedTee, hex: string, shape: ResourcePolicyInputShape): EvidenceIdentity {
  const value = tee === 'snp' && shape.snpInitDataEncoding === 'base64' ? Buffer.from(hex, 'hex').toString('base64') : hex;
  return { tee, value };
}

/**
 * The grants merged by identity (two workloads with the same initdata share one entry and the union of
 * their resources), sorted by identity key; resources sorted.
 */
export function grantTable(grants: readonly ResourceGrant[]): { key: string; names: string[]; resources: string[] }[] {
  const table = new Map<string, { names: Set<string>; resources: Set<string> }>();
  for (const g of grants) {
    for (const id of g.identities) {
      const entry = table.get(identityKey(id)) ?? { names: new Set(), resources: new Set() };
      entry.names.add(g.name);
      g.resources.forEach(r => entry.resources.add(r));
      table.set(identityKey(id), entry);
    }
  }
  return [...table.keys()].sort().map(key => ({
    key,
    names: [...table.get(key)!.names].sort(),
    resources: [...table.get(key)!.resources].sort(),
  }));
}

function problems(release: ResourceRelease, path: string): Problem[] {
  if (release.preset === 'permissive') return [];
  const found: Problem[] = [];
  release.grants.forEach((g, i) => {
    g.resources.forEach((r, j) => {
      if (!RESOURCE_PATH.test(r)) found.push({ path: `${path}.grants[${i}].resources[${j}]`, message: `must be "<repository>/<type>/<tag>", got ${quote(r)}` });
    });
    g.identities.forEach((id, j) => {
      const ok = id.tee === 'snp' ? HEX.test(id.value) || BASE64.test(id.value) : HEX.test(id.value);
      if (!ok) found.push({ path: `${path}.grants[${i}].identities[${j}].value`, message: `must be lowercase hex (or base64 for SNP), got ${quote(id.value)}` });
    });
  });
  return found;
}

/**
 * The resource policy text for a generation's input shape and the release rules.
 *
 * @throws InputError for a malformed grant or an unknown preset
 */
export function renderResourcePolicy(shape: ResourcePolicyInputShape, release: ResourceRelease, path = 'resourcePolicy'): string {
  if (!(RESOURCE_POLICY_PRESETS as readonly string[]).includes(release.preset)) {
    throw new InputError([{ path, message: `must be one of ${RESOURCE_POLICY_PRESETS.map(p => `"${p}"`).join(', ')}, got ${quote(release.preset)}` }]);
  }
  throwIfProblems(problems(release, path));
  return release.preset === 'permissive' ? PERMISSIVE : perWorkload(shape, release.grants);
}

/** The reference pattern's policy, plus one comment line. */
const PERMISSIVE = `package policy
# Resource policy preset "permissive" (coco-cdk8s): every resource is released without checking attestation. Testing only.
default allow = true
`;

function perWorkload(shape: ResourcePolicyInputShape, grants: readonly ResourceGrant[]): string {
  const evidence = `input.submods.${shape.earSubmodule}["ear.veraison.annotated-evidence"]`;
  const key = (tee: AttestedTee) => JSON.stringify(shape.evidenceKeys[tee]);
  const table = grantTable(grants);
  const out = [
    'package policy',
    '',
    'import rego.v1',
    '',
    '# Resource policy preset "per-workload" (coco-cdk8s). A resource is released only when',
    '# 1. every appraisal of the attestation token is "affirming" (a missing status is not), and',
    '# 2. the initdata the TEE reports (Azure vTPM PCR 8, SNP HOSTDATA, TDX MRCONFIGID) is one whose',
    '#    workload declared the resource: the table `grants` below.',
    '',
    'default allow := false',
    '',
    'allow if {',
    '  all_appraisals_affirming',
    '  some identity in identities',
    '  requested in grants[identity]',
    '}',
    '',
    'all_appraisals_affirming if {',
    '  count(input.submods) > 0',
    '  not some_appraisal_not_affirming',
    '}',
    '',
    'some_appraisal_not_affirming if {',
    '  some appraisal in input.submods',
    '  not appraisal["ear.status"] == "affirming"',
    '}',
    '',
    '# The requested resource as "<repository>/<type>/<tag>".',
    ...(shape.request === 'plugin-array'
      ? [
        'requested := concat("/", data["resource-path"]) if {',
        '  data.plugin == "resource"',
        '  count(data["resource-path"]) == 3',
        '}',
      ]
      : [
        'requested := trim_prefix(data["resource-path"], "resource/") if {',
        '  startswith(data["resource-path"], "resource/")',
        '  count(split(data["resource-path"], "/")) == 4',
        '}',
      ]),
    '',
    '# The initdata the TEE reports, as "<tee>:<value>".',
    ...ATTESTED_TEES.flatMap((tee, i) => [...(i > 0 ? [''] : []), ...TEES[tee].identityRule({ evidence, key: key(tee) })]),
    '',
    '# Who can obtain what: initdata -> the resources its workload declared.',
    'grants := {',
    ...table.flatMap(row => [
      `  # ${row.names.join(', ')}`,
      `  ${JSON.stringify(row.key)}: ${row.resources.length > 0 ? `{${row.resources.map(r => JSON.stringify(r)).join(', ')}}` : 'set()'},`,
    ]),
    '}',
    '',
  ];
  return out.join('\n');
}
