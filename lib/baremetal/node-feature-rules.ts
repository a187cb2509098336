/**
 * The NodeFeatureRules that label TEE-capable nodes and advertise their extended resources (pure data),
 * as OpenShift's assisted installer applies them for OSC (openshift/assisted-service
 * `internal/operators/osc/manifest.go`: `oscRulesManifest`, `intelNfrManifest`, `amdNfrManifest`).
 *
 * Only `matchFeatures` / `matchAny`: `matchAll` is not a field, and OpenShift's NFD drops it silently, so
 * the emptied rule matches every node and labels it with every TEE (OSC then refuses "multiple TEE
 * platforms detected"; validatedpatterns/coco-pattern PR #75 `docs/nfd-matchall-bug.md`). The objects
 * are rendered as `nfd.k8s-sigs.io/v1alpha1`, the API nfd-master reads (the Red Hat NFD operator serves
 * it namespaced; its `nfd.openshift.io/v1alpha1` copy is converted to it).
 */
import {
  NodeFeatureRuleSpecRules,
  NodeFeatureRuleSpecRulesMatchAnyMatchFeaturesMatchExpressionsOp as AnyOp,
  NodeFeatureRuleSpecRulesMatchFeaturesMatchExpressionsOp as Op,
} from '../../imports/nfd.k8s-sigs.io';
import { BareMetalTee, SGX_NODE_LABEL, TEE_HOSTS } from './tee-hosts';

/** One NodeFeatureRule object: its name and rules. */
export interface NodeFeatureRuleSet {
  readonly name: string;
  readonly rules: readonly NodeFeatureRuleSpecRules[];
}

const exists = { op: Op.EXISTS };
const anyExists = { op: AnyOp.EXISTS };

/** `feature.node.kubernetes.io/runtime.kata`: what KataConfig `checkNodeEligibility` looks for. */
export const KATA_RULES: NodeFeatureRuleSet = {
  name: 'osc-rules',
  rules: [{
    name: 'runtime.kata',
    labels: { 'feature.node.kubernetes.io/runtime.kata': 'true' },
    matchAny: [
      { matchFeatures: [
        { feature: 'cpu.cpuid', matchExpressions: { SSE42: anyExists, VMX: anyExists } },
        { feature: 'kernel.loadedmodule', matchExpressions: { kvm: anyExists, kvm_intel: anyExists } },
      ] },
      { matchFeatures: [
        { feature: 'cpu.cpuid', matchExpressions: { SSE42: anyExists, SVM: anyExists } },
        { feature: 'kernel.loadedmodule', matchExpressions: { kvm: anyExists, kvm_amd: anyExists } },
      ] },
    ],
  }],
};

/** Intel: SGX (the QGS and the SGX device plugin need it) and TDX, with their EPC and key resources. */
const INTEL_RULES: NodeFeatureRuleSet = {
  name: 'intel-dp-devices',
  rules: [
    {
      name: 'intel.sgx',
      labels: { [SGX_NODE_LABEL]: 'true' },
      extendedResources: { 'sgx.intel.com/epc': '@cpu.security.sgx.epc' },
      matchFeatures: [
        { feature: 'cpu.cpuid', matchExpressions: { SGX: exists, SGXLC: exists } },
        { feature: 'cpu.security', matchExpressions: { 'sgx.enabled': { op: Op.IS_TRUE } } },
        { feature: 'kernel.config', matchExpressions: { X86_SGX: exists } },
      ],
    },
    {
      name: 'intel.tdx',
      labels: { [TEE_HOSTS.tdx.nodeLabel]: 'true' },
      extendedResources: { [TEE_HOSTS.tdx.extendedResource]: '@cpu.security.tdx.total_keys' },
      matchFeatures: [{ feature: 'cpu.security', matchExpressions: { 'tdx.enabled': exists } }],
    },
  ],
};

/** AMD: SEV-SNP, with its encrypted-state ids. */
const AMD_RULES: NodeFeatureRuleSet = {
  name: 'amd-sev-snp',
  rules: [{
    name: 'amd.sev-snp',
    labels: { [TEE_HOSTS.snp.nodeLabel]: 'true' },
    extendedResources: { [TEE_HOSTS.snp.extendedResource]: '@cpu.security.sev.encrypted_state_ids' },
    matchFeatures: [{ feature: 'cpu.security', matchExpressions: { 'sev.snp.enabled': exists } }],
  }],
};

/** The rule sets a cluster of `tee` nodes gets: the kata rule and its vendor's rules (one TEE per cluster). */
export function teeNodeFeatureRules(tee: BareMetalTee): NodeFeatureRuleSet[] {
  return [KATA_RULES, tee === 'tdx' ? INTEL_RULES : AMD_RULES];
}
