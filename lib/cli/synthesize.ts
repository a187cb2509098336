/**
 * Renders pattern.yaml configurations: cdk8s, the constructs and the generated CRD classes. The CLI loads it
 * only once the configuration is valid (see {@link runSynth}).
 */
import { App } from 'cdk8s';
import * as os from 'os';
import { PatternConfig } from '../config/schema';
import { CocoPattern, CocoPatternProps } from '../pattern';
import { Warning, warningsOf } from '../output/warnings';
import { Finding, timedFindings } from '../posture';
import { renderApp, RenderedTree } from '../output/render';
import { withRenderMarker } from '../output/write';

/** A posture finding of one cluster group. */
export interface GroupFinding extends Finding {
  readonly group: string;
}

/** The result of a synth: the files, the warnings raised while rendering them, and the posture findings. */
export interface Synthesis {
  readonly files: RenderedTree;
  readonly warnings: readonly Warning[];
  /** Findings written to each group's POSTURE.md. */
  readonly findings: readonly GroupFinding[];
  /** Findings that depend on the date (printed, not written). */
  readonly timedFindings: readonly GroupFinding[];
}

/**
 * The construct tree of a validated configuration, built as synth builds it and not rendered: what the
 * readers of the tree (the secrets generator) walk.
 */
export function buildPattern(config: PatternConfig, extend?: CocoPatternProps['extend']): { app: App; pattern: CocoPattern } {
  const app = new App({ outdir: os.tmpdir() });
  return { app, pattern: new CocoPattern(app, 'pattern', { config, extend }) };
}

/** Renders a validated configuration (no disk access); `extend` adds your own Applications. */
export function synthesize(config: PatternConfig, extend?: CocoPatternProps['extend'], now: Date = new Date()): Synthesis {
  const { app, pattern } = buildPattern(config, extend);
  const files = withRenderMarker(renderApp(app));
  const findings: GroupFinding[] = [];
  const timed: GroupFinding[] = [];
  for (const g of pattern.groups) {
    const posture = pattern.posture(g.name);
    findings.push(...posture.findings.map(f => ({ ...f, group: g.name })));
    timed.push(...timedFindings(posture.facts, now).map(f => ({ ...f, group: g.name })));
  }
  return { files, warnings: warningsOf(app), findings, timedFindings: timed };
}

/** Renders a validated configuration to files (no disk access). */
export function renderPattern(config: PatternConfig): RenderedTree {
  return synthesize(config).files;
}
