/**
 * `peer-pods-cm` for AWS (keys of CAA's `providers/aws.yaml`, plus `AWS_VPC_ID` which OSC reads).
 */
import { Problem, quote, throwIfProblems } from '../../errors';
import { assemblePeerPodsData, flag, PeerPodsCommon, peerPodsCommonProblems, PeerPodsRules } from './common';
import { ProblemList, settingsObjectProblems } from './problems';

/** AWS settings. */
export interface AwsSettings {
  /** Region of the cluster (`AWS_REGION`), e.g. "us-east-2". */
  readonly region: string;
  /** Subnet of the pod VMs (`AWS_SUBNET_ID`), e.g. "subnet-0123456789abcdef0". */
  readonly subnetId: string;
  /** VPC of the subnet (`AWS_VPC_ID`), e.g. "vpc-0123456789abcdef0". */
  readonly vpcId: string;
  /** Security groups of the pod VMs (`AWS_SG_IDS`, rendered comma separated), e.g. ["sg-0123456789abcdef0"]. */
  readonly securityGroupIds: readonly string[];
  /**
   * Instance type of a pod VM that does not ask for one (`PODVM_INSTANCE_TYPE`). For confidential pod
   * VMs it must be of an AMD SEV-SNP capable family ({@link AWS_SEV_SNP_INSTANCE_FAMILIES}).
   * @default "m6a.large"
   */
  readonly instanceType?: string;
  /**
   * Instance types a pod may ask for (`PODVM_INSTANCE_TYPES`); must contain `instanceType`.
   * @default - not rendered: only `instanceType`
   */
  readonly instanceTypes?: readonly string[];
  /**
   * Pod VM image (`PODVM_AMI_ID`). Empty lets OSC build the AMI and write its id into `peer-pods-cm`.
   * @default ""
   */
  readonly amiId?: string;
  /**
   * Reach the agent in the pod VM through a public IP (`USE_PUBLIC_IP`).
   * @default - not rendered: CAA's default (false)
   */
  readonly usePublicIp?: boolean;
}

/** `PODVM_INSTANCE_TYPE` when not set (CAA's default). */
export const DEFAULT_AWS_INSTANCE_TYPE = 'm6a.large';

/**
 * Instance families on which EC2 offers AMD SEV-SNP: "AMD SEV-SNP is supported with M6a, R6a, and C6a
 * instance types only" (EC2 API reference, `CpuOptionsRequest.AmdSevSnp`).
 */
export const AWS_SEV_SNP_INSTANCE_FAMILIES: readonly string[] = ['m6a', 'c6a', 'r6a'];

/** AWS's rules for the common settings: its tag limits (AWS tag rules: names up to 128 characters, not "aws:", values up to 256). */
export const AWS_RULES: PeerPodsRules = {
  tags: {
    name: key => (key.length > 128 || key.toLowerCase().startsWith('aws:')
      ? `tag name ${quote(key)} must be at most 128 characters and must not start with "aws:" (AWS tag rules)`
      : undefined),
    value: (key, value) => (value.length > 256 ? `tag ${quote(key)} must have a value of at most 256 characters (AWS), got ${value.length}` : undefined),
  },
};

/**
 * `peer-pods-cm` keys the OSC operator writes itself: with `amiId` empty OSC builds the pod VM AMI and
 * stores its id under `PODVM_AMI_ID`, which Argo CD must then not revert.
 */
export const AWS_OPERATOR_WRITTEN_KEYS: readonly string[] = ['PODVM_AMI_ID'];

const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-(?:central|north|south|east|west|northeast|northwest|southeast|southwest)-[1-9]\d?$/;
const INSTANCE_TYPE = /^(?:u-\d+tb\d+|[a-z]+\d+[a-z]*(?:-[a-z0-9]+)?)\.(?:nano|micro|small|medium|large|\d*xlarge|metal(?:-\d+xl)?)$/;

/** Problem with an AWS region code, or undefined. */
export function awsRegionProblem(value: string): string | undefined {
  return typeof value === 'string' && REGION.test(value) ? undefined : `must be an AWS region code such as "us-east-2" or "eu-west-1", got ${quote(value)}`;
}

/** Problem with an AWS resource id `<prefix>-<8 or 17 hex digits>`, or undefined. */
export function awsIdProblem(value: string, prefix: 'subnet' | 'vpc' | 'sg' | 'ami'): string | undefined {
  return typeof value === 'string' && new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`).test(value)
    ? undefined
    : `must be an AWS id "${prefix}-" followed by 8 or 17 lower-case hex digits (e.g. "${prefix}-0123456789abcdef0"), got ${quote(value)}`;
}

/** Problem with an EC2 instance type name (`<family><generation><options>.<size>`), or undefined. */
export function awsInstanceTypeProblem(value: string): string | undefined {
  return typeof value === 'string' && INSTANCE_TYPE.test(value)
    ? undefined
    : `must be an EC2 instance type such as "m6a.large" (<family><generation><options>.<size>), got ${quote(value)}`;
}

/** Problem with an instance type for a confidential pod VM (an AMD SEV-SNP capable family), or undefined. */
export function awsConfidentialInstanceTypeProblem(value: string): string | undefined {
  const problem = awsInstanceTypeProblem(value);
  if (problem) {
    return problem;
  }
  const family = value.split('.')[0];
  return AWS_SEV_SNP_INSTANCE_FAMILIES.includes(family)
    ? undefined
    : `must be an instance type of an AMD SEV-SNP capable family (${AWS_SEV_SNP_INSTANCE_FAMILIES.join(', ')}) for confidential pod VMs, got ${quote(value)}`;
}

function idList(list: ProblemList, field: string, values: readonly string[] | undefined, rule: (v: string) => string | undefined, required: boolean): void {
  if (values === undefined && !required) {
    return;
  }
  if (!Array.isArray(values) || values.length === 0) {
    list.add(field, `must be a non-empty list, got ${quote(values)}`);
    return;
  }
  values.forEach((v, i) => list.check(`${field}[${i}]`, v, rule));
  const duplicates = [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
  if (duplicates.length > 0) {
    list.add(field, `must not list an entry twice, got ${quote(duplicates)} more than once`);
  }
}

/**
 * Problems with AWS settings: region code, id prefixes and hex, instance type grammar (and, unless
 * `confidential` is false, an AMD SEV-SNP capable family), `instanceType` within `instanceTypes`.
 */
export function awsProblems(settings: AwsSettings, path: string, confidential = true): Problem[] {
  const notObject = settingsObjectProblems(settings, path);
  if (notObject) {
    return notObject;
  }
  const list = new ProblemList(path);
  const typeRule = confidential ? awsConfidentialInstanceTypeProblem : awsInstanceTypeProblem;
  list.checkRequired('region', settings.region, awsRegionProblem);
  list.checkRequired('subnetId', settings.subnetId, v => awsIdProblem(v, 'subnet'));
  list.checkRequired('vpcId', settings.vpcId, v => awsIdProblem(v, 'vpc'));
  idList(list, 'securityGroupIds', settings.securityGroupIds, v => awsIdProblem(v, 'sg'), true);
  list.check('instanceType', settings.instanceType, typeRule);
  idList(list, 'instanceTypes', settings.instanceTypes, typeRule, false);
  const type = settings.instanceType ?? DEFAULT_AWS_INSTANCE_TYPE;
  if (Array.isArray(settings.instanceTypes) && settings.instanceTypes.length > 0 && !settings.instanceTypes.includes(type) && typeRule(type) === undefined) {
    list.add('instanceType', `must be one of instanceTypes (${settings.instanceTypes.join(', ')}), got ${quote(type)}; add it to instanceTypes`);
  }
  list.check('amiId', settings.amiId, v => (v === '' ? undefined : awsIdProblem(v, 'ami')));
  list.check('usePublicIp', settings.usePublicIp, v => (typeof v === 'boolean' ? undefined : `must be true or false, got ${quote(v)}`));
  return list.problems;
}

/**
 * `peer-pods-cm` data for AWS. Validate first with {@link awsProblems} and {@link peerPodsCommonProblems}
 * to get problems with full paths; this function throws an InputError (paths relative to the settings)
 * for anything they would report.
 */
export function awsData(settings: AwsSettings, common: PeerPodsCommon): Record<string, string> {
  throwIfProblems([...peerPodsCommonProblems(common, '', AWS_RULES), ...awsProblems(settings, '', common.confidential ?? true)]);
  const cloudData: Record<string, string> = {
    AWS_REGION: settings.region,
    AWS_SUBNET_ID: settings.subnetId,
    AWS_VPC_ID: settings.vpcId,
    AWS_SG_IDS: settings.securityGroupIds.join(','),
    PODVM_INSTANCE_TYPE: settings.instanceType ?? DEFAULT_AWS_INSTANCE_TYPE,
  };
  if (settings.instanceTypes !== undefined) {
    cloudData.PODVM_INSTANCE_TYPES = settings.instanceTypes.join(',');
  }
  cloudData.PODVM_AMI_ID = settings.amiId ?? '';
  const data = assemblePeerPodsData('aws', cloudData, common);
  if (settings.usePublicIp !== undefined) {
    data.USE_PUBLIC_IP = flag(settings.usePublicIp);
  }
  return data;
}
