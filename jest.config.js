const os = require('os');

/** @type {import('jest').Config} */
module.exports = {
  // Node's, plus what a worker keeps from one test file to the next (the compiled schema validator).
  testEnvironment: '<rootDir>/test/support/environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only, with esbuild (tsconfig isolatedModules): `npm test` type-checks once with tsc.
  transform: { '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js' },
  // Every temporary file of the run goes into one folder that is removed at the end.
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  // The machines are shared and noisy: a test is never failed for being slow (an RSA-3072 key alone can take
  // seconds under load). Hangs still end, at this bound.
  testTimeout: 120_000,
  // Two workers at least: jest's default (one less than the cores) is a single worker on a 2-core machine,
  // which ran every file in band, one after the other, with tsc (bin/test.js) using the other core only
  // for its first 20 s. Two workers and tsc share the two cores; the longest files start first.
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  testSequencer: '<rootDir>/test/support/sequencer.js',
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
