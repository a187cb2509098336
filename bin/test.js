#!/usr/bin/env node
/**
 * `npm test`: the type check (tsc --noEmit) and jest, side by side. Jest transpiles only, so the two are
 * independent; run one after the other they left a core idle for the whole type check (jest's default on a
 * 2-core machine is one worker). Fails when either fails; tsc's output is printed after jest's. Arguments go
 * to jest (`npm test -- test/cli`).
 */
'use strict';
const { spawn } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const bin = name => path.join(root, 'node_modules', name);

function run(script, args, stdio) {
  const start = process.hrtime.bigint();
  const seconds = () => (Number(process.hrtime.bigint() - start) / 1e9).toFixed(1);
  return new Promise(resolve => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, stdio });
    let output = '';
    child.stdout?.on('data', d => { output += d; });
    child.stderr?.on('data', d => { output += d; });
    child.on('error', e => resolve({ code: 1, output: `${e.message}\n`, seconds: seconds() }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output, seconds: seconds() }));
  });
}

(async () => {
  const [tsc, jest] = await Promise.all([
    run(bin('typescript/bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], ['ignore', 'pipe', 'pipe']),
    run(bin('jest/bin/jest.js'), process.argv.slice(2), 'inherit'),
  ]);
  process.stdout.write(tsc.output);
  process.stdout.write(tsc.code === 0 ? `type check: ok (${tsc.seconds} s)\n` : `type check: FAILED (tsc --noEmit, ${tsc.seconds} s)\n`);
  process.exitCode = tsc.code !== 0 || jest.code !== 0 ? 1 : 0;
})();
