/**
 * CocoPattern: builds the constructs of every cluster group from the pattern's plan (./plan.ts), area by
 * area (./platform.ts, ./trustee.ts, ./sandbox.ts, ./workloads.ts), then each group's bootstrap.
 */
import { Construct } from 'constructs';
import { ClusterGroupConfig, PatternConfig } from '../config/schema';
import { Bootstrap } from '../gitops/bootstrap';
import { ClusterGroup } from '../gitops/cluster-group';
import { OutputFile } from '../output/output-file';
import { Finding, GroupPosture, groupPosture, postureFindings, renderPostureReport } from '../posture';
import { Trustee } from '../trustee/trustee';
import { ConfidentialRuntime } from '../workloads/confidential-runtime';
import { GroupPlan, PatternPlan, planPattern } from './plan';
import { addFleet, SpokeOfHub, spokeSecretsOf } from './fleet';
import { addPlatform } from './platform';
import { addSandbox } from './sandbox';
import { addTrustee } from './trustee';
import { addWorkloads } from './workloads';

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
  /** The group in the pattern's plan: where it attests, and its hub or spokes. */
  readonly plan: GroupPlan;
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

  /** The plan the pattern was composed from: its groups and their relations. */
  public readonly plan: PatternPlan;

  constructor(scope: Construct, id: string, props: CocoPatternProps) {
    super(scope, id);
    const { config } = props;
    this.plan = planPattern(config);
    const trustees = new Map<string, Trustee>();
    const clusterGroups = new Map<string, ClusterGroup>();

    // 1. Platform and Trustee of every group: a group's workloads may attest to another group's Trustee.
    for (const plan of this.plan.groups) {
      const cg = new ClusterGroup(this, plan.name, {
        source: { repoURL: config.gitops.repoURL, targetRevision: config.gitops.targetRevision, path: config.gitops.path },
        argoNamespace: config.gitops.namespace,
      });
      clusterGroups.set(plan.name, cg);
      addPlatform(cg, plan.config, plan.spokeOf?.vaultServer);
      const trustee = addTrustee(cg, plan.config, plan.attestedPlatforms);
      if (trustee) trustees.set(plan.name, trustee);
    }
    // 2. Sandbox and workloads, attesting to the Trustee the plan names; then the user's extensions.
    const hubPeerPods = new Map<string, SpokeOfHub['peerPods']>();
    for (const plan of this.plan.groups) {
      const cg = clusterGroups.get(plan.name)!;
      const target = plan.attestsTo?.kind === 'trustee' ? trustees.get(plan.attestsTo.group) : undefined;
      const sandbox = addSandbox(cg, plan.config, target);
      const runtime = sandbox?.runtime;
      if (sandbox?.hubPeerPods) hubPeerPods.set(plan.name, sandbox.hubPeerPods);
      addWorkloads(cg, plan.config, runtime);
      const group: PatternGroup = { name: plan.name, config: plan.config, clusterGroup: cg, trustee: trustees.get(plan.name), runtime, plan };
      props.extend?.(group);
      this.groups.push(group);
    }
    // 3. Bootstraps last (each derives from everything its group renders), in the plan's order: spokes
    //    first, since a hub's fleet policies carry their bootstraps' seeds.
    const seeds = new Map<string, Bootstrap['seed']>();
    const plans = new Map(this.plan.groups.map(g => [g.name, g]));
    for (const name of this.plan.bootstrapOrder) {
      const cg = clusterGroups.get(name)!;
      addFleet(cg, plans.get(name)!.spokes.map(spoke => ({
        name: spoke,
        clusterSelector: plans.get(spoke)!.spokeOf!.clusterSelector,
        seed: seeds.get(spoke)!,
        peerPods: hubPeerPods.get(spoke),
        secrets: spokeSecretsOf(plans.get(spoke)!, clusterGroups.get(spoke)!),
      })));
      const bootstrap = new Bootstrap(cg, 'bootstrap', {
        rootName: `${config.name}-${name}`,
        controllerServiceAccount: config.gitops.controllerServiceAccount,
      });
      seeds.set(name, bootstrap.seed);
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
