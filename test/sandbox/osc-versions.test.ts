import { InputError } from '../../lib/errors';
import {
  DEFAULT_OSC_VERSION, INIT_DATA_ANNOTATIONS, initDataAnnotationProblem, isOscVersion, oscRelease, oscReleases, OSC_VERSIONS, oscVersionProblem,
} from '../../lib/sandbox/osc-versions';
import { problemsOf } from '../support/problems';

describe('OSC releases', () => {
  test('1.10, 1.11 and 1.12, 1.12 by default', () => {
    expect(OSC_VERSIONS).toEqual(['1.10', '1.11', '1.12']);
    expect(DEFAULT_OSC_VERSION).toBe('1.12');
  });

  test('each release: its CSV, the upstream CAA and kata it is built from, and the initdata annotation its CAA reads', () => {
    expect(oscReleases().map(r => [r.version, r.csv, r.cloudApiAdaptor, r.kata, r.initDataAnnotation])).toEqual([
      ['1.10', 'sandboxed-containers-operator.v1.10.1', 'v0.14.0', '3.17.0', 'io.katacontainers.config.runtime.cc_init_data'],
      ['1.11', 'sandboxed-containers-operator.v1.11.1', 'v0.16.0', '3.21.0', 'io.katacontainers.config.hypervisor.cc_init_data'],
      ['1.12', 'sandboxed-containers-operator.v1.12.0', 'v0.18.0', '3.25.0', 'io.katacontainers.config.hypervisor.cc_init_data'],
    ]);
  });

  test('the annotation changed with CAA v0.16 (commit 3fac0ef2): runtime before, hypervisor from then on', () => {
    for (const r of oscReleases()) {
      const minor = Number(r.cloudApiAdaptor.split('.')[1]);
      expect(r.initDataAnnotation).toBe(minor >= 16 ? INIT_DATA_ANNOTATIONS.hypervisor : INIT_DATA_ANNOTATIONS.runtime);
    }
  });

  test('the CSV source says whether it is confirmed', () => {
    expect(oscRelease('1.10').csvSource).toMatch(/^confirmed: validatedpatterns\/coco-pattern/);
    expect(oscRelease('1.12').csvSource).toMatch(/^assumption: /);
  });

  test('an unsupported version lists the supported ones, a number gets a hint to quote it', () => {
    expect(isOscVersion('1.11')).toBe(true);
    expect(isOscVersion(1.11)).toBe(false);
    expect(oscVersionProblem('1.12')).toBeUndefined();
    expect(oscVersionProblem('1.9')).toBe('must be one of "1.10", "1.11", "1.12" (OpenShift sandboxed containers release), got "1.9"');
    expect(oscVersionProblem(1.1)).toBe('must be a quoted string, one of "1.10", "1.11", "1.12" (OpenShift sandboxed containers release): '
      + 'YAML reads an unquoted version as a number (1.10 becomes 1.1), got the number 1.1');
    expect(() => oscRelease('1.13')).toThrow(InputError);
    expect(problemsOf(() => oscRelease('1.13', 'clusterGroups.s.sandbox.version'))).toEqual([
      'clusterGroups.s.sandbox.version: must be one of "1.10", "1.11", "1.12" (OpenShift sandboxed containers release), got "1.13"',
    ]);
  });

  test('an unknown initdata annotation names both known ones', () => {
    expect(initDataAnnotationProblem(INIT_DATA_ANNOTATIONS.runtime)).toBeUndefined();
    expect(initDataAnnotationProblem('io.katacontainers.cc_init_data')).toBe('must be "io.katacontainers.config.runtime.cc_init_data" (OSC 1.10) or '
      + '"io.katacontainers.config.hypervisor.cc_init_data" (OSC 1.11 and later), got "io.katacontainers.cc_init_data"');
  });
});
