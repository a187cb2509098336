/**
 * What the guest does with the KBS certificate pinned in initdata (`[token_configs.kbs] cert` in aa.toml,
 * `[kbc] kbs_cert` in cdh.toml), and therefore what may be pinned.
 *
 * guest-components `attestation-agent/kbs_protocol/src/builder.rs` (`KbsClientBuilder::build`, v0.10.0 to
 * v0.21.0) hands the pinned PEM to `reqwest::Certificate::from_pem` + `add_root_certificate`: it is a
 * **trust anchor** of the TLS client (rustls with the `rust-crypto` feature, OpenSSL through native-tls
 * with `openssl`), which then verifies the certificate the KBS serves. Both stacks reject a chain whose
 * anchor has expired or is not yet valid, and webpki (rustls) rejects a self-signed leaf used as both
 * anchor and server certificate, so the pin must be the CA that issued the KBS's certificate. A file with
 * several certificates means different things to the two stacks (rustls pins every one, OpenSSL's
 * `X509::from_pem` only the first, usually the leaf), so a chain is refused with the name of the
 * certificate to pin instead: the root, the last one of the chain.
 */
import { X509Certificate } from 'crypto';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The facts the rules below need, read from one certificate. */
interface Pin {
  readonly subject: string;
  readonly issuer: string;
  readonly isCa: boolean;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

function read(block: string): Pin {
  const cert = new X509Certificate(block);
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    isCa: cert.ca,
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
  };
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Why `pem` cannot be the certificate the guest pins, or undefined when it can: exactly one parseable
 * X.509 CA certificate, valid at `now` (when given; the validity check needs a clock, so the
 * configuration loader passes one and construct-level checks do not).
 */
export function pinnedCertificateProblem(pem: string, now?: Date): string | undefined {
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  const certs = blocks.filter(b => b[1] === 'CERTIFICATE').map(b => b[0]);
  if (certs.length === 0) {
    const kinds = [...new Set(blocks.map(b => b[1]))];
    return kinds.length > 0
      ? `holds ${kinds.map(k => `a "${k}"`).join(' and ')} PEM block, not a certificate: pin the CA certificate that issued the KBS's certificate (npm run secrets -- init writes it as certs/kbs-ca.pem)`
      : 'must be a PEM certificate ("-----BEGIN CERTIFICATE-----"): the CA certificate that issued the KBS\'s certificate';
  }
  let pins: Pin[];
  try {
    pins = certs.map(read);
  } catch (e) {
    return `is not a valid X.509 certificate: ${(e as Error).message}`;
  }
  if (pins.length > 1) {
    const root = pins[pins.length - 1];
    return `holds ${pins.length} certificates (a chain); the guest pins one trust anchor: pin only the CA, usually the last certificate of the chain ("${root.subject}"), in a file of its own`;
  }
  const [pin] = pins;
  if (!pin.isCa) {
    const selfIssued = pin.subject === pin.issuer;
    return `is a leaf certificate ("${pin.subject}", not a CA): the guest's TLS stack (rustls) does not accept a ${selfIssued ? 'self-signed leaf' : 'leaf'} as trust anchor for the KBS; pin the CA that issued it${selfIssued ? '' : ` ("${pin.issuer}")`} and let the KBS serve the leaf`;
  }
  if (now !== undefined && now.getTime() > pin.notAfter.getTime()) {
    return `expired on ${iso(pin.notAfter)} (valid from ${iso(pin.notBefore)}): the guest rejects it and no workload can reach the KBS; issue a new CA (npm run secrets -- init) and pin it`;
  }
  if (now !== undefined && now.getTime() < pin.notBefore.getTime()) {
    return `is not valid before ${iso(pin.notBefore)} (valid until ${iso(pin.notAfter)}): the guest rejects it until then; check the issuing machine's clock or issue it again`;
  }
  return undefined;
}
