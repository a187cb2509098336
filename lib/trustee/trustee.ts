import { Lazy } from 'cdk8s';
import * as k8s from '../../imports/k8s';
import { Construct } from 'constructs';
import { KbsConfig, KbsConfigSpecKbsDeploymentType } from '../../imports/confidentialcontainers.org';
import { GenerationKbsConfig } from './kbs-config-resource';
import { formatProblem, InputError, Problem, quote, throwIfProblems } from '../errors';
import { setSyncWave, skipDryRunOnMissingResource, Waves } from '../gitops/argo';
import { InitDataBinding, initDataReferenceValue, RenderedInitData } from '../initdata';
import { perTee, TEES } from '../platforms/tees';
import { hostNameProblem } from '../naming/dns';
import { defaultRouteHost, ServiceRoute } from '../openshift/route';
import { SecretStoreRef, VAULT_BACKEND, VaultContent, VaultSecret } from '../secrets/vault-secret';
import { TRUSTEE_PRESET_ANNOTATION, TRUSTEE_VERSION_ANNOTATION } from './annotations';
import { AttestedTee, attestationPolicyReferenceValueNames, renderAttestationPolicy, TrusteeInitDataBinding } from './attestation-policy';
import { KBS_CONFIG_PRESETS, kbsAdminAccess, kbsConfigModel, KbsConfigSettings, renderKbsConfigToml } from './kbs-config';
import { platformMeasurementNames, PlatformMeasurements, platformMeasurementProblems, platformMeasurementReferenceValues } from './platform-measurements';
import { qcnlConfig, snpVcekSecrets, TDX_CONFIG_MAP, TeeCollateralSettings, teeCollateralProblems, verifierConfigSection } from './tee-collateral';
import { expirationProblem, REFERENCE_VALUE_HEX_LENGTH, ReferenceValue, ReferenceValueAlgorithm, referenceValueProblems, renderReferenceValues } from './reference-values';
import { evidenceIdentity, renderResourcePolicy, ResourceGrant, ResourcePolicyInputShape } from './resource-policy';
import { REFERENCE_SECRET_RESOURCES, resourceReferenceProblem, SecretResource, secretResourceProblems } from './secret-resources';
import { INITDATA_REFERENCE_VALUES, kbsUrlProblem, reservedReferenceValueNameProblem, TRUSTEE_VAULT_DEFAULTS } from './trustee-defaults';
import { DEFAULT_TRUSTEE_VERSION, TrusteeProfile, trusteeProfile, TrusteeVersion } from './versions';

export * from './trustee-defaults';

/**
 * `secure`: the KBS serves HTTPS itself (passthrough Route, certificate pinned in initdata), the admin API
 * needs the admin key (Trustee 1.2: is closed), attestation tokens are verified against a signer
 * certificate (Trustee 1.1, 1.2),
 * secrets go only to affirming attestations, and initdata digests are checked by the attestation policy.
 * `permissive`: the reference pattern's objects (HTTP behind an edge Route, `default allow = true`,
 * insecure admin API and token key, RUST_LOG=debug, the built-in attestation policy).
 */
export type TrusteePreset = 'secure' | 'permissive';

/** A Vault entry holding a key and its certificate. */
export interface VaultKeyPair {
  readonly vaultPath: string;
  readonly keyProperty: string;
  readonly certificateProperty: string;
}

export interface TrusteeProps {
  /**
   * Red Hat build of Trustee the objects are rendered for.
   * @default DEFAULT_TRUSTEE_VERSION
   */
  readonly version?: TrusteeVersion;
  /**
   * Security preset.
   * @default "secure"
   */
  readonly preset?: TrusteePreset;
  /**
   * Namespace of the Trustee operator and its objects.
   * @default "trustee-operator-system"
   */
  readonly namespace?: string;
  /**
   * Host of the KBS Route. The secure preset needs it or `appsDomain` (the KBS certificate names the host).
   * @default - OpenShift's "kbs-<namespace>.<appsDomain>" (the secure preset writes it on the Route)
   */
  readonly kbsHost?: string;
  /**
   * The cluster's apps domain: without `kbsHost`, the Route's host is OpenShift's "kbs-<namespace>.<appsDomain>".
   * @default - unknown (then give kbsHost or kbsUrl)
   */
  readonly appsDomain?: string;
  /**
   * URL workloads reach the KBS at.
   * @default "https://<the Route host>"
   */
  readonly kbsUrl?: string;
  /** PEM certificate (CA) the workloads pin for the KBS. Required by the secure preset. */
  readonly kbsCertificate?: string;
  /**
   * Type of the Service `kbs-service` the operator creates.
   * @default "ClusterIP"
   */
  readonly serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /**
   * Extra environment of the trustee containers.
   * @default - none; the permissive preset sets RUST_LOG=debug like the reference
   */
  readonly envVars?: Readonly<Record<string, string>>;
  /**
   * Attestation token lifetime.
   * @default 5
   */
  readonly tokenDurationMinutes?: number;
  /**
   * Vault entry of the admin Ed25519 public key.
   * @default TRUSTEE_VAULT_DEFAULTS.adminPublicKey
   */
  readonly adminPublicKey?: { readonly vaultPath: string; readonly property: string };
  /**
   * Vault entry of the HTTPS key and certificate chain (secure preset).
   * @default TRUSTEE_VAULT_DEFAULTS.https
   */
  readonly https?: VaultKeyPair;
  /**
   * Vault entry of the attestation token signing key and certificate (secure preset, versions with the
   * `tokenSigner` capability: 1.1, 1.2).
   * @default TRUSTEE_VAULT_DEFAULTS.tokenSigner
   */
  readonly tokenSigner?: VaultKeyPair;
  /**
   * Secrets served to attested workloads.
   * @default REFERENCE_SECRET_RESOURCES (kbsres1, passphrase, security-policy)
   */
  readonly secretResources?: readonly SecretResource[];
  /**
   * Reference values besides the initdata digests (e.g. pod VM measurements such as `snp_pcr11`).
   * @default - none
   */
  readonly referenceValues?: readonly ReferenceValue[];
  /**
   * Expected platform measurements of bare-metal (or Azure) TEEs, typed and checked for length: they
   * become the reference values the attestation policy reads (`mr_td`, `snp_launch_measurement`, ...),
   * written as the version's verifier writes the claims. A missing one fails closed
   * ({@link Trustee.missingReferenceValues}).
   * @default - none
   */
  readonly platformMeasurements?: readonly PlatformMeasurements[];
  /**
   * Expiry of the initdata reference values (`YYYY-MM-DDTHH:MM:SSZ`); required once initdata is added.
   * @default - none
   */
  readonly initDataExpiration?: string;
  /**
   * What the bare-metal verifiers need: the TDX collateral service (Trustee up to 1.1: the `tdx-config`
   * ConfigMap behind `tdxConfigSpec`, needed by any TDX attestation; 1.2: `dcap_verifier` in
   * kbs-config.toml) and cached SNP VCEKs (1.1 and later). See `tee-collateral.ts`.
   * @default - the verifiers' defaults (Intel PCS, AMD KDS); no `tdx-config` before 1.2
   */
  readonly teeCollateral?: TeeCollateralSettings;
  /**
   * The store ExternalSecrets read from.
   * @default VAULT_BACKEND
   */
  readonly store?: SecretStoreRef;
  /**
   * How often ExternalSecrets re-read Vault.
   * @default "15s"
   */
  readonly refreshInterval?: string;
  /**
   * The time expiry is checked against.
   * @default - now
   */
  readonly now?: Date;
  /**
   * Where these props were configured (e.g. pattern.yaml fields), named in the messages of tools that read
   * the construct tree (`secrets init`).
   * @default - the prop names ("Trustee https.keyProperty")
   */
  readonly settings?: TrusteeSettings;
}

/** Where a Trustee's props were configured, for messages of tools that read the construct tree. */
export interface TrusteeSettings {
  /**
   * Prefix of the Vault settings, named like the props under it: `<vault>.adminPublicKey.vaultPath`,
   * `<vault>.https.keyProperty`, `<vault>.tokenSigner.certificateProperty`, `<vault>.secretResources[0].keys[1]`.
   * @default "Trustee" (then "Trustee https.keyProperty")
   */
  readonly vault?: string;
  /**
   * The setting the Route host comes from.
   * @default "Trustee kbsHost", or "Trustee appsDomain" when the host is OpenShift's
   */
  readonly routeHost?: string;
  /**
   * The setting of `kbsUrl`.
   * @default "Trustee kbsUrl"
   */
  readonly kbsUrl?: string;
}

/** Names of the objects, as in the reference pattern. */
export const TrusteeNames = {
  kbsConfig: 'kbsconfig',
  kbsConfigMap: 'kbs-config',
  referenceValues: 'rvps-reference-values',
  resourcePolicy: 'resource-policy',
  attestationPolicy: 'attestation-policy',
  authSecret: 'kbs-auth-public-key',
  httpsKeySecret: 'kbs-https-key',
  httpsCertSecret: 'kbs-https-certificate',
  tokenKeySecret: 'kbs-attestation-key',
  tdxConfig: TDX_CONFIG_MAP,
  tokenCertSecret: 'kbs-attestation-certificate',
  route: 'kbs',
  service: 'kbs-service',
} as const;

/** How each TEE carries the initdata digest. */
const TEE_BINDING: Readonly<Record<AttestedTee, InitDataBinding>> = perTee(t => t.binding);

/**
 * Algorithm label (and so the length) of each TEE's initdata reference value: PCR 8 and HOSTDATA hold
 * 32 bytes, TDX MRCONFIGID 48 bytes (the digest zero-padded or truncated to 48).
 */
const TEE_REFERENCE_VALUE_ALGORITHM: Readonly<Record<AttestedTee, ReferenceValueAlgorithm>> = perTee(t => t.initDataReferenceValueAlgorithm);

/** What an accepted initdata may obtain from Trustee. */
export interface InitDataAccess {
  /** KBS resources its workload declared ("<repository>/<type>/<tag>"). */
  readonly obtains?: readonly string[];
  /** The image security policy its data hub fetches ("<repository>/<type>/<tag>"), if any. */
  readonly imagePolicy?: string;
  /** Its agent policy allows exec (a debug policy): for reports. */
  readonly debug?: boolean;
}

/** One initdata whose digest Trustee accepts. */
export interface AcceptedInitData {
  /** Who renders it (for reports), e.g. "hello-openshift/secure". */
  readonly name: string;
  readonly initData: RenderedInitData;
  /** TEEs it runs on. */
  readonly tees: readonly AttestedTee[];
  /** What it may obtain. */
  readonly access: InitDataAccess;
}

/**
 * Trustee, the attestation and key broker service: the KbsConfig (all-in-one) and everything it
 * references, with names that match the reference pattern. Other constructs hand it the initdata they
 * render ({@link Trustee.acceptInitData}); their digests become reference values in the same synth and,
 * in the secure preset, the attestation policy checks them.
 */
export class Trustee extends Construct {
  public readonly profile: TrusteeProfile;
  /** Where its verifiers get TEE collateral (TDX PCS/PCCS, SNP VCEK cache). */
  public readonly teeCollateral: TeeCollateralSettings;
  public readonly preset: TrusteePreset;
  public readonly namespace: string;
  /** URL workloads reach the KBS at. */
  public readonly kbsUrl: string;
  /** Host of the KBS Route: `kbsHost`, else OpenShift's from `appsDomain` (undefined: neither is known). */
  public readonly routeHost?: string;
  /** Host of {@link kbsUrl}. */
  public readonly urlHost: string;
  /** Where the props were configured, for messages (defaults filled in). */
  public readonly settings: Required<TrusteeSettings>;
  /** PEM certificate workloads pin, when the KBS serves it (undefined: the system trust store is used). */
  public readonly kbsCertificate?: string;
  public readonly secretResources: readonly SecretResource[];
  public readonly kbsConfig: KbsConfig;
  public readonly route: ServiceRoute;
  /** Who may use the KBS admin API, as `kbs-config.toml` says: `key`, `closed` or `open`. */
  public readonly adminAccess: 'key' | 'closed' | 'open';
  private readonly accepted: AcceptedInitData[] = [];
  private readonly userReferenceValues: readonly ReferenceValue[];
  private readonly platformMeasurements: readonly PlatformMeasurements[];
  private readonly initDataExpiration?: string;
  private readonly now: Date;

  constructor(scope: Construct, id: string, props: TrusteeProps = {}) {
    super(scope, id);
    this.preset = props.preset ?? 'secure';
    this.profile = trusteeProfile(props.version ?? DEFAULT_TRUSTEE_VERSION, 'Trustee version');
    this.namespace = props.namespace ?? 'trustee-operator-system';
    this.secretResources = props.secretResources ?? REFERENCE_SECRET_RESOURCES;
    this.userReferenceValues = props.referenceValues ?? [];
    this.platformMeasurements = props.platformMeasurements ?? [];
    this.initDataExpiration = props.initDataExpiration;
    this.now = props.now ?? new Date();
    const secure = this.preset === 'secure';
    const collateral = props.teeCollateral ?? {};
    this.teeCollateral = collateral;
    throwIfProblems([...trusteeProblems(props, this.preset, this.now), ...teeCollateralProblems(this.profile, collateral, 'Trustee teeCollateral')]);

    this.routeHost = props.kbsHost ?? (props.appsDomain !== undefined ? defaultRouteHost(TrusteeNames.route, this.namespace, props.appsDomain) : undefined);
    this.kbsUrl = props.kbsUrl ?? `https://${this.routeHost}`;
    this.urlHost = new URL(this.kbsUrl).hostname;
    this.kbsCertificate = props.kbsCertificate;
    const vaultSettings = props.settings?.vault;
    const setting = (field: string) => (vaultSettings === undefined ? `Trustee ${field}` : `${vaultSettings}.${field}`);
    this.settings = {
      vault: vaultSettings ?? 'Trustee',
      routeHost: props.settings?.routeHost ?? (props.kbsHost !== undefined ? 'Trustee kbsHost' : 'Trustee appsDomain'),
      kbsUrl: props.settings?.kbsUrl ?? 'Trustee kbsUrl',
    };
    const ns = this.namespace;
    const store = props.store ?? VAULT_BACKEND;
    /** One ExternalSecret; each Secret key: its Vault property, the setting naming it, and what it holds. */
    interface Key { readonly property: string; readonly setting: string; readonly content?: VaultContent }
    const vault = (id2: string, secretName: string, vaultPath: string, vaultPathSetting: string, keys: Record<string, Key>, name?: string) =>
      new VaultSecret(this, id2, {
        namespace: ns,
        secretName,
        name,
        vaultPath,
        keys: Object.keys(keys),
        properties: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, v.property])),
        store,
        refreshInterval: props.refreshInterval,
        contents: Object.fromEntries(Object.entries(keys).flatMap(([k, v]) => (v.content ? [[k, v.content]] : []))),
        settings: { vaultPath: setting(vaultPathSetting), properties: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, setting(v.setting)])) },
      });

    // The admin public key, the HTTPS material and the token signer come from Vault. The operator
    // requires kbsAuthSecretName in every version (DS v1.2.0 kbsconfig_controller.go: "Secret name hasn't
    // been provided for volume auth-secret"), even where the admin API is closed.
    const admin = props.adminPublicKey ?? TRUSTEE_VAULT_DEFAULTS.adminPublicKey;
    vault('AdminPublicKey', TrusteeNames.authSecret, admin.vaultPath, 'adminPublicKey.vaultPath', {
      publicKey: { property: admin.property, setting: 'adminPublicKey.property', content: { material: 'adminPublicKey' } },
    });
    const tokenSigner = secure && this.profile.capabilities.tokenSigner;
    if (secure) {
      // The KBS serves the chain (its certificate, then the CA the workloads pin): TLS stacks in the guest
      // need the issuer to build the path to the pinned anchor.
      const https = props.https ?? TRUSTEE_VAULT_DEFAULTS.https;
      vault('HttpsKey', TrusteeNames.httpsKeySecret, https.vaultPath, 'https.vaultPath', {
        'tls.key': { property: https.keyProperty, setting: 'https.keyProperty', content: { material: 'kbsTlsKey' } },
      });
      vault('HttpsCertificate', TrusteeNames.httpsCertSecret, https.vaultPath, 'https.vaultPath', {
        'tls.crt': { property: https.certificateProperty, setting: 'https.certificateProperty', content: { material: 'kbsTlsCertificateChain' } },
      });
    }
    if (tokenSigner) {
      const signer = props.tokenSigner ?? TRUSTEE_VAULT_DEFAULTS.tokenSigner;
      vault('TokenKey', TrusteeNames.tokenKeySecret, signer.vaultPath, 'tokenSigner.vaultPath', {
        'token.key': { property: signer.keyProperty, setting: 'tokenSigner.keyProperty', content: { material: 'tokenSignerKey' } },
      });
      vault('TokenCertificate', TrusteeNames.tokenCertSecret, signer.vaultPath, 'tokenSigner.vaultPath', {
        'token.crt': { property: signer.certificateProperty, setting: 'tokenSigner.certificateProperty', content: { material: 'tokenSignerCertificate' } },
      });
    }
    this.secretResources.forEach((r, i) => {
      const at = `secretResources[${i}]`;
      vault(`Resource-${r.name}`, r.name, r.vaultPath, `${at}.vaultPath`,
        Object.fromEntries(r.keys.map((k, j) => [k, { property: k, setting: `${at}.keys[${j}]`, content: r.contents?.[k] }])), r.externalSecretName);
    });
    // Cached SNP VCEKs: one Secret per chip, the DER certificate base64-encoded in Vault.
    const vceks = snpVcekSecrets(collateral);
    for (const v of vceks) {
      new VaultSecret(this, `Vcek-${v.secretName}`, {
        namespace: ns, secretName: v.secretName, vaultPath: v.vaultPath, keys: ['vcek.der'], properties: { 'vcek.der': v.property }, base64Keys: ['vcek.der'],
        store, refreshInterval: props.refreshInterval,
        contents: { 'vcek.der': { manual: `the VCEK of SEV-SNP chip ${v.hwid} as base64 of its DER bytes (\`snphost show vcek-url\` on the host gives its AMD KDS URL)` } },
      });
    }

    // kbs-config.toml
    const settings: KbsConfigSettings = secure
      ? { ...KBS_CONFIG_PRESETS.restricted, tokenSigner: tokenSigner ? {} : undefined, insecureTokenKey: !tokenSigner, tokenDurationMinutes: props.tokenDurationMinutes }
      : { ...KBS_CONFIG_PRESETS.permissive, tokenDurationMinutes: props.tokenDurationMinutes };
    const verifierConfig = verifierConfigSection(this.profile, collateral);
    const model = kbsConfigModel(this.profile, verifierConfig ? { ...settings, verifierConfig } : settings, 'Trustee kbsConfig');
    this.adminAccess = kbsAdminAccess(model.admin);
    const toml = renderKbsConfigToml(model);
    const keys = this.profile.configMapKeys;
    // Every ConfigMap here is one the KbsConfig references, so each carries the version's marker
    // annotations (1.2: the operator's migration marker; see TrusteeCapabilities.configMapAnnotations).
    const configMap = (id2: string, name: string, data: Record<string, string> | ReturnType<typeof Lazy.any>, wave: number = Waves.CONFIG) => {
      const cm = new k8s.KubeConfigMap(this, id2, { metadata: { name, namespace: ns }, data });
      setSyncWave(cm, wave);
      cm.metadata.addAnnotation(TRUSTEE_PRESET_ANNOTATION, this.preset);
      for (const [key, value] of Object.entries(this.profile.capabilities.configMapAnnotations)) {
        cm.metadata.addAnnotation(key, value);
      }
      return cm;
    };
    configMap('KbsConfigMap', TrusteeNames.kbsConfigMap, { [keys.kbsConfig]: toml });
    const tdxConfig = collateral.tdx !== undefined && this.profile.capabilities.tdxCollateral === 'qcnl-config-map';
    if (tdxConfig) {
      configMap('TdxConfig', TrusteeNames.tdxConfig, { 'sgx_default_qcnl.conf': qcnlConfig(collateral.tdx) });
    }
    configMap('ReferenceValues', TrusteeNames.referenceValues, Lazy.any({ produce: () => this.renderReferenceValues() }));
    configMap('ResourcePolicy', TrusteeNames.resourcePolicy, Lazy.any({
      produce: () => ({
        [keys.resourcePolicy]: renderResourcePolicy(resourcePolicyInputShape(this.profile),
          secure ? { preset: 'per-workload', grants: this.grants } : { preset: 'permissive' }, 'Trustee resourcePolicy'),
      }),
    }));
    if (secure) {
      configMap('AttestationPolicy', TrusteeNames.attestationPolicy, Lazy.any({
        produce: () => ({ [keys.attestationPolicy]: renderAttestationPolicy(this.profile, { initDataBindings: this.bindings() }, 'Trustee attestationPolicy') }),
      }));
    }

    const envVars = { ...(secure ? {} : { RUST_LOG: 'debug' }), ...(props.envVars ?? {}) };
    // Up to 1.1 the TDX verifier's QCNL reads its collateral service from /etc/sgx_default_qcnl.conf.
    const generationSpec = tdxConfig ? { tdxConfigSpec: { kbsTdxConfigMapName: TrusteeNames.tdxConfig } } : {};
    this.kbsConfig = new GenerationKbsConfig(this, 'Resource', {
      metadata: {
        name: TrusteeNames.kbsConfig,
        namespace: ns,
        annotations: { [TRUSTEE_VERSION_ANNOTATION]: this.profile.version, [TRUSTEE_PRESET_ANNOTATION]: this.preset },
      },
      spec: {
        // Explicit: the operator turns an empty value into MicroservicesDeployment although its CRD text
        // says AllInOne is the default (DS v1.2.0 internal/controller/kbsconfig_controller.go).
        kbsDeploymentType: KbsConfigSpecKbsDeploymentType.ALL_IN_ONE_DEPLOYMENT,
        kbsConfigMapName: TrusteeNames.kbsConfigMap,
        kbsAuthSecretName: TrusteeNames.authSecret,
        kbsRvpsRefValuesConfigMapName: TrusteeNames.referenceValues,
        kbsResourcePolicyConfigMapName: TrusteeNames.resourcePolicy,
        kbsAttestationPolicyConfigMapName: secure ? TrusteeNames.attestationPolicy : undefined,
        kbsHttpsKeySecretName: secure ? TrusteeNames.httpsKeySecret : undefined,
        kbsHttpsCertSecretName: secure ? TrusteeNames.httpsCertSecret : undefined,
        kbsAttestationKeySecretName: tokenSigner ? TrusteeNames.tokenKeySecret : undefined,
        kbsAttestationCertSecretName: tokenSigner ? TrusteeNames.tokenCertSecret : undefined,
        kbsSecretResources: this.secretResources.map(r => r.name),
        kbsServiceType: props.serviceType ?? 'ClusterIP',
        kbsEnvVars: Object.keys(envVars).length > 0 ? envVars : undefined,
        kbsLocalCertCacheSpec: vceks.length > 0 ? { secrets: vceks.map(v => ({ secretName: v.secretName, mountPath: v.mountPath })) } : undefined,
      },
    }, generationSpec);
    setSyncWave(this.kbsConfig, Waves.OPERAND);
    skipDryRunOnMissingResource(this.kbsConfig);

    // The KBS serves HTTPS itself in the secure preset: the router passes TLS through.
    this.route = new ServiceRoute(this, 'Route', {
      name: TrusteeNames.route,
      namespace: ns,
      serviceName: TrusteeNames.service,
      targetPort: 8080,
      tls: secure ? 'passthrough' : 'edge',
      // The passthrough Route carries its host: the KBS certificate names it.
      host: secure ? this.routeHost : props.kbsHost,
    });
    setSyncWave(this.route.route, Waves.OPERAND);

    // What the lazily rendered ConfigMaps need (an expiry once initdata is accepted, valid reference
    // values and grants) is checked when cdk8s validates the app, before it serializes anything: a plain
    // cdk8s app then reports each problem by prop instead of a "Failed serializing construct" trace.
    this.node.addValidation({ validate: () => this.synthProblems().map(formatProblem) });
  }

  /** Whether Trustee serves HTTPS itself. */
  public get servesHttps(): boolean {
    return this.preset === 'secure';
  }

  /**
   * Whether attestation tokens are verified against a signer certificate (`insecure_key` /
   * `insecure_header_jwk` false): the secure preset on a version with the `tokenSigner` capability.
   */
  public get verifiesTokenSigner(): boolean {
    return this.preset === 'secure' && this.profile.capabilities.tokenSigner;
  }

  /**
   * Reference values the attestation policy reads that nobody provides (e.g. the pod VM measurement
   * `snp_pcr11`): until they exist, no attestation is affirming and the secure preset releases nothing.
   */
  public get missingReferenceValues(): string[] {
    if (this.preset !== 'secure') {
      return [];
    }
    const have = new Set(this.referenceValues.map(rv => rv.name));
    return attestationPolicyReferenceValueNames({ initDataBindings: this.bindings() }).filter(n => !have.has(n));
  }

  /**
   * Accepts an initdata: its digest (fitted to each TEE) becomes a reference value and, in the secure
   * preset, the attestation policy requires it.
   */
  public acceptInitData(name: string, initData: RenderedInitData, tees: readonly AttestedTee[], access: InitDataAccess = {}): void {
    if (tees.length === 0) {
      throw new InputError([{ path: `Trustee acceptInitData(${name})`, message: 'must name at least one TEE the initdata runs on' }]);
    }
    const unserved = (access.obtains ?? []).map(r => this.resourceProblem(r)).filter((p): p is string => p !== undefined);
    if (unserved.length > 0) {
      throw new InputError(unserved.map(message => ({ path: `Trustee acceptInitData(${name}) obtains`, message })));
    }
    this.accepted.push({ name, initData, tees, access });
  }

  /**
   * Who can obtain what: one grant per accepted initdata, its identity as each TEE reports it and the
   * resources it may obtain (its declared ones and the image policy). Empty for the permissive preset,
   * which releases everything to everyone.
   */
  public get grants(): ResourceGrant[] {
    if (this.preset !== 'secure') {
      return [];
    }
    return this.accepted.map(a => this.grantOf(a));
  }

  /** The grant of the initdata accepted under `name` (see {@link grants}), or undefined. */
  public grant(name: string): ResourceGrant | undefined {
    const accepted = this.preset === 'secure' ? this.accepted.find(a => a.name === name) : undefined;
    return accepted && this.grantOf(accepted);
  }

  private grantOf(a: AcceptedInitData): ResourceGrant {
    const shape = resourcePolicyInputShape(this.profile);
    return {
      name: a.name,
      identities: a.tees.map(tee => evidenceIdentity(tee, initDataReferenceValue(a.initData, TEE_BINDING[tee])!, shape)),
      resources: [...new Set([...(a.access.obtains ?? []), ...(a.access.imagePolicy ? [a.access.imagePolicy] : [])])].sort(),
    };
  }

  /** Initdata accepted so far. */
  public get acceptedInitData(): readonly AcceptedInitData[] {
    return this.accepted;
  }

  /** Problem with a KBS resource reference "<secret>/<key>", or undefined when Trustee serves it. */
  public resourceProblem(ref: string): string | undefined {
    return resourceReferenceProblem(ref, this.secretResources);
  }

  /** Every reference value: the given ones plus one per TEE with the accepted initdata digests. */
  public get referenceValues(): ReferenceValue[] {
    const generated: ReferenceValue[] = [];
    for (const [tee, name] of Object.entries(INITDATA_REFERENCE_VALUES) as [AttestedTee, string][]) {
      const values = [...new Set(this.accepted.filter(a => a.tees.includes(tee)).map(a => initDataReferenceValue(a.initData, TEE_BINDING[tee])!))].sort();
      if (values.length === 0) continue;
      if (!this.initDataExpiration) {
        throw new InputError([{ path: 'Trustee initDataExpiration', message: 'is required once initdata is accepted: reference values need an expiry ("YYYY-MM-DDTHH:MM:SSZ")' }]);
      }
      // As the verifier writes the claim: SNP HOSTDATA is base64 up to trustee v0.17.0.
      generated.push(TEES[tee].binaryClaimEncoding(this.profile.evidence) === 'base64'
        ? { name, values: values.map(v => Buffer.from(v, 'hex').toString('base64')).sort(), kind: { bytes: REFERENCE_VALUE_HEX_LENGTH[TEE_REFERENCE_VALUE_ALGORITHM[tee]] / 2, encoding: 'base64' }, expiration: this.initDataExpiration }
        : { name, values, algorithm: TEE_REFERENCE_VALUE_ALGORITHM[tee], expiration: this.initDataExpiration });
    }
    return [...this.userReferenceValues, ...platformMeasurementReferenceValues(this.profile, this.platformMeasurements), ...generated];
  }

  private bindings(): TrusteeInitDataBinding[] {
    const tees = new Set(this.accepted.flatMap(a => a.tees));
    return [...tees].sort().map(tee => ({ tee, referenceValueName: INITDATA_REFERENCE_VALUES[tee] }));
  }

  /** Problems the rendered ConfigMaps would throw on, as found now. */
  private synthProblems(): Problem[] {
    try {
      this.renderReferenceValues();
      if (this.preset === 'secure') {
        renderResourcePolicy(resourcePolicyInputShape(this.profile), { preset: 'per-workload', grants: this.grants }, 'Trustee resourcePolicy');
        renderAttestationPolicy(this.profile, { initDataBindings: this.bindings() }, 'Trustee attestationPolicy');
      }
      return [];
    } catch (e) {
      if (e instanceof InputError) return [...e.problems];
      throw e;
    }
  }

  private renderReferenceValues(): Record<string, string> {
    const values = this.referenceValues;
    throwIfProblems(referenceValueProblems(values, this.now, 'Trustee referenceValues'));
    const rendered = renderReferenceValues(this.profile, values, undefined, 'Trustee referenceValues');
    return { [rendered.key]: rendered.content };
  }
}

/**
 * How the KBS of `profile` presents the token and the request to the resource policy.
 */
export function resourcePolicyInputShape(profile: TrusteeProfile): ResourcePolicyInputShape {
  const e = profile.evidence;
  return {
    earSubmodule: e.earSubmodule,
    evidenceKeys: perTee(t => t.evidenceKey(e)),
    snpInitDataEncoding: e.snpInitDataEncoding,
    request: profile.resourcePolicy.requestData === 'plugin-resource-path-array' ? 'plugin-array' : 'path-string',
  };
}

function trusteeProblems(props: TrusteeProps, preset: TrusteePreset, now: Date): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ path: `Trustee ${field}`, message });
  if (props.kbsHost !== undefined) {
    const p = hostNameProblem(props.kbsHost);
    if (p) add('kbsHost', p);
  }
  if (props.appsDomain !== undefined) {
    const p = hostNameProblem(props.appsDomain);
    if (p) add('appsDomain', p);
  }
  const knownHost = props.kbsHost !== undefined || props.appsDomain !== undefined;
  if (!knownHost && preset === 'secure') {
    add('kbsHost', 'is required by the secure preset: the passthrough Route must carry the host the KBS certificate names');
  } else if (props.kbsUrl === undefined && !knownHost) {
    add('kbsHost', 'is required (or kbsUrl): workloads need to know where the KBS is');
  }
  if (props.kbsUrl !== undefined) {
    const p = kbsUrlProblem(props.kbsUrl);
    if (p) add('kbsUrl', p);
  }
  if (preset === 'secure' && !props.kbsCertificate) {
    add('kbsCertificate', 'is required by the secure preset: the KBS serves HTTPS with its own certificate, which workloads pin');
  }
  problems.push(...secretResourceProblems(props.secretResources ?? REFERENCE_SECRET_RESOURCES, 'Trustee secretResources'));
  problems.push(...referenceValueProblems(props.referenceValues ?? [], now, 'Trustee referenceValues'));
  const measurements = props.platformMeasurements ?? [];
  problems.push(...platformMeasurementProblems(measurements, 'Trustee platformMeasurements'));
  measurements.forEach((m, i) => {
    const expired = expirationProblem(m.expiration, now);
    if (expired && !expirationProblem(m.expiration)) add(`platformMeasurements[${i}].expiration`, expired);
  });
  const measured = problems.length === 0 ? platformMeasurementNames(measurements) : [];
  (props.referenceValues ?? []).forEach((rv, i) => {
    if (measured.includes(rv.name)) add(`referenceValues[${i}].name`, `must not be a name platformMeasurements fills in (${measured.join(', ')}): give the value there, got ${quote(rv.name)}`);
  });
  (props.referenceValues ?? []).forEach((rv, i) => {
    const p = reservedReferenceValueNameProblem(rv.name);
    if (p) add(`referenceValues[${i}].name`, p);
  });
  const expiry = props.initDataExpiration === undefined ? undefined : expirationProblem(props.initDataExpiration, now);
  if (expiry) add('initDataExpiration', expiry);
  return problems;
}
