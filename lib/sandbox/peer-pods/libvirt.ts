/**
 * `peer-pods-cm` for libvirt (keys of CAA's `providers/libvirt.yaml`): pod VMs on a KVM host the
 * cluster reaches over the network, e.g. IBM Z with Secure Execution.
 */
import { Problem, quote, throwIfProblems } from '../../errors';
import { assemblePeerPodsData, integerProblem, PeerPodsCommon, peerPodsCommonProblems, PeerPodsRules } from './common';
import { ProblemList, settingsObjectProblems } from './problems';

/** libvirt settings. */
export interface LibvirtSettings {
  /**
   * Connection URI of the libvirt daemon (`LIBVIRT_URI`), remote and system-wide, e.g.
   * "qemu+ssh://root@192.168.122.1/system?no_verify=1". The SSH key comes from `ssh-key-secret`.
   */
  readonly uri: string;
  /**
   * libvirt network of the pod VMs (`LIBVIRT_NET`).
   * @default "default"
   */
  readonly network?: string;
  /**
   * libvirt storage pool of the pod VM volumes (`LIBVIRT_POOL`).
   * @default "default"
   */
  readonly pool?: string;
  /**
   * Base volume the pod VM disks are cloned from (`LIBVIRT_VOL_NAME`).
   * @default "podvm-base.qcow2"
   */
  readonly volumeName?: string;
  /**
   * vCPUs of a pod VM (`LIBVIRT_CPU`).
   * @default - not rendered: CAA's default (2)
   */
  readonly cpu?: number;
  /**
   * Memory of a pod VM in MiB (`LIBVIRT_MEMORY`).
   * @default - not rendered: CAA's default (8192)
   */
  readonly memoryMiB?: number;
  /**
   * Root disk size of a pod VM in GiB (`LIBVIRT_ROOT_DISK_SIZE`).
   * @default - not rendered: the base volume's size
   */
  readonly rootDiskSizeGiB?: number;
  /**
   * Launch security of confidential pod VMs (`LIBVIRT_LAUNCH_SECURITY`). CAA knows only "s390-pv"
   * (IBM Secure Execution) and detects the type from the host when it is not set.
   * @default - not rendered: detected from the host
   */
  readonly launchSecurity?: 's390-pv';
}

/**
 * libvirt's rules for the common settings: CAA's libvirt provider reads neither `TAGS` nor
 * `ROOT_VOLUME_SIZE` (cloud-api-adaptor `providers/libvirt.yaml`).
 */
export const LIBVIRT_RULES: PeerPodsRules = {
  tags: { unsupported: 'is not supported on libvirt (CAA\'s libvirt provider has no TAGS setting)' },
  rootVolumeSizeUnread: 'is not read by CAA\'s libvirt provider (set the libvirt rootDiskSizeGiB instead)',
};

/**
 * `peer-pods-cm` keys the OSC operator writes itself on libvirt: none known (OSC keeps its libvirt image
 * parameters in `libvirt-podvm-image-cm`).
 */
export const LIBVIRT_OPERATOR_WRITTEN_KEYS: readonly string[] = [];

/** libvirt launch security values CAA accepts. */
export const LIBVIRT_LAUNCH_SECURITY_TYPES: readonly string[] = ['s390-pv'];

const DRIVER_TRANSPORTS = ['qemu+ssh', 'qemu+libssh', 'qemu+libssh2', 'qemu+tls', 'qemu+tcp'];
const LIBVIRT_OBJECT_NAME = /^[^/\s][^/]*$/;

/**
 * Problem with a libvirt connection URI, or undefined: a remote QEMU driver URI
 * (`qemu+ssh`, `qemu+libssh`, `qemu+libssh2`, `qemu+tls` or `qemu+tcp`) with a host and the
 * `/system` (or `/session`) path.
 */
export function libvirtUriProblem(value: string): string | undefined {
  const expected = `must be a remote libvirt QEMU URI (${DRIVER_TRANSPORTS.map(s => `${s}://`).join(', ')}) with a host and "/system", ` +
    'e.g. "qemu+ssh://root@192.168.122.1/system?no_verify=1"';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${expected}, got ${quote(value)}`;
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!DRIVER_TRANSPORTS.includes(scheme) || url.hostname === '' || !['/system', '/session'].includes(url.pathname) || /\s/.test(value)) {
    return `${expected}, got ${quote(value)}`;
  }
  return undefined;
}

/** Problem with a libvirt network, pool or volume name, or undefined. */
export function libvirtNameProblem(value: string): string | undefined {
  return typeof value === 'string' && LIBVIRT_OBJECT_NAME.test(value)
    ? undefined
    : `must be a libvirt object name (non-empty, without "/", not starting with a space), got ${quote(value)}`;
}

/** Problems with libvirt settings. */
export function libvirtProblems(settings: LibvirtSettings, path: string): Problem[] {
  const notObject = settingsObjectProblems(settings, path);
  if (notObject) {
    return notObject;
  }
  const list = new ProblemList(path);
  list.checkRequired('uri', settings.uri, libvirtUriProblem);
  list.check('network', settings.network, libvirtNameProblem);
  list.check('pool', settings.pool, libvirtNameProblem);
  list.check('volumeName', settings.volumeName, libvirtNameProblem);
  list.check('cpu', settings.cpu, v => integerProblem(v, 1));
  list.check('memoryMiB', settings.memoryMiB, v => integerProblem(v, 512));
  list.check('rootDiskSizeGiB', settings.rootDiskSizeGiB, v => integerProblem(v, 1));
  list.check('launchSecurity', settings.launchSecurity, v => (LIBVIRT_LAUNCH_SECURITY_TYPES.includes(v)
    ? undefined
    : `must be ${LIBVIRT_LAUNCH_SECURITY_TYPES.map(t => `"${t}"`).join(' or ')} or not set (CAA then detects it from the host), got ${quote(v)}`));
  return list.problems;
}

/**
 * `peer-pods-cm` data for libvirt. Validate first with {@link libvirtProblems} and
 * {@link peerPodsCommonProblems} to get problems with full paths; this function throws an InputError
 * (paths relative to the settings) for anything they would report.
 */
export function libvirtData(settings: LibvirtSettings, common: PeerPodsCommon): Record<string, string> {
  throwIfProblems([...peerPodsCommonProblems(common, '', LIBVIRT_RULES), ...libvirtProblems(settings, '')]);
  const cloudData: Record<string, string> = {
    LIBVIRT_URI: settings.uri,
    LIBVIRT_NET: settings.network ?? 'default',
    LIBVIRT_POOL: settings.pool ?? 'default',
    LIBVIRT_VOL_NAME: settings.volumeName ?? 'podvm-base.qcow2',
  };
  if (settings.cpu !== undefined) {
    cloudData.LIBVIRT_CPU = String(settings.cpu);
  }
  if (settings.memoryMiB !== undefined) {
    cloudData.LIBVIRT_MEMORY = String(settings.memoryMiB);
  }
  if (settings.rootDiskSizeGiB !== undefined) {
    cloudData.LIBVIRT_ROOT_DISK_SIZE = String(settings.rootDiskSizeGiB);
  }
  if (settings.launchSecurity !== undefined) {
    cloudData.LIBVIRT_LAUNCH_SECURITY = settings.launchSecurity;
  }
  return assemblePeerPodsData('libvirt', cloudData, common);
}
