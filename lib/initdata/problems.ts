/**
 * Validation of an {@link InitDataSpec} for the TEE it will be bound in. Works on `unknown` values so
 * it also catches mistakes that did not come through the TypeScript types. Messages never echo
 * private key material.
 */
import { InputError, Problem, quote } from '../errors';
import { initDataAlgorithmProblem } from './algorithm';
import { InitDataBinding, initDataBindingProblem } from './binding';
import { InitDataSpec, buildInitData } from './build';
import { pinnedCertificateProblem } from './pinned-certificate';

/** Options of {@link initDataProblems}. */
export interface InitDataProblemOptions {
  /**
   * Accept a plain `http://` KBS URL (a lab KBS without TLS). An http URL together with a pinned
   * certificate is refused either way.
   * @default false
   */
  readonly allowHttp?: boolean;
}

/**
 * Upper bound for encoded initdata on Azure peer pods: the cloud-api-adaptor ships it in the VM's
 * custom data, which Azure caps at about 64 KiB.
 */
export const AZURE_CUSTOM_DATA_BUDGET_BYTES = 64 * 1024;

/** Upper bound for encoded initdata in a pod annotation: Kubernetes caps all annotations of an object at 256 KiB. */
export const ANNOTATION_BUDGET_BYTES = 256 * 1024;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/;
const PRIVATE_KEY_HEADER = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const KBS_RESOURCE_URI = /^kbs:\/\/\/[^/\s]+\/[^/\s]+\/[^/\s]+$/;
const AGENT_POLICY_PACKAGE = /^[ \t]*package[ \t]+agent_policy[ \t]*$/m;

/**
 * Every problem with `spec` when its digest is bound through `binding`, each with a field path under
 * `path` (e.g. `clusterGroups.simple.initData` gives `...initData.aa.kbsUrl`). Checks the algorithm
 * (Azure vTPM needs sha256), the version, that KBS URLs use https (unless `allowHttp`; never http with
 * a pinned certificate), that certificates are PEM X.509 certificates Node can parse and no private
 * keys, the image policy URI, the policy text, that every value can be written into the document,
 * and that the encoded size fits where the cluster carries it. Empty when the spec can be used.
 */
export function initDataProblems(
  spec: InitDataSpec,
  binding: InitDataBinding,
  path: string,
  options: InitDataProblemOptions = {},
): Problem[] {
  const value: unknown = spec;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path, message: `must be an object with an "algorithm", got ${quote(value)}` }];
  }
  const problems: Problem[] = [];
  const bindingProblem = initDataBindingProblem(binding);
  if (bindingProblem) {
    problems.push({ path, message: `binding ${bindingProblem}` });
  }
  problems.push(...algorithmProblems(spec.algorithm, binding, `${path}.algorithm`));
  if (spec.version !== undefined && (typeof spec.version !== 'string' || !/^[0-9]+\.[0-9]+\.[0-9]+$/.test(spec.version))) {
    problems.push({ path: `${path}.version`, message: `must be a version of three numbers such as "0.1.0", got ${quote(spec.version)}` });
  }
  const allowHttp = options.allowHttp === true;
  if (spec.aa !== undefined) {
    problems.push(...kbsClientProblems(spec.aa, `${path}.aa`, allowHttp));
  }
  if (spec.cdh !== undefined) {
    problems.push(...kbsClientProblems(spec.cdh, `${path}.cdh`, allowHttp));
    const uri: unknown = spec.cdh?.imageSecurityPolicyUri;
    if (uri !== undefined && (typeof uri !== 'string' || !KBS_RESOURCE_URI.test(uri))) {
      problems.push({
        path: `${path}.cdh.imageSecurityPolicyUri`,
        message: `must be a KBS resource URI such as "kbs:///default/security-policy/osc", got ${quote(uri)}`,
      });
    }
  }
  if (spec.policy !== undefined && (typeof spec.policy !== 'string' || !AGENT_POLICY_PACKAGE.test(spec.policy))) {
    problems.push({ path: `${path}.policy`, message: `must be Rego text declaring "package agent_policy", got ${quote(spec.policy)}` });
  }
  if (problems.length > 0) {
    return problems;
  }
  return renderingProblems(spec, binding, path);
}

function algorithmProblems(algorithm: unknown, binding: InitDataBinding, path: string): Problem[] {
  const problem = initDataAlgorithmProblem(algorithm);
  if (problem) {
    return [{ path, message: problem }];
  }
  if (binding === 'azure-vtpm' && algorithm !== 'sha256') {
    return [{
      path,
      message: `must be "sha256" for Azure vTPM (peer pods): the attestation agent extends PCR 8 only with a 32-byte digest, got ${quote(algorithm)}`,
    }];
  }
  return [];
}

/** Problems with the KBS URL and pinned certificate that aa.toml and cdh.toml both carry. */
function kbsClientProblems(config: unknown, path: string, allowHttp: boolean): Problem[] {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return [{ path, message: `must be an object with a "kbsUrl", got ${quote(config)}` }];
  }
  const { kbsUrl, kbsCertificate } = config as { kbsUrl?: unknown; kbsCertificate?: unknown };
  const problems = kbsUrlProblems(kbsUrl, kbsCertificate !== undefined, `${path}.kbsUrl`, allowHttp);
  if (kbsCertificate !== undefined) {
    const problem = certificateProblem(kbsCertificate);
    if (problem) {
      problems.push({ path: `${path}.kbsCertificate`, message: problem });
    }
  }
  return problems;
}

function kbsUrlProblems(kbsUrl: unknown, pinned: boolean, path: string, allowHttp: boolean): Problem[] {
  const example = 'must be a URL such as "https://kbs-trustee-operator-system.apps.example.com"';
  if (typeof kbsUrl !== 'string') {
    return [{ path, message: `${example}, got ${quote(kbsUrl)}` }];
  }
  if (/[\s\u0000-\u001F\u007F]/.test(kbsUrl)) {
    return [{ path, message: `must be a URL without whitespace or control characters, got ${quote(kbsUrl)}` }];
  }
  let url: URL;
  try {
    url = new URL(kbsUrl);
  } catch {
    return [{ path, message: `${example}, got ${quote(kbsUrl)}` }];
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return [{ path, message: `must be an https:// URL, got ${quote(kbsUrl)}` }];
  }
  if (url.username !== '' || url.password !== '') {
    return [{ path, message: `must not carry credentials (initdata is public), got ${quote(`${url.protocol}//***@${url.host}`)}` }];
  }
  const problems: Problem[] = [];
  if (url.protocol === 'http:' && pinned) {
    problems.push({ path, message: `must be an https:// URL when a KBS certificate is pinned (http with a certificate is contradictory), got ${quote(kbsUrl)}` });
  } else if (url.protocol === 'http:' && !allowHttp) {
    problems.push({ path, message: `must be an https:// URL (plain http is accepted only with allowHttp, for a lab KBS), got ${quote(kbsUrl)}` });
  }
  if (url.search !== '' || url.hash !== '') {
    problems.push({ path, message: `must not carry a query or fragment, got ${quote(kbsUrl)}` });
  }
  return problems;
}

/** Why `pem` cannot be the pinned KBS certificate (see {@link pinnedCertificateProblem}), or undefined. Never quotes key material. */
function certificateProblem(pem: unknown): string | undefined {
  if (typeof pem !== 'string') {
    return `must be PEM text of an X.509 certificate, got ${quote(pem)}`;
  }
  const privateKey = PRIVATE_KEY_HEADER.exec(pem);
  if (privateKey) {
    return `must be a public certificate, not a private key (initdata is rendered into dist/ and sent to the cluster in clear), got ${quote(privateKey[0])}`;
  }
  if (!PEM_CERTIFICATE.test(pem)) {
    return `must contain a PEM certificate starting with "-----BEGIN CERTIFICATE-----", got ${quote(pem)}`;
  }
  const problem = pinnedCertificateProblem(pem);
  return problem === undefined ? undefined : `must be the one CA certificate the guest pins: it ${problem}`;
}

/** Problems found by rendering the document (content that cannot be written) and with its size. */
function renderingProblems(spec: InitDataSpec, binding: InitDataBinding, path: string): Problem[] {
  let sizeBytes: number;
  try {
    sizeBytes = buildInitData(spec).sizeBytes;
  } catch (error) {
    if (error instanceof InputError) {
      return error.problems.map(problem => ({ path: specPath(problem.path, path), message: problem.message }));
    }
    throw error;
  }
  const [budget, carrier] = binding === 'azure-vtpm'
    ? [AZURE_CUSTOM_DATA_BUDGET_BYTES, 'the Azure custom-data budget of peer pods']
    : [ANNOTATION_BUDGET_BYTES, 'the Kubernetes annotation size limit'];
  if (sizeBytes > budget) {
    return [{ path, message: `must encode to at most ${budget} bytes to fit ${carrier}, got ${sizeBytes} bytes` }];
  }
  return [];
}

/** Maps a problem path from the document renderer onto the spec's field names. */
function specPath(documentPath: string, path: string): string {
  const fields: Record<string, string> = {
    'data["aa.toml"]': 'aa',
    'data["cdh.toml"]': 'cdh',
    'data["policy.rego"]': 'policy',
  };
  return `${path}.${fields[documentPath] ?? documentPath}`;
}
