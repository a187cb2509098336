/**
 * Inputs and outputs of the secrets generator (`npm run secrets -- init`).
 */

/**
 * Generated files a Vault field can point at. Each one lives in the private folder; see
 * {@link MATERIAL_FILES} for the file names and which are generated only on demand.
 */
export type MaterialName =
  | 'adminPublicKey'
  | 'adminPrivateKey'
  | 'kbsTlsKey'
  | 'kbsTlsCertificate'
  | 'kbsTlsCertificateChain'
  | 'kbsCaCertificate'
  | 'sshPublicKey'
  | 'sshPrivateKey'
  | 'tokenSignerKey'
  | 'tokenSignerCertificate';

/** How random bytes are written as text. */
export type RandomEncoding = 'base64' | 'hex';

/**
 * `bytes` random bytes from `crypto.randomBytes`, written inline (`value:`) into values-secret.yaml as text:
 * standard base64 with padding (the default; 32 bytes give 44 characters) or lowercase hex (64 characters).
 * The consumer (a KBS secret resource) receives that text, not the raw bytes.
 */
export interface RandomFieldSource {
  readonly random: number;
  /** @default 'base64' */
  readonly encoding?: RandomEncoding;
}

/** A generated file, written as a `path:` entry pointing at the file in the private folder. */
export interface MaterialFieldSource {
  readonly material: MaterialName;
}

/**
 * A literal, written inline (`value:`), e.g. a container image signature policy (JSON).
 * Must be printable ASCII without backslashes or single quotes, and must not start with `@` or be `-`:
 * load-secrets would change or break anything else (see `load-secrets-rules.ts`). Put such content in a file
 * and use {@link FileFieldSource}.
 */
export interface ValueFieldSource {
  readonly value: string;
}

/** An existing file of the user's (absolute path), written as a `path:` entry; read by load-secrets, never copied. */
export interface FileFieldSource {
  readonly file: string;
}

/** Where a field's value comes from: exactly one of `random`, `material`, `value`, `file`. */
export type FieldSource = RandomFieldSource | MaterialFieldSource | ValueFieldSource | FileFieldSource;

/** One key of a Vault secret (and of the Kubernetes Secret External Secrets makes from it). */
export interface SecretFieldSpec {
  readonly name: string;
  readonly source: FieldSource;
}

/**
 * One Vault secret: pushed by load-secrets to `secret/<prefix>/<name>` for each prefix.
 */
export interface SecretSpec {
  readonly name: string;
  /** Vault path prefixes, e.g. `['hub']` or `['global']`. */
  readonly vaultPrefixes: readonly string[];
  readonly fields: readonly SecretFieldSpec[];
}

/** Paths inside the repository where the public material is written (the only files written there). */
export interface PublicFilePaths {
  /** The KBS TLS CA certificate (PEM) that initdata pins. */
  readonly kbsCertificate: string;
  /**
   * Also write the KBS admin Ed25519 public key (SPKI PEM) here. Nothing in the pattern reads it: Trustee gets the
   * key from Vault (`trustee.adminPublicKey`), and the private folder keeps a copy (`kbs-admin-public.pem`).
   * @default not written
   */
  readonly adminPublicKey?: string;
}

/** Options of {@link initSecrets}. */
export interface InitSecretsOptions {
  /** Absolute folder for the private material and values-secret.yaml; created with mode 0700 when missing. */
  readonly privateDir: string;
  /** Absolute path of the git work tree; `privateDir` must lie outside it (after resolving symlinks and `..`). */
  readonly repoRoot: string;
  /** Absolute paths inside `repoRoot` for the public material. */
  readonly publicFiles: PublicFilePaths;
  /** DNS names for the KBS server certificate's subjectAltName (the Route host, `kbs-service`, ...). */
  readonly kbsHosts: readonly string[];
  /** The Vault secrets to write into values-secret.yaml. */
  readonly secrets: readonly SecretSpec[];
  /**
   * Also generate an SSH key pair for pod-VM debugging (fields may then use `sshPublicKey` / `sshPrivateKey`).
   * @default false
   */
  readonly sshKey?: boolean;
  /**
   * Start of the certificates' validity.
   * @default the current time
   */
  readonly now?: Date;
  /**
   * Rotate: instead of refusing, move every file this run would write that exists already into a new folder
   * `<privateDir>/backup-<timestamp>/` (mode 0700; the repository's public files under `repository/`), then
   * write new ones. Nothing is deleted: the old files are copied first and put back if writing fails.
   * @default false
   */
  readonly rotate?: boolean;
  /**
   * Days the KBS server certificate (and the token signer certificate, when a field asks for it) is valid.
   * @default 365
   */
  readonly validityDays?: number;
  /**
   * Days the KBS CA certificate (pinned in initdata) is valid; at least `validityDays`.
   * @default 3650
   */
  readonly caValidityDays?: number;
}

/** One file written by {@link initSecrets}. */
export interface WrittenFile {
  /** Absolute path (symlinks resolved). */
  readonly path: string;
  /** `private` files are mode 0600 in the private folder; `public` files are the two inside the repository. */
  readonly visibility: 'private' | 'public';
  /** What the file holds, for the CLI to print. */
  readonly description: string;
}

/** What {@link initSecrets} did. */
export interface InitSecretsResult {
  /** The private folder (symlinks resolved). */
  readonly privateDir: string;
  /** True when this run created the private folder (mode 0700). */
  readonly privateDirCreated: boolean;
  /** The values-secret.yaml written, for `load-secrets`. */
  readonly valuesSecretFile: string;
  /** The load-into-vault.sh written: one `vault kv put` per Vault entry of values-secret.yaml. */
  readonly loadScriptFile: string;
  /** Every file written, private first, in the order written. */
  readonly files: readonly WrittenFile[];
  /** SHA-256 fingerprint of the KBS CA certificate (colon-separated hex, as `openssl x509 -fingerprint` prints). */
  readonly caFingerprintSha256: string;
  /** End of the KBS server certificate's validity. */
  readonly serverCertificateNotAfter: Date;
  /** With `rotate`, where the previous files were moved (absent when there was nothing to rotate). */
  readonly backup?: RotationBackup;
}

/** The previous files a rotation kept. */
export interface RotationBackup {
  /** The backup folder, `<privateDir>/backup-<timestamp>`. */
  readonly dir: string;
  /** Each previous file and where its copy is. */
  readonly files: readonly { readonly from: string; readonly to: string }[];
}
