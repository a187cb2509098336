/**
 * AWS peer pods: static values (subnet, VPC, security groups, instance types). No attested TEE is
 * known to this pattern for AWS pod VMs, so workloads there obtain no initdata-bound secrets.
 */
import { awsData, awsProblems } from '../../sandbox/peer-pods';
import { staticProvider } from './provider';

export const AWS = staticProvider('aws', { settingsOf: s => s.aws, problems: awsProblems, data: awsData });
