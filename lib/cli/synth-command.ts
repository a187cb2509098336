/**
 * `npm run synth`: renders pattern.yaml into the output folder, atomically.
 *
 *   --config FILE   pattern file (default: pattern.yaml)
 *   --output DIR    output folder (default: $CDK8S_OUTDIR, else dist)
 *   --check         render, compare with the output folder, exit 1 and list what differs when stale
 */
import * as path from 'path';
import { parseArgs } from 'util';
import { loadPattern } from '../config/load';
import type { PatternConfig } from '../config/schema';
import { InputError, formatProblem } from '../errors';
import type { CocoPatternProps } from '../pattern';
import type { RenderedTree } from '../output/render';
import { diffTree, OutputFolderError, writeTree } from '../output/write';
import type { Synthesis } from './synthesize';

/** Where the CLI writes; tests pass their own. */
export interface CliIO {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export const processIO = (): CliIO => ({
  out: line => process.stdout.write(`${line}\n`),
  err: line => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd: process.cwd(),
});

export type { GroupFinding, Synthesis } from './synthesize';

/**
 * The render half of the synth: cdk8s, every construct and the generated CRD classes, which take most of a
 * synth's start-up. Loaded on first use, so that a configuration with problems is reported before any of it
 * loads (lib/config never imports a construct).
 */
function renderer(): typeof import('./synthesize') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./synthesize') as typeof import('./synthesize');
}

/** Renders a validated configuration (no disk access); `extend` adds your own Applications. */
export function synthesize(config: PatternConfig, extend?: CocoPatternProps['extend'], now: Date = new Date()): Synthesis {
  return renderer().synthesize(config, extend, now);
}

/** Renders a validated configuration to files (no disk access). */
export function renderPattern(config: PatternConfig): RenderedTree {
  return renderer().renderPattern(config);
}

/**
 * Runs the synth command; returns the exit code. Never throws for bad input. `extend` adds your own
 * Applications to the pattern (see README, "Your own confidential app").
 */
export function runSynth(argv: string[], io: CliIO, extend?: CocoPatternProps['extend']): number {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        output: { type: 'string' },
        check: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    io.err(`error: ${(e as Error).message.split('\n')[0]} (see --help)`);
    return 1;
  }
  if (args.help) {
    io.out('usage: npm run synth -- [--config pattern.yaml] [--output dist] [--check] [--strict]');
    io.out('  --check   compare the output folder with what pattern.yaml renders; exit 1 when stale');
    io.out('  --strict  exit 1 (and write nothing) when the posture report has a high finding');
    return 0;
  }
  const configFile = path.resolve(io.cwd, args.config ?? 'pattern.yaml');
  const outDir = path.resolve(io.cwd, args.output ?? io.env.CDK8S_OUTDIR ?? 'dist');
  const shown = (p: string) => {
    const rel = path.relative(io.cwd, p);
    return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel || '.';
  };

  let tree: RenderedTree;
  let result: Synthesis;
  try {
    result = synthesize(loadPattern(configFile, shown(configFile)), extend);
    tree = result.files;
  } catch (e) {
    return reportError(e, io, shown(configFile));
  }
  for (const w of result.warnings) {
    io.err(`warning: ${w.path.split('/')[1] ?? w.path}: ${w.message}`);
  }
  for (const f of result.timedFindings) {
    io.err(`posture: ${f.group}: ${f.severity}: ${f.title} (fix: ${f.fix})`);
  }
  if (args.strict) {
    const high = [...result.findings, ...result.timedFindings].filter(f => f.severity === 'high');
    if (high.length > 0) {
      for (const f of high) {
        io.err(`error: posture: ${f.group}: ${f.title} (fix: ${f.fix})`);
      }
      io.err(`--strict: ${high.length} high finding(s) in the posture report; nothing written`);
      return 1;
    }
  }

  if (args.check) {
    let diffs: ReturnType<typeof diffTree>;
    try {
      diffs = diffTree(tree, outDir);
    } catch (e) {
      // Problems name the folder as the user gave it, not its absolute path.
      return reportError(e instanceof InputError ? new InputError(e.problems.map(p => ({ ...p, path: p.path === outDir ? shown(outDir) : p.path }))) : e, io, shown(outDir));
    }
    if (diffs.length === 0) {
      io.out(`${shown(outDir)} is up to date (${tree.size} files)`);
      return 0;
    }
    for (const d of diffs) {
      const what = d.change === 'missing' ? 'missing (rendered, not in the folder)'
        : d.change === 'stale' ? 'stale (in the folder, no longer rendered)' : 'differs from what the configuration renders';
      io.err(`${shown(path.join(outDir, d.file))}: ${what}`);
    }
    io.err(`${shown(outDir)} is stale: ${diffs.length} file(s) differ; run "npm run synth" and commit the result`);
    return 1;
  }

  let outcome: ReturnType<typeof writeTree>;
  try {
    outcome = writeTree(tree, outDir, { cwd: io.cwd, inputs: [configFile] });
  } catch (e) {
    const message = (e as Error).message.split('\n')[0];
    io.err(e instanceof OutputFolderError
      ? `error: output folder ${shown(outDir)}: ${message}; nothing written`
      : `error: cannot write ${shown(outDir)}: ${message}`);
    return 1;
  }
  io.out(`rendered ${tree.size} files into ${shown(outDir)}${outcome === 'unchanged' ? ' (no file changed)' : ''}`);
  return 0;
}

/** Prints an error without a stack trace (unless COCO_DEBUG is set) and returns exit code 1. */
export function reportError(e: unknown, io: CliIO, source: string): number {
  if (e instanceof InputError) {
    for (const p of e.problems) {
      io.err(`error: ${formatProblem(p)}`);
    }
    return 1;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.err(`error: ${source}: ${message.split('\n').join(' ')}`);
  if (io.env.COCO_DEBUG && e instanceof Error && e.stack) {
    io.err(e.stack);
  }
  return 1;
}
