import * as k8s from '../../../imports/k8s';
import { Construct } from 'constructs';
import { reject } from '../../errors';
import { setSyncWave, Waves } from '../../gitops/argo';
import { dnsLabelProblem } from '../../naming/dns';
import { TEE_HOSTS } from '../tee-hosts';
import { PCCS_SECRETS, pccsOrigin, pccsUrl, QGS_VSOCK_PORT } from './dcap-defaults';
import { INTEL_DCAP_IMAGES } from './images';
import { PrivilegedServiceAccount } from './privileged-account';

export interface TdxQuoteGenerationProps {
  /** Namespace of the QGS (the PCCS's). */
  readonly namespace: string;
  /** @default INTEL_DCAP_IMAGES.qgs */
  readonly image?: string;
  /**
   * QGS worker threads (`-n`).
   * @default 4
   */
  readonly threads?: number;
}

/**
 * The TDX Quote Generation Service on every TDX node: a DaemonSet whose QGS listens on vsock port 4050,
 * where QEMU forwards the TD's quote requests, and signs them with the SGX quoting enclave (it asks the SGX
 * device plugin for `sgx.intel.com/epc`, `enclave`, `provision`); its PCK certificates come from the PCCS
 * (`qcnl-conf` given through the downward API). A privileged sidecar registers the platform with the PCCS at
 * start (`dcap-registration-flow`, reading the UEFI variables; it presents the PCCS user token).
 *
 * Shape: openshift/sandboxed-containers-operator `scripts/install-helpers/baremetal-coco/intel-dcap/qgs.yaml`
 * (commit 00dc236), with the PCCS addressed by its fully qualified Service name (the pods use the host
 * network) and a dedicated privileged ServiceAccount. The PCCS serves a self-signed certificate, so its
 * certificate is not checked (`use_secure_cert: false`, `SECURE_CERT=false`): what it hands out is signed by
 * Intel and checked by Trustee, so a forged PCCS can only deny quotes.
 */
export class TdxQuoteGeneration extends Construct {
  public readonly daemonSet: k8s.KubeDaemonSet;
  public readonly account: PrivilegedServiceAccount;

  constructor(scope: Construct, id: string, props: TdxQuoteGenerationProps) {
    super(scope, id);
    const nsProblem = dnsLabelProblem(props.namespace);
    if (nsProblem) reject('TdxQuoteGeneration namespace', nsProblem);
    const threads = props.threads ?? 4;
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) reject('TdxQuoteGeneration threads', `must be a whole number from 1 to 64, got ${threads}`);
    const ns = props.namespace;
    const image = props.image ?? INTEL_DCAP_IMAGES.qgs;
    this.account = new PrivilegedServiceAccount(this, 'Account', { name: 'tdx-qgs', namespace: ns });
    this.daemonSet = new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: { name: 'tdx-qgs', namespace: ns },
      spec: {
        selector: { matchLabels: { app: 'tdx-qgs' } },
        template: {
          metadata: {
            labels: { app: 'tdx-qgs' },
            annotations: {
              'sgx.intel.com/quote-provider': 'tdx-qgs',
              'qcnl-conf': JSON.stringify({ pccs_url: pccsUrl(ns), use_secure_cert: false, pck_cache_expire_hours: 168 }),
            },
          },
          spec: {
            serviceAccountName: this.account.name,
            nodeSelector: { [TEE_HOSTS.tdx.nodeLabel]: 'true' },
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            initContainers: [{
              // A native sidecar (restartPolicy Always): registers the platform, then stays.
              name: 'platform-registration',
              image,
              restartPolicy: 'Always',
              command: ['/usr/bin/dcap-registration-flow'],
              env: [{ name: 'PCCS_URL', value: pccsOrigin(ns) }, { name: 'SECURE_CERT', value: 'false' }],
              envFrom: [{ secretRef: { name: PCCS_SECRETS.settings } }],
              securityContext: {
                readOnlyRootFilesystem: true,
                allowPrivilegeEscalation: true,
                privileged: true,
                capabilities: { drop: ['ALL'], add: ['LINUX_IMMUTABLE'] },
              },
              volumeMounts: [{ name: 'efivars', mountPath: '/sys/firmware/efi/efivars' }],
            }],
            containers: [{
              name: 'tdx-qgs',
              image,
              args: [`-p=${QGS_VSOCK_PORT}`, `-n=${threads}`],
              securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              resources: {
                limits: {
                  'sgx.intel.com/epc': k8s.Quantity.fromString('512Ki'),
                  'sgx.intel.com/enclave': k8s.Quantity.fromNumber(1),
                  'sgx.intel.com/provision': k8s.Quantity.fromNumber(1),
                },
              },
              env: [{ name: 'QCNL_CONF_PATH', value: '/run/dcap/qcnl_conf' }, { name: 'XDG_CACHE_HOME', value: '/run/dcap/cache' }],
              volumeMounts: [
                { name: 'dcap-qcnl-cache', mountPath: '/run/dcap/cache' },
                { name: 'qcnl-config', mountPath: '/run/dcap/', readOnly: true },
              ],
            }],
            volumes: [
              { name: 'dcap-qcnl-cache', emptyDir: { sizeLimit: k8s.Quantity.fromString('50Mi') } },
              { name: 'qcnl-config', downwardApi: { items: [{ path: 'qcnl_conf', fieldRef: { fieldPath: "metadata.annotations['qcnl-conf']" } }] } },
              { name: 'efivars', hostPath: { path: '/sys/firmware/efi/efivars/' } },
            ],
          },
        },
      },
    });
    setSyncWave(this.daemonSet, Waves.OPERAND);
  }
}
