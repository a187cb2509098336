import { InputError } from '../../../lib/errors';
import {
  AWS_SEV_SNP_INSTANCE_FAMILIES,
  awsConfidentialInstanceTypeProblem,
  awsData,
  awsIdProblem,
  awsInstanceTypeProblem,
  awsProblems,
  awsRegionProblem,
  AwsSettings,
  DEFAULT_AWS_INSTANCE_TYPE,
} from '../../../lib/sandbox/peer-pods';

const settings: AwsSettings = {
  region: 'us-east-2',
  subnetId: 'subnet-0123456789abcdef0',
  vpcId: 'vpc-0123456789abcdef0',
  securityGroupIds: ['sg-0123456789abcdef0', 'sg-01234567'],
};
const path = 'clusterGroups.simple.sandbox.peerPods.aws';

describe('awsData', () => {
  test('renders the settings with the defaults, the AMI left empty for OSC to build', () => {
    // WHEN
    const data = awsData(settings, { initdata: 'aW5pdGRhdGE=' });
    // THEN
    expect(data).toStrictEqual({
      CLOUD_PROVIDER: 'aws',
      VXLAN_PORT: '9000',
      AWS_REGION: 'us-east-2',
      AWS_SUBNET_ID: 'subnet-0123456789abcdef0',
      AWS_VPC_ID: 'vpc-0123456789abcdef0',
      AWS_SG_IDS: 'sg-0123456789abcdef0,sg-01234567',
      PODVM_INSTANCE_TYPE: 'm6a.large',
      PODVM_AMI_ID: '',
      DISABLECVM: 'false',
      PROXY_TIMEOUT: '5m',
      INITDATA: 'aW5pdGRhdGE=',
    });
  });

  test('renders every optional setting', () => {
    const data = awsData(
      { ...settings, instanceType: 'c6a.xlarge', instanceTypes: ['c6a.xlarge', 'r6a.2xlarge'], amiId: 'ami-0123456789abcdef0', usePublicIp: true },
      { initdata: 'aW5pdGRhdGE=', rootVolumeSizeGiB: 30, tags: { owner: 'a' } },
    );
    expect(data).toMatchObject({
      PODVM_INSTANCE_TYPE: 'c6a.xlarge',
      PODVM_INSTANCE_TYPES: 'c6a.xlarge,r6a.2xlarge',
      PODVM_AMI_ID: 'ami-0123456789abcdef0',
      USE_PUBLIC_IP: 'true',
      ROOT_VOLUME_SIZE: '30',
      TAGS: 'owner=a',
    });
  });

  test('accepts any instance family when confidential is off', () => {
    const data = awsData({ ...settings, instanceType: 't3.large' }, { initdata: 'aW5pdGRhdGE=', confidential: false });
    expect(data).toMatchObject({ PODVM_INSTANCE_TYPE: 't3.large', DISABLECVM: 'true' });
  });

  test('fails on bad settings', () => {
    expect(() => awsData({ ...settings, vpcId: 'vpc-1' }, { initdata: 'aW5pdGRhdGE=' })).toThrow(InputError);
    expect(() => awsData({ ...settings, vpcId: 'vpc-1' }, { initdata: 'aW5pdGRhdGE=' })).toThrow(/^vpcId: must be an AWS id "vpc-"/);
  });
});

describe('awsProblems', () => {
  test('accepts valid settings', () => {
    expect(awsProblems(settings, path)).toEqual([]);
  });

  test('fails on settings that are not a map', () => {
    expect(awsProblems('aws' as unknown as AwsSettings, path)).toEqual([{ path, message: 'must be a map of settings, got "aws"' }]);
  });

  test('requires every mandatory field', () => {
    expect(awsProblems({} as AwsSettings, path).map(p => p.path)).toEqual([
      `${path}.region`, `${path}.subnetId`, `${path}.vpcId`, `${path}.securityGroupIds`,
    ]);
  });

  test.each([
    ['a region name', { region: 'US East (Ohio)' }, 'region', 'must be an AWS region code such as "us-east-2" or "eu-west-1", got "US East (Ohio)"'],
    ['an Azure region', { region: 'eastus' }, 'region', 'must be an AWS region code such as "us-east-2" or "eu-west-1", got "eastus"'],
    ['a VPC id as subnet', { subnetId: 'vpc-0123456789abcdef0' }, 'subnetId', 'must be an AWS id "subnet-" followed by 8 or 17 lower-case hex digits (e.g. "subnet-0123456789abcdef0"), got "vpc-0123456789abcdef0"'],
    ['upper-case hex', { vpcId: 'vpc-0123456789ABCDEF0' }, 'vpcId', 'must be an AWS id "vpc-" followed by 8 or 17 lower-case hex digits (e.g. "vpc-0123456789abcdef0"), got "vpc-0123456789ABCDEF0"'],
    ['a bad security group', { securityGroupIds: ['sg-0123456789abcdef0', 'default'] }, 'securityGroupIds[1]', 'must be an AWS id "sg-" followed by 8 or 17 lower-case hex digits (e.g. "sg-0123456789abcdef0"), got "default"'],
    ['no security group', { securityGroupIds: [] }, 'securityGroupIds', 'must be a non-empty list, got []'],
    ['a repeated security group', { securityGroupIds: ['sg-01234567', 'sg-01234567'] }, 'securityGroupIds', 'must not list an entry twice, got ["sg-01234567"] more than once'],
    ['a malformed instance type', { instanceType: 'm6a-large' }, 'instanceType', 'must be an EC2 instance type such as "m6a.large" (<family><generation><options>.<size>), got "m6a-large"'],
    ['a family without SEV-SNP', { instanceType: 'm7i.large' }, 'instanceType', 'must be an instance type of an AMD SEV-SNP capable family (m6a, c6a, r6a) for confidential pod VMs, got "m7i.large"'],
    ['a bad entry in the list', { instanceTypes: ['m6a.large', 't3.micro'] }, 'instanceTypes[1]', 'must be an instance type of an AMD SEV-SNP capable family (m6a, c6a, r6a) for confidential pod VMs, got "t3.micro"'],
    ['an empty list', { instanceTypes: [] }, 'instanceTypes', 'must be a non-empty list, got []'],
    ['a default type outside the list', { instanceTypes: ['c6a.large'] }, 'instanceType', 'must be one of instanceTypes (c6a.large), got "m6a.large"; add it to instanceTypes'],
    ['a bad AMI id', { amiId: 'rhel-9' }, 'amiId', 'must be an AWS id "ami-" followed by 8 or 17 lower-case hex digits (e.g. "ami-0123456789abcdef0"), got "rhel-9"'],
    ['a public IP flag as text', { usePublicIp: 'false' }, 'usePublicIp', 'must be true or false, got "false"'],
  ])('fails on %s', (_, bad, field, message) => {
    expect(awsProblems({ ...settings, ...bad } as unknown as AwsSettings, path)).toEqual([{ path: `${path}.${field}`, message }]);
  });

  test('without confidential, accepts any well-formed instance type', () => {
    expect(awsProblems({ ...settings, instanceType: 'm7i.large', instanceTypes: ['m7i.large'] }, path, false)).toEqual([]);
    expect(awsProblems({ ...settings, instanceType: 'm7i' }, path, false).map(p => p.path)).toEqual([`${path}.instanceType`]);
  });
});

describe('AWS value rules', () => {
  test('the default instance type is SEV-SNP capable', () => {
    expect(DEFAULT_AWS_INSTANCE_TYPE).toBe('m6a.large');
    expect(AWS_SEV_SNP_INSTANCE_FAMILIES).toEqual(['m6a', 'c6a', 'r6a']);
    expect(awsConfidentialInstanceTypeProblem(DEFAULT_AWS_INSTANCE_TYPE)).toBeUndefined();
  });

  test.each(['us-east-1', 'eu-central-2', 'ap-southeast-5', 'us-gov-west-1', 'cn-northwest-1', 'il-central-1', 'ca-west-1'])('accepts region %s', r => {
    expect(awsRegionProblem(r)).toBeUndefined();
  });

  test.each(['m6a.large', 'c6a.48xlarge', 'r6a.metal', 'm7i-flex.large', 'u-6tb1.metal', 'u7i-12tb.224xlarge', 'mac2-m2pro.metal', 't3.nano', 'inf2.xlarge'])(
    'accepts instance type %s', t => {
      expect(awsInstanceTypeProblem(t)).toBeUndefined();
    });

  test.each(['M6a.large', 'm6a', 'm6a.huge', '.large', 'm6a.large '])('refuses instance type %j', t => {
    expect(awsInstanceTypeProblem(t)).toMatch(/^must be an EC2 instance type/);
  });

  test('accepts 8- and 17-digit ids only', () => {
    expect(awsIdProblem('sg-01234567', 'sg')).toBeUndefined();
    expect(awsIdProblem('sg-0123456789abcdef0', 'sg')).toBeUndefined();
    expect(awsIdProblem('sg-0123456789', 'sg')).toMatch(/^must be an AWS id "sg-"/);
  });
});
