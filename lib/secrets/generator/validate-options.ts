/**
 * Checks the declarative parts of {@link InitSecretsOptions}: hosts, validity and the secrets to emit.
 * Every problem names the option path (`secrets[0].fields[1].source.material`) and quotes the value.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Problem, quote } from '../../errors';
import { isDnsLabel } from '../../naming/dns';
import { inlineValueProblem, shellQuotedPathProblem } from './load-secrets-rules';
import { isMaterialName, MATERIAL_FILES, MATERIAL_NAMES } from './materials';
import { MAX_RANDOM_BYTES } from './random-value';
import { InitSecretsOptions, SecretFieldSpec, SecretSpec } from './types';
import { effectiveValidity } from './validity';

/** Secret and field names: Kubernetes Secret key characters (the field becomes a Secret key via External Secrets). */
const NAME = /^[-._a-zA-Z0-9]+$/;
/** A Vault path prefix: segments of letters, digits, `-` and `_`, separated by `/`. */
const VAULT_PREFIX = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
const SOURCE_KINDS = ['random', 'material', 'value', 'file'] as const;
const MAX_DAYS = 36500;

/** Problems with `options.kbsHosts`, `validityDays`, `caValidityDays`, `sshKey` and `secrets`. */
export function validateOptions(options: InitSecretsOptions): Problem[] {
  return [
    ...validateHosts(options.kbsHosts),
    ...validateDays('validityDays', options.validityDays),
    ...validateDays('caValidityDays', options.caValidityDays),
    ...validateValidityOrder(options),
    ...validateNow(options.now),
    ...validateSecrets(options.secrets, options.sshKey === true),
  ];
}

/**
 * Problem with a host name for a certificate's subjectAltName, or undefined: lowercase DNS labels separated by
 * dots (a single label such as `kbs-service` is fine), at most 253 characters.
 */
export function kbsHostProblem(host: unknown): string | undefined {
  const labels = typeof host === 'string' ? host.split('.') : [];
  if (typeof host !== 'string' || host.length > 253 || labels.some(label => !isDnsLabel(label))) {
    return `must be a DNS name (lowercase labels of letters, digits and '-', separated by '.', e.g. "kbs.apps.example.com"), got ${quote(host)}`;
  }
  return undefined;
}

function validateHosts(hosts: readonly string[]): Problem[] {
  if (!Array.isArray(hosts) || hosts.length === 0) {
    return [{ path: 'kbsHosts', message: `must list at least one DNS name for the KBS certificate, got ${quote(hosts)}` }];
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  hosts.forEach((host, i) => {
    const problem = kbsHostProblem(host);
    if (problem) {
      problems.push({ path: `kbsHosts[${i}]`, message: problem });
    } else if (seen.has(host)) {
      problems.push({ path: `kbsHosts[${i}]`, message: `must not repeat a host, got ${quote(host)} twice` });
    }
    seen.add(host);
  });
  return problems;
}

function validateDays(field: string, days: number | undefined): Problem[] {
  if (days === undefined || (Number.isInteger(days) && days >= 1 && days <= MAX_DAYS)) {
    return [];
  }
  return [{ path: field, message: `must be a whole number of days from 1 to ${MAX_DAYS}, got ${quote(days)}` }];
}

function validateValidityOrder(options: InitSecretsOptions): Problem[] {
  const { serverDays, caDays } = effectiveValidity(options);
  if (options.caValidityDays !== undefined && serverDays > caDays) {
    const source = options.validityDays === undefined ? 'the default validityDays' : 'validityDays';
    return [{
      path: 'caValidityDays',
      message: `must be at least ${source} (${serverDays}) so the CA outlives the server certificate, got ${quote(caDays)}`,
    }];
  }
  return [];
}

function validateNow(now: Date | undefined): Problem[] {
  if (now === undefined || (now instanceof Date && !Number.isNaN(now.getTime()))) {
    return [];
  }
  return [{ path: 'now', message: `must be a valid Date, got ${quote(String(now))}` }];
}

function validateSecrets(secrets: readonly SecretSpec[], sshKey: boolean): Problem[] {
  if (!Array.isArray(secrets)) {
    return [{ path: 'secrets', message: `must be a list of secrets, got ${quote(secrets)}` }];
  }
  const problems: Problem[] = [];
  const names = new Set<string>();
  secrets.forEach((secret, i) => {
    const at = `secrets[${i}]`;
    if (typeof secret !== 'object' || secret === null) {
      problems.push({ path: at, message: `must be a secret ({ name, vaultPrefixes, fields }), got ${quote(secret)}` });
      return;
    }
    problems.push(...unknownKeys(at, secret, ['name', 'vaultPrefixes', 'fields']));
    problems.push(...validateName(`${at}.name`, secret.name, 'secret'));
    if (typeof secret.name === 'string' && names.has(secret.name)) {
      problems.push({ path: `${at}.name`, message: `must be unique (load-secrets rejects duplicate secret names), got ${quote(secret.name)} twice` });
    }
    names.add(secret.name);
    problems.push(...validatePrefixes(`${at}.vaultPrefixes`, secret.vaultPrefixes));
    problems.push(...validateFields(`${at}.fields`, secret.fields, sshKey));
  });
  return problems;
}

function validateName(at: string, name: unknown, what: string): Problem[] {
  if (typeof name !== 'string' || !NAME.test(name) || name === '.' || name === '..') {
    return [{ path: at, message: `must be a ${what} name of letters, digits, '-', '_' and '.', got ${quote(name)}` }];
  }
  return [];
}

function validatePrefixes(at: string, prefixes: readonly string[]): Problem[] {
  if (!Array.isArray(prefixes) || prefixes.length === 0) {
    return [{ path: at, message: `must list at least one Vault prefix (e.g. ["hub"]), got ${quote(prefixes)}` }];
  }
  return prefixes.flatMap((prefix, i) => typeof prefix === 'string' && VAULT_PREFIX.test(prefix)
    ? []
    : [{ path: `${at}[${i}]`, message: `must be a Vault path prefix such as "hub" or "global", got ${quote(prefix)}` }]);
}

function validateFields(at: string, fields: readonly SecretFieldSpec[], sshKey: boolean): Problem[] {
  if (!Array.isArray(fields) || fields.length === 0) {
    return [{ path: at, message: `must list at least one field (load-secrets rejects a secret without fields), got ${quote(fields)}` }];
  }
  const problems: Problem[] = [];
  const names = new Set<string>();
  fields.forEach((field, i) => {
    const fieldAt = `${at}[${i}]`;
    if (typeof field !== 'object' || field === null) {
      problems.push({ path: fieldAt, message: `must be a field ({ name, source }), got ${quote(field)}` });
      return;
    }
    problems.push(...unknownKeys(fieldAt, field, ['name', 'source']));
    problems.push(...validateName(`${fieldAt}.name`, field.name, 'field'));
    if (typeof field.name === 'string' && names.has(field.name)) {
      problems.push({ path: `${fieldAt}.name`, message: `must be unique within the secret, got ${quote(field.name)} twice` });
    }
    names.add(field.name);
    problems.push(...validateSource(`${fieldAt}.source`, field.source, sshKey));
  });
  return problems;
}

function validateSource(at: string, source: unknown, sshKey: boolean): Problem[] {
  if (typeof source !== 'object' || source === null) {
    return [{ path: at, message: `must be one of { random }, { material }, { value }, { file }, got ${quote(typeof source === 'object' ? source : typeof source)}` }];
  }
  const record = source as Record<string, unknown>;
  const kinds = SOURCE_KINDS.filter(kind => kind in record);
  if (kinds.length !== 1) {
    return [{ path: at, message: `must have exactly one of random, material, value, file, got the keys ${quote(Object.keys(record))}` }];
  }
  const kind = kinds[0];
  const extra = unknownKeys(at, record, kind === 'random' ? ['random', 'encoding'] : [kind]);
  switch (kind) {
    case 'random':
      return [...extra, ...validateRandom(at, record.random, record.encoding)];
    case 'material':
      return [...extra, ...validateMaterial(`${at}.material`, record.material, sshKey)];
    case 'value':
      return [...extra, ...validateLiteral(`${at}.value`, record.value)];
    case 'file':
      return [...extra, ...validateFile(`${at}.file`, record.file)];
  }
}

function validateRandom(at: string, bytes: unknown, encoding: unknown): Problem[] {
  const problems: Problem[] = [];
  if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 1 || bytes > MAX_RANDOM_BYTES) {
    problems.push({ path: `${at}.random`, message: `must be a number of bytes from 1 to ${MAX_RANDOM_BYTES}, got ${quote(bytes)}` });
  }
  if (encoding !== undefined && encoding !== 'base64' && encoding !== 'hex') {
    problems.push({ path: `${at}.encoding`, message: `must be "base64" or "hex", got ${quote(encoding)}` });
  }
  return problems;
}

function validateMaterial(at: string, material: unknown, sshKey: boolean): Problem[] {
  if (!isMaterialName(material)) {
    return [{ path: at, message: `must be one of ${MATERIAL_NAMES.join(', ')}, got ${quote(material)}` }];
  }
  if (MATERIAL_FILES[material].sshOnly && !sshKey) {
    return [{ path: at, message: `needs sshKey: true (the SSH key pair is opt-in), got ${quote(material)} without it` }];
  }
  return [];
}

function validateLiteral(at: string, value: unknown): Problem[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [{ path: at, message: `must be a non-empty string (load-secrets rejects an empty value), got ${quote(typeof value === 'string' ? value : typeof value)}` }];
  }
  const problem = inlineValueProblem(value);
  return problem ? [{ path: at, message: problem }] : [];
}

function validateFile(at: string, file: unknown): Problem[] {
  if (typeof file !== 'string' || !path.isAbsolute(file)) {
    return [{ path: at, message: `must be an absolute path (load-secrets reads it from wherever it runs), got ${quote(file)}` }];
  }
  const shellProblem = shellQuotedPathProblem(file);
  if (shellProblem) {
    return [{ path: at, message: shellProblem }];
  }
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    stat = undefined;
  }
  if (!stat?.isFile()) {
    return [{ path: at, message: `must be an existing file (load-secrets fails on a missing path), got ${quote(file)}` }];
  }
  return [];
}

function unknownKeys(at: string, value: object, allowed: readonly string[]): Problem[] {
  return Object.keys(value)
    .filter(key => !allowed.includes(key))
    .map(key => ({ path: `${at}.${key}`, message: `is not a known option (expected ${allowed.join(', ')}), got ${quote(key)}` }));
}
