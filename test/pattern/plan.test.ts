/**
 * The plan (lib/pattern/plan.ts): groups and their relations from the configuration alone, and the
 * composition built from it.
 */
import { App } from 'cdk8s';
import { parsePattern } from '../../lib/config/load';
import { CocoPattern } from '../../lib/pattern';
import { attestationTargetOf, planPattern, trusteeGroupOf } from '../../lib/pattern/plan';
import { minimalInput, TEST_NOW } from '../support/render';

const NO_APPS = { helloOpenshift: { enabled: false }, kbsAccess: { enabled: false } };
const hubAndSpokes = () => parsePattern(minimalInput({}, {
  hub: { sandbox: { enabled: false }, workloads: NO_APPS },
  spoke: { trustee: { enabled: false }, sandbox: { kbs: { trustee: 'hub' } } },
  edge: { trustee: { enabled: false }, sandbox: { kbs: { url: 'https://kbs.example.com' } } },
  simple: {},
}), { now: TEST_NOW });

describe('attestation targets', () => {
  const config = hubAndSpokes();

  test('a spoke attests to the Trustee its sandbox.kbs.trustee names', () => {
    expect(attestationTargetOf(config, 'spoke')).toEqual({ kind: 'trustee', group: 'hub' });
    expect(trusteeGroupOf(config, 'spoke')).toBe('hub');
  });

  test('a group with its own Trustee and no kbs setting attests to itself', () => {
    expect(attestationTargetOf(config, 'simple')).toEqual({ kind: 'trustee', group: 'simple' });
  });

  test('an external KBS is no Trustee of this pattern', () => {
    expect(attestationTargetOf(config, 'edge')).toEqual({ kind: 'external', url: 'https://kbs.example.com' });
    expect(trusteeGroupOf(config, 'edge')).toBeUndefined();
  });

  test('a group without sandbox attests nowhere, even with a Trustee', () => {
    expect(attestationTargetOf(config, 'hub')).toBeUndefined();
    expect(trusteeGroupOf(config, 'hub')).toBeUndefined();
  });

  test('an unknown group attests nowhere', () => {
    expect(attestationTargetOf(config, 'nope')).toBeUndefined();
  });
});

describe('planPattern', () => {
  const plan = planPattern(hubAndSpokes());

  test('keeps the pattern order and says who attests to each Trustee', () => {
    expect(plan.groups.map(g => [g.name, g.rendersTrustee, g.attestedBy])).toEqual([
      ['hub', true, ['spoke']],
      ['spoke', false, []],
      ['edge', false, []],
      ['simple', true, ['simple']],
    ]);
    expect(plan.bootstrapOrder).toEqual(['hub', 'spoke', 'edge', 'simple']);
  });
});

describe('a fleet', () => {
  const HUB = { acm: { enabled: true }, sandbox: { enabled: false }, workloads: NO_APPS };
  const config = parsePattern(minimalInput({}, {
    east: { spoke: { hub: 'hub' } },
    hub: HUB,
    west: { spoke: { hub: 'hub', clusterSelector: { clusterGroup: 'west', region: 'eu' } } },
  }), { now: TEST_NOW });
  const plan = planPattern(config);
  const group = (name: string) => plan.groups.find(g => g.name === name)!;

  test('spokes attest to their hub\'s Trustee without saying so', () => {
    expect(attestationTargetOf(config, 'east')).toEqual({ kind: 'trustee', group: 'hub' });
    expect(group('hub').attestedBy).toEqual(['east', 'west']);
  });

  test('a hub knows its spokes, a spoke its hub and the labels of its clusters', () => {
    expect(group('hub').spokes).toEqual(['east', 'west']);
    expect(group('hub').spokeOf).toBeUndefined();
    expect(group('east').spokeOf).toEqual({ hub: 'hub', clusterSelector: { clusterGroup: 'east' } });
    expect(group('west').spokeOf).toMatchObject({ hub: 'hub', clusterSelector: { clusterGroup: 'west', region: 'eu' } });
    expect(group('east').spokes).toEqual([]);
  });

  test('spokes are bootstrapped before their hub, whose policies carry their bootstraps', () => {
    expect(plan.bootstrapOrder).toEqual(['east', 'west', 'hub']);
    expect(plan.groups.map(g => g.name)).toEqual(['east', 'hub', 'west']);
  });
});

describe('the composition follows the plan', () => {
  const pattern = new CocoPattern(new App(), 'pattern', { config: hubAndSpokes() });

  test('the spoke\'s runtime uses the hub\'s Trustee, which accepts the spoke\'s initdata', () => {
    const hub = pattern.group('hub').trustee!;
    const spoke = pattern.group('spoke');
    expect(spoke.trustee).toBeUndefined();
    expect(spoke.runtime!.kbsUrl).toBe(hub.kbsUrl);
    expect(pattern.plan.groups.find(g => g.name === 'hub')!.attestedBy).toEqual(['spoke']);
  });

  test('an external-KBS group gets the configured URL and no Trustee', () => {
    expect(pattern.group('edge').runtime!.kbsUrl).toBe('https://kbs.example.com');
  });
});
