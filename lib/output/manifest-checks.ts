/**
 * Checks every rendered object before anything is written: names Kubernetes accepts, a namespace
 * exactly on namespaced kinds, and no secret values (those reach clusters through ExternalSecrets).
 */
import { Problem, quote } from '../errors';
import { apiResourceOf } from '../gitops/api-resources';
import { dnsLabelProblem, dnsSubdomainProblem } from '../naming/dns';

/** A rendered Kubernetes object. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [key: string]: unknown;
}

/** Kinds whose names must be DNS-1123 labels rather than subdomains. */
const LABEL_NAMED = new Set(['Namespace', 'Service', 'Route']);
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Problems with one object; `where` names it in messages (its output path). */
export function manifestProblems(obj: Manifest, where: string): Problem[] {
  const problems: Problem[] = [];
  const add = (message: string) => problems.push({ path: where, message });
  const name = obj.metadata?.name;
  if (!name) {
    add('metadata.name is missing');
  } else {
    const problem = LABEL_NAMED.has(obj.kind) ? dnsLabelProblem(name) : dnsSubdomainProblem(name);
    if (problem) add(`metadata.name ${problem}`);
  }
  let namespaced: boolean | undefined;
  try {
    namespaced = apiResourceOf(obj.apiVersion, obj.kind).namespaced;
  } catch (e) {
    add((e as Error).message);
  }
  const ns = obj.metadata?.namespace;
  if (namespaced === true) {
    if (!ns) {
      add(`metadata.namespace is missing on namespaced kind ${obj.kind}`);
    } else {
      const problem = dnsLabelProblem(ns);
      if (problem) add(`metadata.namespace ${problem}`);
    }
  } else if (namespaced === false && ns !== undefined) {
    add(`metadata.namespace must not be set on cluster-scoped kind ${obj.kind}, got ${quote(ns)}`);
  }
  for (const [key, value] of Object.entries(obj.metadata?.labels ?? {})) {
    const [prefix, local] = key.includes('/') ? key.split('/', 2) : [undefined, key];
    if ((prefix !== undefined && dnsSubdomainProblem(prefix)) || !QUALIFIED_NAME.test(local) || local.length > 63) {
      add(`metadata.labels key ${quote(key)} is not a valid label key`);
    }
    if (typeof value !== 'string' || !LABEL_VALUE.test(value) || value.length > 63) {
      add(`metadata.labels.${key} value ${quote(value)} is not a valid label value`);
    }
  }
  if (obj.kind === 'Secret' && obj.apiVersion === 'v1' && (obj.data !== undefined || obj.stringData !== undefined)) {
    add('a Secret with data must not be rendered: secret values reach the cluster through an ExternalSecret from Vault');
  }
  return problems;
}
