/**
 * No import cycle under lib/ (type-only imports are erased and do not count): a cycle makes module load
 * order decide what is undefined at run time, and ties modules that should stand apart.
 */
import * as path from 'path';
import { importGraph, LIB } from '../support/imports';

/** One cycle per strongly connected set found by a depth-first search, as a readable chain. */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'visiting') {
        found.push([...stack.slice(stack.indexOf(next)), next].map(f => path.relative(LIB, f)).join(' > '));
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) {
    if (!state.has(node)) visit(node);
  }
  return found;
}

test('lib/ has no runtime import cycle', () => {
  const graph = importGraph();
  expect(graph.size).toBeGreaterThan(100);
  expect(cycles(graph)).toEqual([]);
});

test('the check finds a cycle when there is one', () => {
  const graph = new Map([['/a.ts', ['/b.ts']], ['/b.ts', ['/c.ts']], ['/c.ts', ['/a.ts']]]);
  expect(cycles(graph)).toHaveLength(1);
});
