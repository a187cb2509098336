/**
 * Outbound internet access for peer-pod VMs on Azure: a NAT gateway on the worker subnet, which the pod
 * VMs share. The reference pattern creates it with an Ansible playbook run every 10 minutes; here an
 * idempotent in-cluster Job does the same as an Argo CD Sync hook.
 */
import * as k8s from '../../../imports/k8s';
import { Construct } from 'constructs';
import { Problem, quote, throwIfProblems } from '../../errors';
import { Waves } from '../../gitops/argo';
import { scriptJob } from '../../gitops/script-job';
import { dnsLabelProblem } from '../../naming/dns';
import { AZURE_NAT_GATEWAY_SCRIPT } from './script';

/** Namespace of the cluster's Azure cloud provider configuration and credentials. */
export const CLOUD_CONTROLLER_NAMESPACE = 'openshift-cloud-controller-manager';
/** ConfigMap with the cluster's Azure settings (JSON under {@link CLOUD_CONF_KEY}). */
export const CLOUD_CONF_CONFIGMAP = 'cloud-conf';
/** Key of cloud.conf in {@link CLOUD_CONF_CONFIGMAP}. */
export const CLOUD_CONF_KEY = 'cloud.conf';
/** Secret with the cluster's Azure service principal (`azure_client_id`, `azure_client_secret`, `azure_tenant_id`). */
export const AZURE_CREDENTIALS_SECRET = 'azure-cloud-credentials';

/**
 * Azure CLI image the Job runs by default. Pinned by tag; a digest
 * (`mcr.microsoft.com/azure-cli@sha256:...`) is better, since tags can be moved.
 */
export const DEFAULT_AZURE_CLI_IMAGE = 'mcr.microsoft.com/azure-cli:2.67.0';

/** Properties of {@link AzureNatGateway}. */
export interface AzureNatGatewayProps {
  /**
   * Namespace of the Job and its ServiceAccount.
   * @default "openshift-sandboxed-containers-operator"
   */
  readonly namespace?: string;
  /**
   * Name of the Job, its ServiceAccount, and the Role and RoleBinding in `openshift-cloud-controller-manager`.
   * @default "azure-nat-gateway"
   */
  readonly name?: string;
  /**
   * Prefix of the Azure resources: public IP `<prefix>-pip`, NAT gateway `<prefix>-nat-gateway`.
   * @default "coco"
   */
  readonly resourcePrefix?: string;
  /**
   * Idle timeout of the NAT gateway's TCP connections, in minutes (Azure allows 4 to 120).
   * @default 10
   */
  readonly idleTimeoutMinutes?: number;
  /**
   * Azure CLI image (it must provide bash and python3, as the official image does). Pin it by tag or,
   * better, by digest.
   * @default "mcr.microsoft.com/azure-cli:2.67.0"
   */
  readonly image?: string;
}

const RESOURCE_PREFIX = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,67}$/;
const IMAGE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(@sha256:[0-9a-f]{64})?$/;

/**
 * An Argo CD Sync hook Job that makes sure the worker subnet of an Azure cluster has a NAT gateway:
 * it creates (if missing) a standard static public IP `<prefix>-pip` and a NAT gateway
 * `<prefix>-nat-gateway` in the virtual network's resource group, and attaches the NAT gateway to the
 * worker subnet. A re-run changes nothing; a subnet that already has another NAT gateway is left alone.
 *
 * The Job reads `openshift-cloud-controller-manager/cloud-conf` (key `cloud.conf`: subscriptionId,
 * location, vnetResourceGroup, vnetName, subnetName, cloud) and the cluster's credentials Secret
 * `azure-cloud-credentials` (azure_client_id, azure_client_secret, azure_tenant_id) through the API with
 * its own service account token, which a Role may `get` for exactly those two objects. It uses python3
 * from the Azure CLI image for that, so one image does the whole job and no credential is written to a
 * volume (an init container with an `oc` image would need a second image and a shared volume).
 * Clusters whose credentials Secret has no client secret (Azure workload identity) are not supported.
 *
 * Argo CD deletes the previous Job before each sync (`BeforeHookCreation`) and runs it again, in wave
 * {@link Waves.OPERAND}, after the RBAC objects (wave {@link Waves.CONFIG}) and before KataConfig.
 * The Argo CD project must allow the `openshift-cloud-controller-manager` namespace for the Role.
 */
export class AzureNatGateway extends Construct {
  /** The Job (the default child). */
  public readonly job: k8s.KubeJob;
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Role in `openshift-cloud-controller-manager`: `get` on cloud-conf and azure-cloud-credentials only. */
  public readonly role: k8s.KubeRole;
  public readonly roleBinding: k8s.KubeRoleBinding;
  /** Name of the public IP the Job creates. */
  public readonly publicIpName: string;
  /** Name of the NAT gateway the Job creates. */
  public readonly natGatewayName: string;

  constructor(scope: Construct, id: string, props: AzureNatGatewayProps = {}) {
    super(scope, id);
    validate(props);
    const namespace = props.namespace ?? 'openshift-sandboxed-containers-operator';
    const name = props.name ?? 'azure-nat-gateway';
    const prefix = props.resourcePrefix ?? 'coco';
    this.publicIpName = `${prefix}-pip`;
    this.natGatewayName = `${prefix}-nat-gateway`;

    ({ job: this.job, serviceAccount: this.serviceAccount, role: this.role, roleBinding: this.roleBinding } = scriptJob(this, {
      name,
      namespace,
      roleNamespace: CLOUD_CONTROLLER_NAMESPACE,
      rules: [
        { apiGroups: [''], resources: ['configmaps'], resourceNames: [CLOUD_CONF_CONFIGMAP], verbs: ['get'] },
        { apiGroups: [''], resources: ['secrets'], resourceNames: [AZURE_CREDENTIALS_SECRET], verbs: ['get'] },
      ],
      container: 'configure',
      image: props.image ?? DEFAULT_AZURE_CLI_IMAGE,
      script: AZURE_NAT_GATEWAY_SCRIPT,
      env: [
        { name: 'CLOUD_CONF_NAMESPACE', value: CLOUD_CONTROLLER_NAMESPACE },
        { name: 'CLOUD_CONF_CONFIGMAP', value: CLOUD_CONF_CONFIGMAP },
        { name: 'CLOUD_CONF_KEY', value: CLOUD_CONF_KEY },
        { name: 'CREDENTIALS_SECRET', value: AZURE_CREDENTIALS_SECRET },
        { name: 'PUBLIC_IP_NAME', value: this.publicIpName },
        { name: 'NAT_GATEWAY_NAME', value: this.natGatewayName },
        { name: 'IDLE_TIMEOUT_MINUTES', value: String(props.idleTimeoutMinutes ?? 10) },
        // The image's user has no writable home under a random OpenShift UID.
        { name: 'HOME', value: '/tmp' },
        { name: 'AZURE_CONFIG_DIR', value: '/tmp/.azure' },
        { name: 'AZURE_CORE_COLLECT_TELEMETRY', value: 'false' },
        { name: 'PYTHONDONTWRITEBYTECODE', value: '1' },
      ],
      requests: { cpu: '100m', memory: '256Mi' },
      limits: { cpu: '1', memory: '512Mi' },
      tmpSizeLimit: '128Mi',
      deletePolicy: 'BeforeHookCreation',
      backoffLimit: 3,
      activeDeadlineSeconds: 900,
      waves: { rbac: Waves.CONFIG, job: Waves.OPERAND },
    }));
  }
}

function validate(props: AzureNatGatewayProps): void {
  const problems: Problem[] = [];
  const add = (prop: string, message: string) => problems.push({ path: `AzureNatGateway ${prop}`, message });
  const checkName = (prop: 'namespace' | 'name', value: string | undefined) => {
    const problem = value === undefined ? undefined : dnsLabelProblem(value);
    if (problem) {
      add(prop, problem);
    }
  };
  checkName('namespace', props.namespace);
  checkName('name', props.name);
  if (props.resourcePrefix !== undefined && (typeof props.resourcePrefix !== 'string' || !RESOURCE_PREFIX.test(props.resourcePrefix))) {
    add('resourcePrefix', 'must start with a letter or digit and hold only letters, digits, "_", "." or "-", at most 68 characters ' +
      `(so that "<prefix>-nat-gateway" is a valid Azure name), got ${quote(props.resourcePrefix)}`);
  }
  const idle = props.idleTimeoutMinutes;
  if (idle !== undefined && !(Number.isInteger(idle) && idle >= 4 && idle <= 120)) {
    add('idleTimeoutMinutes', `must be a whole number of minutes from 4 to 120 (the Azure NAT gateway range), got ${quote(idle)}`);
  }
  if (props.image !== undefined) {
    const m = typeof props.image === 'string' ? IMAGE.exec(props.image) : null;
    if (!m || (m[1] === undefined && m[2] === undefined) || (m[1] === 'latest' && m[2] === undefined)) {
      add('image', `must be an image reference pinned by tag (not "latest") or digest, e.g. "${DEFAULT_AZURE_CLI_IMAGE}" ` +
        `or "mcr.microsoft.com/azure-cli@sha256:<64 hex digits>", got ${quote(props.image)}`);
    }
  }
  throwIfProblems(problems);
}
