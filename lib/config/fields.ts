/**
 * Reusable field schemas for pattern.yaml. Each carries its own error message; the loader appends the
 * offending value, so a user reads `<path>: <what was expected>, got <value>`.
 */
import { z } from 'zod';
import { dnsLabelProblem, dnsSubdomainProblem, hostNameProblem } from '../naming/dns';

/** A string checked by one of the name rules (the rule's message names what was expected and the value). */
function ruled(rule: (v: string) => string | undefined) {
  return z.string().check(ctx => {
    const problem = rule(ctx.value);
    if (problem) {
      ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    }
  });
}

export const dnsLabel = () => ruled(dnsLabelProblem);
export const dnsSubdomain = () => ruled(dnsSubdomainProblem);
export const hostName = () => ruled(hostNameProblem);

/** A non-empty string without leading or trailing spaces. */
export const nonEmpty = () => z.string().trim().min(1, { message: 'must not be empty' });
