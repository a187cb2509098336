import { Construct } from 'constructs';
import { MachineConfig } from '../../imports/machineconfiguration.openshift.io';
import { reject } from '../errors';
import { setSyncWave, Waves } from '../gitops/argo';
import { dnsLabelProblem } from '../naming/dns';
import { teeMachineConfigName, teeMachineConfigSpec } from './machine-config';
import { BareMetalTee, bareMetalTeeProblem, TEE_HOSTS } from './tee-hosts';

export interface TeeKernelArgumentsProps {
  /** The TEE of the hosts. */
  readonly tee: BareMetalTee;
  /**
   * MachineConfigPool roles whose nodes run confidential pods: `worker` (custom pools such as the kata
   * pool inherit worker MachineConfigs), `master` on single-node and compact clusters, or both.
   * @default ["worker"]
   */
  readonly roles?: readonly string[];
}

/**
 * The host kernel arguments (and boot-time modules) a TEE needs, one MachineConfig per pool role: TDX
 * `kvm_intel.tdx=1 nohibernate` and the `vsock-loopback` module; SEV-SNP needs none, so nothing is rendered.
 * The Machine Config Operator reboots every node of the pool once: the MachineConfigs come in the config
 * wave, before KataConfig (the last wave), which reboots them again.
 */
export class TeeKernelArguments extends Construct {
  public readonly machineConfigs: readonly MachineConfig[];

  constructor(scope: Construct, id: string, props: TeeKernelArgumentsProps) {
    super(scope, id);
    const teeProblem = bareMetalTeeProblem(props.tee);
    if (teeProblem) reject('TeeKernelArguments tee', teeProblem);
    const roles = props.roles ?? ['worker'];
    if (roles.length === 0) reject('TeeKernelArguments roles', 'must name at least one MachineConfigPool role (e.g. "worker", or "master" on single-node and compact clusters)');
    roles.forEach((role, i) => {
      const p = dnsLabelProblem(role);
      if (p) reject(`TeeKernelArguments roles[${i}]`, p);
      if (roles.indexOf(role) !== i) reject(`TeeKernelArguments roles[${i}]`, `is listed twice: "${role}"`);
    });
    const spec = teeMachineConfigSpec(TEE_HOSTS[props.tee]);
    this.machineConfigs = spec === undefined ? [] : roles.map(role => {
      const mc = new MachineConfig(this, `Role-${role}`, {
        metadata: { name: teeMachineConfigName(role), labels: { 'machineconfiguration.openshift.io/role': role } },
        spec: { kernelArguments: [...spec.kernelArguments], config: spec.config },
      });
      setSyncWave(mc, Waves.CONFIG);
      return mc;
    });
  }
}
