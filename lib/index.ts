/**
 * coco-cdk8s public API: the constructs, their props, and the pure functions that render what they
 * render (initdata, agent policies, Trustee's configuration and policies). This list is deliberate: each
 * name is a semver promise, and test/architecture/public-api.test.ts snapshots it. Validators, output
 * writing and error plumbing are internal; pattern.yaml, the whole pattern and the command line are
 * `coco-cdk8s/cli` (lib/cli/index.ts), whose types also name the configuration schema's (zod).
 */

// Errors a construct throws for bad props (every problem, each naming the prop).
export { InputError } from './errors';
export type { Problem } from './errors';

// Argo CD and OLM
export { ArgoAppChart } from './gitops/argo-app-chart';
export type { ArgoAppChartProps, HelmChartSource, IgnoredDifference } from './gitops/argo-app-chart';
export { ClusterGroup } from './gitops/cluster-group';
export type { ClusterGroupProps, GitSource } from './gitops/cluster-group';
export { Bootstrap } from './gitops/bootstrap';
export type { BootstrapProps } from './gitops/bootstrap';
export { Waves, setSyncWave } from './gitops/argo';
export { OperatorInstall } from './olm/operator-install';
export type { OperatorInstallProps } from './olm/operator-install';
export { InstallPlanApprover } from './olm/installplan-approver';
export type { InstallPlanApproverProps, InstallPlanApproverOptions } from './olm/installplan-approver';
export { OutputFile, outputFiles } from './output/output-file';
export { warningsOf } from './output/warnings';
export type { Warning } from './output/warnings';
export type { OutputFileProps } from './output/output-file';
export { ServiceRoute } from './openshift/route';

// Platform services
export { ConfigurationPolicy } from './acm/configuration-policy';
export { AcmHub } from './acm/hub';
// A hub that brings up its spoke cluster groups: OpenShift GitOps, Argo CD and each spoke's bootstrap by ACM policy.
export { SpokeBootstrapPolicies } from './fleet/spoke-bootstrap-policies';
export type { SpokeBootstrapPoliciesProps, BootstrapObject } from './fleet/spoke-bootstrap-policies';
export type { GitOpsOperatorSettings } from './fleet/gitops-operator';
export type { SpokeArgoCdSettings } from './fleet/argocd-instance';
export { SpokeSecretStorePolicy } from './fleet/spoke-secret-store';
export type { SpokeSecretStorePolicyProps, SpokeVaultAuth } from './fleet/spoke-secret-store';
export { spokeVaultAuthScript } from './fleet/spoke-vault-auth';
export type { SpokeVaultAuthScriptProps } from './fleet/spoke-vault-auth';
export { VaultSecret, VAULT_BACKEND } from './secrets/vault-secret';
export type { VaultSecretProps, SecretStoreRef } from './secrets/vault-secret';
export { ExternalSecrets } from './secrets/external-secrets';
export { LetsEncrypt } from './certificates/lets-encrypt';

// Trustee: the construct, its generations, and the texts it renders
export { Trustee } from './trustee/trustee';
export type { TrusteeProps, TrusteePreset, AcceptedInitData, InitDataAccess } from './trustee/trustee';
export type { PlatformMeasurements } from './trustee/platform-measurements';
export type { TeeCollateralSettings } from './trustee/tee-collateral';
export { TRUSTEE_VERSIONS, DEFAULT_TRUSTEE_VERSION, trusteeProfile } from './trustee/versions';
export type { TrusteeVersion, TrusteeProfile } from './trustee/versions';
export { kbsConfigModel, renderKbsConfigToml, KBS_CONFIG_PRESETS } from './trustee/kbs-config';
export type { KbsConfigSettings, KbsConfigToml } from './trustee/kbs-config';
export { renderReferenceValues } from './trustee/reference-values';
export type { ReferenceValue } from './trustee/reference-values';
export { renderResourcePolicy } from './trustee/resource-policy';
export type { ResourceGrant, ResourceRelease, ResourcePolicyInputShape } from './trustee/resource-policy';
export { renderAttestationPolicy, ATTESTED_TEES } from './trustee/attestation-policy';
export type { AttestedTee, AttestationPolicySettings } from './trustee/attestation-policy';
export { IMAGE_POLICY_RESOURCE } from './trustee/image-policy';
export { REFERENCE_SECRET_RESOURCES } from './trustee/secret-resources';
export type { SecretResource } from './trustee/secret-resources';

// Sandboxed containers and initdata
export { SandboxedContainers } from './sandbox/sandboxed-containers';
export type { SandboxedContainersProps, PeerPodsConfigSource, BareMetalSandbox } from './sandbox/sandboxed-containers';
export { PeerPodsPolicy } from './sandbox/peer-pods-policy';
export type { PeerPodsPolicyProps } from './sandbox/peer-pods-policy';
export { AzureNatGateway } from './sandbox/nat-gateway';
export type { AzureNatGatewayProps } from './sandbox/nat-gateway';
export { OSC_VERSIONS, DEFAULT_OSC_VERSION, oscRelease } from './sandbox/osc-versions';
export type { OscVersion } from './sandbox/osc-versions';
export { buildInitData, decodeInitData, initDataDigest, azurePcr8, snpHostData, tdxMrConfigId } from './initdata';
export type { InitDataSpec, RenderedInitData, InitDataAlgorithm } from './initdata';

// Bare-metal TDX / SEV-SNP nodes (kata-cc) and Intel DCAP
export { BareMetalTeeNodes, IntelDcap } from './baremetal';
export type { BareMetalTeeNodesProps, BareMetalTee, IntelDcapProps } from './baremetal';

// Agent policies: presets, and the policy bound to a pod spec
export { renderAgentPolicy, podIdentity, summarizeAgentPolicy, AGENT_REQUESTS } from './policy';
export type { AgentPolicySpec, AgentPolicyBinding, AgentPolicySummary, PodIdentity, PodSpecInput, ContainerIdentity } from './policy';

// Workloads
export { WebApp } from './workloads/web-app';
export type { WebAppProps } from './workloads/web-app';
export { ConfidentialRuntime } from './workloads/confidential-runtime';
export type { ConfidentialRuntimeProps } from './workloads/confidential-runtime';
export { ConfidentialWorkload, INIT_DATA_ANNOTATION } from './workloads/confidential-workload';
export type { ConfidentialWorkloadProps, KbsResourceFile } from './workloads/confidential-workload';
export { HelloOpenshift } from './workloads/hello-openshift';
export type { HelloOpenshiftProps } from './workloads/hello-openshift';
export { KbsAccess } from './workloads/kbs-access';
export type { KbsAccessProps } from './workloads/kbs-access';
