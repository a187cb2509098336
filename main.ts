/**
 * The cdk8s app: `npm run synth` and `npx cdk8s synth` run this file.
 * It only calls the CLI in lib/; nothing imports it.
 */
import { processIO, runSynth } from './lib/cli/synth-command';

process.exitCode = runSynth(process.argv.slice(2), processIO());
