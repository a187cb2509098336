/**
 * Trustee with typed platform measurements: they become the reference values the secure attestation policy
 * reads, in the encoding of the version's verifier, and a missing one is reported (the policy fails closed).
 */
import { Testing } from 'cdk8s';
import * as fs from 'fs';
import { buildInitData } from '../../lib/initdata';
import { PlatformMeasurements, platformMeasurementProblems, platformMeasurementReferenceValues } from '../../lib/trustee/platform-measurements';
import { Trustee, TrusteeProps } from '../../lib/trustee/trustee';
import { trusteeProfile } from '../../lib/trustee/versions';
import { problemsOf } from '../support/problems';
import { EXAMPLE_CERT } from '../support/render';

const NOW = new Date('2026-01-01T00:00:00Z');
const EXPIRY = '2027-01-01T00:00:00Z';
const SECURE: TrusteeProps = { kbsHost: 'kbs.apps.example.com', kbsCertificate: fs.readFileSync(EXAMPLE_CERT, 'utf8'), now: NOW, initDataExpiration: EXPIRY };
const MEASUREMENT = 'ab'.repeat(48);
const TDX: PlatformMeasurements = { tee: 'tdx', values: { mrTd: ['0x' + 'CD'.repeat(48)], rtmr1: ['01'.repeat(48)], xfam: ['e702060000000000'] }, expiration: EXPIRY };
const SNP: PlatformMeasurements = { tee: 'snp', values: { launchMeasurement: [MEASUREMENT], minimumSnp: 22 }, expiration: EXPIRY };
const initData = buildInitData({ algorithm: 'sha256', aa: { kbsUrl: 'https://kbs.apps.example.com' } });

describe('platformMeasurementReferenceValues', () => {
  test('one reference value per given measurement, under the name the policy reads, in claim form', () => {
    expect(platformMeasurementReferenceValues(trusteeProfile('1.2'), [TDX, SNP])).toEqual([
      { name: 'mr_td', values: ['cd'.repeat(48)], kind: { bytes: 48, encoding: 'hex' }, expiration: EXPIRY },
      { name: 'rtmr_1', values: ['01'.repeat(48)], kind: { bytes: 48, encoding: 'hex' }, expiration: EXPIRY },
      { name: 'xfam', values: ['e702060000000000'], kind: { bytes: 8, encoding: 'hex' }, expiration: EXPIRY },
      { name: 'snp_launch_measurement', values: [MEASUREMENT], kind: { bytes: 48, encoding: 'hex' }, expiration: EXPIRY },
      { name: 'snp_snp_svn', values: ['22'], kind: 'svn', expiration: EXPIRY },
    ]);
  });

  test('SNP byte strings are base64 where the verifier writes them so (Trustee 1.1: trustee v0.17.0); TDX stays hex', () => {
    const [mrTd, , , launch] = platformMeasurementReferenceValues(trusteeProfile('1.1'), [TDX, SNP]);
    expect(launch).toEqual({ name: 'snp_launch_measurement', values: [Buffer.from(MEASUREMENT, 'hex').toString('base64')], kind: { bytes: 48, encoding: 'base64' }, expiration: EXPIRY });
    expect(mrTd.values).toEqual(['cd'.repeat(48)]);
  });
});

describe('platformMeasurementProblems', () => {
  test('an unknown or repeated TEE, a wrong length and a bad expiration: one problem each, naming the field', () => {
    const list = [
      TDX,
      { tee: 'sev', values: {}, expiration: EXPIRY },
      { ...TDX, values: { rtmr2: ['01'.repeat(32)] }, expiration: '2027-01-01' },
    ] as unknown as PlatformMeasurements[];
    expect(platformMeasurementProblems(list, 'trustee.platformMeasurements')).toEqual([
      { path: 'trustee.platformMeasurements[1].tee', message: 'must be one of "azure-snp-vtpm", "azure-tdx-vtpm", "snp", "tdx", got "sev"' },
      { path: 'trustee.platformMeasurements[2].tee', message: 'must be unique, got "tdx" again (first at trustee.platformMeasurements[0])' },
      { path: 'trustee.platformMeasurements[2].values.rtmr2[0]', message: `must be 96 hex characters (48 bytes: RTMR 2, the initrd and kernel command line), got "${'01'.repeat(32)}"` },
      { path: 'trustee.platformMeasurements[2].expiration', message: 'must be a UTC time written exactly as YYYY-MM-DDTHH:MM:SSZ (e.g. "2027-01-01T00:00:00Z"), got "2027-01-01"' },
    ]);
  });
});

describe('Trustee platformMeasurements', () => {
  const build = (props: TrusteeProps, tees: ('snp' | 'tdx')[] = ['tdx']) => {
    const chart = Testing.chart();
    const trustee = new Trustee(chart, 'trustee', { ...SECURE, ...props });
    trustee.acceptInitData('w', initData, tees);
    return { trustee, objects: Testing.synth(chart) };
  };

  test('the measurements land in the rendered reference values; only the missing ones are reported', () => {
    const { trustee, objects } = build({ platformMeasurements: [TDX] });
    const cm = objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'rvps-reference-values');
    const decoded = Object.values(JSON.parse(cm.data.reference_value) as Record<string, string>).map(v => JSON.parse(Buffer.from(v, 'base64url').toString('utf8')));
    expect(decoded.map(d => [d.name, d.value])).toEqual([
      ['coco_initdata_tdx_mrconfigid', [initData.tdxMrConfigId]],
      ['mr_td', ['cd'.repeat(48)]],
      ['rtmr_1', ['01'.repeat(48)]],
      ['xfam', ['e702060000000000']],
    ]);
    // THEN rtmr_2 is what nobody provides: until it exists the TDX executables claim is not affirming
    expect(trustee.missingReferenceValues).toEqual(['rtmr_2']);
    expect(build({}).trustee.missingReferenceValues).toEqual(['mr_td', 'rtmr_1', 'rtmr_2', 'xfam']);
  });

  test('a measurement of the wrong length is one line naming the prop', () => {
    expect(problemsOf(() => build({ platformMeasurements: [{ tee: 'snp', values: { launchMeasurement: ['ab'.repeat(32)] }, expiration: EXPIRY }] }, ['snp']))).toEqual([
      `Trustee platformMeasurements[0].values.launchMeasurement[0]: must be 96 hex characters (48 bytes: SNP launch measurement (firmware, kernel, initrd, command line, vCPUs)), got "${'ab'.repeat(32)}"`,
    ]);
  });

  test('an expired measurement is refused like an expired reference value', () => {
    expect(problemsOf(() => build({ platformMeasurements: [{ ...TDX, expiration: '2025-12-31T00:00:00Z' }] }))).toEqual([
      'Trustee platformMeasurements[0].expiration: must be after 2026-01-01T00:00:00Z (it has expired), got "2025-12-31T00:00:00Z"',
    ]);
  });

  test('a user reference value may not take a measurement\'s name', () => {
    const attempt = () => build({ platformMeasurements: [TDX], referenceValues: [{ name: 'mr_td', values: ['ab'.repeat(48)], algorithm: 'sha384', expiration: EXPIRY }] });
    expect(problemsOf(attempt)).toEqual(['Trustee referenceValues[0].name: must not be a name platformMeasurements fills in (mr_td, rtmr_1, xfam): give the value there, got "mr_td"']);
  });
});
