/**
 * Jest transform: TypeScript to CommonJS with esbuild, transpile only (tsconfig has isolatedModules, and
 * `npm test` type-checks once with tsc before jest runs). About 20x faster per file than ts-jest, which
 * mattered for the 1 MB generated CRD classes in imports/ that nearly every test loads.
 * No jest.mock hoisting (the tests use jest.doMock, which needs none).
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const { transformSync, version } = require('esbuild');

const self = fs.readFileSync(__filename);

module.exports = {
  process(sourceText, sourcePath) {
    const { code, map } = transformSync(sourceText, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: sourcePath,
      sourcesContent: false,
      // as tsc with target ES2022 (tsconfig.json)
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: false } },
    });
    return { code, map };
  },
  getCacheKey(sourceText, sourcePath) {
    return crypto.createHash('sha256').update(version).update(self).update(sourcePath).update('\0').update(sourceText).digest('hex');
  },
};
