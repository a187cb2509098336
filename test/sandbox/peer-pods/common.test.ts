import {
  AWS_OPERATOR_WRITTEN_KEYS,
  AWS_RULES,
  AZURE_OPERATOR_WRITTEN_KEYS,
  AZURE_RULES,
  DEFAULT_PROXY_TIMEOUT,
  DEFAULT_VXLAN_PORT,
  LIBVIRT_OPERATOR_WRITTEN_KEYS,
  LIBVIRT_RULES,
  PeerPodsCommon,
  peerPodsCommonProblems,
  renderTags,
  tagsProblems,
} from '../../../lib/sandbox/peer-pods';

const path = 'clusterGroups.simple.sandbox.peerPods';
const valid: PeerPodsCommon = { initdata: 'aW5pdGRhdGE=' };

describe('operator-written keys', () => {
  test('name the image keys OSC fills in itself', () => {
    expect(AZURE_OPERATOR_WRITTEN_KEYS).toEqual(['AZURE_IMAGE_ID']);
    expect(AWS_OPERATOR_WRITTEN_KEYS).toEqual(['PODVM_AMI_ID']);
    expect(LIBVIRT_OPERATOR_WRITTEN_KEYS).toEqual([]);
  });
});

describe('peerPodsCommonProblems', () => {
  test('accepts the minimal and a full valid setting', () => {
    expect(DEFAULT_VXLAN_PORT).toBe(9000);
    expect(DEFAULT_PROXY_TIMEOUT).toBe('5m');
    expect(peerPodsCommonProblems(valid, path)).toEqual([]);
    expect(peerPodsCommonProblems({
      initdata: 'H4sIAAAAAAAA/wMAAAAAAAAAAAA=', confidential: false, vxlanPort: 4789, proxyTimeout: '1m30s',
      peerPodsLimitPerNode: 20, rootVolumeSizeGiB: 0, tags: { owner: 'team-a', 'cost-center': '42=x' },
    }, path, AZURE_RULES)).toEqual([]);
  });

  test.each([
    ['an empty initdata', { initdata: '' }, 'initdata', 'must be the encoded initdata (non-empty standard base64, as the initdata module renders it), got ""'],
    ['a missing initdata', { initdata: undefined }, 'initdata', 'must be the encoded initdata (non-empty standard base64, as the initdata module renders it), got nothing'],
    ['initdata TOML instead of its encoding', { initdata: 'algorithm = "sha256"' }, 'initdata', 'must be the encoded initdata (non-empty standard base64, as the initdata module renders it), got "algorithm = \\"sha256\\""'],
    ['a confidential flag that is not a boolean', { confidential: 'true' }, 'confidential', 'must be true or false, got "true"'],
    ['port 0', { vxlanPort: 0 }, 'vxlanPort', 'must be a port number from 1 to 65535, got 0'],
    ['port 65536', { vxlanPort: 65536 }, 'vxlanPort', 'must be a port number from 1 to 65535, got 65536'],
    ['a port as text', { vxlanPort: '9000' }, 'vxlanPort', 'must be a port number from 1 to 65535, got "9000"'],
    ['a timeout without unit', { proxyTimeout: '5' }, 'proxyTimeout', 'must be a positive Go duration such as "5m", "90s" or "1m30s", got "5"'],
    ['a zero timeout', { proxyTimeout: '0s' }, 'proxyTimeout', 'must be a positive Go duration such as "5m", "90s" or "1m30s", got "0s"'],
    ['a timeout in days', { proxyTimeout: '1d' }, 'proxyTimeout', 'must be a positive Go duration such as "5m", "90s" or "1m30s", got "1d"'],
    ['a zero pod limit', { peerPodsLimitPerNode: 0 }, 'peerPodsLimitPerNode', 'must be a whole number of at least 1, got 0'],
    ['a fractional pod limit', { peerPodsLimitPerNode: 2.5 }, 'peerPodsLimitPerNode', 'must be a whole number of at least 1, got 2.5'],
    ['a negative root volume', { rootVolumeSizeGiB: -1 }, 'rootVolumeSizeGiB', 'must be a whole number of at least 0, got -1'],
  ])('fails on %s', (_, bad, field, message) => {
    expect(peerPodsCommonProblems({ ...valid, ...bad } as unknown as PeerPodsCommon, path)).toEqual([{ path: `${path}.${field}`, message }]);
  });

  test('fails on rootVolumeSizeGiB for libvirt, pointing at the libvirt setting', () => {
    expect(peerPodsCommonProblems({ ...valid, rootVolumeSizeGiB: 20 }, path, LIBVIRT_RULES)).toEqual([{
      path: `${path}.rootVolumeSizeGiB`,
      message: 'is not read by CAA\'s libvirt provider (set the libvirt rootDiskSizeGiB instead), got 20',
    }]);
  });

  test('reports tag problems under the tags field', () => {
    expect(peerPodsCommonProblems({ ...valid, tags: { 'a,b': 'c' } }, path)).toEqual([
      { path: `${path}.tags`, message: expect.stringContaining('tag name "a,b" must be non-empty') },
    ]);
  });

  test.each([[null, 'null'], ['azure', '"azure"'], [[], '[]']])('fails on settings that are not a map: %j', (value, shown) => {
    expect(peerPodsCommonProblems(value as unknown as PeerPodsCommon, path)).toEqual([{ path, message: `must be a map of settings, got ${shown}` }]);
  });

  test('uses the field name alone when there is no prefix', () => {
    expect(peerPodsCommonProblems({ ...valid, vxlanPort: 0 }, '')[0].path).toBe('vxlanPort');
  });
});

describe('tags', () => {
  const tagsPath = `${path}.tags`;

  test('renders key=value pairs joined by commas, in the order given', () => {
    expect(renderTags({ owner: 'team-a', env: 'prod', empty: '' })).toBe('owner=team-a,env=prod,empty=');
  });

  test.each([
    ['a comma in a name', { 'a,b': 'x' }, 'tag name "a,b" must be non-empty, without "," or "=" and without leading or trailing spaces (TAGS is rendered "name1=value1,name2=value2")'],
    ['an equals sign in a name', { 'a=b': 'x' }, 'tag name "a=b" must be non-empty, without "," or "=" and without leading or trailing spaces (TAGS is rendered "name1=value1,name2=value2")'],
    ['an empty name', { '': 'x' }, 'tag name "" must be non-empty, without "," or "=" and without leading or trailing spaces (TAGS is rendered "name1=value1,name2=value2")'],
    ['a name with spaces around it', { ' a': 'x' }, 'tag name " a" must be non-empty, without "," or "=" and without leading or trailing spaces (TAGS is rendered "name1=value1,name2=value2")'],
    ['a comma in a value', { a: 'x,y' }, 'tag "a" must have a value without "," and without leading or trailing spaces, got "x,y"'],
    ['a value with spaces around it', { a: 'x ' }, 'tag "a" must have a value without "," and without leading or trailing spaces, got "x "'],
    ['a value that is not text', { a: 1 }, 'tag "a" must have a text value, got 1'],
  ])('fails on %s', (_, tags, message) => {
    expect(tagsProblems(tags as unknown as Record<string, string>, tagsPath)).toEqual([{ path: tagsPath, message }]);
  });

  test.each([['a list', ['a=b']], ['text', 'a=b'], ['null', null]])('fails on tags given as %s', (_, tags) => {
    expect(tagsProblems(tags as unknown as Record<string, string>, tagsPath)).toEqual([
      { path: tagsPath, message: expect.stringMatching(/^must be a map of tag names to values, got /) },
    ]);
  });

  test('applies the Azure tag name and value rules', () => {
    expect(tagsProblems({ 'a/b': 'x' }, tagsPath, AZURE_RULES.tags)).toEqual([
      { path: tagsPath, message: 'tag name "a/b" must be at most 512 characters without any of < > % & \\ ? / (Azure tag name rules)' },
    ]);
    expect(tagsProblems({ a: 'x'.repeat(257) }, tagsPath, AZURE_RULES.tags)).toEqual([
      { path: tagsPath, message: 'tag "a" must have a value of at most 256 characters (Azure), got 257' },
    ]);
    expect(tagsProblems({ 'a/b': 'x' }, tagsPath, AWS_RULES.tags)).toEqual([]);
  });

  test('applies the AWS tag name and value rules', () => {
    expect(tagsProblems({ 'aws:owner': 'x' }, tagsPath, AWS_RULES.tags)).toEqual([
      { path: tagsPath, message: 'tag name "aws:owner" must be at most 128 characters and must not start with "aws:" (AWS tag rules)' },
    ]);
    expect(tagsProblems({ ['k'.repeat(129)]: 'x' }, tagsPath, AWS_RULES.tags)).toHaveLength(1);
    expect(tagsProblems({ a: 'x'.repeat(257) }, tagsPath, AWS_RULES.tags)).toEqual([
      { path: tagsPath, message: 'tag "a" must have a value of at most 256 characters (AWS), got 257' },
    ]);
  });

  test('refuses tags on libvirt, which has no TAGS setting', () => {
    expect(tagsProblems({ a: 'b' }, tagsPath, LIBVIRT_RULES.tags)).toEqual([
      { path: tagsPath, message: 'is not supported on libvirt (CAA\'s libvirt provider has no TAGS setting), got {"a":"b"}' },
    ]);
    expect(tagsProblems({}, tagsPath, LIBVIRT_RULES.tags)).toEqual([]);
  });
});
