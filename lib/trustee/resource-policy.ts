/**
 * The KBS resource policy (Rego, `package policy`, rule `allow`): decides whether a requester holding an
 * attestation token may read a resource. Its `input` is the claims of the EAR token, whose `submods` map
 * holds one appraisal per attested device (`cpu` up to trustee v0.13, `cpu0` since v0.14).
 *
 * @see https://github.com/confidential-containers/trustee/tree/main/kbs/sample_policies
 * @see https://github.com/confidential-containers/trustee/blob/main/kbs/docs/policy.md
 */
import { InputError, quote } from '../errors';

/**
 * - `affirming` (secure default): release a resource only when the token has at least one appraisal and
 *   every appraisal has the EAR status `affirming`;
 * - `permissive`: release every resource to anyone (the reference pattern's 2.x policy).
 */
export type ResourcePolicyPreset = 'affirming' | 'permissive';

/** Every preset, in the order error messages list them. */
export const RESOURCE_POLICY_PRESETS: readonly ResourcePolicyPreset[] = ['affirming', 'permissive'];

/**
 * Iterates `input.submods` instead of naming `cpu` or `cpu0`, so the same text works before and after
 * the submodule rename, and with extra devices (GPUs) every one of them must be affirming. Written with
 * `import rego.v1` keywords (`if`, `some ... in`), which the regorus engine of every supported KBS parses.
 * Indented with spaces, not tabs, so the text stays a readable block scalar in the rendered YAML.
 */
const AFFIRMING = `package policy

import rego.v1

# Resource policy preset "affirming" (coco-cdk8s): a resource is released only to a requester whose
# attestation token holds at least one appraisal and whose appraisals are all "affirming".

default allow := false

allow if {
  count(input.submods) > 0
  not any_appraisal_not_affirming
}

any_appraisal_not_affirming if {
  some appraisal in input.submods
  appraisal["ear.status"] != "affirming"
}
`;

/** The reference pattern's policy, plus one comment line. */
const PERMISSIVE = `package policy
# Resource policy preset "permissive" (coco-cdk8s): every resource is released without checking attestation. Testing only.
default allow = true
`;

/**
 * The resource policy text of a preset.
 *
 * @throws InputError for an unknown preset
 */
export function renderResourcePolicy(preset: ResourcePolicyPreset, path = 'resourcePolicy'): string {
  switch (preset) {
    case 'affirming':
      return AFFIRMING;
    case 'permissive':
      return PERMISSIVE;
    default:
      throw new InputError([{ path, message: `must be one of ${RESOURCE_POLICY_PRESETS.map(p => `"${p}"`).join(', ')}, got ${quote(preset)}` }]);
  }
}
