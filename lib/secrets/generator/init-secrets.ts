/**
 * `secrets init`: generates the KBS admin key pair, the KBS TLS CA and server certificate, random values, an
 * optional SSH key pair and, when a field asks for it, the attestation token signer, and writes them with a Validated Patterns values-secret.yaml into a private folder
 * outside the repository; only the public files (the CA certificate, and the admin public key when asked) go into the repository.
 */
import * as fs from 'fs';
import * as path from 'path';
import { X509Certificate } from 'crypto';
import { InputError, quote, throwIfProblems } from '../../errors';
import { generateAdminKeyPair } from './admin-key';
import { ExclusiveWriter } from './exclusive-writer';
import { generateKbsTls } from './kbs-tls';
import { checkLocations, isInside, lexists, Locations } from './locations';
import { CA_KEY_FILE, MATERIAL_FILES, MaterialFile, VALUES_SECRET_FILE_NAME } from './materials';
import { randomFieldValue } from './random-value';
import { generateSshKeyPair } from './ssh-key';
import { generateTokenSigner } from './token-signer';
import { InitSecretsOptions, InitSecretsResult, MaterialName, RotationBackup, SecretSpec, WrittenFile } from './types';
import { validateOptions } from './validate-options';
import { effectiveValidity } from './validity';
import { renderValuesSecret, ValuesSecretEntry, ValuesSecretField } from './values-secret';
import { LOAD_SCRIPT_FILE_NAME, renderLoadScript, VAULT_VALUES_DIR_NAME, vaultPuts } from './vault-script';

/** Mode of the private folder. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of every private file, values-secret.yaml included. */
export const PRIVATE_FILE_MODE = 0o600;
/** Mode of load-into-vault.sh (private, executable by its owner). */
export const PRIVATE_SCRIPT_MODE = 0o700;
/** Mode of the public files in the repository. */
export const PUBLIC_FILE_MODE = 0o644;
/** Mode of folders created for the public files. */
export const PUBLIC_DIR_MODE = 0o755;

/** A file to write: where, what, who may read it, and the option it belongs to (for error messages). */
interface PlannedFile {
  readonly path: string;
  readonly visibility: 'private' | 'public';
  readonly description: string;
  readonly option: string;
  readonly content: string;
  /** @default PRIVATE_FILE_MODE or PUBLIC_FILE_MODE by visibility */
  readonly mode?: number;
}

/**
 * Generates the secrets and writes them. Checks everything first and writes nothing when anything is wrong:
 * a bad option, a `privateDir` inside `repoRoot` (after resolving symlinks and `..`), or any target file that
 * already exists (all are listed; existing files are never overwritten). A failure while writing removes
 * whatever this run wrote. Throws {@link InputError} with one problem per line.
 */
export async function initSecrets(options: InitSecretsOptions): Promise<InitSecretsResult> {
  const located = checkLocations(options.repoRoot, options.privateDir, options.publicFiles);
  throwIfProblems([...located.problems, ...validateOptions(options)]);
  const locations = located.locations!;
  const sshKey = options.sshKey === true;
  const now = options.now ?? new Date();

  const referenced = referencedMaterials(options.secrets);
  const entries = valuesSecretEntries(options.secrets, locations.privateDir);
  const { puts, valueFiles } = vaultPuts(entries, locations.privateDir);
  const loadScriptFile = path.join(locations.privateDir, LOAD_SCRIPT_FILE_NAME);
  const existing = existingTargets(locations, sshKey, referenced, [loadScriptFile, ...valueFiles.map(v => v.file)]);
  if (!options.rotate) {
    throwIfProblems(existing.map(target => ({
      path: target.option,
      message: `would overwrite the existing file ${quote(target.file)}; secrets init never overwrites: move it away, or rotate (secrets init --rotate keeps the old files as a backup and issues new ones) (nothing was written)`,
    })));
  }

  const admin = generateAdminKeyPair();
  const validity = effectiveValidity(options);
  const tls = await generateKbsTls({
    hosts: options.kbsHosts,
    now,
    validityDays: validity.serverDays,
    caValidityDays: validity.caDays,
  });
  const ssh = sshKey ? await generateSshKeyPair() : undefined;
  const tokenSigner = referenced.has('tokenSignerKey') || referenced.has('tokenSignerCertificate')
    ? await generateTokenSigner({ now, validityDays: validity.serverDays })
    : undefined;

  const materials: Partial<Record<MaterialName, string>> = {
    adminPrivateKey: admin.privateKeyPem,
    adminPublicKey: admin.publicKeyPem,
    kbsCaCertificate: tls.caCertificatePem,
    kbsTlsCertificate: tls.serverCertificatePem,
    kbsTlsCertificateChain: `${tls.serverCertificatePem}${tls.caCertificatePem}`,
    kbsTlsKey: tls.serverKeyPem,
    sshPrivateKey: ssh?.privateKeyPem,
    sshPublicKey: ssh?.publicKeyLine,
    tokenSignerKey: tokenSigner?.keyPem,
    tokenSignerCertificate: tokenSigner?.certificatePem,
  };
  const valuesSecretFile = path.join(locations.privateDir, VALUES_SECRET_FILE_NAME);
  const valuesSecret = renderValuesSecret(entries, [
    `Validated Patterns secrets file (format version 2.0), written by coco-cdk8s secrets init at ${now.toISOString()}.`,
    `PRIVATE: it holds secret values and points at private keys. Never commit it. ${LOAD_SCRIPT_FILE_NAME} next to it`,
    'loads the same entries with the vault CLI; the Validated Patterns load-secrets tooling reads this file.',
  ]);
  const loadScript = renderLoadScript(puts, [
    `Loads the secrets of ${VALUES_SECRET_FILE_NAME} into Vault with the vault CLI: one "vault kv put" per entry, on the`,
    'KV v2 mount "secret", at the paths the rendered ExternalSecrets read (secret/data/<prefix>/<name>). Every value',
    `is read from a file (<property>=@<file>): the generated keys and certificates, and ${VAULT_VALUES_DIR_NAME}/ for the inline values.`,
    `Written by coco-cdk8s secrets init at ${now.toISOString()}. PRIVATE folder: never commit it.`,
    'Run with the Vault address and a token that may write secret/ (e.g. the root token of step 6):',
    `  VAULT_ADDR=https://<the vault Route host> VAULT_TOKEN=<token> sh ${loadScriptFile}`,
    '(the vault Route re-encrypts with the OpenShift service CA: set VAULT_CACERT, or VAULT_SKIP_VERIFY=true to try).',
  ]);

  const planned: PlannedFile[] = [
    ...privateMaterialFiles(sshKey, referenced).map(({ name, file }) => ({
      path: path.join(locations.privateDir, file.fileName),
      visibility: 'private' as const,
      description: file.description,
      option: 'privateDir',
      content: name === 'caKey' ? tls.caKeyPem : materials[name]!,
    })),
    {
      path: valuesSecretFile,
      visibility: 'private',
      description: 'Validated Patterns values-secret.yaml (format 2.0) for load-secrets',
      option: 'privateDir',
      content: valuesSecret,
    },
    ...valueFiles.map(v => ({
      path: v.file,
      visibility: 'private' as const,
      description: 'inline value of values-secret.yaml, for load-into-vault.sh',
      option: 'privateDir',
      content: v.content,
    })),
    {
      path: loadScriptFile,
      visibility: 'private',
      description: 'one vault kv put per Vault entry (mode 0700): loads the secrets with the vault CLI',
      option: 'privateDir',
      content: loadScript,
      mode: PRIVATE_SCRIPT_MODE,
    },
    {
      path: locations.publicFiles.kbsCertificate,
      visibility: 'public',
      description: MATERIAL_FILES.kbsCaCertificate.description,
      option: 'publicFiles.kbsCertificate',
      content: tls.caCertificatePem,
    },
    ...(locations.publicFiles.adminPublicKey !== undefined ? [{
      path: locations.publicFiles.adminPublicKey,
      visibility: 'public' as const,
      description: MATERIAL_FILES.adminPublicKey.description,
      option: 'publicFiles.adminPublicKey',
      content: admin.publicKeyPem,
    }] : []),
  ];

  const backup = options.rotate && existing.length > 0
    ? backUp(existing.map(t => t.file), path.join(locations.privateDir, `backup-${now.toISOString().replace(/[:.]/g, '-')}`), options.repoRoot, locations.privateDir)
    : undefined;
  let files: WrittenFile[];
  try {
    files = writeAll(locations, planned);
  } catch (e) {
    if (backup) restore(backup);
    throw e;
  }
  return {
    backup,
    privateDir: locations.privateDir,
    privateDirCreated: locations.createPrivateDir,
    valuesSecretFile,
    loadScriptFile,
    files,
    caFingerprintSha256: new X509Certificate(tls.caCertificatePem).fingerprint256,
    serverCertificateNotAfter: tls.serverNotAfter,
  };
}

/** The materials some field of `secrets` points at. */
function referencedMaterials(secrets: readonly SecretSpec[]): Set<MaterialName> {
  return new Set(secrets.flatMap(secret => secret.fields.flatMap(field => ('material' in field.source ? [field.source.material] : []))));
}

/**
 * The private material files, in the order written: keys and certificates, the SSH pair when asked, the
 * on-demand materials (token signer, certificate chain) only when a field references them, then the CA key.
 */
function privateMaterialFiles(sshKey: boolean, referenced: ReadonlySet<MaterialName>): { name: MaterialName | 'caKey'; file: MaterialFile }[] {
  const materials = (Object.entries(MATERIAL_FILES) as [MaterialName, MaterialFile][])
    .filter(([name, file]) => (sshKey || !file.sshOnly) && (!file.whenReferenced || referenced.has(name)))
    .map(([name, file]) => ({ name, file }));
  return [...materials, { name: 'caKey' as const, file: CA_KEY_FILE }];
}

/** Every target that exists already (a dangling symlink counts), with the option it belongs to. */
function existingTargets(locations: Locations, sshKey: boolean, referenced: ReadonlySet<MaterialName>, otherPrivate: readonly string[]): { option: string; file: string }[] {
  const privateTargets = [
    ...[
      ...privateMaterialFiles(sshKey, referenced).map(({ file }) => file.fileName),
      VALUES_SECRET_FILE_NAME,
    ].map(name => path.join(locations.privateDir, name)),
    ...otherPrivate,
  ].map(file => ({ option: 'privateDir', file }));
  const targets = [
    ...privateTargets,
    { option: 'publicFiles.kbsCertificate', file: locations.publicFiles.kbsCertificate },
    ...(locations.publicFiles.adminPublicKey !== undefined ? [{ option: 'publicFiles.adminPublicKey', file: locations.publicFiles.adminPublicKey }] : []),
  ];
  return targets.filter(target => lexists(target.file));
}

/**
 * Moves `files` into the new folder `dir` (0700): each is copied (never over an existing file), and only when
 * every copy is made are the originals removed. Files inside `repoRoot` go under `dir/repository/<path>`, the
 * others (the private folder's) under `dir/<name>`. Throws an {@link InputError} (removing the copies, the
 * originals untouched) when a copy fails.
 */
function backUp(files: readonly string[], dir: string, repoRoot: string, privateDir: string): RotationBackup {
  const inside = (folder: string, file: string) => (isInside(folder, file) ? path.relative(folder, file) : undefined);
  const moves = files.map(from => {
    const inRepo = inside(repoRoot, from);
    const to = inRepo !== undefined ? path.join(dir, 'repository', inRepo) : path.join(dir, inside(privateDir, from) ?? path.basename(from));
    return { from, to };
  });
  const writer = new ExclusiveWriter();
  try {
    writer.makeDirs(dir, PRIVATE_DIR_MODE);
    for (const { from, to } of moves) {
      writer.makeDirs(path.dirname(to), PRIVATE_DIR_MODE);
      // A symlink is kept as the link it was (its target is not ours to copy).
      const stat = fs.lstatSync(from);
      if (stat.isSymbolicLink()) {
        fs.symlinkSync(fs.readlinkSync(from), to);
      } else {
        writer.writeNew(to, fs.readFileSync(from), stat.mode & 0o777);
      }
    }
  } catch (e) {
    writer.rollback();
    fs.rmSync(dir, { recursive: true, force: true });
    const reason = typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e);
    throw new InputError([{ path: 'rotate', message: `could not back up the previous files into ${quote(dir)}: ${reason}; nothing was changed` }]);
  }
  for (const { from } of moves) fs.rmSync(from);
  return { dir, files: moves };
}

/** Puts the previous files back after a failed rotation (the backup stays). */
function restore(backup: RotationBackup): void {
  for (const { from, to } of backup.files) {
    if (lexists(from)) continue;
    const stat = fs.lstatSync(to);
    if (stat.isSymbolicLink()) {
      fs.symlinkSync(fs.readlinkSync(to), from);
    } else {
      fs.copyFileSync(to, from, fs.constants.COPYFILE_EXCL);
      fs.chmodSync(from, stat.mode & 0o777);
    }
  }
}

/** The values-secret entries: random and literal values inline, materials and files as paths. */
function valuesSecretEntries(secrets: readonly SecretSpec[], privateDir: string): ValuesSecretEntry[] {
  return secrets.map(secret => ({
    name: secret.name,
    vaultPrefixes: secret.vaultPrefixes,
    fields: secret.fields.map((field): ValuesSecretField => {
      const source = field.source;
      if ('random' in source) {
        return { name: field.name, value: randomFieldValue(source.random, source.encoding) };
      }
      if ('material' in source) {
        return { name: field.name, path: path.join(privateDir, MATERIAL_FILES[source.material].fileName) };
      }
      if ('value' in source) {
        return { name: field.name, value: source.value };
      }
      return { name: field.name, path: source.file };
    }),
  }));
}

/** Writes every planned file; on any failure removes what was written and throws an {@link InputError}. */
function writeAll(locations: Locations, planned: readonly PlannedFile[]): WrittenFile[] {
  const writer = new ExclusiveWriter();
  let current: PlannedFile | undefined;
  try {
    writer.makeDirs(locations.privateDir, PRIVATE_DIR_MODE);
    for (const file of planned) {
      current = file;
      writer.makeDirs(path.dirname(file.path), file.visibility === 'public' ? PUBLIC_DIR_MODE : PRIVATE_DIR_MODE);
      writer.writeNew(file.path, file.content, file.mode ?? (file.visibility === 'private' ? PRIVATE_FILE_MODE : PUBLIC_FILE_MODE));
    }
  } catch (e) {
    writer.rollback();
    // Not `instanceof Error`: fs errors may come from another realm (jest's sandbox, worker threads).
    const reason = typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e);
    throw new InputError([{
      path: current?.option ?? 'privateDir',
      message: `could not write ${quote(current?.path ?? locations.privateDir)}: ${reason}; nothing was written (files of this run removed)`,
    }]);
  }
  return planned.map(file => ({ path: file.path, visibility: file.visibility, description: file.description }));
}
