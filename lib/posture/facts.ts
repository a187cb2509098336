/**
 * The facts of a cluster group's security posture, read from the rendered constructs: what is
 * confidential, what it trusts, and what it can get.
 */
import { X509Certificate } from 'crypto';
import { ClusterGroupConfig } from '../config/schema';
import type { RenderedInitData } from '../initdata/build';
import { AgentPolicySummary, summarizeAgentPolicy, unpinnedParts } from '../policy';
import { ClusterGroup } from '../gitops/cluster-group';
import { CLUSTER_DEFAULT_INITDATA, ConfidentialRuntime } from '../workloads/confidential-runtime';
import { OPERATORS } from '../olm/catalog';
import { OperatorInstall } from '../olm/operator-install';
import { BARE_METAL_TEES, TEE_HOSTS } from '../baremetal/tee-hosts';
import { InitDataBinding, initDataReferenceValue } from '../initdata/binding';
import type { AttestedPlatforms, GroupPlan } from '../pattern/plan';
import { GroupProvider, providerOf } from '../platforms/providers';
import { TEES } from '../platforms/tees';
import { FleetFacts, fleetFacts, FleetPlan } from './fleet';
import { oscRelease } from '../sandbox/osc-versions';
import type { ResourceGrant } from '../trustee/resource-policy';
import { AcceptedInitData, Trustee } from '../trustee/trustee';
import { ConfidentialWorkload } from '../workloads/confidential-workload';
import { INSECURE_LABEL } from '../workloads/hello-openshift';
import { isPinnedByDigest } from '../workloads/image';
import { WebApp } from '../workloads/web-app';

/** SHA-256 fingerprint of the committed example KBS CA (certs/kbs-ca.EXAMPLE.pem), whose key was discarded. */
export const EXAMPLE_CERTIFICATE_FINGERPRINT = '54:81:E1:B6:82:01:83:50:A3:40:88:F2:CE:10:DB:10:4B:D8:D4:93:3E:5A:FD:C5:9A:95:73:E3:BA:93:91:A5';

export interface ImageFacts {
  readonly image: string;
  readonly pinned: boolean;
}

export interface WorkloadFacts {
  /** Argo CD Application. */
  readonly app: string;
  readonly namespace: string;
  readonly name: string;
  readonly confidential: boolean;
  readonly runtimeClass?: string;
  /** Pod VM size (explicit, or the cluster default). */
  readonly vmSize?: string;
  readonly images: readonly ImageFacts[];
  readonly policy?: AgentPolicySummary;
  readonly policyPreset?: string;
  /** Its initdata: digest, Azure PCR 8, and the value its TEE reports it as (`bound`, PCR 8 / HOSTDATA / MRCONFIGID). */
  readonly initData?: { readonly algorithm: string; readonly digest: string; readonly pcr8: string; readonly bound: string };
  /** KBS resources the workload fetches. */
  readonly reads: readonly string[];
  /** KBS resources its initdata may obtain per its Trustee's resource policy, or undefined when unknown (external KBS). */
  readonly obtains?: readonly string[];
  /** What its agent policy cannot pin, per container ("<container>: <what>"). */
  readonly unpinned: readonly string[];
  /** Marked as a debug workload. */
  readonly insecure: boolean;
}

export interface CertificateFacts {
  readonly subject: string;
  readonly notAfter: string;
  readonly fingerprint: string;
  readonly isCa: boolean;
  readonly example: boolean;
}

export interface TrusteeFacts {
  readonly group: string;
  readonly version: string;
  readonly preset: string;
  readonly kbsUrl: string;
  readonly https: boolean;
  /** Who may use the admin API: `key` (the admin key), `closed` (nobody, 1.2 DenyAll), `open` (anyone). */
  readonly adminAccess: 'key' | 'closed' | 'open';
  /** The kbs-config switch that, when on, takes the token's key from its header. */
  readonly insecureTokenKeySetting: string;
  readonly tokenSignerVerified: boolean;
  /**
   * The TDX collateral service the KBS's own DCAP client calls with the KBS image's trust store (Trustee
   * generations whose verifier is configured in kbs-config), when one is set.
   */
  readonly tdxCollateralService?: string;
  readonly resourcePolicy: 'affirming' | 'permissive';
  readonly attestationPolicy: 'initdata binding + measurements' | 'built-in default';
  readonly referenceValueCount: number;
  readonly earliestExpiration?: string;
  readonly missingReferenceValues: readonly string[];
  /** The missing ones that are measurements of bare-metal nodes (given under `sandbox.<tee>.measurements`). */
  readonly missingMeasurements: readonly MissingMeasurementFacts[];
  readonly certificate?: CertificateFacts;
  /** `<secret>/<key>` of every resource served. */
  readonly resources: readonly string[];
  readonly imagePolicy: string;
  /** Workloads whose initdata it accepts, by "<group>: <namespace>/<name>". */
  readonly acceptedInitData: readonly string[];
  /** Who can obtain what, as the rendered resource policy says (empty for the permissive preset). */
  readonly grants: readonly GrantFacts[];
}

/** One row of the resource policy's table. */
export interface GrantFacts {
  /** Who runs the initdata ("<namespace>/<name>", or the cluster default). */
  readonly name: string;
  /** Its agent policy allows exec. */
  readonly debug: boolean;
  /** The cluster-wide default initdata (pods without their own). */
  readonly clusterDefault: boolean;
  /** Its identity as each TEE reports it ("<tee>: <value>"). */
  readonly identities: readonly string[];
  /** What it may obtain ("<repository>/<type>/<tag>"). */
  readonly resources: readonly string[];
  /** The image security policy resource, which every accepted initdata may read. */
  readonly imagePolicy?: string;
  /** Where the workload that runs it is rendered (none for the cluster default, or a workload outside the pattern). */
  readonly owner?: WorkloadOwner;
}

/** The cluster group and Argo CD Application a workload is rendered in. */
export interface WorkloadOwner {
  readonly group: string;
  readonly app: string;
}

/** An operator the group installs through OLM, and whether it is held at a version. */
export interface OperatorFacts {
  /** Argo CD Application. */
  readonly app: string;
  /** The pattern.yaml area it belongs to (`sandbox`, `trustee`, ...), when it is one of the pattern's operators. */
  readonly area?: string;
  readonly package: string;
  readonly namespace: string;
  readonly channel: string;
  readonly startingCSV?: string;
  readonly installPlanApproval: 'Automatic' | 'Manual';
  /** Name of the Job that approves the InstallPlan of startingCSV, if any. */
  readonly approver?: string;
  /** OLM may move it to a version nobody chose (Automatic, or no startingCSV). */
  readonly floats: boolean;
}

/** The OpenShift sandboxed containers release the group renders for. */
export interface OscFacts {
  readonly version: string;
  readonly cloudApiAdaptor: string;
  readonly kata: string;
}

export interface SandboxFacts {
  readonly runtimeClass: string;
  /** The OSC release, and what it is built from. */
  readonly osc: OscFacts;
  /** The pod annotation confidential workloads carry their initdata in. */
  readonly initDataAnnotation: string;
  readonly peerPods: string;
  readonly defaultVmSize?: string;
  readonly vmSizes: readonly string[];
  /** Whether the pattern manages the NAT gateway of the pod VMs' egress; undefined when the provider has none. */
  readonly natGateway?: boolean;
  readonly sshDebug: boolean;
  readonly defaultPolicy: AgentPolicySummary;
  readonly defaultPolicyPreset: string;
  readonly kbsUrl: string;
  /** The cluster group whose Trustee the workloads attest to, if the pattern renders it. */
  readonly trusteeGroup?: string;
  /** TEEs the initdata digest is bound to (empty: not bound). */
  readonly tees: readonly string[];
  /** Where the TEE reports the initdata digest: PCR8 (Azure vTPM), HOSTDATA (SNP), MRCONFIGID (TDX). */
  readonly initDataField: string;
  /** On bare metal: the nodes' TEE, their NFD label and the kata-cc handler OSC picks (peer pods: undefined). */
  readonly bareMetal?: { readonly tee: string; readonly title: string; readonly nodeLabel: string; readonly handler: string };
}

/** A bare-metal measurement no reference value gives: what it is, how to obtain it, where to put it. */
export interface MissingMeasurementFacts {
  readonly referenceValueName: string;
  readonly title: string;
  readonly howToObtain: string;
  /** The pattern.yaml fields that give it (one per bare-metal group of its TEE attesting here). */
  readonly settings: readonly string[];
}

export interface GroupPosture {
  readonly group: string;
  readonly cloud: string;
  readonly appsDomain?: string;
  /** The Git repository Argo CD reads the rendered output from (`gitops.repoURL`). */
  readonly repoURL: string;
  readonly apps: readonly string[];
  readonly vault: boolean;
  readonly trustee?: TrusteeFacts;
  readonly sandbox?: SandboxFacts;
  readonly workloads: readonly WorkloadFacts[];
  /** The operators the group installs, in Application order. */
  readonly operators: readonly OperatorFacts[];
  /** Its place in the fleet: the hub that brings it up, or the spokes it brings up. */
  readonly fleet?: FleetFacts;
}

export function certificateFacts(pem: string | undefined): CertificateFacts | undefined {
  if (!pem) return undefined;
  const cert = new X509Certificate(pem);
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    notAfter: new Date(cert.validTo).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    fingerprint: cert.fingerprint256,
    isCa: cert.ca,
    example: cert.fingerprint256 === EXAMPLE_CERTIFICATE_FINGERPRINT,
  };
}

/** INITDATA field names by binding, as the reports write them. */
const INITDATA_FIELDS: Readonly<Record<InitDataBinding, string>> = { 'azure-vtpm': 'PCR8', 'snp': 'HOSTDATA', 'tdx': 'MRCONFIGID', 'none': '—' };

/**
 * The missing reference values of `trustee` that measure bare-metal nodes, with the fields of the
 * bare-metal groups attesting to it that give them.
 */
function missingMeasurements(trustee: Trustee, attested: AttestedPlatforms | undefined): MissingMeasurementFacts[] {
  const missing = new Set(trustee.missingReferenceValues);
  return BARE_METAL_TEES.flatMap(tee => TEES[tee].measurements.filter(m => missing.has(m.referenceValueName)).map(m => ({
    referenceValueName: m.referenceValueName,
    title: m.title,
    howToObtain: m.howToObtain,
    settings: (attested?.groups[tee] ?? []).map(g => `clusterGroups.${g}.sandbox.${tee}.measurements.${m.key}`),
  })));
}

function trusteeFacts(group: string, cfg: ClusterGroupConfig, trustee: Trustee, owners: ReadonlyMap<RenderedInitData, WorkloadOwner>, attested: AttestedPlatforms | undefined): TrusteeFacts {
  const secure = trustee.preset === 'secure';
  const rvs = trustee.referenceValues;
  const expirations = rvs.map(rv => rv.expiration).sort();
  return {
    group,
    version: trustee.profile.version,
    preset: trustee.preset,
    kbsUrl: trustee.kbsUrl,
    https: trustee.servesHttps,
    adminAccess: trustee.adminAccess,
    insecureTokenKeySetting: trustee.profile.capabilities.insecureTokenKeySetting,
    tokenSignerVerified: trustee.verifiesTokenSigner,
    tdxCollateralService: trustee.profile.capabilities.tdxCollateral === 'verifier-config' ? trustee.teeCollateral.tdx?.collateralService : undefined,
    resourcePolicy: secure ? 'affirming' : 'permissive',
    attestationPolicy: secure ? 'initdata binding + measurements' : 'built-in default',
    referenceValueCount: rvs.reduce((n, rv) => n + rv.values.length, 0),
    earliestExpiration: expirations[0],
    missingReferenceValues: trustee.missingReferenceValues,
    missingMeasurements: missingMeasurements(trustee, attested),
    certificate: certificateFacts(trustee.kbsCertificate),
    resources: trustee.secretResources.flatMap(r => r.keys.map(k => `${r.name}/${k}`)),
    imagePolicy: cfg.trustee.imagePolicy.type,
    acceptedInitData: trustee.acceptedInitData.map(a => a.name),
    grants: grantFacts(trustee, owners),
  };
}

function grantFacts(trustee: Trustee, owners?: ReadonlyMap<RenderedInitData, WorkloadOwner>): GrantFacts[] {
  const grants = trustee.grants;
  return trustee.acceptedInitData.map((a, i) => grantFact(a, grants[i], owners));
}

function grantFact(a: AcceptedInitData, grant: ResourceGrant | undefined, owners?: ReadonlyMap<RenderedInitData, WorkloadOwner>): GrantFacts {
  return {
    name: a.name,
    debug: a.access.debug === true,
    clusterDefault: ConfidentialRuntime.parseTrusteeName(a.name).name === CLUSTER_DEFAULT_INITDATA,
    identities: (grant?.identities ?? []).map(id => `${id.tee}: ${id.value}`),
    resources: grant?.resources ?? [],
    imagePolicy: a.access.imagePolicy,
    owner: owners?.get(a.initData),
  };
}

/** Where each confidential workload of the pattern is rendered, by its initdata (what a Trustee accepts). */
function initDataOwners(groups: readonly PostureSource[]): Map<RenderedInitData, WorkloadOwner> {
  const owners = new Map<RenderedInitData, WorkloadOwner>();
  for (const g of groups) {
    for (const chart of g.clusterGroup.apps) {
      for (const w of chart.node.findAll().filter((c): c is ConfidentialWorkload => c instanceof ConfidentialWorkload)) {
        owners.set(w.initData, { group: g.name, app: chart.appName });
      }
    }
  }
  return owners;
}

function workloadFacts(app: WebApp, appName: string): WorkloadFacts {
  if (app instanceof ConfidentialWorkload) {
    const trustee = app.runtime.trustee;
    // One grant, not all of them: a spoke's workload reads the hub's Trustee, which accepts every spoke's initdata.
    const name = app.runtime.trusteeName(`${app.namespace}/${app.name}`);
    const accepted = trustee?.preset === 'secure' ? trustee.acceptedInitData.find(a => a.name === name) : undefined;
    const grant = trustee && accepted ? grantFact(accepted, trustee.grant(name)) : undefined;
    return {
      app: appName,
      namespace: app.namespace,
      name: app.name,
      confidential: true,
      runtimeClass: app.runtimeClass,
      vmSize: app.vmSize,
      images: [app.image, ...app.initImages].map(image => ({ image, pinned: isPinnedByDigest(image) })),
      policy: summarizeAgentPolicy(app.agentPolicy),
      policyPreset: app.agentPolicy.preset,
      initData: {
        algorithm: app.initData.algorithm,
        digest: app.initData.digest,
        pcr8: app.initData.pcr8,
        bound: (app.runtime.tees.length > 0 ? initDataReferenceValue(app.initData, TEES[app.runtime.tees[0]].binding) : undefined) ?? app.initData.pcr8,
      },
      reads: app.kbsResources.map(r => r.resource),
      obtains: grant?.resources,
      unpinned: app.identity.containers.flatMap(c => unpinnedParts(c).map(u => `${c.name}: ${u}`)),
      insecure: app.podLabels[INSECURE_LABEL] === 'true' || app.agentPolicy.preset === 'allow-all',
    };
  }
  return {
    app: appName,
    namespace: app.namespace,
    name: app.name,
    confidential: false,
    images: [app.image, ...app.initImages].map(image => ({ image, pinned: isPinnedByDigest(image) })),
    reads: [],
    unpinned: [],
    insecure: false,
  };
}

/** What the posture report reads of a cluster group: its configuration and the constructs it rendered. */
export interface PostureSource {
  readonly name: string;
  readonly config: ClusterGroupConfig;
  readonly clusterGroup: ClusterGroup;
  readonly trustee?: Trustee;
  readonly runtime?: ConfidentialRuntime;
  /** How the group sits in the fleet (hub, spoke), and what the bare-metal groups attesting to its Trustee give it. */
  readonly plan?: FleetPlan & Pick<GroupPlan, 'attestedPlatforms'>;
}

/** The provider of a group whose sandbox is enabled, applied to its settings. */
function providerOfGroup(cfg: ClusterGroupConfig): GroupProvider | undefined {
  return cfg.sandbox.enabled ? providerOf(cfg.cloud, cfg.sandbox) : undefined;
}

/** The posture facts of `group`, one of the rendered `groups` (to name the group whose Trustee it attests to). */
export function groupPosture(groups: readonly PostureSource[], group: PostureSource): GroupPosture {
  const cfg = group.config;
  const apps = group.clusterGroup.apps;
  const workloads: WorkloadFacts[] = [];
  for (const chart of apps) {
    for (const app of chart.node.findAll().filter((c): c is WebApp => c instanceof WebApp)) {
      workloads.push(workloadFacts(app, chart.appName));
    }
  }
  const operators: OperatorFacts[] = [];
  for (const chart of apps) {
    for (const o of chart.node.findAll().filter((c): c is OperatorInstall => c instanceof OperatorInstall)) {
      operators.push({
        app: chart.appName,
        area: Object.entries(OPERATORS).find(([, d]) => d.package === o.package)?.[0],
        package: o.package,
        namespace: o.namespace,
        channel: o.channel,
        startingCSV: o.startingCSV,
        installPlanApproval: o.installPlanApproval,
        approver: o.approver?.job.name,
        floats: o.floats,
      });
    }
  }
  const runtime = group.runtime;
  const provider = providerOfGroup(cfg);
  const osc = runtime ? oscRelease(cfg.sandbox.version) : undefined;
  const bareMetal = provider?.bareMetal();
  const trusteeGroup = runtime?.trustee ? groups.find(g => g.trustee === runtime.trustee)?.name : undefined;
  return {
    group: group.name,
    cloud: cfg.cloud,
    appsDomain: cfg.appsDomain,
    repoURL: group.clusterGroup.source.repoURL,
    apps: apps.map(a => a.appName),
    vault: cfg.vault.enabled,
    trustee: group.trustee ? trusteeFacts(group.name, cfg, group.trustee, initDataOwners(groups), group.plan?.attestedPlatforms) : undefined,
    sandbox: runtime && osc && provider ? {
      runtimeClass: runtime.runtimeClass,
      osc: { version: osc.version, cloudApiAdaptor: osc.cloudApiAdaptor, kata: osc.kata },
      initDataAnnotation: runtime.initDataAnnotation,
      peerPods: provider.describe(),
      defaultVmSize: provider.defaultVmSize(),
      vmSizes: runtime.vmSizes,
      natGateway: provider.natGateway ? cfg.sandbox.natGateway.enabled : undefined,
      sshDebug: cfg.sandbox.sshDebug.enabled,
      defaultPolicy: summarizeAgentPolicy(runtime.defaultAgentPolicy),
      defaultPolicyPreset: runtime.defaultAgentPolicy.preset,
      kbsUrl: runtime.kbsUrl,
      trusteeGroup,
      tees: runtime.tees,
      initDataField: INITDATA_FIELDS[runtime.tees.length > 0 ? TEES[runtime.tees[0]].binding : 'azure-vtpm'],
      bareMetal: bareMetal ? { tee: bareMetal.tee, title: TEES[bareMetal.tee].title, nodeLabel: TEE_HOSTS[bareMetal.tee].nodeLabel, handler: TEE_HOSTS[bareMetal.tee].runtimeHandler } : undefined,
    } : undefined,
    workloads,
    operators,
    fleet: fleetFacts(groups, group, g => providerOfGroup(g.config)?.describe() ?? 'no sandbox'),
  };
}
