import { InputError } from '../../lib/errors';
import { renderResourcePolicy, ResourcePolicyPreset } from '../../lib/trustee/resource-policy';

/** The lines of a Rego text that are not comments or blank. */
function code(rego: string): string[] {
  return rego.split('\n').filter(l => l.trim() !== '' && !l.trim().startsWith('#'));
}

describe('renderResourcePolicy', () => {
  test('permissive is exactly the reference pattern policy plus a comment naming the preset', () => {
    // WHEN
    const rego = renderResourcePolicy('permissive');
    // THEN
    expect(code(rego)).toEqual(['package policy', 'default allow = true']);
    expect(rego.split('\n').filter(l => l.startsWith('#'))).toEqual([
      '# Resource policy preset "permissive" (coco-cdk8s): every resource is released without checking attestation. Testing only.',
    ]);
    expect(rego.endsWith('\n')).toBe(true);
  });

  test('affirming denies by default and allows only when every appraisal is affirming', () => {
    // WHEN
    const rego = renderResourcePolicy('affirming');
    // THEN
    expect(code(rego)).toEqual([
      'package policy',
      'import rego.v1',
      'default allow := false',
      'allow if {',
      '  count(input.submods) > 0',
      '  not any_appraisal_not_affirming',
      '}',
      'any_appraisal_not_affirming if {',
      '  some appraisal in input.submods',
      '  appraisal["ear.status"] != "affirming"',
      '}',
    ]);
  });

  test('affirming does not depend on the name of the CPU submodule (cpu before trustee v0.14, cpu0 after)', () => {
    const rego = renderResourcePolicy('affirming');
    expect(rego).not.toMatch(/"cpu0?"/);
    expect(rego).not.toContain('submods.cpu');
    expect(rego).toMatchSnapshot();
  });

  test('an unknown preset is an InputError naming the field', () => {
    const attempt = () => renderResourcePolicy('allow-all' as ResourcePolicyPreset, 'trustee.resourcePolicy');
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow('trustee.resourcePolicy: must be one of "affirming", "permissive", got "allow-all"');
  });
});
