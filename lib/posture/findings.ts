/**
 * Findings: what weakens a cluster group's posture, how badly, and the setting that fixes it.
 */
import { spokeGitOpsFinding } from '../fleet/gitops-operator';
import { EXAMPLE_APPS_DOMAIN, isExampleDomain, isExampleRepoUrl } from '../config/examples';
import { demoOfApp, DemoPosture } from '../demos';
import { DEFAULT_TRUSTEE_VERSION } from '../trustee/versions';
import { imageRepository } from '../workloads/image';
import { GroupPosture } from './facts';

export { SEVERITIES } from './finding';
export type { Finding, Severity } from './finding';
import { SEVERITIES } from './finding';
import type { Finding } from './finding';

/** The findings of one group, most severe first (stable order within a severity). */
export function postureFindings(p: GroupPosture): Finding[] {
  const f: Finding[] = [];
  for (const spoke of p.fleet?.spokes ?? []) {
    if (spoke.gitopsChannel) f.push(spokeGitOpsFinding(spoke.group, spoke.gitopsChannel));
  }
  const at = (path: string) => `clusterGroups.${p.group}.${path}`;
  const t = p.trustee;
  const s = p.sandbox;

  if (t && s && s.trusteeGroup === p.group) {
    f.push({
      id: 'trustee-shares-cluster',
      severity: 'high',
      title: 'Trustee runs in the same cluster as the workloads it attests',
      detail: 'Whoever administers this cluster controls both the key broker (and Vault) and the untrusted side; the separation of duties confidential computing relies on is broken.',
      fix: `Move Trustee${p.vault ? ' and Vault' : ''} to a trusted cluster group and point the workloads at it: ${at('trustee.enabled')}: false, ${at('sandbox.kbs.trustee')}: <trusted group>.`,
    });
  }
  const collateralHost = t?.tdxCollateralService?.startsWith('https://') ? new URL(t.tdxCollateralService).hostname : undefined;
  if (t && collateralHost && /\.svc(\.cluster\.local)?$/.test(collateralHost)) {
    f.push({
      id: 'tdx-collateral-untrusted',
      severity: 'medium',
      title: `Trustee ${t.version} fetches TDX collateral from the in-cluster PCCS (${t.tdxCollateralService})`,
      detail: 'Its DCAP client checks the collateral service\'s certificate against the KBS image\'s trust store, which does not hold the PCCS\'s own certificate: TDX attestations fail closed until it does.',
      fix: 'Keep Intel\'s PCS as the collateral service (sandbox.tdx.collateralService: intel, with egress from Trustee), or serve the PCCS with a certificate the KBS image trusts',
    });
  }
  if (t && t.preset === 'permissive') {
    f.push({
      id: 'permissive-trustee',
      severity: 'high',
      title: 'Trustee uses the permissive preset',
      detail: 'The resource policy releases every secret without attestation (default allow = true), the admin API and attestation tokens are not authenticated, and the KBS speaks plain HTTP behind the router.',
      fix: `${at('trustee.preset')}: secure`,
    });
  }
  if (t?.certificate?.example) {
    f.push({
      id: 'example-certificate',
      severity: 'high',
      title: 'The KBS certificate is the committed EXAMPLE certificate',
      detail: 'Its private key was thrown away, so a KBS deployed with it fails closed: no workload can attest. It is there so a fresh clone renders.',
      fix: `Run "npm run secrets -- init" and set ${at('trustee.kbs.certificate')}: certs/kbs-ca.pem`,
    });
  }
  if (isExampleRepoUrl(p.repoURL)) {
    f.push({
      id: 'example-repo-url',
      severity: 'high',
      title: `gitops.repoURL is still the example repository (${p.repoURL})`,
      detail: 'Argo CD reads the rendered output from it: every Application of this group points at a repository that is not yours, so nothing syncs (or someone else\'s manifests would).',
      fix: 'Set gitops.repoURL to the Git repository you push dist/ to',
    });
  }
  if (isExampleDomain(p.appsDomain)) {
    f.push({
      id: 'example-apps-domain',
      severity: 'high',
      title: `${at('appsDomain')} is still the example domain (${EXAMPLE_APPS_DOMAIN})`,
      detail: 'The KBS and Vault Route hosts derive from it: workloads would attest to a host that is not this cluster\'s, and a KBS certificate issued for it does not match the real Route.',
      fix: `Set ${at('appsDomain')} to the cluster's apps domain (oc get ingresses.config cluster -o jsonpath='{.spec.domain}'), then run "npm run secrets -- init"`,
    });
  }
  const debug = p.workloads.filter(w => w.confidential && w.policy?.exec === 'allowed');
  for (const w of debug) {
    f.push({
      id: 'debug-agent-policy',
      severity: 'high',
      title: `${w.namespace}/${w.name} runs with the allow-all (debug) agent policy`,
      detail: `Anyone allowed to "oc exec" into it can read its memory and what it obtains (${w.obtains ? (w.obtains.length > 0 ? w.obtains.join(', ') : 'nothing') : 'per the KBS'}); the confidentiality guarantee is gone for this pod.`,
      fix: demoSetting(p.group, w.app, 'removeDebugWorkload')?.concat(', or a no-exec agent policy') ?? 'Give the workload the no-exec agent policy',
    });
  }
  if (s && s.defaultPolicy.exec === 'allowed') {
    f.push({
      id: 'debug-default-policy',
      severity: 'high',
      title: 'The cluster-wide default initdata allows exec into every peer pod without its own initdata',
      detail: 'Pods that do not carry their own initdata get the debug agent policy.',
      fix: `${at('sandbox.initData.agentPolicy.preset')}: no-exec`,
    });
  }
  if (t && t.preset === 'secure' && !t.tokenSignerVerified) {
    f.push({
      id: 'token-signer-unverified',
      severity: 'medium',
      title: `Trustee ${t.version} accepts attestation tokens signed by any key they carry (${t.insecureTokenKeySetting} = true)`,
      detail: 'The pattern mounts no token signer for this Trustee version, so a client could present a token it signed itself.',
      fix: `${at('trustee.version')}: "${DEFAULT_TRUSTEE_VERSION}"`,
    });
  }
  if (s && s.tees.length === 0) {
    f.push({
      id: 'initdata-not-bound',
      severity: 'medium',
      title: `On ${p.cloud} the pod VMs' initdata is not bound into their attestation evidence`,
      detail: 'The pattern knows no TEE field that carries the initdata digest on this platform, so Trustee cannot check which initdata (and agent policy) a pod VM booted with.',
      fix: `Run confidential workloads on Azure confidential VMs (${at('cloud')}: azure) or bare-metal SNP/TDX`,
    });
  }
  if (s && !s.trusteeGroup) {
    for (const w of p.workloads.filter(x => x.confidential && x.reads.length > 0)) {
      f.push({
        id: 'kbs-resources-unverified',
        severity: 'medium',
        title: `${w.namespace}/${w.name} declares ${w.reads.join(', ')}, which this pattern cannot check against the external KBS`,
        detail: `The workloads attest to ${s.kbsUrl}, which the pattern does not render: whether it serves these resources, and releases them to this initdata only, is up to its own policies.`,
        fix: `Attest to a Trustee the pattern renders (${at('sandbox.kbs.trustee')}), or check the external KBS's resource policy`,
      });
    }
  }
  for (const m of t?.missingMeasurements ?? []) {
    f.push({
      id: 'missing-platform-measurement',
      severity: 'medium',
      title: `No reference value for ${m.referenceValueName} (${m.title}): no attestation from those nodes can be affirming, so no secret is released to them`,
      detail: `The attestation policy checks the bare-metal TEE's measurements besides the initdata and fails closed without them. Obtain it from ${m.howToObtain}.`,
      fix: m.settings.length > 0 ? `Give it in ${m.settings.join(', ')} (see README, "A bare-metal group")` : 'Give it in sandbox.<tee>.measurements of the bare-metal group (see README, "A bare-metal group")',
    });
  }
  const bareMetalNames = new Set((t?.missingMeasurements ?? []).map(m => m.referenceValueName));
  const otherMissing = (t?.missingReferenceValues ?? []).filter(n => !bareMetalNames.has(n));
  if (t && otherMissing.length > 0) {
    f.push({
      id: 'missing-measurements',
      severity: 'medium',
      title: `No reference value for ${otherMissing.join(', ')}: no attestation can be affirming, so no secret is released`,
      detail: 'The attestation policy checks the pod VM image measurement (PCR 11 on Azure) besides the initdata; without its expected value the claims stay non-affirming and the resource policy denies everything (fails closed).',
      fix: `Add the measurements of your pod VM image to ${at('trustee.referenceValues')} (see README, "Reference values")`,
    });
  }
  if (t && t.imagePolicy === 'insecureAcceptAnything') {
    f.push({
      id: 'image-policy-accepts-anything',
      severity: 'medium',
      title: 'The container image policy accepts any image (insecureAcceptAnything)',
      detail: 'Pod VMs pull and run images without checking signatures.',
      fix: `${at('trustee.imagePolicy')}: { type: signedBy, keys: [...] } (or pin every image by digest)`,
    });
  }
  for (const w of p.workloads.filter(x => x.confidential)) {
    for (const image of w.images.filter(i => !i.pinned)) {
      f.push({
        id: 'unpinned-image',
        severity: 'medium',
        title: `${w.namespace}/${w.name} uses ${image.image}, not pinned by digest`,
        detail: 'A tag can be moved to another image: the workload\'s identity (its agent policy pins the tag) floats with it, and the attested pod is not tied to the code it runs.',
        fix: `Use ${imageRepository(image.image)}@sha256:<digest> (${at('workloads.strictImages')}: true makes this an error)`,
      });
    }
  }
  if (s?.sshDebug) {
    f.push({
      id: 'ssh-debug',
      severity: 'medium',
      title: 'SSH access to pod VMs is enabled (debug)',
      detail: 'A holder of the SSH key can log into the confidential VMs.',
      fix: `${at('sandbox.sshDebug.enabled')}: false`,
    });
  }
  for (const g of t?.grants ?? []) {
    const secrets = g.resources.filter(r => r !== g.imagePolicy);
    const grantSetting = g.owner && demoSetting(g.owner.group, g.owner.app, 'debugGrants');
    if ((g.debug || g.clusterDefault) && secrets.length > 0) {
      f.push({
        id: 'debug-obtains-secrets',
        severity: 'high',
        title: `${g.name} can obtain ${secrets.join(', ')} although ${g.clusterDefault ? 'any pod without its own initdata runs with it' : 'its agent policy allows exec'}`,
        detail: 'Whoever can exec into such a pod, or start one, reads what it obtains.',
        fix: g.clusterDefault ? 'Declare the secrets on the workloads that need them, not on the default initdata' : `Remove the grant (${grantSetting ? `${grantSetting}, or ` : ''}the workload's obtains)`,
      });
    }
  }
  for (const w of p.workloads.filter(x => x.confidential && x.unpinned.length > 0)) {
    const obtainsSecrets = (w.obtains ?? []).some(r => !r.endsWith('/security-policy/osc'));
    f.push({
      id: 'identity-not-pinned',
      severity: obtainsSecrets ? 'medium' : 'low',
      title: `The agent policy of ${w.namespace}/${w.name} cannot pin ${w.unpinned.length === 1 ? 'one part' : `${w.unpinned.length} parts`} of its containers`,
      detail: `${w.unpinned.join('; ')}.`,
      fix: 'Pin the image by digest, give the container a command, and state the image environment (imageEnv)',
    });
  }
  for (const o of p.operators.filter(x => x.floats)) {
    const how = o.installPlanApproval === 'Automatic'
      ? `installPlanApproval Automatic${o.startingCSV ? `: ${o.startingCSV} is only the first version` : ''}`
      : 'Manual approval without a startingCSV: whoever approves picks the version';
    f.push({
      id: 'operator-floats',
      severity: 'medium',
      title: `The ${o.package} operator is not pinned to a version (${how})`,
      detail: 'OLM can move it along its channel to a version this pattern did not render for (ConfigMap keys, CRD fields and annotations change between versions), without a commit: what runs is no longer what git shows.',
      fix: o.area
        ? `${at(`${o.area}.operator.installPlanApproval`)}: Manual (the default) pins the CSV of ${at(`${o.area}.version`)}`
        : 'Give its OperatorInstall a startingCSV and Manual approval',
    });
  }
  if (s?.natGateway === false) {
    f.push({
      id: 'no-nat-gateway',
      severity: 'info',
      title: 'The NAT gateway of the pod VMs is not managed by the pattern',
      detail: 'Peer-pod VMs need egress from the worker subnet (image pulls, the KBS route).',
      fix: `Make sure the worker subnet has egress, or ${at('sandbox.natGateway.enabled')}: true`,
    });
  }
  for (const w of p.workloads.filter(x => !x.confidential)) {
    f.push({
      id: 'not-confidential',
      severity: 'info',
      title: `${w.namespace}/${w.name} is an ordinary pod (no confidential runtime)`,
      detail: 'It is part of the demo, for comparison.',
      fix: 'Nothing, if intended',
    });
  }
  return f.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

/** The setting of the demo rendered as Application `app` in `group` that the posture fix `what` names, if any. */
function demoSetting(group: string, app: string, what: keyof DemoPosture): string | undefined {
  const demo = demoOfApp(app);
  const setting = demo?.posture[what];
  return demo && setting ? `clusterGroups.${group}.workloads.${demo.key}.${setting}` : undefined;
}

/** Findings that depend on the date (kept out of POSTURE.md so it stays byte-identical; the synth prints them). */
export function timedFindings(p: GroupPosture, now: Date, windowDays = 30): Finding[] {
  const f: Finding[] = [];
  const soon = (iso: string | undefined) => iso !== undefined && Date.parse(iso) - now.getTime() < windowDays * 86_400_000;
  const t = p.trustee;
  if (t && soon(t.earliestExpiration)) {
    f.push({
      id: 'reference-value-expiring',
      severity: 'medium',
      title: `A Trustee reference value expires on ${t.earliestExpiration}, within ${windowDays} days`,
      detail: 'Expired reference values are ignored: attestation then fails and no secret is released.',
      fix: `Renew ${`clusterGroups.${p.group}.trustee.initDataExpiration`} (and the expirations in trustee.referenceValues)`,
    });
  }
  // Only for a certificate that is still valid: an expired one is an error when pattern.yaml is loaded.
  if (t?.certificate && soon(t.certificate.notAfter) && Date.parse(t.certificate.notAfter) > now.getTime()) {
    f.push({
      id: 'certificate-expiring',
      severity: 'medium',
      title: `The pinned KBS certificate expires on ${t.certificate.notAfter}, within ${windowDays} days`,
      detail: 'Workloads stop trusting the KBS when it expires.',
      fix: 'Issue a new CA and KBS certificate (npm run secrets -- init into a new folder) and re-synth',
    });
  }
  return f;
}
