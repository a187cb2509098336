import { Construct } from 'constructs';
import { NodeFeatureRule } from '../../imports/nfd.k8s-sigs.io';
import { NodeFeatureDiscovery } from '../../imports/nfd.openshift.io';
import { quote, reject } from '../errors';
import { setSyncWave, skipDryRunOnMissingResource, Waves } from '../gitops/argo';
import { OperatorInstall, OperatorInstallProps } from '../olm/operator-install';
import { teeNodeFeatureRules } from './node-feature-rules';
import { NFD_OPERATOR } from './operators';
import { BareMetalTee, bareMetalTeeProblem } from './tee-hosts';

export interface TeeNodeFeaturesProps {
  /** The TEE of the cluster's confidential nodes (one per cluster: OSC refuses mixed TEE labels). */
  readonly tee: BareMetalTee;
  /**
   * OLM install of the Node Feature Discovery operator.
   * @default NFD_OPERATOR (package nfd, channel stable, openshift-nfd, pinned)
   */
  readonly operator?: OperatorInstallProps;
  /**
   * Image of the NFD operand (master and worker).
   * @default - the operator's own
   */
  readonly operandImage?: string;
}

/**
 * Node Feature Discovery for confidential bare-metal nodes: the operator, its `NodeFeatureDiscovery`
 * (`nfd-instance`, the name every Red Hat example uses), and the NodeFeatureRules that label TDX or SEV-SNP
 * capable nodes (`intel.feature.node.kubernetes.io/tdx`, `amd.feature.node.kubernetes.io/snp`), advertise
 * their extended resources and mark kata-capable ones. OSC picks the `kata-cc` handler from those labels.
 * Custom resources in the operand wave, after the operator.
 */
export class TeeNodeFeatures extends Construct {
  public readonly install: OperatorInstall;
  public readonly nodeFeatureDiscovery: NodeFeatureDiscovery;
  public readonly rules: readonly NodeFeatureRule[];

  constructor(scope: Construct, id: string, props: TeeNodeFeaturesProps) {
    super(scope, id);
    const teeProblem = bareMetalTeeProblem(props.tee);
    if (teeProblem) reject('TeeNodeFeatures tee', teeProblem);
    if (props.operandImage !== undefined && !/^\S+$/.test(props.operandImage)) {
      reject('TeeNodeFeatures operandImage', `must be an image reference, got ${quote(props.operandImage)}`);
    }
    const operator = props.operator ?? NFD_OPERATOR;
    const ns = operator.namespace;
    this.install = new OperatorInstall(this, 'Operator', operator);

    this.nodeFeatureDiscovery = new NodeFeatureDiscovery(this, 'Resource', {
      metadata: { name: 'nfd-instance', namespace: ns },
      spec: {
        ...(props.operandImage ? { operand: { image: props.operandImage } } : {}),
        // The operator's default worker configuration (openshift/assisted-service osc manifest.go).
        workerConfig: { configData: '' },
      },
    });
    this.rules = teeNodeFeatureRules(props.tee).map(set => new NodeFeatureRule(this, `Rules-${set.name}`, {
      metadata: { name: set.name, namespace: ns },
      spec: { rules: [...set.rules] },
    }));
    for (const cr of [this.nodeFeatureDiscovery, ...this.rules]) {
      setSyncWave(cr, Waves.OPERAND);
      skipDryRunOnMissingResource(cr);
    }
  }
}
