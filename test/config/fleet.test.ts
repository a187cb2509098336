/**
 * The fleet in pattern.yaml (lib/config/fleet.ts): spoke groups, their hub, their selectors and the
 * spoke defaults; every bad input is one line naming its field.
 */
import { parsePattern } from '../../lib/config/load';
import { withSpokeDefaults } from '../../lib/config/fleet';
import { InputError } from '../../lib/errors';
import { minimalInput, TEST_NOW } from '../support/render';

const NO_APPS = { helloOpenshift: { enabled: false }, kbsAccess: { enabled: false } };
const HUB = { acm: { enabled: true }, sandbox: { enabled: false }, workloads: NO_APPS };
const fleet = (groups: Record<string, Record<string, any>>) => minimalInput({}, { hub: HUB, ...groups });

function problems(input: unknown): string[] {
  try {
    parsePattern(input, { now: TEST_NOW });
  } catch (e) {
    if (e instanceof InputError) return e.problems.map(p => `${p.path}: ${p.message}`);
    throw e;
  }
  throw new Error('expected an InputError, the input was accepted');
}

describe('spoke defaults', () => {
  test('a spoke runs no Trustee, Vault, ACM or External Secrets unless it says so', () => {
    const config = parsePattern(fleet({ azure: { spoke: { hub: 'hub' } } }), { now: TEST_NOW });
    const spoke = config.clusterGroups.azure;
    expect([spoke.trustee.enabled, spoke.vault.enabled, spoke.acm.enabled, spoke.externalSecrets.enabled]).toEqual([false, false, false, false]);
    expect(spoke.sandbox.enabled).toBe(true);
    expect(spoke.spoke).toEqual({ hub: 'hub' });
  });

  test('a hub keeps the usual defaults', () => {
    const config = parsePattern(fleet({ azure: { spoke: { hub: 'hub' } } }), { now: TEST_NOW });
    expect([config.clusterGroups.hub.trustee.enabled, config.clusterGroups.hub.vault.enabled]).toEqual([true, true]);
  });

  test('settings given for a disabled-by-default area keep enabled false; an explicit enabled wins', () => {
    const input = { clusterGroups: { s: { spoke: { hub: 'h' }, vault: { namespace: 'v' }, externalSecrets: { enabled: true } } } };
    expect(withSpokeDefaults(input)).toEqual({ clusterGroups: { s: {
      spoke: { hub: 'h' }, vault: { enabled: false, namespace: 'v' }, trustee: { enabled: false }, acm: { enabled: false },
      externalSecrets: { enabled: true, store: { authMountPath: 's', authRole: 'external-secrets' } },
    } } });
  });

  test('input that is not a pattern is returned as given, for the schema to report', () => {
    expect(withSpokeDefaults('text')).toBe('text');
    expect(withSpokeDefaults({ clusterGroups: [] })).toEqual({ clusterGroups: [] });
  });
});

describe('bad fleets', () => {
  test('a spoke of a group that is not defined', () => {
    expect(problems(fleet({ azure: { spoke: { hub: 'central' } } }))).toEqual([
      'clusterGroups.azure.sandbox.kbs: needs a Trustee: enable trustee in this cluster group, name another group in sandbox.kbs.trustee, or give sandbox.kbs.url',
      'clusterGroups.azure.spoke.hub: names cluster group "central", which is not defined (defined: hub, azure)',
    ]);
  });

  test('a spoke of a hub without ACM', () => {
    expect(problems(fleet({ hub: { ...HUB, acm: { enabled: false } }, azure: { spoke: { hub: 'hub' } } }))).toEqual([
      'clusterGroups.azure.spoke.hub: names cluster group "hub", which does not run ACM (acm.enabled: false): the hub\'s ACM brings up the spoke clusters',
    ]);
  });

  test('a group that is its own hub', () => {
    expect(problems(fleet({ azure: { spoke: { hub: 'azure' }, sandbox: { kbs: { trustee: 'hub' } } } }))).toContain(
      'clusterGroups.azure.spoke.hub: names this cluster group itself: a spoke is brought up by another group\'s ACM (defined: hub, azure)');
  });

  test('a hub that is itself selected as a spoke', () => {
    expect(problems(fleet({ hub: { ...HUB, spoke: { hub: 'top' }, trustee: { enabled: true } }, top: HUB, azure: { spoke: { hub: 'hub' } } }))).toEqual([
      'clusterGroups.hub.trustee.enabled: must be false on a spoke: Trustee runs on the trusted hub, and the spoke\'s workloads attest to it (spoke.hub), got true',
      'clusterGroups.hub.acm.enabled: must be false on a spoke: the hub\'s ACM manages the fleet, got true',
      'clusterGroups.azure.spoke.hub: names cluster group "hub", which is itself a spoke (of "top"): a hub must not be selected as a spoke',
    ]);
  });

  test('two spoke groups selecting the same clusters', () => {
    expect(problems(fleet({
      a: { spoke: { hub: 'hub', clusterSelector: { env: 'prod', cloud: 'Azure' } } },
      b: { spoke: { hub: 'hub', clusterSelector: { cloud: 'Azure', env: 'prod' } } },
    }))).toEqual([
      'clusterGroups.b.spoke.clusterSelector: can select the same clusters as cluster group "a" (a cluster labelled env=prod, cloud=Azure matches both): give both groups one label key with different values (e.g. clusterGroup)',
    ]);
  });

  test('two spoke groups whose selectors a cluster can match both (different keys, or a subset)', () => {
    expect(problems(fleet({
      a: { spoke: { hub: 'hub', clusterSelector: { env: 'prod' } } },
      b: { spoke: { hub: 'hub', clusterSelector: { env: 'prod', region: 'eu' } } },
      c: { spoke: { hub: 'hub', clusterSelector: { tier: 'gold' } } },
    }))).toEqual([
      'clusterGroups.b.spoke.clusterSelector: can select the same clusters as cluster group "a" (a cluster labelled env=prod, region=eu matches both): give both groups one label key with different values (e.g. clusterGroup)',
      'clusterGroups.c.spoke.clusterSelector: can select the same clusters as cluster group "a" (a cluster labelled env=prod, tier=gold matches both): give both groups one label key with different values (e.g. clusterGroup)',
    ]);
    expect(() => parsePattern(fleet({
      a: { spoke: { hub: 'hub', clusterSelector: { env: 'prod', cloud: 'Azure' } } },
      b: { spoke: { hub: 'hub', clusterSelector: { env: 'prod', cloud: 'BareMetal' } } },
    }), { now: TEST_NOW })).not.toThrow();
  });

  test('the default selectors differ by group name', () => {
    expect(() => parsePattern(fleet({ a: { spoke: { hub: 'hub' } }, b: { spoke: { hub: 'hub' } } }), { now: TEST_NOW })).not.toThrow();
  });

  test('two spoke groups sharing a Vault auth mount prefix', () => {
    const eso = (authMountPath: string) => ({ enabled: true, store: { authMountPath } });
    expect(problems(fleet({ hub: { ...HUB, vault: { routeHost: 'vault.apps.hub.example.com' } }, a: { spoke: { hub: 'hub' }, externalSecrets: eso('spokes') }, b: { spoke: { hub: 'hub' }, externalSecrets: eso('spokes') } }))).toEqual([
      'clusterGroups.b.externalSecrets.store.authMountPath: is "spokes", which names the Vault read policy "spokes-read" of cluster group "a" too: each spoke group needs its own prefix (one policy would grant one group what the other reads)',
    ]);
    // different prefixes that name one policy ("/" becomes "-" in the policy name)
    expect(problems(fleet({ hub: { ...HUB, vault: { routeHost: 'vault.apps.hub.example.com' } }, a: { spoke: { hub: 'hub' }, externalSecrets: eso('spokes/x') }, b: { spoke: { hub: 'hub' }, externalSecrets: eso('spokes-x') } }))).toEqual([
      'clusterGroups.b.externalSecrets.store.authMountPath: is "spokes-x", which names the Vault read policy "spokes-x-read" of cluster group "a" too: each spoke group needs its own prefix (one policy would grant one group what the other reads)',
    ]);
  });

  test('an empty selector would select every cluster', () => {
    expect(problems(fleet({ a: { spoke: { hub: 'hub', clusterSelector: {} } } }))).toEqual([
      'clusterGroups.a.spoke.clusterSelector: must name at least one label: an empty selector selects every managed cluster',
    ]);
  });

  test('a label that is no label', () => {
    expect(problems(fleet({ a: { spoke: { hub: 'hub', clusterSelector: { 'cloud': 'not a value!' } } } }))[0]).toMatch(
      /^clusterGroups\.a\.spoke\.clusterSelector\.cloud: must be a label value/);
  });

  test('Trustee, Vault or ACM turned on in a spoke', () => {
    expect(problems(fleet({ a: { spoke: { hub: 'hub' }, vault: { enabled: true } } }))).toEqual([
      'clusterGroups.a.vault.enabled: must be false on a spoke: Vault runs on the trusted hub, got true',
    ]);
  });

  test('External Secrets on a spoke read the hub\'s Vault: its URL is needed when the hub\'s cannot be known', () => {
    const eso = { spoke: { hub: 'hub' }, externalSecrets: { enabled: true } };
    expect(problems(minimalInput({}, { hub: { ...HUB, appsDomain: undefined, trustee: { kbs: { host: 'kbs.example.com' } } }, a: eso }))).toEqual([
      'clusterGroups.a.externalSecrets.store.vaultServer: is required: a spoke\'s External Secrets read its hub\'s Vault, and the host of the Vault Route of cluster group "hub" is unknown (set its appsDomain or vault.routeHost)',
    ]);
    expect(problems(minimalInput({}, { hub: { ...HUB, vault: { enabled: false } }, a: eso }))).toEqual([
      'clusterGroups.a.externalSecrets.store.vaultServer: is required: a spoke\'s External Secrets read its hub\'s Vault, and cluster group "hub" runs no Vault (vault.enabled: false)',
    ]);
    const given = { ...eso, externalSecrets: { enabled: true, store: { vaultServer: 'https://vault.example.com' } } };
    expect(() => parsePattern(minimalInput({}, { hub: { ...HUB, vault: { enabled: false } }, a: given }), { now: TEST_NOW })).not.toThrow();
  });

  test('a spoke\'s store logs in at a mount of its own per cluster, with its own role, unless the file says otherwise', () => {
    const config = parsePattern(fleet({ a: { spoke: { hub: 'hub' }, externalSecrets: { enabled: true, store: { authRole: 'r' } } }, b: { spoke: { hub: 'hub' }, externalSecrets: { enabled: true } } }), { now: TEST_NOW });
    expect(config.clusterGroups.a.externalSecrets.store).toMatchObject({ authMountPath: 'a', authRole: 'r' });
    expect(config.clusterGroups.b.externalSecrets.store).toMatchObject({ authMountPath: 'b', authRole: 'external-secrets' });
  });

  test('the pod-VM SSH key on a spoke needs External Secrets', () => {
    expect(problems(fleet({ a: { spoke: { hub: 'hub' }, sandbox: { sshDebug: { enabled: true } } } }))).toEqual([
      'clusterGroups.a.sandbox.sshDebug.enabled: needs externalSecrets.enabled on a spoke (its public key comes from the hub\'s Vault): enable External Secrets, or set sshDebug.enabled to false',
    ]);
  });

  test('a spoke group name too long for the names ACM gives its policies on each cluster', () => {
    expect(problems(fleet({ 'azure-spokes-westeu': { spoke: { hub: 'hub' } } }))).toEqual([
      'clusterGroups.azure-spokes-westeu: is 19 characters: a spoke group name has at most 18, because the hub\'s policies are named "<group>-bootstrap" and ACM replicates them to each cluster as "open-cluster-management-global-set.<name>" (at most 63 characters)',
    ]);
    expect(() => parsePattern(fleet({ 'azure-spokes-weste': { spoke: { hub: 'hub' } } }), { now: TEST_NOW })).not.toThrow();
  });

  test('peer pods in ACM mode on a spoke read the facts through the hub\'s ACM', () => {
    expect(() => parsePattern(fleet({ a: { spoke: { hub: 'hub' }, sandbox: { peerPods: { mode: 'acm' } } } }), { now: TEST_NOW })).not.toThrow();
  });
});
