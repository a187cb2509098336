/**
 * Approves the InstallPlan of exactly one ClusterServiceVersion: what makes `installPlanApproval: Manual`
 * + `startingCSV` a pin that still installs by itself under Argo CD.
 */
import * as k8s from '../../imports/k8s';
import { Construct } from 'constructs';
import { Problem, quote, throwIfProblems } from '../errors';
import { Waves } from '../gitops/argo';
import { scriptJob } from '../gitops/script-job';
import { dnsLabelProblem, dnsSubdomainProblem } from '../naming/dns';
import { pinnedImageProblem } from '../workloads/image';
import { DEFAULT_OC_IMAGE, INSTALL_PLAN_APPROVER_SCRIPT } from './installplan-approver-script';

/** Argo CD hook annotations (https://argo-cd.readthedocs.io/en/stable/user-guide/resource_hooks/). */

/** What an {@link OperatorInstall} passes on to its approver; every field has a default. */
export interface InstallPlanApproverOptions {
  /**
   * Name of the Job, its ServiceAccount, Role and RoleBinding.
   * @default "<subscription>-approver"
   */
  readonly name?: string;
  /**
   * oc CLI image (bash, oc and coreutils). Pin it by tag or, better, by digest.
   * @default "registry.redhat.io/openshift4/ose-cli-rhel9:v4.18"
   */
  readonly image?: string;
  /**
   * How long the Job waits for the pinned CSV before it fails, in seconds.
   * @default 900
   */
  readonly timeoutSeconds?: number;
  /**
   * What a user changes to move to another CSV; ends the line logged for an InstallPlan that offers one.
   * @default "change the pinned startingCSV"
   */
  readonly upgradeHint?: string;
}

/** Properties of {@link InstallPlanApprover}. */
export interface InstallPlanApproverProps extends InstallPlanApproverOptions {
  /** Namespace of the operator (its Subscription and InstallPlans); the Job and its RBAC live there too. */
  readonly namespace: string;
  /** Name of the Subscription (read for the installed CSV when the Job times out). */
  readonly subscriptionName: string;
  /** The pinned ClusterServiceVersion, e.g. "trustee-operator.v1.1.0". */
  readonly csv: string;
  /**
   * Sync wave of the Subscription: the Job runs in it as a Sync hook, its RBAC one wave before.
   * @default -10 (Waves.OPERATOR)
   */
  readonly syncWave?: number;
}

/** How often the Job looks at the InstallPlans, in seconds. */
const INTERVAL_SECONDS = 10;
const DEFAULT_TIMEOUT_SECONDS = 900;

/**
 * An Argo CD Sync hook Job, in the Subscription's own sync wave, that approves the InstallPlan of the
 * pinned CSV and nothing else, then waits for that CSV to succeed:
 *
 * - With `installPlanApproval: Manual` OLM waits for approval of every InstallPlan, the first install
 *   included; Argo CD's health check reports such a Subscription as Progressing, so a hook in a later
 *   wave would never run. In the same wave, as a `Sync` hook, it runs with the Subscription.
 * - An InstallPlan for another CSV (an upgrade OLM found in the channel) stays pending by design: the
 *   Job logs it once with the setting to change, and fails with that line if the pinned CSV never
 *   comes. After a deliberate change of the pinned version, the next sync's Job approves the upgrade.
 * - Argo CD deletes the previous Job before each sync and a successful one right away
 *   (`BeforeHookCreation,HookSucceeded`); a failed Job stays until the next sync for `oc logs`.
 *
 * RBAC: a Role in the operator's namespace only, with get/list/watch/patch on InstallPlans, get/list
 * on ClusterServiceVersions and get on the one Subscription; its objects come one wave before the Job
 * (the operator's Namespace too, see {@link Waves.OPERATOR_SETUP}).
 */
export class InstallPlanApprover extends Construct {
  /** The Job (the default child). */
  public readonly job: k8s.KubeJob;
  public readonly serviceAccount: k8s.KubeServiceAccount;
  public readonly role: k8s.KubeRole;
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** The CSV it approves. */
  public readonly csv: string;
  /** The image the Job runs. */
  public readonly image: string;

  constructor(scope: Construct, id: string, props: InstallPlanApproverProps) {
    super(scope, id);
    const name = props.name ?? `${props.subscriptionName}-approver`;
    validate(props, name);
    const namespace = props.namespace;
    const wave = props.syncWave ?? Waves.OPERATOR;
    this.csv = props.csv;
    this.image = props.image ?? DEFAULT_OC_IMAGE;

    const timeout = props.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    ({ job: this.job, serviceAccount: this.serviceAccount, role: this.role, roleBinding: this.roleBinding } = scriptJob(this, {
      name,
      namespace,
      roleNamespace: namespace,
      rules: [
        { apiGroups: ['operators.coreos.com'], resources: ['installplans'], verbs: ['get', 'list', 'watch', 'patch'] },
        { apiGroups: ['operators.coreos.com'], resources: ['clusterserviceversions'], verbs: ['get', 'list'] },
        { apiGroups: ['operators.coreos.com'], resources: ['subscriptions'], resourceNames: [props.subscriptionName], verbs: ['get'] },
      ],
      container: 'approve',
      image: this.image,
      script: INSTALL_PLAN_APPROVER_SCRIPT,
      env: [
        { name: 'NAMESPACE', value: namespace },
        { name: 'SUBSCRIPTION', value: props.subscriptionName },
        { name: 'CSV', value: props.csv },
        { name: 'TIMEOUT_SECONDS', value: String(timeout) },
        { name: 'INTERVAL_SECONDS', value: String(INTERVAL_SECONDS) },
        { name: 'UPGRADE_HINT', value: props.upgradeHint ?? 'change the pinned startingCSV' },
        // oc keeps a discovery cache under $HOME; the image's user has no writable home under a random UID.
        { name: 'HOME', value: '/tmp' },
      ],
      requests: { cpu: '10m', memory: '64Mi' },
      limits: { cpu: '200m', memory: '256Mi' },
      tmpSizeLimit: '64Mi',
      deletePolicy: 'BeforeHookCreation,HookSucceeded',
      backoffLimit: 1,
      // The script stops itself at the timeout; the deadline only catches a hung oc.
      activeDeadlineSeconds: timeout + 120,
      waves: { rbac: wave - 1, job: wave },
    }));
  }
}

function validate(props: InstallPlanApproverProps, name: string): void {
  const problems: Problem[] = [];
  const add = (prop: string, message: string) => problems.push({ path: `InstallPlanApprover ${prop}`, message });
  const check = (prop: string, value: string | undefined, rule: (v: string) => string | undefined) => {
    const problem = value === undefined ? undefined : rule(value);
    if (problem) add(prop, problem);
  };
  check('namespace', props.namespace, dnsLabelProblem);
  check('subscriptionName', props.subscriptionName, dnsSubdomainProblem);
  check('csv', props.csv, dnsSubdomainProblem);
  const nameProblem = dnsLabelProblem(name);
  if (nameProblem) {
    add('name', props.name === undefined ? `${nameProblem} (the default "<subscription>-approver" is too long or not a label: set the name)` : nameProblem);
  }
  check('image', props.image, v => pinnedImageProblem(v, DEFAULT_OC_IMAGE));
  const t = props.timeoutSeconds;
  if (t !== undefined && !(Number.isInteger(t) && t >= 60 && t <= 86_400)) {
    add('timeoutSeconds', `must be a whole number of seconds from 60 to 86400, got ${quote(t)}`);
  }
  if (props.upgradeHint !== undefined && (props.upgradeHint.trim() === '' || /[\n\r]/.test(props.upgradeHint))) {
    add('upgradeHint', `must be one non-empty line, got ${quote(props.upgradeHint)}`);
  }
  if (props.syncWave !== undefined && !Number.isInteger(props.syncWave)) {
    add('syncWave', `must be a whole number, got ${quote(props.syncWave)}`);
  }
  throwIfProblems(problems);
}
