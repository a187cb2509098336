import { InputError } from '../../../lib/errors';
import { LIBVIRT_LAUNCH_SECURITY_TYPES, libvirtData, libvirtNameProblem, libvirtProblems, LibvirtSettings, libvirtUriProblem } from '../../../lib/sandbox/peer-pods';

const URI = 'qemu+ssh://root@192.168.122.1/system?no_verify=1';
const path = 'clusterGroups.simple.sandbox.peerPods.libvirt';

describe('libvirtData', () => {
  test('renders the URI and the default network, pool and volume', () => {
    // WHEN
    const data = libvirtData({ uri: URI }, { initdata: 'aW5pdGRhdGE=' });
    // THEN
    expect(data).toStrictEqual({
      CLOUD_PROVIDER: 'libvirt',
      VXLAN_PORT: '9000',
      LIBVIRT_URI: URI,
      LIBVIRT_NET: 'default',
      LIBVIRT_POOL: 'default',
      LIBVIRT_VOL_NAME: 'podvm-base.qcow2',
      DISABLECVM: 'false',
      PROXY_TIMEOUT: '5m',
      INITDATA: 'aW5pdGRhdGE=',
    });
  });

  test('renders every optional setting', () => {
    const data = libvirtData(
      { uri: 'qemu+tls://kvm.example.com/system', network: 'peerpods', pool: 'images', volumeName: 'podvm-s390x.qcow2', cpu: 4, memoryMiB: 16384, rootDiskSizeGiB: 20, launchSecurity: 's390-pv' },
      { initdata: 'aW5pdGRhdGE=', peerPodsLimitPerNode: 4 },
    );
    expect(data).toMatchObject({
      LIBVIRT_URI: 'qemu+tls://kvm.example.com/system',
      LIBVIRT_NET: 'peerpods',
      LIBVIRT_POOL: 'images',
      LIBVIRT_VOL_NAME: 'podvm-s390x.qcow2',
      LIBVIRT_CPU: '4',
      LIBVIRT_MEMORY: '16384',
      LIBVIRT_ROOT_DISK_SIZE: '20',
      LIBVIRT_LAUNCH_SECURITY: 's390-pv',
      PEERPODS_LIMIT_PER_NODE: '4',
    });
  });

  test('fails on tags and ROOT_VOLUME_SIZE, which CAA\'s libvirt provider does not read', () => {
    expect(() => libvirtData({ uri: URI }, { initdata: 'aW5pdGRhdGE=', tags: { a: 'b' }, rootVolumeSizeGiB: 10 })).toThrow(InputError);
    expect(() => libvirtData({ uri: URI }, { initdata: 'aW5pdGRhdGE=', tags: { a: 'b' }, rootVolumeSizeGiB: 10 })).toThrow(
      /^rootVolumeSizeGiB: is not read by CAA's libvirt provider .*\ntags: is not supported on libvirt/);
  });
});

describe('libvirtProblems', () => {
  test('accepts valid settings', () => {
    expect(libvirtProblems({ uri: URI }, path)).toEqual([]);
  });

  test('fails on settings that are not a map', () => {
    expect(libvirtProblems(undefined as unknown as LibvirtSettings, path)).toEqual([{ path, message: 'must be a map of settings, got nothing' }]);
  });

  test('requires the URI', () => {
    expect(libvirtProblems({} as LibvirtSettings, path).map(p => p.path)).toEqual([`${path}.uri`]);
  });

  test.each([
    ['a zero CPU count', { cpu: 0 }, 'cpu', 'must be a whole number of at least 1, got 0'],
    ['too little memory', { memoryMiB: 256 }, 'memoryMiB', 'must be a whole number of at least 512, got 256'],
    ['a fractional disk size', { rootDiskSizeGiB: 1.5 }, 'rootDiskSizeGiB', 'must be a whole number of at least 1, got 1.5'],
    ['an unknown launch security', { launchSecurity: 'sev' }, 'launchSecurity', 'must be "s390-pv" or not set (CAA then detects it from the host), got "sev"'],
    ['a network name with a slash', { network: 'a/b' }, 'network', 'must be a libvirt object name (non-empty, without "/", not starting with a space), got "a/b"'],
    ['an empty pool', { pool: '' }, 'pool', 'must be a libvirt object name (non-empty, without "/", not starting with a space), got ""'],
    ['a volume path', { volumeName: '/var/lib/libvirt/images/podvm.qcow2' }, 'volumeName', 'must be a libvirt object name (non-empty, without "/", not starting with a space), got "/var/lib/libvirt/images/podvm.qcow2"'],
  ])('fails on %s', (_, bad, field, message) => {
    expect(libvirtProblems({ uri: URI, ...bad } as unknown as LibvirtSettings, path)).toEqual([{ path: `${path}.${field}`, message }]);
  });

  test('knows only the launch security CAA accepts', () => {
    expect(LIBVIRT_LAUNCH_SECURITY_TYPES).toEqual(['s390-pv']);
  });
});

describe('libvirtUriProblem', () => {
  test.each([URI, 'qemu+tls://kvm.example.com/system', 'qemu+tcp://10.0.0.1:16509/system', 'qemu+libssh2://user@host/session', 'qemu+ssh://[fd00::1]/system'])(
    'accepts %s', uri => {
      expect(libvirtUriProblem(uri)).toBeUndefined();
    });

  test.each([
    ['a local URI', 'qemu:///system'],
    ['another driver', 'xen+ssh://host/system'],
    ['no host', 'qemu+ssh:///system'],
    ['no path', 'qemu+ssh://root@host'],
    ['another path', 'qemu+ssh://root@host/var/run'],
    ['not a URI', 'root@192.168.122.1'],
    ['a space', 'qemu+ssh://root@host/system?x= y'],
  ])('fails on %s', (_, uri) => {
    expect(libvirtUriProblem(uri)).toBe(
      'must be a remote libvirt QEMU URI (qemu+ssh://, qemu+libssh://, qemu+libssh2://, qemu+tls://, qemu+tcp://) with a host and "/system", ' +
      `e.g. "qemu+ssh://root@192.168.122.1/system?no_verify=1", got ${JSON.stringify(uri)}`);
  });

  test('names are any text without "/"', () => {
    expect(libvirtNameProblem('default')).toBeUndefined();
    expect(libvirtNameProblem(' x')).toMatch(/^must be a libvirt object name/);
  });
});
