/** Vault and ExternalSecret field formats, pure (pattern.yaml validation uses them without loading cdk8s). */
import { quote } from '../errors';

/** A Secret key / Vault property name. */
export const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
/** A Vault path (KV v2 API form). */
export const VAULT_PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/;

/** A Go duration (`time.ParseDuration`). */
export const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/** Problem with an ExternalSecret refresh interval (a Go duration; "0s" reads once), or undefined. */
export function refreshIntervalProblem(value: string): string | undefined {
  return DURATION.test(value ?? '') ? undefined : `must be a Go duration such as "15s" or "1h0m0s", got ${quote(value)}`;
}

/** Problem with a Vault path (KV v2 API form, e.g. "secret/data/hub/kbsres1"), or undefined. */
export function vaultPathProblem(value: string): string | undefined {
  return VAULT_PATH.test(value ?? '') ? undefined : `must be a Vault path like "secret/data/hub/kbsres1", got ${quote(value)}`;
}

/** Problem with a Secret key / Vault property name, or undefined. */
export function secretKeyProblem(value: string): string | undefined {
  return SECRET_KEY.test(value ?? '') ? undefined : `must be a Secret key (letters, digits, '-', '_', '.'), got ${quote(value)}`;
}
