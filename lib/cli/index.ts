/**
 * `coco-cdk8s/cli`: the synth command as a function, for a main.ts of your own that adds Applications to
 * the pattern (see examples/my-confidential-app.ts). Not part of the library API (lib/index.ts).
 */
export { runSynth, synthesize, renderPattern, processIO } from './synth-command';
export type { CliIO, Synthesis } from './synth-command';
