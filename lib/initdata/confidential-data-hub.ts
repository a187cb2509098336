/**
 * `cdh.toml`: how the confidential data hub in the guest fetches secrets and image policy from the KBS.
 */
import { renderTomlTable } from './toml';

/** The socket the confidential data hub listens on inside the guest. */
export const CDH_SOCKET = 'unix:///run/confidential-containers/cdh.sock';

/** Confidential data hub settings carried in initdata as `cdh.toml`. */
export interface ConfidentialDataHubConfig {
  /** KBS URL, e.g. `https://kbs-trustee-operator-system.apps.example.com`. */
  readonly kbsUrl: string;
  /**
   * PEM of the KBS HTTPS certificate (or its CA) the hub pins.
   * @default - none: the hub uses the guest's trust store
   */
  readonly kbsCertificate?: string;
  /**
   * KBS resource holding the container image signature policy, e.g. `kbs:///default/security-policy/osc`.
   * @default - none: the guest's default image policy applies
   */
  readonly imageSecurityPolicyUri?: string;
}

/**
 * Renders `cdh.toml`: `socket`, `credentials = []`, `[kbc]` with `name = "cc_kbc"`, `url` and
 * `kbs_cert` (when given), and `[image] image_security_policy_uri` (when given). Ends with a newline.
 */
export function renderCdhToml(config: ConfidentialDataHubConfig): string {
  const kbc: Record<string, string> = { name: 'cc_kbc', url: config.kbsUrl };
  if (config.kbsCertificate !== undefined) {
    kbc.kbs_cert = config.kbsCertificate;
  }
  const table: Record<string, unknown> = { socket: CDH_SOCKET, credentials: [], kbc };
  if (config.imageSecurityPolicyUri !== undefined) {
    table.image = { image_security_policy_uri: config.imageSecurityPolicyUri };
  }
  return renderTomlTable(table);
}
