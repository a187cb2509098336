/**
 * The default pattern (the committed pattern.yaml): one snapshot per rendered file, so a reviewer sees
 * each manifest change on its own; strict schema validation of every object; determinism.
 */
import * as fs from 'fs';
import * as path from 'path';
import { diffTree } from '../../lib/output/write';
import { describeWithSchemas, schemaValidator } from '../support/schemas';
import { manifests, REPO, renderDefault } from '../support/render';
import { renderPattern } from '../../lib/cli/synth-command';
import { loadPattern } from '../../lib/config/load';

const tree = renderDefault();

describe('default pattern', () => {
  test.each([...tree.keys()])('%s', file => {
    expect(tree.get(file)).toMatchSnapshot();
  });
});

describeWithSchemas('strict schema validation of every rendered object', () => {
  test.each(manifests(tree).map(m => [m.file, m.obj] as const))('%s', (_, obj) => {
    expect(schemaValidator()!.validate(obj)).toEqual([]);
  });
});

describe('determinism and freshness', () => {
  test('two renderings are byte-identical', () => {
    const again = renderPattern(loadPattern(path.join(REPO, 'pattern.yaml')));
    expect([...again]).toEqual([...tree]);
  });

  test('the committed dist/ is what pattern.yaml renders', () => {
    expect(diffTree(tree, path.join(REPO, 'dist'))).toEqual([]);
  });

  test('the committed pattern.schema.json is current', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { patternJsonSchema } = require('../../lib/config/json-schema');
    expect(fs.readFileSync(path.join(REPO, 'pattern.schema.json'), 'utf8')).toBe(patternJsonSchema());
  });
});
