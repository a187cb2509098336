/**
 * Jest test sequencer: the longest test files first, so that no long file starts last and keeps one core
 * busy while the other idles (with two workers and tsc beside them, a 10 s file started at the end is
 * 10 s of the run's wall time).
 *
 * Jest's own order is the same (failed first, then longest first) once its cache holds each file's time;
 * on a cold run (a fresh clone, CI, `jest --clearCache`) it falls back to file size, which put the longest
 * files, which are not the largest, at the end. So where the cache has no time for a file, this uses the
 * time it took when last measured, below (seconds, one worker, warm JIT; only the order matters), and file
 * size after those.
 */
'use strict';
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

const ROOT = path.resolve(__dirname, '..', '..');

/** Seconds per test file, as measured (in-band). Files not listed are quick; a stale entry only misorders. */
const MEASURED = {
  'test/cli/synth-command.test.ts': 11,
  'test/cli/secrets-command.test.ts': 10,
  'test/pattern/fleet.test.ts': 6,
  'test/sandbox/nat-gateway/nat-gateway.test.ts': 5.5,
  'test/pattern/behaviour.test.ts': 5.4,
  'test/trustee/attestation-policy.test.ts': 4.4,
  'test/policy/bound-policy.test.ts': 4.3,
  'test/posture/posture.test.ts': 4.1,
  'test/pattern/bare-metal.test.ts': 3.2,
  'test/trustee/resource-policy.test.ts': 2.9,
  'test/secrets/generator/pattern-secrets.test.ts': 2.7,
  'test/olm/installplan-approver.test.ts': 2.6,
  'test/config/loads-no-constructs.test.ts': 2.4,
  'test/workloads/workloads.test.ts': 2.1,
  'test/demos/demos.test.ts': 1.8,
  'test/secrets/generator/init-secrets.test.ts': 1.7,
  'test/trustee/trustee.test.ts': 1.5,
  'test/pattern/manifests.test.ts': 1.2,
  'test/tools/validate-command.test.ts': 1.2,
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
