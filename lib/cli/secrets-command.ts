/**
 * `npm run secrets -- init`: generates the KBS material and a Validated Patterns values-secret.yaml for the
 * pattern in pattern.yaml. Private material goes to a folder outside the git work tree; only the KBS CA
 * certificate is written into the repository (`certs/kbs-ca.pem`, which pattern.yaml points at), by design.
 * The admin public key is not: nothing would read it there (Trustee gets it from Vault).
 *
 *   init            the only subcommand
 *   --dir DIR       private folder (default: $COCO_SECRETS_DIR, else ~/.coco-cdk8s)
 *   --config FILE   pattern file (default: pattern.yaml)
 *   --ssh           also generate the pod-VM debug SSH key pair (implied when a group enables sandbox.sshDebug)
 *   --rotate        issue everything anew, keeping the previous files in <dir>/backup-<timestamp>/
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import * as YAML from 'yaml';
import { EXAMPLE_APPS_DOMAIN, EXAMPLE_REPO_URL, isExampleDomain, isExampleRepoUrl } from '../config/examples';
import { loadPattern, parsePattern } from '../config/load';
import { PatternConfig } from '../config/schema';
import { InputError, Problem, formatProblem } from '../errors';
import { initSecrets, InitSecretsResult, LOAD_SCRIPT_FILE_NAME, MATERIAL_FILES, SecretSpec, VAULT_VALUES_DIR_NAME } from '../secrets/generator';
import { placeholderCaCertificate } from '../secrets/generator/kbs-tls';
import { ManualVaultEntry, PatternSecrets, secretsFromPattern } from '../secrets/generator/pattern-secrets';
import type { CocoPatternProps } from '../pattern';
import { CliIO, reportError } from './synth-command';

/** Where the public files go, relative to the repository root. */
export const PUBLIC_FILES = {
  kbsCertificate: path.join('certs', 'kbs-ca.pem'),
} as const;

/** The private folder when neither --dir nor COCO_SECRETS_DIR is given, under HOME. */
export const DEFAULT_PRIVATE_DIR_NAME = '.coco-cdk8s';

const USAGE = [
  'usage: npm run secrets -- init [--dir DIR] [--config pattern.yaml] [--ssh] [--rotate]',
  '',
  '  init           generate the KBS admin key pair, the KBS TLS CA and server certificate, the token signer,',
  '                 random values for the secret resources, the image policy, and values-secret.yaml for Vault',
  '  --dir DIR      private folder, outside the git work tree (default: $COCO_SECRETS_DIR, else ~/.coco-cdk8s)',
  '  --config FILE  pattern file (default: pattern.yaml)',
  '  --ssh          also generate the pod-VM debug SSH key pair (implied by sandbox.sshDebug.enabled)',
  '  --rotate       issue new keys, certificates and values even though files of an earlier run exist: those are',
  '                 moved into DIR/backup-<timestamp>/ (never deleted); then re-load Vault and re-render',
  '',
  'Never overwrites a file. The one public file, the KBS CA certificate, goes to certs/kbs-ca.pem in the repository.',
  'Refuses the example gitops.repoURL and appsDomain of the committed pattern.yaml: set yours first.',
];

/**
 * Runs the secrets command; resolves to the exit code. Never rejects for bad input: every problem is printed as
 * one line (`error: <field>: <what was expected>, got <value>`) and nothing is written. `extend` adds your own
 * Applications to the pattern, as for {@link runSynth}: the Vault entries their VaultSecrets read are planned too.
 */
export async function runSecrets(argv: string[], io: CliIO, extend?: CocoPatternProps['extend']): Promise<number> {
  let args;
  let positionals: string[];
  try {
    const parsed = parseArgs({
      args: argv,
      options: {
        dir: { type: 'string' },
        config: { type: 'string' },
        ssh: { type: 'boolean', default: false },
        rotate: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    args = parsed.values;
    positionals = parsed.positionals;
  } catch (e) {
    // Node's first sentence names the problem ("Unknown option '--force'"); the rest is advice about positionals.
    io.err(`error: ${(e as Error).message.split('\n')[0].split(/\.\s/)[0]} (see --help)`);
    return 1;
  }
  if (args.help) {
    USAGE.forEach(line => io.out(line));
    return 0;
  }
  if (positionals.length === 0) {
    io.err('error: missing subcommand: expected "init" (see --help)');
    return 1;
  }
  if (positionals[0] !== 'init') {
    io.err(`error: unknown subcommand ${JSON.stringify(positionals[0])}: expected "init" (see --help)`);
    return 1;
  }
  if (positionals.length > 1) {
    io.err(`error: unexpected argument ${JSON.stringify(positionals[1])}: init takes only options (see --help)`);
    return 1;
  }

  const configFile = path.resolve(io.cwd, args.config ?? 'pattern.yaml');
  const shown = (p: string) => path.relative(io.cwd, p) || '.';
  if (args.dir === '') {
    io.err('error: --dir: must be a folder path, got ""');
    return 1;
  }
  const privateDir = privateDirOf(args.dir, io);
  if (privateDir === undefined) {
    io.err('error: --dir: is required when neither COCO_SECRETS_DIR nor HOME is set, got nothing');
    return 1;
  }
  const repoRoot = gitWorkTree(io.cwd);

  let plan: PatternSecrets;
  let loaded: LoadedPattern;
  try {
    loaded = await loadPatternForSecrets(configFile, shown(configFile));
    plan = secretsFromPattern(loaded.config, { ssh: args.ssh, extend });
    const examples = exampleValueProblems(loaded.config);
    if (examples.length > 0) throw new InputError(examples);
  } catch (e) {
    return reportError(e, io, shown(configFile));
  }

  const publicFiles = {
    kbsCertificate: path.join(repoRoot, PUBLIC_FILES.kbsCertificate),
  };
  let result: InitSecretsResult;
  try {
    result = await initSecrets({
      privateDir,
      repoRoot,
      publicFiles,
      kbsHosts: plan.kbsHosts,
      secrets: plan.secrets,
      sshKey: plan.sshKey,
      rotate: args.rotate,
    });
  } catch (e) {
    return reportError(e, io, 'secrets init');
  }

  for (const p of loaded.pending) {
    io.out(`note: ${formatProblem(p)} (accepted: this run writes the certificate)`);
  }
  // Groups that pin nothing yet or the committed EXAMPLE certificate now pin the new CA, so the next synth uses it.
  const repoint = plan.trusteeGroups.filter(g => {
    const current = loaded.certificateSettings.get(g);
    return current === undefined ? !inlineCertificate(loaded, g) : isExampleCertificate(current);
  });
  let updated: string[] = [];
  try {
    updated = pointAtCertificate(configFile, repoint, path.relative(path.dirname(configFile), publicFiles.kbsCertificate));
  } catch (e) {
    io.err(`warning: could not update ${shown(configFile)} (${(e as Error).message}); set the certificate by hand (next steps)`);
  }
  const certificateSettings = new Map(loaded.certificateSettings);
  for (const g of updated) {
    certificateSettings.set(g, publicFiles.kbsCertificate);
  }
  report(result, plan, { io, shown, configFile, publicFiles, certificateSettings, updatedGroups: updated });
  return 0;
}

/**
 * The example values of the committed pattern.yaml that a KBS certificate must not be issued for: the
 * example repository (nothing would sync what you render) and a KBS host under the example apps domain (the
 * certificate would not match the cluster's Route). One problem per field, each saying what to set.
 */
export function exampleValueProblems(config: PatternConfig): Problem[] {
  const problems: Problem[] = [];
  if (isExampleRepoUrl(config.gitops.repoURL)) {
    problems.push({ path: 'gitops.repoURL', message: `is still the example repository ${JSON.stringify(EXAMPLE_REPO_URL)}: set it to the Git repository Argo CD reads dist/ from before generating the secrets (nothing written)` });
  }
  for (const [name, group] of Object.entries(config.clusterGroups)) {
    const t = group.trustee;
    if (!t.enabled) continue;
    const kbsUrlHost = t.kbs.url ? new URL(t.kbs.url).hostname : undefined;
    if (t.kbs.host !== undefined ? isExampleDomain(t.kbs.host) : isExampleDomain(group.appsDomain)) {
      const field = t.kbs.host !== undefined ? `clusterGroups.${name}.trustee.kbs.host` : `clusterGroups.${name}.appsDomain`;
      problems.push({
        path: field,
        message: `is still the example domain ${JSON.stringify(EXAMPLE_APPS_DOMAIN)}: set it to the cluster's apps domain (oc get ingresses.config cluster -o jsonpath='{.spec.domain}') before issuing the KBS certificate (nothing written)`,
      });
    } else if (isExampleDomain(kbsUrlHost)) {
      problems.push({ path: `clusterGroups.${name}.trustee.kbs.url`, message: `is still under the example domain ${JSON.stringify(EXAMPLE_APPS_DOMAIN)}: set it to where workloads reach the KBS before issuing the KBS certificate (nothing written)` });
    }
  }
  return problems;
}

/** The committed example certificate's file name (its key was thrown away). */
const EXAMPLE_CERTIFICATE_FILE = 'kbs-ca.EXAMPLE.pem';

function isExampleCertificate(file: string): boolean {
  return path.basename(file) === EXAMPLE_CERTIFICATE_FILE;
}

function inlineCertificate(loaded: LoadedPattern, group: string): boolean {
  return loaded.inlineGroups.has(group);
}

/**
 * Sets `clusterGroups.<group>.trustee.kbs.certificate` to `value` for each group in pattern.yaml, keeping
 * its comments and layout (yaml Document API), written atomically. Returns the groups changed.
 */
export function pointAtCertificate(configFile: string, groups: readonly string[], value: string): string[] {
  if (groups.length === 0) {
    return [];
  }
  const doc = YAML.parseDocument(fs.readFileSync(configFile, 'utf8'));
  for (const g of groups) {
    doc.setIn(['clusterGroups', g, 'trustee', 'kbs', 'certificate'], value);
  }
  const tmp = `${configFile}.coco-${process.pid}.tmp`;
  fs.writeFileSync(tmp, doc.toString());
  fs.renameSync(tmp, configFile);
  return [...groups];
}

/** The private folder: --dir, else $COCO_SECRETS_DIR, else $HOME/.coco-cdk8s; `~/` expanded, relative to cwd. */
function privateDirOf(dir: string | undefined, io: CliIO): string | undefined {
  const home = io.env.HOME || undefined;
  const chosen = dir ?? (io.env.COCO_SECRETS_DIR || undefined) ?? (home ? path.join(home, DEFAULT_PRIVATE_DIR_NAME) : undefined);
  if (chosen === undefined) {
    return undefined;
  }
  const expanded = home && (chosen === '~' || chosen.startsWith('~/')) ? path.join(home, chosen.slice(1)) : chosen;
  return path.resolve(io.cwd, expanded);
}

/** The git work tree holding `dir`: the nearest folder up from it with a `.git` entry; `dir` itself when none. */
export function gitWorkTree(dir: string): string {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(path.join(current, '.git'))) {
      return current;
    }
    const parent = path.dirname(current);
    if (parent === current) {
      return path.resolve(dir);
    }
    current = parent;
  }
}

/** The validated pattern, the certificate problems tolerated, and each group's `trustee.kbs.certificate` as written. */
interface LoadedPattern {
  /** As synth loads it; a certificate still to be written is a throwaway placeholder CA (the tree needs one). */
  readonly config: PatternConfig;
  readonly pending: readonly Problem[];
  /** Absolute file each cluster group's `trustee.kbs.certificate` names (undefined: unset or inline PEM). */
  readonly certificateSettings: ReadonlyMap<string, string | undefined>;
  /** Groups whose certificate is given inline (PEM text in pattern.yaml): left alone. */
  readonly inlineGroups: ReadonlySet<string>;
}

/**
 * Loads pattern.yaml like synth does, but tolerates one thing: a `trustee.kbs.certificate` that is missing or
 * names a file that does not exist yet, since this command is what creates it (the pattern is then loaded with
 * a throwaway placeholder CA there). Anything else is an error. Returns the tolerated problems so they can be shown.
 */
async function loadPatternForSecrets(file: string, shownAs: string): Promise<LoadedPattern> {
  let config: PatternConfig | undefined;
  let pending: readonly Problem[] = [];
  try {
    config = loadPattern(file, shownAs);
  } catch (e) {
    if (!(e instanceof InputError) || e.problems.length === 0 || !e.problems.every(p => CERTIFICATE_FIELD.test(p.path))) throw e;
    const data = rawPattern(file);
    if (!e.problems.every(p => certificatePending(p, data, file))) throw e;
    // Every problem is a certificate still to be written: the schema and the cross-field rules passed otherwise.
    const placeholder = await placeholderCaCertificate();
    const input = structuredClone(data) as { clusterGroups: Record<string, { trustee?: { kbs?: { certificate?: unknown } } }> };
    for (const p of e.problems) {
      const group = input.clusterGroups[CERTIFICATE_FIELD.exec(p.path)![1]];
      group.trustee = { ...group.trustee, kbs: { ...group.trustee?.kbs, certificate: placeholder } };
    }
    config = parsePattern(input, { baseDir: path.dirname(path.resolve(file)) });
    pending = e.problems;
  }
  const data = rawPattern(file);
  const certificateSettings = new Map(Object.keys(config.clusterGroups).map(group => [group, certificateFile(data, group, file)]));
  const inlineGroups = new Set(Object.keys(config.clusterGroups).filter(group => {
    const value = data?.clusterGroups?.[group]?.trustee?.kbs?.certificate;
    return typeof value === 'string' && value.includes('-----BEGIN');
  }));
  return { config, pending, certificateSettings, inlineGroups };
}

type RawPattern = { clusterGroups?: Record<string, { trustee?: { kbs?: { certificate?: unknown } } } | null> } | null;

/** pattern.yaml as plain data (it parsed before, so this does not fail). */
function rawPattern(file: string): RawPattern {
  return YAML.parse(fs.readFileSync(file, 'utf8')) as RawPattern;
}

/** The absolute file a group's `trustee.kbs.certificate` names, when it names one. */
function certificateFile(data: RawPattern, group: string, patternFile: string): string | undefined {
  const value = data?.clusterGroups?.[group]?.trustee?.kbs?.certificate;
  return typeof value === 'string' && value !== '' && !value.includes('-----BEGIN')
    ? path.resolve(path.dirname(path.resolve(patternFile)), value)
    : undefined;
}

/** The field of a Trustee group's KBS certificate; group names are DNS labels. */
const CERTIFICATE_FIELD = /^clusterGroups\.([a-z0-9-]+)\.trustee\.kbs\.certificate$/;

/** True when `problem` is about a Trustee group's KBS certificate that is absent or names a missing file. */
function certificatePending(problem: Problem, data: RawPattern, patternFile: string): boolean {
  const match = CERTIFICATE_FIELD.exec(problem.path);
  if (!match) return false;
  if (data?.clusterGroups?.[match[1]]?.trustee?.kbs?.certificate === undefined) return true;
  const file = certificateFile(data, match[1], patternFile);
  return file !== undefined && !fs.existsSync(file);
}

interface ReportContext {
  readonly io: CliIO;
  readonly shown: (p: string) => string;
  readonly configFile: string;
  readonly publicFiles: { readonly kbsCertificate: string };
  readonly certificateSettings: ReadonlyMap<string, string | undefined>;
  /** Groups whose `trustee.kbs.certificate` this run pointed at the new CA. */
  readonly updatedGroups: readonly string[];
}

/** Prints what was written (private, then public), the CA fingerprint and the next steps. */
function report(result: InitSecretsResult, plan: PatternSecrets, ctx: ReportContext): void {
  const { io, shown } = ctx;
  // The inline values' files (one per Vault property) are listed as their folder.
  const valuesDir = path.join(result.privateDir, VAULT_VALUES_DIR_NAME);
  const valueFiles = result.files.filter(f => f.path.startsWith(`${valuesDir}${path.sep}`));
  const privateFiles = [
    ...result.files.filter(f => f.visibility === 'private' && !valueFiles.includes(f)),
    ...(valueFiles.length > 0 ? [{ path: `${valuesDir}/`, visibility: 'private' as const, description: `the inline values of values-secret.yaml, one file per Vault property (${valueFiles.length} files), for ${LOAD_SCRIPT_FILE_NAME}` }] : []),
  ];
  const publicFiles = result.files.filter(f => f.visibility === 'public');
  const privateName = (f: { path: string }) => (f.path.endsWith('/') ? `${path.basename(f.path)}/` : path.basename(f.path));
  const width = Math.max(...[...privateFiles.map(privateName), ...publicFiles.map(f => shown(f.path))].map(n => n.length));
  if (result.backup) {
    io.out(`rotated: the ${result.backup.files.length} previous files are kept in ${result.backup.dir} (mode 0700; nothing was deleted):`);
    for (const f of result.backup.files) {
      const from = path.dirname(f.from) === result.privateDir ? path.basename(f.from) : shown(f.from);
      io.out(`  ${from} -> ${path.relative(result.backup.dir, f.to)}`);
    }
  }
  io.out(`private files (mode 0600) in ${result.privateDir}${result.privateDirCreated ? ' (created, mode 0700)' : ''}; keep them out of git:`);
  for (const f of privateFiles) {
    io.out(`  ${privateName(f).padEnd(width)}  ${f.description}`);
  }
  io.out('public files in the repository (commit them):');
  for (const f of publicFiles) {
    io.out(`  ${shown(f.path).padEnd(width)}  ${f.description}`);
  }
  io.out(`KBS server certificate for ${plan.kbsHosts.join(', ')}, valid until ${result.serverCertificateNotAfter.toISOString()}`);
  io.out(`KBS CA certificate SHA-256 fingerprint: ${result.caFingerprintSha256}`);
  io.out(`Vault entries in ${result.valuesSecretFile}:`);
  for (const line of vaultSummary(plan.secrets)) {
    io.out(`  ${line}`);
  }
  if (plan.manual.length > 0) {
    io.out('not generated, put into Vault yourself:');
    for (const m of plan.manual) {
      io.out(`  ${manualLine(m)}`);
    }
  }

  const certificate = path.relative(path.dirname(ctx.configFile), ctx.publicFiles.kbsCertificate);
  for (const g of ctx.updatedGroups) {
    io.out(`updated ${shown(ctx.configFile)}: clusterGroups.${g}.trustee.kbs.certificate: ${certificate} (it pinned the EXAMPLE certificate or none)`);
  }
  const toSet = plan.trusteeGroups.filter(g => ctx.certificateSettings.get(g) !== ctx.publicFiles.kbsCertificate);
  const steps = [
    ...(toSet.length > 0
      ? [`in ${shown(ctx.configFile)} set ${toSet.map(g => `clusterGroups.${g}.trustee.kbs.certificate: ${certificate}`).join(' and ')}`]
      : []),
    'npm run synth, then commit certs/ and dist/ (initdata pins the new KBS CA certificate)',
    `load the secrets into Vault (after step 6 of the README): VAULT_ADDR=https://<the vault Route host> VAULT_TOKEN=<token> sh ${result.loadScriptFile}`
      + ' (one vault kv put per entry above)',
  ];
  if (result.backup) {
    io.out('every key, certificate and random value above is new: re-load every Vault entry listed with the new load-into-vault.sh (the old values stay in Vault until you do),'
      + ' then re-render and sync, so the KBS serves the new certificate and the initdata of every pod pins the new CA');
  }
  io.out('next steps:');
  steps.forEach((step, i) => io.out(`  ${i + 1}. ${step}`));
}

/** One line per Vault entry: KV v2 path, then each field and where its value comes from (never the value). */
function vaultSummary(secrets: readonly SecretSpec[]): string[] {
  return secrets.flatMap(secret => secret.vaultPrefixes.map(prefix => {
    const fields = secret.fields.map(field => {
      const source = field.source;
      const from = 'random' in source ? `random (${source.random} bytes)`
        : 'material' in source ? MATERIAL_FILES[source.material].fileName
          : 'value' in source ? 'inline value' : source.file;
      return `${field.name} <- ${from}`;
    });
    return `secret/data/${prefix}/${secret.name}: ${fields.join(', ')}`;
  }));
}

function manualLine(entry: ManualVaultEntry): string {
  return `${entry.vaultPath} property ${entry.property} (${entry.field}): ${entry.what}`;
}
