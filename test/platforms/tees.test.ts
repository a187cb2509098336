/**
 * Every TEE of the registry satisfies the contract: its binding fits its reference value's length, its
 * names follow Trustee's reference value rules and are unique, and its evidence key is what each Trustee
 * generation's token carries.
 */
import { initDataReferenceValue, buildInitData } from '../../lib/initdata';
import { ATTESTED_TEES, TEES } from '../../lib/platforms/tees';
import { referenceValueNameProblem } from '../../lib/trustee/reference-values';
import { TRUSTEE_VERSIONS, trusteeProfile } from '../../lib/trustee/versions';

const initData = buildInitData({ algorithm: 'sha256', aa: { kbsUrl: 'https://kbs.example.com' } });

describe.each(ATTESTED_TEES.map(id => [id]))('TEE %s', id => {
  const tee = TEES[id];

  test('is registered under its own id', () => {
    expect(tee.id).toBe(id);
    expect(tee.title.length).toBeGreaterThan(5);
  });

  test('its initdata reference value has the length its algorithm names', () => {
    const value = initDataReferenceValue(initData, tee.binding)!;
    expect(value).toMatch(/^[0-9a-f]+$/);
    expect(value.length).toBe(tee.initDataReferenceValueAlgorithm === 'sha384' ? 96 : 64);
  });

  test('its reference value names follow Trustee\'s rule and no other TEE uses them', () => {
    for (const name of [tee.initDataReferenceValue, ...tee.measurementReferenceValues]) {
      expect(referenceValueNameProblem(name)).toBeUndefined();
    }
    const others = ATTESTED_TEES.filter(o => o !== id).flatMap(o => [TEES[o].initDataReferenceValue, ...TEES[o].measurementReferenceValues]);
    expect([tee.initDataReferenceValue, ...tee.measurementReferenceValues].filter(n => others.includes(n))).toEqual([]);
    expect(tee.measurementReferenceValues.length).toBeGreaterThan(0);
  });

  test('names an evidence key for every Trustee generation', () => {
    for (const v of TRUSTEE_VERSIONS) {
      expect(tee.evidenceKey(trusteeProfile(v).evidence)).toMatch(/^[a-z_-]+$/);
    }
  });
});

test('the Azure vTPM keys follow the rename of trustee v0.16 (kbs-types 9a34277)', () => {
  expect(TRUSTEE_VERSIONS.map(v => TEES['azure-snp-vtpm'].evidenceKey(trusteeProfile(v).evidence))).toEqual(['azsnpvtpm', 'azsnpvtpm', 'azsnpvtpm', 'az-snp-vtpm', 'az-snp-vtpm']);
});
