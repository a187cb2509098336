import { z } from 'zod';
import { PatternSchema } from './schema';

/**
 * The JSON Schema of pattern.yaml (draft-07, input side: defaults shown, every key optional that has one).
 * A cluster group is one member per cloud that share most of their parts: those are written once, under
 * `definitions`, and referenced.
 */
export function patternJsonSchema(): string {
  const schema = z.toJSONSchema(PatternSchema, { io: 'input', target: 'draft-7', reused: 'ref' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...schema, title: 'coco-cdk8s pattern.yaml' }, null, 2)}\n`;
}
