/**
 * Azure NAT gateway for peer-pod VM egress: an idempotent Argo CD Sync hook Job.
 */
export * from './azure-nat-gateway';
export { AZURE_NAT_GATEWAY_SCRIPT, CONFIGURE_NAT_GATEWAY_SCRIPT, READ_CLUSTER_SETTINGS_SCRIPT } from './script';
