import * as k8s from '../../../imports/k8s';
import { Construct } from 'constructs';
import { reject } from '../../errors';
import { setSyncWave, Waves } from '../../gitops/argo';
import { dnsLabelProblem } from '../../naming/dns';
import { INTEL_DCAP_NAMESPACE, pccsUrl } from './dcap-defaults';
import { Pccs, PccsProps } from './pccs';
import { TdxQuoteGeneration, TdxQuoteGenerationProps } from './quote-generation';
import { IntelSgxDevicePlugin, IntelSgxDevicePluginProps } from './sgx-device-plugin';

export interface IntelDcapProps {
  /**
   * Namespace of the PCCS and the QGS.
   * @default "intel-dcap"
   */
  readonly namespace?: string;
  /** The PCCS: Vault entries, node selector, proxy, images. @default - its defaults */
  readonly pccs?: Omit<PccsProps, 'namespace'>;
  /** The QGS. @default - its defaults */
  readonly quoteGeneration?: Omit<TdxQuoteGenerationProps, 'namespace'>;
  /** The Intel Device Plugins Operator and the SGX device plugin. @default - their defaults */
  readonly sgxDevicePlugin?: IntelSgxDevicePluginProps;
}

/**
 * Intel DCAP for bare-metal TDX hosts, so that TDs get their quotes signed: the SGX device plugin (through
 * the Intel Device Plugins Operator), the PCCS and the TDX Quote Generation Service in `intel-dcap`. Its
 * Secrets come from Vault (the Intel API key and PCCS tokens never enter git). Trustee verifies the quotes
 * with collateral from Intel's PCS or this PCCS ({@link collateralServiceUrl}, for Trustee's
 * `teeCollateral.tdx`; Trustee 1.2 needs a PCCS certificate its image trusts).
 */
export class IntelDcap extends Construct {
  public readonly namespace: string;
  public readonly namespaceObject: k8s.KubeNamespace;
  public readonly pccs: Pccs;
  public readonly quoteGeneration: TdxQuoteGeneration;
  public readonly sgxDevicePlugin: IntelSgxDevicePlugin;

  constructor(scope: Construct, id: string, props: IntelDcapProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? INTEL_DCAP_NAMESPACE;
    const nsProblem = dnsLabelProblem(this.namespace);
    if (nsProblem) reject('IntelDcap namespace', nsProblem);
    this.namespaceObject = new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: this.namespace } });
    setSyncWave(this.namespaceObject, Waves.OPERATOR_SETUP);
    this.sgxDevicePlugin = new IntelSgxDevicePlugin(this, 'SgxDevicePlugin', props.sgxDevicePlugin);
    this.pccs = new Pccs(this, 'Pccs', { ...props.pccs, namespace: this.namespace });
    this.quoteGeneration = new TdxQuoteGeneration(this, 'QuoteGeneration', { ...props.quoteGeneration, namespace: this.namespace });
  }

  /** The PCCS's collateral URL, e.g. for Trustee's TDX collateral service. */
  public get collateralServiceUrl(): string {
    return pccsUrl(this.namespace);
  }
}
