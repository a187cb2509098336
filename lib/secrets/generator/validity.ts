/**
 * How long the KBS certificates are valid.
 */

/** Default days of validity of the KBS server certificate. */
export const DEFAULT_VALIDITY_DAYS = 365;
/** Default days of validity of the KBS CA certificate (pinned in initdata, so changing it means new initdata). */
export const DEFAULT_CA_VALIDITY_DAYS = 3650;

/** Days of validity of the server certificate and the CA, defaults applied; the CA never ends first by default. */
export function effectiveValidity(options: { readonly validityDays?: number; readonly caValidityDays?: number }): {
  readonly serverDays: number;
  readonly caDays: number;
} {
  const serverDays = options.validityDays ?? DEFAULT_VALIDITY_DAYS;
  return { serverDays, caDays: options.caValidityDays ?? Math.max(DEFAULT_CA_VALIDITY_DAYS, serverDays) };
}
