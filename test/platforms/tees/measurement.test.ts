import { measurementProblems, measurementValues, missingMeasurements, normaliseHex, TEES } from '../../../lib/platforms/tees';

const MRTD = 'ab'.repeat(48);

describe('measurementProblems', () => {
  test('well-formed values have no problems; a 0x prefix and upper case are accepted', () => {
    expect(measurementProblems(TEES.tdx, { mrTd: [MRTD, `0x${MRTD.toUpperCase()}`], xfam: ['e702060000000000'] }, 'tdx')).toEqual([]);
    expect(measurementProblems(TEES.snp, { launchMeasurement: [MRTD], minimumBootloader: 9, minimumMicrocode: 0, minimumSnp: 255 }, 'snp')).toEqual([]);
  });

  test('a value of the wrong length is one problem naming the field and its byte length', () => {
    expect(measurementProblems(TEES.tdx, { mrTd: [MRTD, 'ab'.repeat(32)], xfam: ['e7020600'] }, 'trustee.platformMeasurements[0].values')).toEqual([
      { path: 'trustee.platformMeasurements[0].values.mrTd[1]', message: `must be 96 hex characters (48 bytes: MRTD, the TD firmware (TDVF)), got "${'ab'.repeat(32)}"` },
      { path: 'trustee.platformMeasurements[0].values.xfam[0]', message: 'must be 16 hex characters (8 bytes: XFAM, the extended CPU features of the TD), got "e7020600"' },
    ]);
  });

  test('a value that lost its leading zeros (lstrip("0x")) is refused for its length', () => {
    const truncated = `0x00${'1'.repeat(94)}`.replace(/^[0x]+/, '');
    expect(measurementProblems(TEES.snp, { launchMeasurement: [truncated] }, 'm').map(p => p.path)).toEqual(['m.launchMeasurement[0]']);
  });

  test('non-hex text, an unknown key, an empty list, a bad SVN, a non-map', () => {
    expect(measurementProblems(TEES.snp, { launchMeasurement: ['zz'.repeat(48)], mrTd: [MRTD], minimumTee: 256, minimumSnp: '3' }, 'm')).toEqual([
      { path: 'm.launchMeasurement[0]', message: `must be 96 hex characters (48 bytes: SNP launch measurement (firmware, kernel, initrd, command line, vCPUs)), got "${'zz'.repeat(48)}"` },
      { path: 'm.mrTd', message: 'is not a measurement of AMD SEV-SNP (bare metal): one of launchMeasurement, minimumBootloader, minimumTee, minimumSnp, minimumMicrocode' },
      { path: 'm.minimumTee', message: 'must be a security version number, a whole number from 0 to 255 (SNP reported TCB, PSP OS (TEE) SVN, the minimum accepted), got 256' },
      { path: 'm.minimumSnp', message: 'must be a security version number, a whole number from 0 to 255 (SNP reported TCB, SNP firmware SVN, the minimum accepted), got "3"' },
    ]);
    expect(measurementProblems(TEES.tdx, { rtmr1: [] }, 'm')).toEqual([{ path: 'm.rtmr1', message: 'must list at least one accepted value (RTMR 1, the kernel), got []' }]);
    expect(measurementProblems(TEES.tdx, ['x'], 'm')).toEqual([{ path: 'm', message: 'must be a map of Intel TDX (bare metal) measurements (mrTd, rtmr1, rtmr2, xfam), got ["x"]' }]);
  });
});

describe('missingMeasurements and measurementValues', () => {
  test('what is not given is missing, in definition order', () => {
    expect(missingMeasurements(TEES.tdx, { rtmr2: [MRTD] }).map(m => m.referenceValueName)).toEqual(['mr_td', 'rtmr_1', 'xfam']);
    expect(missingMeasurements(TEES.tdx).map(m => m.key)).toEqual(['mrTd', 'rtmr1', 'rtmr2', 'xfam']);
  });

  test('values in claim form: lowercase hex without 0x, sorted and deduplicated; SVNs as decimal text', () => {
    const values = measurementValues(TEES.snp, { minimumTee: 0, launchMeasurement: [`0x${'F'.repeat(96)}`, 'a'.repeat(96), 'f'.repeat(96)] });
    expect(values.map(v => [v.measurement.referenceValueName, v.values])).toEqual([
      ['snp_launch_measurement', ['a'.repeat(96), 'f'.repeat(96)]],
      ['snp_tee_svn', ['0']],
    ]);
    expect(normaliseHex('0XAB')).toBe('ab');
  });
});
