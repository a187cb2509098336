/**
 * AWS peer pods: static values (subnet, VPC, security groups, instance types). No attested TEE is
 * known to this pattern for AWS pod VMs, so workloads there obtain no initdata-bound secrets.
 * Keys: cloud-api-adaptor `src/cloud-api-adaptor/install/charts/peerpods/providers/aws.yaml`.
 */
import { z } from 'zod';
import { nonEmpty, whenMissing } from '../../config/fields';
import { AWS_OPERATOR_WRITTEN_KEYS, AWS_RULES, awsData, awsProblems } from '../../sandbox/peer-pods';
import { staticPeerPodsSettings, staticProvider } from './provider';

const settings = staticPeerPodsSettings('aws', {
  aws: z.strictObject({
    region: nonEmpty(),
    subnetId: nonEmpty(),
    vpcId: nonEmpty(),
    securityGroupIds: z.array(nonEmpty()).min(1, { message: 'must list at least one security group' }),
    instanceType: nonEmpty().optional(),
    instanceTypes: z.array(nonEmpty()).optional(),
    amiId: z.string().optional(),
    usePublicIp: z.boolean().optional(),
  }, whenMissing('is required when cloud is "aws"')),
});

export const AWS = staticProvider({
  cloud: 'aws',
  title: 'AWS',
  settings,
  parts: s => ({ common: s.peerPods, own: s.peerPods.aws }),
  rules: AWS_RULES,
  problems: awsProblems,
  data: awsData,
  operatorWrittenKeys: AWS_OPERATOR_WRITTEN_KEYS,
});
