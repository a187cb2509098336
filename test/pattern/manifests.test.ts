/**
 * The default pattern (the committed pattern.yaml): one snapshot per rendered file, so a reviewer sees
 * each manifest change on its own; strict schema validation of every object; determinism.
 */
import * as fs from 'fs';
import * as path from 'path';
import { diffTree } from '../../lib/output/write';
import { describeWithSchemas, embeddedObjectChecks, schemaValidator } from '../support/schemas';
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

  const policies = manifests(tree).filter(m => m.obj.kind === 'Policy');
  test('the default pattern renders ACM Policies (so the next test checks something)', () => {
    expect(policies.map(p => p.file)).toEqual(['simple/sandbox/Policy.peerpods-cm-policy.yaml']);
  });

  test.each(policies.map(m => [m.file, m.obj] as const))('%s: an invalid embedded object fails validation', (_, policy) => {
    const checks = embeddedObjectChecks(policy);
    expect(checks.length).toBeGreaterThanOrEqual(2);
    for (const { where, corrupted, expected } of checks) {
      expect([where, schemaValidator()!.validate(corrupted)]).toEqual([where, [expected]]);
    }
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
