/**
 * A Mermaid flowchart of a cluster group: Argo CD and its Applications, Trustee and Vault in the trusted
 * zone, the confidential workloads in the untrusted one, with attestation and secret release as arrows.
 * Mermaid renders on GitHub and GitLab.
 */
import { GroupPosture } from './facts';

/** A Mermaid node id from any text. */
function id(prefix: string, text: string): string {
  return `${prefix}_${text.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** A Mermaid label (quoted, without characters that break the syntax). */
function label(...lines: string[]): string {
  return `"${lines.map(l => l.replace(/["<>]/g, '')).join('<br/>')}"`;
}

export function postureDiagram(p: GroupPosture): string {
  const lines: string[] = ['```mermaid', 'flowchart LR'];
  const t = p.trustee;
  const s = p.sandbox;
  const remoteTrustee = s && s.trusteeGroup && s.trusteeGroup !== p.group ? s.trusteeGroup : undefined;

  lines.push(`  subgraph cluster[${label(`cluster group ${p.group}${p.appsDomain ? ` (${p.appsDomain})` : ''}`)}]`);
  lines.push(`    argo[${label('Argo CD', `${p.apps.length} Applications`)}]`);
  if (t || p.vault) {
    lines.push(`    subgraph trusted[${label('trusted zone')}]`);
    if (t) lines.push(`      trustee[${label('Trustee KBS', `${t.version} ${t.preset}`, t.kbsUrl)}]`);
    if (p.vault) lines.push(`      vault[${label('Vault')}]`);
    lines.push('    end');
  }
  const confidential = p.workloads.filter(w => w.confidential);
  if (s) {
    lines.push(`    subgraph untrusted[${label('untrusted zone: the workload cluster', s.bareMetal ? `confidential pods run in ${s.bareMetal.tee.toUpperCase()} guests on its nodes` : 'confidential pods run inside TEE VMs')}]`);
    for (const w of p.workloads) {
      const policy = w.policy ? (w.policy.exec === 'allowed' ? 'exec ALLOWED' : 'no exec') : 'not confidential';
      lines.push(`      ${id('w', `${w.namespace}/${w.name}`)}[${label(`${w.namespace}/${w.name}`, w.runtimeClass ?? 'runc', policy)}]`);
    }
    lines.push('    end');
  }
  lines.push('  end');
  if (remoteTrustee) {
    lines.push(`  trustee[${label('Trustee KBS', `cluster group ${remoteTrustee}`, s!.kbsUrl)}]`);
  } else if (s && !t && !s.trusteeGroup) {
    lines.push(`  trustee[${label('external KBS', s.kbsUrl)}]`);
  }
  const hubVault = p.fleet?.hubVault;
  if (hubVault && !p.vault) {
    lines.push(`  vault[${label('Vault', `cluster group ${hubVault.hub}`, hubVault.server)}]`);
    lines.push(`  vault -.->|${label(`ExternalSecrets read ${hubVault.reads.length} path${hubVault.reads.length === 1 ? '' : 's'}`).slice(1, -1)}| cluster`);
  }
  lines.push('  argo -->|syncs| cluster');
  if (t && p.vault) lines.push('  vault -->|ExternalSecrets| trustee');
  for (const w of confidential) {
    const n = id('w', `${w.namespace}/${w.name}`);
    lines.push(`  ${n} -->|attests: initdata ${s?.initDataField ?? 'PCR8'} ${w.initData?.bound.slice(0, 8) ?? ''}| trustee`);
    if (w.reads.length > 0) lines.push(`  trustee -.->|releases ${w.reads.join(', ')}| ${n}`);
  }
  lines.push('```');
  return lines.join('\n');
}
