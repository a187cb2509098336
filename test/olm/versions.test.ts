import { InputError } from '../../lib/errors';
import { OPERATORS } from '../../lib/olm/catalog';
import {
  ACM_RELEASES, CERT_MANAGER_RELEASES, EXTERNAL_SECRETS_RELEASES, OPERATOR_RELEASES, operatorRelease, operatorVersions, resolveSubscription, SANDBOX_RELEASES, TRUSTEE_RELEASES,
} from '../../lib/olm/versions';
import { oscRelease, OSC_VERSIONS } from '../../lib/sandbox/osc-versions';
import { TRUSTEE_VERSIONS, trusteeProfile } from '../../lib/trustee/versions';
import { problemsOf } from '../support/problems';

const settings = { source: 'redhat-operators', sourceNamespace: 'openshift-marketplace', installPlanApproval: 'Manual' as const };

describe('operator version tables', () => {
  test('Trustee: every version the renderers support, and 1.2, has its CSV', () => {
    for (const v of TRUSTEE_VERSIONS) {
      expect(TRUSTEE_RELEASES[v]).toBeDefined();
    }
    expect(Object.fromEntries(Object.entries(TRUSTEE_RELEASES).map(([v, r]) => [v, r.csv]))).toEqual({
      '0.3': 'trustee-operator.v0.3.0',
      '0.4': 'trustee-operator.v0.4.2',
      '1.0': 'trustee-operator.v1.0.0',
      '1.1': 'trustee-operator.v1.1.0',
      '1.2': 'trustee-operator.v1.2.1',
    });
  });

  test('Trustee: the CSVs are the Trustee profiles\' (one table, lib/trustee/versions.ts)', () => {
    expect(Object.keys(TRUSTEE_RELEASES)).toEqual([...TRUSTEE_VERSIONS]);
    for (const v of TRUSTEE_VERSIONS) {
      expect(TRUSTEE_RELEASES[v]).toEqual({ csv: trusteeProfile(v).csv, source: trusteeProfile(v).csvSource });
    }
  });

  test('sandboxed containers: the CSVs come from the one OSC table', () => {
    expect(Object.keys(SANDBOX_RELEASES)).toEqual([...OSC_VERSIONS]);
    expect(Object.values(SANDBOX_RELEASES).map(r => r.csv)).toEqual([
      'sandboxed-containers-operator.v1.10.1', 'sandboxed-containers-operator.v1.11.1', 'sandboxed-containers-operator.v1.12.0',
    ]);
    for (const v of OSC_VERSIONS) {
      expect(SANDBOX_RELEASES[v]).toEqual({ csv: oscRelease(v).csv, source: oscRelease(v).csvSource });
    }
  });

  test('ACM, External Secrets and cert-manager', () => {
    expect(ACM_RELEASES['2.14'].csv).toBe('advanced-cluster-management.v2.14.0');
    expect(EXTERNAL_SECRETS_RELEASES['1.1'].csv).toBe('openshift-external-secrets-operator.v1.1.0');
    expect(CERT_MANAGER_RELEASES['1.16'].csv).toBe('cert-manager-operator.v1.16.0');
    expect([OPERATORS.acm.channel, OPERATORS.externalSecrets.channel, OPERATORS.certManager.channel]).toEqual(['release-2.14', 'stable-v1', 'stable-v1']);
  });

  test('every CSV is named after its package\'s CSV prefix and says whether it is confirmed', () => {
    const prefixes: Record<string, string> = {
      trustee: 'trustee-operator.v', sandbox: 'sandboxed-containers-operator.v', acm: 'advanced-cluster-management.v',
      externalSecrets: 'openshift-external-secrets-operator.v', certManager: 'cert-manager-operator.v',
      nfd: 'nfd.', intelDevicePlugins: 'intel-device-plugins-operator.v',
    };
    // Red Hat's NFD bundles carry a build stamp: nfd.4.20.0-202609201357.
    const suffixes: Record<string, string> = { nfd: '-\\d{12}' };
    for (const [key, table] of Object.entries(OPERATOR_RELEASES)) {
      for (const [version, release] of Object.entries(table)) {
        expect(release.csv).toMatch(new RegExp(`^${prefixes[key].replace(/\./g, '\\.')}${version.replace('.', '\\.')}\\.\\d+${suffixes[key] ?? ''}$`));
        expect(release.source).toMatch(/^(confirmed|assumption): /);
      }
    }
  });

  test('operatorVersions lists a table in order', () => {
    expect(operatorVersions('sandbox')).toEqual(['1.10', '1.11', '1.12']);
    expect(operatorVersions('trustee')).toEqual(['0.3', '0.4', '1.0', '1.1', '1.2']);
  });

  test('an unknown version is an error naming the path and the known versions', () => {
    expect(() => operatorRelease('acm', '2.13')).toThrow(InputError);
    expect(problemsOf(() => operatorRelease('acm', '2.13', 'clusterGroups.hub.acm.version'))).toEqual([
      'clusterGroups.hub.acm.version: has no advanced-cluster-management CSV to pin: known versions "2.14", got "2.13" (or set operator.startingCSV)',
    ]);
    expect(() => operatorRelease('trustee', 'toString')).toThrow(/known versions "0\.3", "0\.4", "1\.0", "1\.1", "1\.2", got "toString"/);
  });
});

describe('resolveSubscription', () => {
  test('pins the CSV and channel of the version, with Manual approval and the version as the thing to change', () => {
    expect(resolveSubscription('sandbox', '1.10', settings, 'clusterGroups.simple.sandbox')).toEqual({
      package: 'sandboxed-containers-operator',
      namespace: 'openshift-sandboxed-containers-operator',
      channel: 'stable',
      source: 'redhat-operators',
      sourceNamespace: 'openshift-marketplace',
      startingCSV: 'sandboxed-containers-operator.v1.10.1',
      installPlanApproval: 'Manual',
      approverImage: undefined,
      upgradeHint: 'set clusterGroups.simple.sandbox.version',
    });
  });

  test('an explicit startingCSV and channel win, and the hint then names startingCSV', () => {
    const r = resolveSubscription('acm', '2.14', { ...settings, startingCSV: 'advanced-cluster-management.v2.15.1', channel: 'release-2.15', approverImage: 'quay.io/o/oc:1' }, 'clusterGroups.hub.acm');
    expect(r).toMatchObject({ startingCSV: 'advanced-cluster-management.v2.15.1', channel: 'release-2.15', approverImage: 'quay.io/o/oc:1', upgradeHint: 'set clusterGroups.hub.acm.operator.startingCSV' });
  });

  test('an explicit startingCSV needs no table entry', () => {
    expect(resolveSubscription('acm', '9.9', { ...settings, startingCSV: 'advanced-cluster-management.v9.9.0' }, 'g.acm').startingCSV).toBe('advanced-cluster-management.v9.9.0');
  });

  test('Automatic approval keeps the CSV as the first version', () => {
    expect(resolveSubscription('trustee', '1.1', { ...settings, installPlanApproval: 'Automatic' }, 'g.trustee'))
      .toMatchObject({ installPlanApproval: 'Automatic', startingCSV: 'trustee-operator.v1.1.0' });
  });
});
