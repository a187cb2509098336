/**
 * Checks that span fields (and cluster groups) of a pattern.yaml that passed the schema: what a
 * setting requires elsewhere, platform rules, references between groups. Each problem names its field.
 */
import { Problem } from '../errors';
import { agentPolicyProblems } from '../policy/problems';
import { providerOf } from '../platforms/providers';
import { imagePolicyProblems } from '../trustee/image-policy';
import { IMAGE_POLICY_RESOURCE } from '../trustee/image-policy';
import { expirationProblem, referenceValueProblems } from '../trustee/reference-values';
import { CONFIDENTIAL_RUNTIME_CLASSES } from '../workloads/runtime-classes';
import { kbsUrlProblem, reservedReferenceValueNameProblem } from '../trustee/trustee-defaults';
import { attestedPlatforms } from '../pattern/attested-platforms';
import { trusteeGroupOf } from '../pattern/plan';
import { fleetProblems } from './fleet';
import { ClusterGroupConfig, PatternConfig } from './schema';
import { workloadsProblems } from './workloads';

/** Every cross-field problem of a schema-valid configuration, in document order. */
export function patternProblems(config: PatternConfig, now: Date): Problem[] {
  const problems = [
    ...Object.entries(config.clusterGroups).flatMap(([name, group]) => groupProblems(config, name, group, now)),
    ...fleetProblems(config),
  ];
  // Bare-metal measurements and collateral reach the Trustee their groups attest to: merged per Trustee.
  // Only once each group's own settings are valid (the merge reads them).
  if (problems.length > 0) return problems;
  return Object.keys(config.clusterGroups).filter(n => config.clusterGroups[n].trustee.enabled)
    .flatMap(n => attestedPlatforms(config, n).problems);
}

function groupProblems(config: PatternConfig, name: string, g: ClusterGroupConfig, now: Date): Problem[] {
  const problems: Problem[] = [];
  const at = (field: string) => `clusterGroups.${name}.${field}`;
  const add = (field: string, message: string) => problems.push({ path: at(field), message });

  if (g.trustee.enabled) {
    const t = g.trustee;
    if (!t.kbs.host && !g.appsDomain) {
      add('appsDomain', 'is required to derive the KBS host kbs-trustee-operator-system.<appsDomain> (or set trustee.kbs.host)');
    }
    if (t.preset === 'secure' && !t.kbs.certificate) {
      add('trustee.kbs.certificate', 'is required by the secure preset (the KBS serves HTTPS and workloads pin its CA): run "npm run secrets -- init", or use certs/kbs-ca.EXAMPLE.pem to try the pattern');
    }
    if (!t.initDataExpiration) {
      add('trustee.initDataExpiration', 'is required: the initdata digests this synth gives Trustee need an expiry ("YYYY-MM-DDTHH:MM:SSZ")');
    } else {
      const expiry = expirationProblem(t.initDataExpiration, now);
      if (expiry) add('trustee.initDataExpiration', expiry);
    }
    if (t.kbs.url) {
      // The schema accepts any https URL; the KBS Trustee renders is served at the root of a host.
      const p = kbsUrlProblem(t.kbs.url);
      if (p) add('trustee.kbs.url', p);
    }
    problems.push(...referenceValueProblems(t.referenceValues, now, at('trustee.referenceValues')));
    t.referenceValues.forEach((rv, i) => {
      const p = reservedReferenceValueNameProblem(rv.name);
      if (p) add(`trustee.referenceValues[${i}].name`, p);
    });
    problems.push(...imagePolicyProblems(t.imagePolicy, at('trustee.imagePolicy')));
  }

  if (g.sandbox.enabled) {
    const s = g.sandbox;
    const provider = providerOf(g.cloud, s);
    problems.push(...provider.problems({ path: at('sandbox'), acmEnabled: g.acm.enabled || g.spoke !== undefined, secretStore: g.externalSecrets.enabled, now }));
    const only = provider.initDataAlgorithm;
    if (only && s.initData.algorithm !== only.algorithm) {
      add('sandbox.initData.algorithm', `must be "${only.algorithm}" on ${provider.title}: ${only.because}, got "${s.initData.algorithm}"`);
    }
    problems.push(...agentPolicyProblems(s.initData.agentPolicy, at('sandbox.initData.agentPolicy')));
    if (!(CONFIDENTIAL_RUNTIME_CLASSES as readonly string[]).includes(s.runtimeClass)) {
      add('sandbox.runtimeClass', `must be a confidential runtime class (${CONFIDENTIAL_RUNTIME_CLASSES.map(c => `"${c}"`).join(', ')}: kata-remote for peer pods, kata-cc for bare-metal TEEs), got "${s.runtimeClass}"`);
    }

    // Which Trustee the workloads attest to.
    const k = s.kbs;
    if (k.url && k.trustee) {
      add('sandbox.kbs.url', 'cannot be set together with sandbox.kbs.trustee: name the Trustee of a cluster group, or give its URL');
    } else if (k.trustee) {
      const other = config.clusterGroups[k.trustee];
      if (!other) {
        add('sandbox.kbs.trustee', `names cluster group "${k.trustee}", which is not defined (defined: ${Object.keys(config.clusterGroups).join(', ')})`);
      } else if (!other.trustee.enabled) {
        add('sandbox.kbs.trustee', `names cluster group "${k.trustee}", which does not deploy Trustee (trustee.enabled: false)`);
      }
    } else if (!k.url && !trusteeGroupOf(config, name)) {
      add('sandbox.kbs', 'needs a Trustee: enable trustee in this cluster group, name another group in sandbox.kbs.trustee, or give sandbox.kbs.url');
    }
    const trusteeGroup = trusteeGroupOf(config, name);
    const trustee = trusteeGroup ? config.clusterGroups[trusteeGroup]?.trustee : undefined;
    if (trustee?.enabled && s.initData.imageSecurityPolicy) {
      const { type, tag, uri } = IMAGE_POLICY_RESOURCE;
      const resource = trustee.secretResources.find(r => r.name === type);
      const owner = trusteeGroup === name ? 'this cluster group' : `cluster group "${trusteeGroup}"`;
      const lacks = !resource ? `secret resource "${type}"` : !resource.keys.includes(tag) ? `key "${tag}" in secret resource "${type}"` : undefined;
      if (lacks) {
        add('sandbox.initData.imageSecurityPolicy', `must be false when Trustee does not serve ${uri} (trustee.secretResources of ${owner} has no ${lacks}), got true`);
      }
    }
  }

  const trusteeGroup = trusteeGroupOf(config, name);
  const trustee = trusteeGroup ? config.clusterGroups[trusteeGroup]?.trustee : undefined;
  problems.push(...workloadsProblems(g.workloads, { path: at('workloads'), sandbox: g.sandbox, trustee: trustee?.enabled ? trustee : undefined }));
  for (const area of ['trustee', 'sandbox', 'acm', 'externalSecrets', 'certManager'] as const) {
    const { enabled, operator } = g[area];
    if (enabled && operator.approverImage !== undefined && operator.installPlanApproval === 'Automatic') {
      add(`${area}.operator.approverImage`, 'is only used with installPlanApproval "Manual" (the approver Job approves the pinned CSV\'s InstallPlans; with Automatic there is none): remove it or set installPlanApproval to "Manual"');
    }
  }
  return problems;
}
