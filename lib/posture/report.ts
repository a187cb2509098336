/**
 * POSTURE.md: what is confidential, what it trusts and what it can get, readable at a glance.
 * Deterministic: the same pattern gives the same bytes (date-dependent checks are printed by the synth).
 */
import { postureDiagram } from './diagram';
import { GroupPosture } from './facts';
import type { HubVaultFacts } from './fleet';
import { Finding } from './findings';

const short = (hex: string | undefined) => (hex ? `\`${hex.slice(0, 16)}…\`` : '—');
const yes = (b: boolean, good: string, bad: string) => (b ? good : bad);
const cell = (text: string) => text.replace(/\|/g, '\\|');

export function renderPostureReport(p: GroupPosture, findings: readonly Finding[]): string {
  const out: string[] = [];
  const t = p.trustee;
  const s = p.sandbox;
  out.push(`# Security posture: cluster group \`${p.group}\``, '');
  out.push('Rendered by `npm run synth` from pattern.yaml; regenerate, do not edit. `npm run synth -- --strict` fails on any high finding.', '');

  out.push('## Findings', '');
  if (findings.length === 0) {
    out.push('None.', '');
  } else {
    out.push('| severity | finding | fix |', '| --- | --- | --- |');
    for (const f of findings) {
      out.push(`| **${f.severity}** | ${cell(f.title)}. ${cell(f.detail)} | ${cell(f.fix)} |`);
    }
    out.push('');
  }
  out.push('Checks that depend on the date (a reference value or the pinned certificate expiring within 30 days) are printed by every synth instead, so this file only changes when the pattern does.', '');

  out.push('## Trust zones', '');
  const hv = p.fleet?.hubVault;
  out.push(`- **Trusted** (attestation and keys): ${[t ? `Trustee (this group, ${t.kbsUrl})` : s?.trusteeGroup ? `Trustee (cluster group \`${s.trusteeGroup}\`, ${s.kbsUrl})` : s ? `an external KBS (${s.kbsUrl})` : 'none here', p.vault ? 'Vault (this group)' : hv ? `Vault (cluster group \`${hv.hub}\`, ${hv.server})` : undefined].filter(Boolean).join('; ')}.`);
  out.push(`- **Untrusted** (runs the workloads): ${s ? `the worker nodes of cluster group \`${p.group}\` (${p.cloud}); confidential pods run in ${s.runtimeClass} VMs` : 'no workloads in this group'}${hv ? '; External Secrets, which read the hub\'s Vault' : ''}.`);
  if (hv) out.push(...hubVaultLines(hv));
  if (t && s?.trusteeGroup === p.group) {
    out.push(`- Both zones are in **one cluster** here: see the finding "trustee-shares-cluster".`);
  }
  out.push('', postureDiagram(p), '');
  out.push(...fleetSection(p));

  out.push('## Workloads', '');
  if (p.workloads.length === 0) {
    out.push('None.', '');
  } else {
    out.push(`| workload | runtime class | VM size | images (pinned?) | exec | logs | stdin | initdata digest | ${s?.initDataField ?? 'PCR8'} | reads from Trustee | can obtain | not pinned by its policy |`);
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const w of p.workloads) {
      const images = w.images.map(i => `\`${i.image}\` ${i.pinned ? '(digest)' : '(**tag only**)'}`).join('<br/>');
      const pol = w.policy;
      const canObtain = !w.confidential ? 'nothing (not attested)'
        : w.obtains ? (w.obtains.length > 0 ? w.obtains.map(r => `\`${r}\``).join(', ') : 'nothing')
          : !t && !s?.trusteeGroup ? 'what the external KBS releases'
            : 'every secret resource, **attested or not** (permissive Trustee)';
      out.push(`| ${w.app}: \`${w.namespace}/${w.name}\`${w.insecure ? ' **(debug)**' : ''} | ${w.runtimeClass ?? 'none (runc)'} | ${w.confidential ? (w.vmSize ?? (s?.bareMetal ? '— (bare metal)' : `default (${s?.defaultVmSize ?? '—'})`)) : '—'} | ${images} | ${pol ? pol.exec : 'allowed'} | ${pol ? pol.logs : 'allowed'} | ${pol ? pol.stdin : 'allowed'} | ${short(w.initData?.digest)} | ${short(w.initData?.bound)} | ${w.reads.length > 0 ? w.reads.map(r => `\`${r}\``).join(', ') : '—'} | ${canObtain} | ${w.confidential ? (w.unpinned.length > 0 ? w.unpinned.map(u => cell(u.replace(/ \(.*$/, ''))).join('<br/>') : 'nothing') : '—'} |`);
    }
    out.push('');
  }

  if (s) {
    out.push('## Sandbox', '');
    out.push('| setting | value |', '| --- | --- |');
    out.push(`| OpenShift sandboxed containers | ${s.osc.version} (cloud-api-adaptor ${s.osc.cloudApiAdaptor}, kata-containers ${s.osc.kata}) |`);
    out.push(`| initdata pod annotation | \`${s.initDataAnnotation}\` |`);
    out.push(`| runtime class | ${s.runtimeClass} |`);
    if (s.bareMetal) {
      const b = s.bareMetal;
      out.push(`| bare metal | ${b.title}: kata-cc on the nodes labelled \`${b.nodeLabel}=true\` (handler ${b.handler}); no peer pods, no pod VM sizes, no NAT gateway |`);
      out.push(`| initdata binding | ${s.initDataField}: every confidential pod carries its own initdata (no cluster default) |`);
      out.push(`| KBS the pods attest to | ${s.kbsUrl} |`);
    } else {
      out.push(`| peer pods | ${s.peerPods} |`);
      out.push(`| pod VM sizes | default ${s.defaultVmSize ?? '—'}; allowed ${s.vmSizes.join(', ') || '—'} |`);
      out.push(`| default agent policy (pods without their own initdata) | ${s.defaultPolicyPreset}: exec ${s.defaultPolicy.exec}, logs ${s.defaultPolicy.logs}, stdin ${s.defaultPolicy.stdin}, policy replacement ${s.defaultPolicy.setPolicy} |`);
      out.push(`| KBS the pod VMs attest to | ${s.kbsUrl} |`);
      out.push(`| NAT gateway managed | ${yes(s.natGateway === true, 'yes', 'no')} |`);
      out.push(`| SSH into pod VMs | ${yes(s.sshDebug, '**enabled (debug)**', 'disabled')} |`);
    }
    out.push('');
  }

  if (t) {
    out.push('## Trustee', '');
    out.push('| setting | value |', '| --- | --- |');
    out.push(`| version / preset | ${t.version} / ${t.preset} |`);
    out.push(`| HTTPS | ${yes(t.https, 'served by the KBS itself (passthrough Route), certificate pinned in initdata', '**no**: plain HTTP behind an edge Route')} |`);
    const admin = { key: 'requires the admin key', closed: 'closed (`DenyAll`): resources and policies come through GitOps', open: '**open** (no authentication)' };
    out.push(`| admin API | ${admin[t.adminAccess]} |`);
    out.push(`| attestation tokens | ${yes(t.tokenSignerVerified, 'verified against the signer certificate', `**key taken from the token** (${t.insecureTokenKeySetting})`)} |`);
    out.push(`| resource policy | ${t.resourcePolicy === 'affirming' ? 'releases secrets only to affirming attestations' : '**releases everything** (default allow = true)'} |`);
    out.push(`| attestation policy | ${t.attestationPolicy} |`);
    out.push(`| reference values | ${t.referenceValueCount}${t.earliestExpiration ? `, earliest expiry ${t.earliestExpiration}` : ''}${t.missingReferenceValues.length ? `; **missing**: ${t.missingReferenceValues.join(', ')}` : ''} |`);
    out.push(`| pinned certificate | ${t.certificate ? `${cell(t.certificate.subject)}, ${t.certificate.isCa ? 'CA' : 'leaf'}, expires ${t.certificate.notAfter}${t.certificate.example ? ' (**EXAMPLE**)' : ''}` : 'none'} |`);
    out.push(`| image policy | ${t.imagePolicy} |`);
    out.push(`| secret resources | ${t.resources.map(r => `\`${r}\``).join(', ')} |`);
    out.push(`| initdata accepted | ${t.acceptedInitData.length}: ${t.acceptedInitData.map(a => `\`${a}\``).join(', ')} |`);
    out.push('');
    out.push('### Who can obtain what', '');
    if (t.preset === 'permissive') {
      out.push('Everyone can obtain every secret resource: the permissive resource policy releases them without attestation.', '');
    } else {
      out.push('From the rendered resource policy: a secret is released only to an affirming attestation whose initdata (as the TEE reports it) is in this table. Any other initdata obtains nothing.', '');
      out.push('| initdata | identity (PCR 8, HOSTDATA or MRCONFIGID) | can obtain |', '| --- | --- | --- |');
      for (const g of t.grants) {
        const who = `${g.name}${g.debug ? ' **(debug)**' : ''}`;
        out.push(`| ${g.name} | ${g.identities.map(i => `\`${short(i.slice(i.indexOf(': ') + 2)).slice(1, -1)}\` (${i.slice(0, i.indexOf(':'))})`).join('<br/>')} | ${g.resources.length > 0 ? g.resources.map(r => `\`${r}\``).join(', ') : 'nothing'}${who !== g.name ? ' (debug policy)' : ''} |`);
      }
      out.push('');
    }
  }
  if (p.operators.length > 0) {
    out.push('## Operators', '');
    out.push('| operator | namespace | channel | version (CSV) | approval |', '| --- | --- | --- | --- | --- |');
    for (const o of p.operators) {
      const approval = o.installPlanApproval === 'Automatic' ? '**Automatic**: OLM follows the channel'
        : o.approver ? `Manual; Job \`${o.approver}\` approves only this CSV` : 'Manual, by hand';
      out.push(`| ${o.package} | ${o.namespace} | ${o.channel} | ${o.startingCSV ? `\`${o.startingCSV}\`` : '**none**: the channel head'} | ${approval} |`);
    }
    out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** What a spoke's External Secrets can read from its hub's Vault, and how they log in. */
function hubVaultLines(v: HubVaultFacts): string[] {
  const reads = v.reads.length > 0 ? v.reads.map(r => `\`${r}\``).join(', ') : 'nothing (no ExternalSecret here)';
  return [`- External Secrets on each cluster of this group read the Vault of cluster group \`${v.hub}\` over TLS (the hub's CA, put there by the hub's policy), `
    + `logging in at \`auth/${v.authMount}\` (role \`${v.role}\`, policy \`${v.policy}\`, set up by \`${v.script}\`). A cluster of this group can read from Vault: ${reads}.`];
}

/** The hub that brings this group up, or the spokes this hub brings up. */
function fleetSection(p: GroupPosture): string[] {
  const f = p.fleet;
  if (!f) return [];
  const out = ['## Fleet', ''];
  if (f.hub) {
    out.push(`A spoke of cluster group \`${f.hub.group}\`: its ACM installs OpenShift GitOps on every managed cluster labelled \`${f.hub.clusterSelector}\` and points it at \`${f.hub.bootstrapPath}\`. `
      + 'This folder serves all of them: adding a cluster is labelling it in ACM. Its workloads attest to the hub\'s Trustee; Trustee and Vault stay on the hub.', '');
  }
  if (f.spokes.length > 0) {
    out.push(`This hub's ACM brings up ${f.spokes.length} spoke group${f.spokes.length === 1 ? '' : 's'}: OpenShift GitOps on every managed cluster its Placement selects (never this cluster), then the group's root Application.`, '');
    out.push('| spoke group | managed clusters (ACM labels) | platform | initdata accepted here | can obtain |', '| --- | --- | --- | --- | --- |');
    for (const s of f.spokes) {
      const rows = s.initData.length > 0 ? s.initData : [{ name: '—', obtains: [] }];
      rows.forEach((d, i) => out.push(`| ${i === 0 ? `\`${s.group}\`` : ''} | ${i === 0 ? `\`${cell(s.clusterSelector)}\`` : ''} | ${i === 0 ? cell(s.platform) : ''} | ${d.name} | ${d.obtains.length > 0 ? d.obtains.map(r => `\`${r}\``).join(', ') : 'nothing'} |`));
    }
    out.push('');
    for (const s of f.spokes.filter(x => x.vault)) {
      const v = s.vault!;
      out.push(`From this group's Vault, each cluster of \`${s.group}\` can read ${v.reads.length > 0 ? v.reads.map(r => `\`${r}\``).join(', ') : 'nothing'} (its own auth mount \`auth/${v.authMount}\`; run \`${v.script}\` when a cluster joins).`, '');
    }
  }
  return out;
}
