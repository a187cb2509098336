/**
 * `npm run secrets -- init [--dir DIR] [--config pattern.yaml] [--ssh]`: generates the KBS material and
 * values-secret.yaml for the pattern (see lib/cli/secrets-command.ts).
 */
import { runSecrets } from '../lib/cli/secrets-command';
import { processIO } from '../lib/cli/synth-command';

void (async () => {
  process.exitCode = await runSecrets(process.argv.slice(2), processIO());
})();
