/**
 * `coco-cdk8s/cli`: the synth command as a function, for a main.ts of your own that adds Applications to
 * the pattern (see examples/my-confidential-app.ts), and the pattern itself (pattern.yaml, CocoPattern).
 * Not part of the library API (lib/index.ts): its types need Node.js's and zod's.
 */
export { runSynth, synthesize, renderPattern, processIO } from './synth-command';
export type { CliIO, Synthesis } from './synth-command';

// pattern.yaml and the whole pattern (PatternGroup is what an `extend` function receives).
export { loadPattern, parsePattern, parsePatternYaml } from '../config/load';
export type { LoadOptions } from '../config/load';
export type { PatternConfig, PatternInput, ClusterGroupConfig } from '../config/schema';
export { CocoPattern } from '../pattern';
export type { CocoPatternProps, PatternGroup } from '../pattern';
