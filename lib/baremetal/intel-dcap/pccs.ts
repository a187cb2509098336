import * as k8s from '../../../imports/k8s';
import { Construct } from 'constructs';
import { reject } from '../../errors';
import { setSyncWave, Waves } from '../../gitops/argo';
import { dnsLabelProblem } from '../../naming/dns';
import { SecretStoreRef, VAULT_BACKEND, VaultSecret } from '../../secrets/vault-secret';
import { PCCS_SECRETS, PCCS_SERVICE, PCCS_VAULT_DEFAULTS, PccsSecretsVaultEntry, pccsProxyProblem, PccsTlsVaultEntry } from './dcap-defaults';
import { INTEL_DCAP_IMAGES } from './images';
import { PrivilegedServiceAccount } from './privileged-account';

export interface PccsProps {
  /** Namespace of the PCCS (and of the QGS that uses it). */
  readonly namespace: string;
  /**
   * Vault entry of the Intel PCS API key and the user/admin token hashes (never in git).
   * @default PCCS_VAULT_DEFAULTS.secrets
   */
  readonly secrets?: PccsSecretsVaultEntry;
  /**
   * Vault entry of the PCCS TLS key and certificate.
   * @default PCCS_VAULT_DEFAULTS.tls
   */
  readonly tls?: PccsTlsVaultEntry;
  /**
   * Nodes the PCCS may run on: its cache is a host folder, so it stays on one node pool.
   * @default - control-plane nodes (as Red Hat's helper: "deployed on the master node by design")
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * HTTPS proxy the PCCS reaches Intel's PCS through (`CLUSTER_HTTPS_PROXY`).
   * @default - none (direct egress to api.trustedservices.intel.com)
   */
  readonly httpsProxy?: string;
  /** @default INTEL_DCAP_IMAGES.pccs */
  readonly image?: string;
  /** @default INTEL_DCAP_IMAGES.pccsInit */
  readonly initImage?: string;
  /** @default VAULT_BACKEND */
  readonly store?: SecretStoreRef;
  /** @default "15s" */
  readonly refreshInterval?: string;
}

const HOST_CACHE = '/var/cache/pccs/';

/**
 * Intel's Provisioning Certificate Caching Service for the cluster's TDX hosts: the QGS registers the
 * platforms with it and fetches their PCK certificates from it; it fetches from Intel's PCS on demand
 * (`PCCS_FILL_MODE=LAZY`) and caches in a host folder. Deployment, Service `pccs-service:8042`, a privileged
 * ServiceAccount (root and a host folder whose SELinux label an init container fixes), and the two Secrets
 * it reads, both from Vault: `pccs-secrets` (Intel API key, user token and its hash, admin token hash) and
 * `pccs-tls` (its serving key and certificate).
 *
 * Shape: openshift/sandboxed-containers-operator `scripts/install-helpers/baremetal-coco/intel-dcap/pccs.yaml.in`
 * (commit 002c264); Secrets as validatedpatterns/coco-pattern `charts/all/intel-dcap/templates/pccs-*-eso.yaml`.
 * Deliberate differences: a dedicated privileged ServiceAccount instead of the namespace's `default`, a
 * node selector instead of one node's hostname, and the Recreate strategy (two pods must not share the
 * host cache). How the image maps the environment onto its `default.json` was not read: the variable names
 * are those of Red Hat's helper.
 */
export class Pccs extends Construct {
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  public readonly settings: VaultSecret;
  public readonly tls: VaultSecret;
  public readonly account: PrivilegedServiceAccount;

  constructor(scope: Construct, id: string, props: PccsProps) {
    super(scope, id);
    const nsProblem = dnsLabelProblem(props.namespace);
    if (nsProblem) reject('Pccs namespace', nsProblem);
    const proxyProblem = props.httpsProxy === undefined ? undefined : pccsProxyProblem(props.httpsProxy);
    if (proxyProblem) reject('Pccs httpsProxy', proxyProblem);
    const ns = props.namespace;
    const store = props.store ?? VAULT_BACKEND;
    const secrets = props.secrets ?? PCCS_VAULT_DEFAULTS.secrets;
    const tls = props.tls ?? PCCS_VAULT_DEFAULTS.tls;
    this.settings = new VaultSecret(this, 'Settings', {
      namespace: ns,
      secretName: PCCS_SECRETS.settings,
      vaultPath: secrets.vaultPath,
      keys: ['PCCS_API_KEY', 'PCCS_USER_TOKEN_HASH', 'USER_TOKEN', 'PCCS_ADMIN_TOKEN_HASH'],
      properties: {
        PCCS_API_KEY: secrets.apiKeyProperty,
        PCCS_USER_TOKEN_HASH: secrets.userTokenHashProperty,
        USER_TOKEN: secrets.userTokenProperty,
        PCCS_ADMIN_TOKEN_HASH: secrets.adminTokenHashProperty,
      },
      contents: {
        PCCS_API_KEY: { manual: 'your Intel PCS API subscription key (https://api.portal.trustedservices.intel.com/)' },
        PCCS_USER_TOKEN_HASH: { manual: 'the SHA-512 of the PCCS user token, hex (echo -n "$TOKEN" | sha512sum)' },
        USER_TOKEN: { manual: 'the PCCS user token the QGS registers platforms with' },
        PCCS_ADMIN_TOKEN_HASH: { manual: 'the SHA-512 of a PCCS admin token, hex' },
      },
      store,
      refreshInterval: props.refreshInterval,
    });
    this.tls = new VaultSecret(this, 'Tls', {
      namespace: ns,
      secretName: PCCS_SECRETS.tls,
      vaultPath: tls.vaultPath,
      keys: ['private.pem', 'file.crt'],
      properties: { 'private.pem': tls.keyProperty, 'file.crt': tls.certificateProperty },
      contents: {
        'private.pem': { manual: `the PCCS TLS private key (PEM) for ${PCCS_SERVICE.name}.${ns}.svc` },
        'file.crt': { manual: `the PCCS TLS certificate (PEM) for ${PCCS_SERVICE.name}.${ns}.svc` },
      },
      store,
      refreshInterval: props.refreshInterval,
    });
    this.account = new PrivilegedServiceAccount(this, 'Account', { name: 'pccs', namespace: ns });

    const selector = { 'app': 'pccs', 'trustedservices.intel.com/cache': 'pccs' };
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: PCCS_SERVICE.name, namespace: ns },
      spec: {
        selector: { 'trustedservices.intel.com/cache': 'pccs' },
        ports: [{ name: 'pccs', protocol: 'TCP', port: PCCS_SERVICE.port, targetPort: k8s.IntOrString.fromString('pccs-port') }],
      },
    });
    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: 'pccs', namespace: ns },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { app: 'pccs' } },
        template: {
          metadata: { labels: selector },
          spec: {
            serviceAccountName: this.account.name,
            nodeSelector: { ...(props.nodeSelector ?? { 'node-role.kubernetes.io/control-plane': '' }) },
            tolerations: [
              { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
              { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
            ],
            initContainers: [{
              name: 'init-seclabel',
              image: props.initImage ?? INTEL_DCAP_IMAGES.pccsInit,
              command: ['sh', '-c', 'chcon -Rt container_file_t /var/cache/pccs'],
              volumeMounts: [{ name: 'host-database', mountPath: '/var/cache/pccs' }],
              // chcon on a host folder needs a privileged container.
              securityContext: { runAsUser: 0, runAsGroup: 0, privileged: true },
            }],
            containers: [{
              name: 'pccs',
              image: props.image ?? INTEL_DCAP_IMAGES.pccs,
              envFrom: [{ secretRef: { name: PCCS_SECRETS.settings } }],
              env: [
                { name: 'PCCS_LOG_LEVEL', value: 'info' },
                ...(props.httpsProxy ? [{ name: 'CLUSTER_HTTPS_PROXY', value: props.httpsProxy }] : []),
                { name: 'PCCS_FILL_MODE', value: 'LAZY' },
              ],
              ports: [{ containerPort: PCCS_SERVICE.port, name: 'pccs-port' }],
              volumeMounts: [
                { name: 'pccs-tls', mountPath: '/opt/intel/pccs/ssl_key', readOnly: true },
                { name: 'host-database', mountPath: HOST_CACHE },
              ],
              securityContext: { runAsUser: 0 },
            }],
            volumes: [
              { name: 'pccs-tls', secret: { secretName: PCCS_SECRETS.tls } },
              { name: 'host-database', hostPath: { path: HOST_CACHE, type: 'DirectoryOrCreate' } },
            ],
          },
        },
      },
    });
    setSyncWave(this.service, Waves.OPERAND);
    setSyncWave(this.deployment, Waves.OPERAND);
  }
}
