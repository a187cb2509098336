import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import type { PatternInput } from '../../lib/config/schema';
import type { Manifest } from '../../lib/output/manifest-checks';
import type { RenderedTree } from '../../lib/output/render';

export const REPO = path.resolve(__dirname, '..', '..');

/**
 * The configuration loader and the renderer, loaded on first use: many test files import this module for
 * its constants and inputs only, and loading the configuration schema (zod) cost each of them 0.2 s.
 */
const lib = {
  load: () => require('../../lib/config/load') as typeof import('../../lib/config/load'),
  synth: () => require('../../lib/cli/synth-command') as typeof import('../../lib/cli/synth-command'),
};

let defaultTree: RenderedTree | undefined;

/**
 * "Now" for the expiry checks of test renders: pattern.yaml's initDataExpiration (and the test inputs')
 * must stay in the future of this date, not of the day the tests run.
 */
export const TEST_NOW = new Date('2026-12-01T00:00:00Z');

/** The rendering of the committed pattern.yaml (memoised). */
export function renderDefault(): RenderedTree {
  defaultTree ??= lib.synth().renderPattern(lib.load().parsePatternYaml(fs.readFileSync(path.join(REPO, 'pattern.yaml'), 'utf8'), 'pattern.yaml', { now: TEST_NOW }));
  return defaultTree;
}

/** The committed example KBS certificate (its key was thrown away). */
export const EXAMPLE_CERT = path.join(REPO, 'certs', 'kbs-ca.EXAMPLE.pem');

/** What a minimal valid cluster group needs besides defaults. */
export function minimalGroup(extra: Record<string, any> = {}): Record<string, any> {
  const { trustee, ...rest } = extra;
  return {
    appsDomain: 'apps.test.example.com',
    ...rest,
    trustee: { initDataExpiration: '2099-01-01T00:00:00Z', ...(trustee ?? {}), kbs: { certificate: EXAMPLE_CERT, ...(trustee?.kbs ?? {}) } },
  };
}

/** A minimal valid configuration; `groups` adds or changes settings of the groups (default one "simple"). */
export function minimalInput(overrides: Record<string, unknown> = {}, groups: Record<string, Record<string, any>> = { simple: {} }): PatternInput {
  return {
    gitops: { repoURL: 'https://git.example.com/org/gitops.git' },
    clusterGroups: Object.fromEntries(Object.entries(groups).map(([n, g]) => [n, minimalGroup(g)])),
    ...overrides,
  } as PatternInput;
}

/** The YAML of a minimal valid pattern.yaml. */
export function minimalYaml(): string {
  return YAML.stringify(minimalInput());
}

/** Renders a configuration object. */
export function render(input: unknown): RenderedTree {
  return lib.synth().renderPattern(lib.load().parsePattern(input, { now: TEST_NOW }));
}

const parsedTrees = new WeakMap<RenderedTree, readonly { file: string; obj: Manifest }[]>();

/** Each YAML file of a rendered tree parsed once (parsing dominated the suite's time); never handed out. */
function parsedManifests(tree: RenderedTree): readonly { file: string; obj: Manifest }[] {
  let parsed = parsedTrees.get(tree);
  if (!parsed) {
    parsed = [...tree].filter(([f]) => f.endsWith('.yaml')).map(([file, content]) => ({ file, obj: YAML.parse(content) as Manifest }));
    parsedTrees.set(tree, parsed);
  }
  return parsed;
}

/** The manifests of a rendered tree (YAML files only), with their paths; fresh copies the caller may change. */
export function manifests(tree: RenderedTree): { file: string; obj: Manifest }[] {
  return parsedManifests(tree).map(({ file, obj }) => ({ file, obj: structuredClone(obj) }));
}

/** The one manifest of `kind` and `name` in a rendered tree (fails the test when absent); a fresh copy. */
export function find(tree: RenderedTree, kind: string, name: string, folder?: string): Manifest & Record<string, any> {
  const hits = parsedManifests(tree).filter(m => m.obj.kind === kind && m.obj.metadata.name === name && (!folder || m.file.startsWith(folder)));
  if (hits.length !== 1) {
    throw new Error(`expected one ${kind} ${name}${folder ? ` in ${folder}` : ''}, found ${hits.length}`);
  }
  return structuredClone(hits[0].obj) as Manifest & Record<string, any>;
}
