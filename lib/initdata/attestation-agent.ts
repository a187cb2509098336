/**
 * `aa.toml`: how the attestation agent in the guest reaches Trustee (KBS and its attestation service).
 */
import { renderTomlTable } from './toml';

/** Attestation agent settings carried in initdata as `aa.toml`. */
export interface AttestationAgentConfig {
  /** KBS URL, e.g. `https://kbs-trustee-operator-system.apps.example.com`. */
  readonly kbsUrl: string;
  /**
   * PEM of the KBS HTTPS certificate (or its CA) the agent pins.
   * @default - none: the agent uses the guest's trust store
   */
  readonly kbsCertificate?: string;
}

/**
 * Renders `aa.toml`: `[token_configs.coco_as] url` and `[token_configs.kbs] url` set to the KBS URL,
 * plus `[token_configs.kbs] cert` when a certificate is given. Ends with a newline.
 */
export function renderAaToml(config: AttestationAgentConfig): string {
  const kbs: Record<string, string> = { url: config.kbsUrl };
  if (config.kbsCertificate !== undefined) {
    kbs.cert = config.kbsCertificate;
  }
  return renderTomlTable({ token_configs: { coco_as: { url: config.kbsUrl }, kbs } });
}
