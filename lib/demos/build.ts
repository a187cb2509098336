/**
 * How a demo is built: its constructs inside its Argo CD Application, from its settings and the group's
 * confidential runtime. The construct side of a demo (`<demo>/build.ts`), kept apart from its pure
 * descriptor (`<demo>/demo.ts`) so that the configuration loads no construct.
 */
import type { Construct } from 'constructs';
import type { ConfidentialRuntime } from '../workloads/confidential-runtime';
import type { DemoKey, DemoSettingsOf } from '.';

export interface DemoBuildContext {
  /** The group's confidential runtime (runtime class, KBS, initdata); a confidential demo is only built with one. */
  readonly runtime: ConfidentialRuntime;
  /** Fail instead of warning when a confidential image is not pinned by digest (`workloads.strictImages`). */
  readonly strictImages: boolean;
}

/** Builds demo `K` into `scope` (its Argo CD Application) under the construct id `id` (its app name). */
export type DemoBuild<K extends DemoKey> = (scope: Construct, id: string, settings: DemoSettingsOf<K>, context: DemoBuildContext) => void;
