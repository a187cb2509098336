/**
 * coco-cdk8s public API: constructs and pure logic for Confidential Containers on OpenShift.
 * Everything exported here is public; the CLI (`npm run synth`) uses the same functions.
 */

// Errors and names
export * from './errors';
export * from './naming/dns';

// pattern.yaml
export * from './config/schema';
export { loadPattern, parsePattern, parsePatternYaml } from './config/load';
export type { LoadOptions } from './config/load';
export { patternJsonSchema } from './config/json-schema';

// Argo CD, OLM, output
export * from './gitops/argo';
export * from './gitops/argo-app-chart';
export * from './gitops/bootstrap';
export * from './gitops/cluster-group';
export * from './gitops/api-resources';
export * from './olm/catalog';
export * from './olm/operator-install';
export * from './olm/versions';
export * from './olm/installplan-approver';
export * from './olm/installplan-approver-script';
export * from './output/output-file';
export * from './output/render';
export * from './output/write';
export * from './output/warnings';
export * from './openshift/route';

// Platform services
export * from './acm/configuration-policy';
export * from './acm/hub';
export * from './secrets/vault-secret';
export * from './secrets/vault-chart';
export * from './secrets/external-secrets';
export * from './certificates/lets-encrypt';

// Trustee
export * from './trustee/annotations';
export * from './trustee/versions';
export * from './trustee/kbs-config';
export * from './trustee/reference-values';
export * from './trustee/resource-policy';
export * from './trustee/attestation-policy';
export * from './trustee/image-policy';
export * from './trustee/secret-resources';
export * from './trustee/trustee';

// Sandboxed containers, initdata, agent policy
export * from './initdata';
export * from './policy';
export * from './sandbox/peer-pods';
export * from './sandbox/nat-gateway';
export * from './sandbox/osc-versions';
export * from './sandbox/sandboxed-containers';
export * from './sandbox/initdata-files';

// Workloads and the whole pattern
export * from './workloads/image';
export * from './workloads/web-app';
export * from './workloads/confidential-runtime';
export * from './workloads/confidential-workload';
export * from './workloads/hello-openshift';
export * from './workloads/kbs-access';
export * from './pattern';
export { runSynth, synthesize, renderPattern, processIO } from './cli/synth-command';
export type { CliIO, Synthesis } from './cli/synth-command';
