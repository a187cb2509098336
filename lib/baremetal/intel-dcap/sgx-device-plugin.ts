import { Construct } from 'constructs';
import { SgxDevicePlugin } from '../../../imports/deviceplugin.intel.com';
import { reject } from '../../errors';
import { setSyncWave, skipDryRunOnMissingResource, Waves } from '../../gitops/argo';
import { OperatorInstall, OperatorInstallProps } from '../../olm/operator-install';
import { INTEL_DEVICE_PLUGINS_OPERATOR } from '../operators';
import { SGX_NODE_LABEL } from '../tee-hosts';
import { INTEL_DCAP_IMAGES } from './images';

export interface IntelSgxDevicePluginProps {
  /**
   * OLM install of the Intel Device Plugins Operator.
   * @default INTEL_DEVICE_PLUGINS_OPERATOR (certified-operators, stable, openshift-operators, pinned)
   */
  readonly operator?: OperatorInstallProps;
  /** @default INTEL_DCAP_IMAGES.sgxPlugin */
  readonly image?: string;
  /**
   * Containers per node that may use an enclave / the provisioning key (`enclaveLimit`, `provisionLimit`).
   * @default 110
   */
  readonly limit?: number;
  /**
   * Name of the SgxDevicePlugin (the name of Intel's and Red Hat's examples).
   * @default "sgxdeviceplugin-sample"
   */
  readonly name?: string;
}

/**
 * The Intel Device Plugins Operator and its `SgxDevicePlugin` on SGX-capable nodes: it advertises
 * `sgx.intel.com/epc`, `enclave` and `provision`, which the TDX Quote Generation Service asks for.
 * Shape: openshift/sandboxed-containers-operator `scripts/install-helpers/baremetal-coco/intel-dpo/`
 * `install_operator.yaml` (commit 9c811d1) and `sgx_device_plugin.yaml` (commit 6660a34).
 */
export class IntelSgxDevicePlugin extends Construct {
  public readonly install: OperatorInstall;
  public readonly plugin: SgxDevicePlugin;

  constructor(scope: Construct, id: string, props: IntelSgxDevicePluginProps = {}) {
    super(scope, id);
    const limit = props.limit ?? 110;
    if (!Number.isInteger(limit) || limit < 1) reject('IntelSgxDevicePlugin limit', `must be a whole number from 1, got ${limit}`);
    this.install = new OperatorInstall(this, 'Operator', props.operator ?? INTEL_DEVICE_PLUGINS_OPERATOR);
    this.plugin = new SgxDevicePlugin(this, 'Resource', {
      metadata: { name: props.name ?? 'sgxdeviceplugin-sample' },
      spec: {
        image: props.image ?? INTEL_DCAP_IMAGES.sgxPlugin,
        enclaveLimit: limit,
        provisionLimit: limit,
        logLevel: 4,
        nodeSelector: { [SGX_NODE_LABEL]: 'true' },
      },
    });
    setSyncWave(this.plugin, Waves.OPERAND);
    skipDryRunOnMissingResource(this.plugin);
  }
}
