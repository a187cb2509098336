/**
 * Settings every cloud's `peer-pods-cm` carries, their validation and their rendering.
 * Key names and formats follow the cloud-api-adaptor (CAA) environment variables
 * (Helm chart `providers/<cloud>.yaml`), which OSC injects into the CAA daemonset with `envFrom`.
 */
import { Problem, quote } from '../../errors';
import { fieldPath, ProblemList, settingsObjectProblems } from './problems';
import { TagRules, tagsProblems, renderTags } from './tags';

/** Settings shared by every cloud. */
export interface PeerPodsCommon {
  /**
   * Cluster-wide default initdata (`INITDATA`), already encoded (base64, gzip'ed or not) by the
   * initdata module. A pod's `cc_init_data` annotation (its name depends on the OSC release, see ../osc-versions.ts) overrides it.
   */
  readonly initdata: string;
  /**
   * Run pod VMs as confidential VMs. `false` renders `DISABLECVM: "true"` (plain VMs, no attestation).
   * @default true
   */
  readonly confidential?: boolean;
  /**
   * UDP port of the VXLAN tunnel between the worker node and the pod VM (`VXLAN_PORT`).
   * @default 9000
   */
  readonly vxlanPort?: number;
  /**
   * How long CAA waits for the agent in a new pod VM (`PROXY_TIMEOUT`, a Go duration such as "5m").
   * @default "5m"
   */
  readonly proxyTimeout?: string;
  /**
   * Peer pods per worker node (`PEERPODS_LIMIT_PER_NODE`, an extended resource on each node).
   * @default - not rendered: CAA's default (10)
   */
  readonly peerPodsLimitPerNode?: number;
  /**
   * Root disk size of a pod VM in GiB (`ROOT_VOLUME_SIZE`); 0 keeps the image's size.
   * @default - not rendered: CAA's default (Azure 0, AWS 30)
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * Tags put on every pod VM (`TAGS`, rendered `key1=value1,key2=value2` in the order given).
   * @default - not rendered: no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What one cloud's CAA provider adds to, or does not read of, the settings every cloud shares. */
export interface PeerPodsRules {
  /**
   * The cloud's limits on tags.
   * @default - the `TAGS` format only
   */
  readonly tags?: TagRules;
  /**
   * Why `rootVolumeSizeGiB` is refused, when the cloud's CAA provider does not read `ROOT_VOLUME_SIZE`.
   * @default - it is read
   */
  readonly rootVolumeSizeUnread?: string;
}

/** `VXLAN_PORT` when not set: the value in the OSC documentation and the reference pattern. */
export const DEFAULT_VXLAN_PORT = 9000;
/** `PROXY_TIMEOUT` when not set. */
export const DEFAULT_PROXY_TIMEOUT = '5m';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/** Problem with an encoded initdata blob, or undefined. */
export function initdataProblem(value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || !BASE64.test(value)) {
    return `must be the encoded initdata (non-empty standard base64, as the initdata module renders it), got ${quote(value)}`;
  }
  return undefined;
}

/** Problem with a UDP/TCP port number, or undefined. */
export function portProblem(value: number): string | undefined {
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? undefined : `must be a port number from 1 to 65535, got ${quote(value)}`;
}

/** Problem with a Go duration (`time.ParseDuration` syntax, greater than zero), or undefined. */
export function goDurationProblem(value: string): string | undefined {
  if (typeof value !== 'string' || !GO_DURATION.test(value) || !/[1-9]/.test(value)) {
    return `must be a positive Go duration such as "5m", "90s" or "1m30s", got ${quote(value)}`;
  }
  return undefined;
}

/** Problem with a whole number of at least `min`, or undefined. */
export function integerProblem(value: number, min: number): string | undefined {
  return Number.isSafeInteger(value) && value >= min ? undefined : `must be a whole number of at least ${min}, got ${quote(value)}`;
}

/**
 * Problems with the common settings. `path` is the prefix of every problem's path (the peer-pods
 * settings object); `rules` adds the cloud's own (its tag limits, settings its CAA provider does not read).
 */
export function peerPodsCommonProblems(common: PeerPodsCommon, path: string, rules: PeerPodsRules = {}): Problem[] {
  const notObject = settingsObjectProblems(common, path);
  if (notObject) {
    return notObject;
  }
  const list = new ProblemList(path);
  list.checkRequired('initdata', common.initdata, initdataProblem);
  list.check('confidential', common.confidential, v => (typeof v === 'boolean' ? undefined : `must be true or false, got ${quote(v)}`));
  list.check('vxlanPort', common.vxlanPort, portProblem);
  list.check('proxyTimeout', common.proxyTimeout, goDurationProblem);
  list.check('peerPodsLimitPerNode', common.peerPodsLimitPerNode, v => integerProblem(v, 1));
  list.check('rootVolumeSizeGiB', common.rootVolumeSizeGiB, v => (rules.rootVolumeSizeUnread !== undefined
    ? `${rules.rootVolumeSizeUnread}, got ${quote(v)}`
    : integerProblem(v, 0)));
  if (common.tags !== undefined) {
    list.addAll(tagsProblems(common.tags, fieldPath(path, 'tags'), rules.tags));
  }
  return list.problems;
}

/** `"true"`/`"false"` for a ConfigMap value. */
export function flag(value: boolean): string {
  return value ? 'true' : 'false';
}

/**
 * Assembles `peer-pods-cm` data in the reference pattern's key order: `CLOUD_PROVIDER`, `VXLAN_PORT`,
 * the cloud's own keys, `DISABLECVM`, `PROXY_TIMEOUT`, `INITDATA`, then the optional common keys that are set.
 */
export function assemblePeerPodsData(cloud: string, cloudData: Readonly<Record<string, string>>, common: PeerPodsCommon): Record<string, string> {
  const data: Record<string, string> = {
    CLOUD_PROVIDER: cloud,
    VXLAN_PORT: String(common.vxlanPort ?? DEFAULT_VXLAN_PORT),
    ...cloudData,
    DISABLECVM: flag(!(common.confidential ?? true)),
    PROXY_TIMEOUT: common.proxyTimeout ?? DEFAULT_PROXY_TIMEOUT,
    INITDATA: common.initdata,
  };
  if (common.peerPodsLimitPerNode !== undefined) {
    data.PEERPODS_LIMIT_PER_NODE = String(common.peerPodsLimitPerNode);
  }
  if (common.rootVolumeSizeGiB !== undefined) {
    data.ROOT_VOLUME_SIZE = String(common.rootVolumeSizeGiB);
  }
  if (common.tags !== undefined && Object.keys(common.tags).length > 0) {
    data.TAGS = renderTags(common.tags);
  }
  return data;
}
