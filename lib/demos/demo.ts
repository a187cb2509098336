/**
 * What the pattern needs to know about one demo workload: its key and settings under `workloads` in
 * pattern.yaml, the rules its settings follow beyond their schema, whether it runs confidential pods (and
 * so needs the group's sandbox), the images `workloads.strictImages` checks, and what the posture report
 * says about it. Pure: the configuration reads it, so it imports no construct. How a demo is built into
 * its Argo CD Application is the demo's own `build.ts` (contract: `build.ts` here; list: `builds.ts`).
 * One folder per demo; `index.ts` lists them.
 */
import type { z } from 'zod';
import type { ClusterGroupConfig } from '../config/schema';

type SandboxConfig = ClusterGroupConfig['sandbox'];
import type { TrusteeConfig } from '../config/trustee';
import type { Problem } from '../errors';

/** The settings every demo has. */
export interface DemoSettings {
  /** Whether the group renders it. */
  readonly enabled: boolean;
  /** Its namespace, also the namespace of its Argo CD Application. */
  readonly namespace: string;
}

/** The schema of a demo's settings: every field has a default, so `{}` parses. */
export type DemoSchema = z.ZodType<DemoSettings>;

/** What a demo's rules know about its cluster group. */
export interface DemoContext {
  /** `workloads.<key>` of the group as a full field path; every problem names a field under it. */
  readonly path: string;
  /** The group's sandbox settings. */
  readonly sandbox: SandboxConfig;
  /** The Trustee the group's pods attest to, when the pattern renders it (else an external KBS, or none). */
  readonly trustee?: TrusteeConfig;
}

/** An image a demo's confidential pods run, and the setting that chose it. */
export interface DemoImage {
  /** The field under `workloads.<key>` (e.g. "image"). */
  readonly field: string;
  readonly image: string;
  /** The pods that run it, for the message ("<namespace>/<name>"). */
  readonly usedBy: readonly string[];
}

/** What the posture report's fixes name for a demo. */
export interface DemoPosture {
  /** The setting under `workloads.<key>` that removes its debug (exec-allowed) workload, as "<field>: <value>". */
  readonly removeDebugWorkload?: string;
  /** The field under `workloads.<key>` that grants its debug workload KBS resources. */
  readonly debugGrants?: string;
}

export interface Demo<Key extends string = string, Schema extends DemoSchema = DemoSchema> {
  /** Its key under `workloads` in pattern.yaml, e.g. "kbsAccess". */
  readonly key: Key;
  /** Its Argo CD Application (project `workloads`), e.g. "kbs-access". */
  readonly app: string;
  /** Its settings under `workloads.<key>`. */
  readonly settings: Schema;
  /** It runs confidential pods: it needs the group's sandbox (and a Trustee or KBS to attest to). */
  readonly confidential: boolean;
  /** Problems of its enabled settings with the rest of the group's configuration, under `context.path`. */
  problems(settings: z.output<Schema>, context: DemoContext): Problem[];
  /** The images of its confidential pods, which `workloads.strictImages` requires pinned by digest. */
  images(settings: z.output<Schema>): DemoImage[];
  readonly posture: DemoPosture;
}

/** A demo, with its key and settings types kept (so the configuration's type names its fields). */
export function demo<const Key extends string, Schema extends DemoSchema>(definition: Demo<Key, Schema>): Demo<Key, Schema> {
  return definition;
}
