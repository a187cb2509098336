/**
 * pattern.yaml: the demo apps (one key per demo of lib/demos/, built from the registry) and what they share.
 */
import { z } from 'zod';
import type { Problem } from '../errors';
import { configuredDemos, DEMO_KEYS, DEMOS, DemoKey, DemoSchema, DemoSchemaOf } from '../demos';
import { unpinnedImageProblem } from '../workloads/image';
import type { ClusterGroupConfig } from './schema';

type SandboxConfig = ClusterGroupConfig['sandbox'];
import type { TrusteeConfig } from './trustee';

const demoSchemas = Object.fromEntries(DEMO_KEYS.map(key => [key, (DEMOS[key].settings as DemoSchema).prefault({})])) as {
  readonly [K in DemoKey]: z.ZodPrefault<DemoSchemaOf<K>>;
};

export const WorkloadsSchema = z.strictObject({
  strictImages: z.boolean().default(false).describe('Fail the synth when a confidential workload\'s image is not pinned by digest (default: a warning).'),
  ...demoSchemas,
}).prefault({});

export type WorkloadsConfig = z.output<typeof WorkloadsSchema>;

/** What the demos' rules know of their cluster group. */
export interface WorkloadsContext {
  /** `workloads` of the group as a full field path. */
  readonly path: string;
  readonly sandbox: SandboxConfig;
  /** The Trustee the group's pods attest to, when the pattern renders it. */
  readonly trustee?: TrusteeConfig;
}

/**
 * Every problem of a group's enabled demos, demo by demo in pattern.yaml order, then the images
 * `strictImages` refuses, each at its field (the constructs check again for library users, naming the
 * construct).
 */
export function workloadsProblems(workloads: WorkloadsConfig, { path, sandbox, trustee }: WorkloadsContext): Problem[] {
  const demos = configuredDemos(workloads).filter(d => d.settings.enabled);
  const problems = demos.flatMap(d => {
    const at = `${path}.${d.demo.key}`;
    if (d.demo.confidential && !sandbox.enabled) {
      return [{ path: `${at}.enabled`, message: 'must be false when sandbox.enabled is false (the demo app runs confidential pods), got true' }];
    }
    return d.problems({ path: at, sandbox, trustee });
  });
  if (!workloads.strictImages || !sandbox.enabled) return problems;
  for (const d of demos.filter(x => x.demo.confidential)) {
    for (const { field, image, usedBy } of d.images()) {
      const message = unpinnedImageProblem(image, usedBy);
      if (message) problems.push({ path: `${path}.${d.demo.key}.${field}`, message });
    }
  }
  return problems;
}
