/**
 * The reference pattern's 2.x kbs-config.toml (coco-pattern charts/hub/trustee, commit 4b67132; see
 * ../shared/reference/coco-pattern.md §3.2), transcribed once for the tests that compare against it.
 */
export const REFERENCE_KBS_CONFIG_TOML = {
  http_server: { sockets: ['0.0.0.0:8080'], insecure_http: true },
  admin: { insecure_api: true, auth_public_key: '/etc/auth-secret/publicKey' },
  attestation_token: { insecure_key: true, attestation_token_type: 'CoCo' },
  attestation_service: {
    type: 'coco_as_builtin',
    work_dir: '/opt/confidential-containers/attestation-service',
    policy_engine: 'opa',
    attestation_token_broker: { type: 'Ear', policy_dir: '/opt/confidential-containers/attestation-service/policies' },
    attestation_token_config: { duration_min: 5 },
    rvps_config: {
      type: 'BuiltIn',
      storage: { type: 'LocalJson', file_path: '/opt/confidential-containers/rvps/reference-values/reference-values.json' },
    },
  },
  plugins: [{ name: 'resource', type: 'LocalFs', dir_path: '/opt/confidential-containers/kbs/repository' }],
  policy_engine: { policy_path: '/opt/confidential-containers/opa/policy.rego' },
};

/** A subscription id of the test cluster. */
export const SUBSCRIPTION = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

/** Static Azure peer-pods values of a test cluster (valid ARM ids). */
export const STATIC_AZURE = {
  region: 'eastus',
  resourceGroup: 'cluster-rg',
  subnetId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/cluster-vnet-rg/providers/Microsoft.Network/virtualNetworks/cluster-vnet/subnets/worker-subnet`,
  nsgId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/cluster-rg/providers/Microsoft.Network/networkSecurityGroups/cluster-nsg`,
};
