/**
 * CocoPattern: composes the areas per cluster group from pattern.yaml.
 */
import { Construct } from 'constructs';
import { ClusterGroupConfig, PatternConfig } from '../config/schema';
import { Bootstrap } from '../gitops/bootstrap';
import { ClusterGroup } from '../gitops/cluster-group';
import { OutputFile } from '../output/output-file';
import { Finding, GroupPosture, groupPosture, postureFindings, renderPostureReport } from '../posture';
import { Trustee } from '../trustee/trustee';
import { ConfidentialRuntime } from '../workloads/confidential-runtime';
import { renderPlatform } from './platform';
import { renderSandbox } from './sandbox';
import { renderTrustee } from './trustee';
import { renderWorkloads } from './workloads';

export { AppWaves } from './waves';
export { ConfidentialRuntime } from '../workloads/confidential-runtime';

/** One cluster group of the pattern, as extensions see it. */
export interface PatternGroup {
  readonly name: string;
  readonly config: ClusterGroupConfig;
  /** The construct the group's Argo CD Applications (ArgoAppChart) are created in. */
  readonly clusterGroup: ClusterGroup;
  /** The Trustee this group renders, if any. */
  readonly trustee?: Trustee;
  /** The confidential runtime of this group (runtime class, KBS, initdata), when the sandbox is enabled. */
  readonly runtime?: ConfidentialRuntime;
}

export interface CocoPatternProps {
  /** The validated configuration (see `loadPattern`). */
  readonly config: PatternConfig;
  /**
   * Adds your own Applications (e.g. confidential workloads) to the groups before their bootstrap is
   * rendered. Workloads built from `group.runtime` hand their initdata digests to Trustee.
   * @default - nothing added
   */
  readonly extend?: (group: PatternGroup) => void;
}

/** The whole pattern: one {@link ClusterGroup} per configured cluster group. */
export class CocoPattern extends Construct {
  public readonly groups: PatternGroup[] = [];

  constructor(scope: Construct, id: string, props: CocoPatternProps) {
    super(scope, id);
    const { config } = props;
    const trustees = new Map<string, Trustee>();
    const groups: { name: string; cfg: ClusterGroupConfig; cg: ClusterGroup }[] = [];

    // Trustees first: a group's workloads may attest to another group's Trustee.
    for (const [name, cfg] of Object.entries(config.clusterGroups)) {
      const cg = new ClusterGroup(this, name, {
        source: { repoURL: config.gitops.repoURL, targetRevision: config.gitops.targetRevision, path: config.gitops.path },
        argoNamespace: config.gitops.namespace,
      });
      renderPlatform(cg, cfg);
      const trustee = renderTrustee(cg, cfg);
      if (trustee) trustees.set(name, trustee);
      groups.push({ name, cfg, cg });
    }
    for (const { name, cfg, cg } of groups) {
      const runtime = renderSandbox(cg, cfg, config, trustees);
      renderWorkloads(cg, cfg, runtime);
      const group: PatternGroup = { name, config: cfg, clusterGroup: cg, trustee: trustees.get(name), runtime };
      props.extend?.(group);
      this.groups.push(group);
    }
    for (const { name, cg } of groups) {
      new Bootstrap(cg, 'bootstrap', {
        rootName: `${config.name}-${name}`,
        controllerServiceAccount: config.gitops.controllerServiceAccount,
      });
      new OutputFile(cg, 'Posture', {
        fileName: 'POSTURE.md',
        content: () => {
          const posture = this.posture(name);
          return renderPostureReport(posture.facts, posture.findings);
        },
      });
    }
  }

  /** The posture of group `name`: its facts and findings (the content of its POSTURE.md). */
  public posture(name: string): { facts: GroupPosture; findings: Finding[] } {
    const facts = groupPosture(this.groups, this.group(name));
    return { facts, findings: postureFindings(facts) };
  }

  /** The group called `name`. */
  public group(name: string): PatternGroup {
    const g = this.groups.find(x => x.name === name);
    if (!g) {
      throw new Error(`no cluster group "${name}" (groups: ${this.groups.map(x => x.name).join(', ')})`);
    }
    return g;
  }
}
