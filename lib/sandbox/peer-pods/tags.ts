/**
 * Pod VM tags (`TAGS` in `peer-pods-cm`). CAA splits the value on "," into pairs and each pair on the
 * first "=", then trims spaces (cloud-api-adaptor `KeyValueFlag.Set`), so keys can hold neither "," nor
 * "=", values cannot hold ",", and surrounding spaces would be lost. The clouds add their own limits.
 */
import { Problem, quote } from '../../errors';
import { Cloud } from './cloud';

/** Characters Azure refuses in tag names (Azure resource naming rules, `tagNames`). */
const AZURE_TAG_NAME_FORBIDDEN = /[<>%&\\?/]/;

/** Renders tags as CAA reads them: `key1=value1,key2=value2`, in the order given. */
export function renderTags(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags).map(([key, value]) => `${key}=${value}`).join(',');
}

/** Problems with a tag map; every problem has `path` (the tags field itself) and names the key. */
export function tagsProblems(tags: Readonly<Record<string, string>>, path: string, cloud?: Cloud): Problem[] {
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) {
    return [{ path, message: `must be a map of tag names to values, got ${quote(tags)}` }];
  }
  if (cloud === 'libvirt' && Object.keys(tags).length > 0) {
    return [{ path, message: `is not supported on libvirt (CAA's libvirt provider has no TAGS setting), got ${quote(tags)}` }];
  }
  const problems: Problem[] = [];
  const add = (message: string) => problems.push({ path, message });
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
    if (cloud === 'azure') {
      if (key.length > 512 || AZURE_TAG_NAME_FORBIDDEN.test(key)) {
        add(`tag name ${quote(key)} must be at most 512 characters without any of < > % & \\ ? / (Azure tag name rules)`);
      }
      if (value.length > 256) {
        add(`tag ${quote(key)} must have a value of at most 256 characters (Azure), got ${value.length}`);
      }
    }
    if (cloud === 'aws') {
      if (key.length > 128 || key.toLowerCase().startsWith('aws:')) {
        add(`tag name ${quote(key)} must be at most 128 characters and must not start with "aws:" (AWS tag rules)`);
      }
      if (value.length > 256) {
        add(`tag ${quote(key)} must have a value of at most 256 characters (AWS), got ${value.length}`);
      }
    }
  }
  return problems;
}
