/**
 * Jest test sequencer: the longest test files first, so that no long file starts last and keeps one core
 * busy while the other idles (with two workers and tsc beside them, a 10 s file started at the end is
 * 10 s of the run's wall time).
 *
 * Jest's own order is the same (failed first, then longest first) once its cache holds each file's time;
 * on a cold run (a fresh clone, CI, `jest --clearCache`) it falls back to file size, which put the longest
 * files, which are not the largest, at the end. So where the cache has no time for a file, this uses the
 * time it took when last measured, below (seconds; only the order matters), and file size after those.
 */
'use strict';
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

const ROOT = path.resolve(__dirname, '..', '..');

/** Seconds per test file, as measured (two workers, warm). Files not listed are quick; a stale entry only misorders. */
const MEASURED = {
  'test/cli/secrets-command.test.ts': 8.7,
  'test/cli/synth-command.test.ts': 7.1,
  'test/pattern/fleet.test.ts': 6.8,
  'test/pattern/behaviour.test.ts': 6.5,
  'test/sandbox/nat-gateway/nat-gateway.test.ts': 5.8,
  'test/secrets/generator/init-secrets.test.ts': 3.4,
  'test/cli/bundle.test.ts': 3.2,
  'test/olm/installplan-approver.test.ts': 2.8,
  'test/policy/bound-policy.test.ts': 2.5,
  'test/posture/posture.test.ts': 2.3,
  'test/fleet/spoke-bootstrap-policies.test.ts': 2.1,
  'test/config/loads-no-constructs.test.ts': 2.1,
  'test/pattern/bare-metal.test.ts': 2.1,
  'test/output/yaml-text.test.ts': 2.1,
  'test/trustee/resource-policy.test.ts': 2.0,
  'test/trustee/attestation-policy.test.ts': 1.9,
  'test/secrets/generator/pattern-secrets.test.ts': 1.5,
  'test/examples.test.ts': 1.3,
  'test/tools/validate-command.test.ts': 1.3,
  'test/trustee/trustee.test.ts': 1.2,
  'test/secrets/generator/errors.test.ts': 1.1,
  'test/pattern/manifests.test.ts': 1.0,
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const size = new Map();
    const sizeOf = t => {
      if (!size.has(t.path)) size.set(t.path, t.context.hasteFS.getSize(t.path) ?? 0);
      return size.get(t.path);
    };
    for (const t of tests) {
      // jest's time for the file, from its cache, in ms; else the measured one
      const known = MEASURED[path.relative(ROOT, t.path).split(path.sep).join('/')];
      t.duration = this.time(t) ?? (known === undefined ? undefined : known * 1000);
    }
    return [...tests].sort((a, b) => {
      const failedA = this.hasFailed(a);
      if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
      if ((a.duration === undefined) !== (b.duration === undefined)) return a.duration === undefined ? 1 : -1;
      if (a.duration !== undefined && a.duration !== b.duration) return b.duration - a.duration;
      return sizeOf(b) - sizeOf(a) || (a.path < b.path ? -1 : 1);
    });
  }
}

module.exports = LongestFirst;
