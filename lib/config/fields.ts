/**
 * Reusable field schemas for pattern.yaml. Each carries its own error message; the loader appends the
 * offending value, so a user reads `<path>: <what was expected>, got <value>`.
 */
import { z } from 'zod';
import { dnsLabelProblem, dnsSubdomainProblem, hostNameProblem } from '../naming/dns';

/** A string checked by one of the name rules (the rule's message names what was expected and the value). */
function ruled(rule: (v: string) => string | undefined, pattern: string) {
  return z.string().check(ctx => {
    const problem = rule(ctx.value);
    if (problem) {
      ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    }
  }).meta({ pattern });
}

const LABEL = '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?';
export const dnsLabel = () => ruled(dnsLabelProblem, `^${LABEL}$`);
export const dnsSubdomain = () => ruled(dnsSubdomainProblem, `^${LABEL}(\\.${LABEL})*$`);
export const hostName = () => ruled(hostNameProblem, `^${LABEL}(\\.${LABEL})+$`);

/** A non-empty string without leading or trailing spaces. */
export const nonEmpty = () => z.string().check(ctx => {
  if (ctx.value.trim() === '') {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must not be empty' });
  } else if (ctx.value.trim() !== ctx.value) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must not start or end with white space' });
  }
}).meta({ minLength: 1 });
