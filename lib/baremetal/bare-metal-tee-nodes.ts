import { Construct } from 'constructs';
import { OperatorInstallProps } from '../olm/operator-install';
import { TeeKernelArguments } from './tee-kernel-arguments';
import { TeeNodeFeatures } from './tee-node-features';
import { BareMetalTee, bareMetalTeeProblem, TEE_HOSTS, TeeHost } from './tee-hosts';
import { reject } from '../errors';

export interface BareMetalTeeNodesProps {
  /** The TEE of the cluster's confidential nodes (one per cluster). */
  readonly tee: BareMetalTee;
  /**
   * MachineConfigPool roles of those nodes.
   * @default ["worker"]
   */
  readonly roles?: readonly string[];
  /**
   * OLM install of Node Feature Discovery.
   * @default NFD_OPERATOR
   */
  readonly nfdOperator?: OperatorInstallProps;
  /**
   * Image of the NFD operand.
   * @default - the operator's own
   */
  readonly nfdOperandImage?: string;
}

/**
 * The node side of confidential containers on bare metal, for one TEE: Node Feature Discovery labelling
 * the capable nodes ({@link TeeNodeFeatures}) and the host kernel arguments ({@link TeeKernelArguments}).
 * Put it in an Application that syncs before the sandbox one (or in the same one: its objects come before
 * KataConfig's wave), and select the kata pool with {@link nodeSelector}.
 */
export class BareMetalTeeNodes extends Construct {
  /** What the hosts of this TEE need and show. */
  public readonly host: TeeHost;
  public readonly nodeFeatures: TeeNodeFeatures;
  public readonly kernelArguments: TeeKernelArguments;

  constructor(scope: Construct, id: string, props: BareMetalTeeNodesProps) {
    super(scope, id);
    const teeProblem = bareMetalTeeProblem(props.tee);
    if (teeProblem) reject('BareMetalTeeNodes tee', teeProblem);
    this.host = TEE_HOSTS[props.tee];
    this.nodeFeatures = new TeeNodeFeatures(this, 'NodeFeatures', { tee: props.tee, operator: props.nfdOperator, operandImage: props.nfdOperandImage });
    this.kernelArguments = new TeeKernelArguments(this, 'KernelArguments', { tee: props.tee, roles: props.roles });
  }

  /** The label NFD puts on this TEE's capable nodes, e.g. as KataConfig's pool selector on clusters with workers. */
  public get nodeSelector(): Readonly<Record<string, string>> {
    return { [this.host.nodeLabel]: 'true' };
  }
}
