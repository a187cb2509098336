/**
 * Kubernetes name rules (RFC 1123 as Kubernetes applies them). cdk8s does not check names
 * (`Names.toDnsLabel` lets `_` and `.` through), so every name we render or accept goes through here.
 */
import { quote } from '../errors';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Problem with a DNS-1123 label (Namespace, Service, Route names, secret resource names), or undefined. */
export function dnsLabelProblem(value: string): string | undefined {
  if (typeof value !== 'string' || !LABEL.test(value) || value.length > 63) {
    return `must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got ${quote(value)}`;
  }
  return undefined;
}

/** Problem with a DNS-1123 subdomain (most object names), or undefined. */
export function dnsSubdomainProblem(value: string): string | undefined {
  if (typeof value !== 'string' || !SUBDOMAIN.test(value) || value.length > 253) {
    return `must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters), got ${quote(value)}`;
  }
  return undefined;
}

/** Problem with a fully qualified host name (a Route host, a cluster's apps domain), or undefined. */
export function hostNameProblem(value: string): string | undefined {
  const labels = typeof value === 'string' ? value.split('.') : [];
  if (labels.length < 2 || value.length > 253 || labels.some(l => !LABEL.test(l) || l.length > 63)) {
    return `must be a DNS name of at least two lowercase labels (e.g. "apps.cluster.example.com"), got ${quote(value)}`;
  }
  return undefined;
}

/** True when `value` is a valid DNS-1123 label. */
export function isDnsLabel(value: string): boolean {
  return dnsLabelProblem(value) === undefined;
}

/** The host OpenShift gives a Route without an explicit host (`<name>-<namespace>.<apps domain>`). */
export function defaultRouteHost(name: string, namespace: string, appsDomain: string): string {
  return `${name}-${namespace}.${appsDomain}`;
}
