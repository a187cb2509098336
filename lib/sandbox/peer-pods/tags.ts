/**
 * Pod VM tags (`TAGS` in `peer-pods-cm`). CAA splits the value on "," into pairs and each pair on the
 * first "=", then trims spaces (cloud-api-adaptor `KeyValueFlag.Set`), so keys can hold neither "," nor
 * "=", values cannot hold ",", and surrounding spaces would be lost. Each cloud adds its own limits
 * ({@link TagRules}, defined next to its `peer-pods-cm` data).
 */
import { Problem, quote } from '../../errors';

/** One cloud's limits on pod VM tags, beyond the `TAGS` format every cloud shares. */
export interface TagRules {
  /**
   * Why the cloud takes no tags at all: a non-empty tag map is refused with this.
   * @default - tags are supported
   */
  readonly unsupported?: string;
  /** Problem with a tag name under the cloud's rules, or undefined. */
  name?(key: string): string | undefined;
  /** Problem with a tag value under the cloud's rules, or undefined. */
  value?(key: string, value: string): string | undefined;
}

/** Renders tags as CAA reads them: `key1=value1,key2=value2`, in the order given. */
export function renderTags(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags).map(([key, value]) => `${key}=${value}`).join(',');
}

/** Problems with a tag map; every problem has `path` (the tags field itself) and names the key. */
export function tagsProblems(tags: Readonly<Record<string, string>>, path: string, rules: TagRules = {}): Problem[] {
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) {
    return [{ path, message: `must be a map of tag names to values, got ${quote(tags)}` }];
  }
  if (rules.unsupported !== undefined && Object.keys(tags).length > 0) {
    return [{ path, message: `${rules.unsupported}, got ${quote(tags)}` }];
  }
  const problems: Problem[] = [];
  const add = (message: string | undefined) => {
    if (message !== undefined) problems.push({ path, message });
  };
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || /[,=]/.test(key) || key.trim() !== key) {
      add(`tag name ${quote(key)} must be non-empty, without "," or "=" and without leading or trailing spaces (TAGS is rendered "name1=value1,name2=value2")`);
    }
    if (typeof value !== 'string') {
      add(`tag ${quote(key)} must have a text value, got ${quote(value)}`);
      continue;
    }
    if (value.includes(',') || value.trim() !== value) {
      add(`tag ${quote(key)} must have a value without "," and without leading or trailing spaces, got ${quote(value)}`);
    }
    add(rules.name?.(key));
    add(rules.value?.(key, value));
  }
  return problems;
}
