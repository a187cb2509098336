/**
 * Azure peer pods: confidential VM sizes (SNP or TDX behind a vTPM), values either read on the cluster
 * by an ACM policy from the installer's `cloud-conf` (`mode: acm`) or given in pattern.yaml (`mode:
 * static`), and the NAT gateway Job.
 */
import { z } from 'zod';
import { absentAsEmpty, labelMap, nonEmpty, oneOfByKey } from '../../config/fields';
import { peerPodsSchema } from '../../config/sandbox';
import {
  AZURE_OPERATOR_WRITTEN_KEYS, AZURE_RULES, azureAcmTemplateData, azureStaticData, azureStaticProblems, azureVmProblems,
  AzureVmSettings, confidentialVmSeries, DEFAULT_AZURE_INSTANCE_SIZE, DEFAULT_AZURE_INSTANCE_SIZES,
} from '../../sandbox/peer-pods';
import type { AttestedTee } from '../tees';
import { PEER_PODS_RUNTIME_CLASS } from '../../workloads/runtime-classes';
import { peerPodsCommon, peerPodsCommonSettingsProblems, Provider } from './provider';

const MODE = 'acm: an ACM policy reads the Azure facts on the cluster; static: the values below.';
const STATIC = 'is required when peerPods.mode is "static"';

/** `sandbox.peerPods.azure`: the pod VM settings, and where the pod VMs go (required with `mode: static`). */
const VM = {
  instanceSize: nonEmpty().optional(),
  instanceSizes: z.array(nonEmpty()).optional(),
  enableSecureBoot: z.boolean().optional(),
};
const IMAGE = {
  subscriptionId: nonEmpty().optional(),
  imageId: z.string().optional(),
};
const READ_ON_CLUSTER = absentAsEmpty(z.strictObject({
  ...VM, region: nonEmpty().optional(), resourceGroup: nonEmpty().optional(), subnetId: nonEmpty().optional(), nsgId: nonEmpty().optional(), ...IMAGE,
}));
const GIVEN = absentAsEmpty(z.strictObject({
  ...VM, region: nonEmpty(STATIC), resourceGroup: nonEmpty(STATIC), subnetId: nonEmpty(STATIC), nsgId: nonEmpty(STATIC), ...IMAGE,
}));

const clusterSelector = labelMap().default({ cloud: 'Azure' }).describe('Labels of the managed clusters the peer-pods policy is placed on.');

const settings = z.object({
  peerPods: oneOfByKey('mode', [
    peerPodsSchema('azure', { mode: z.literal('acm').optional().default('acm').describe(MODE), clusterSelector }, { azure: READ_ON_CLUSTER }),
    peerPodsSchema('azure', { mode: z.literal('static').describe(MODE), clusterSelector }, { azure: GIVEN }),
  ]),
});

function vmSizes(vm: AzureVmSettings): readonly string[] {
  return vm.instanceSizes ?? DEFAULT_AZURE_INSTANCE_SIZES;
}

export const AZURE: Provider<'azure', typeof settings> = {
  cloud: 'azure',
  title: 'Azure',
  settings,
  runtimeClass: PEER_PODS_RUNTIME_CLASS,
  natGateway: true,
  // cloud-api-adaptor podvm `process-user-data` extends PCR 8 with the digest: SHA256(0^32 ‖ digest).
  initDataAlgorithm: { algorithm: 'sha256', because: 'peer pods bind initdata through vTPM PCR8, which takes a 32-byte digest' },
  problems({ peerPods: pp }, { path, acmEnabled }) {
    const at = `${path}.peerPods`;
    const common = peerPodsCommonSettingsProblems(pp, at, AZURE_RULES);
    if (pp.mode === 'static') return [...common, ...azureStaticProblems(pp.azure, `${at}.azure`)];
    const acm = acmEnabled ? [] : [{ path: `${at}.mode`, message: 'is "acm", which needs ACM: in this cluster group (acm.enabled: true), or a hub whose ACM manages it (spoke.hub); set it to "static" and give the Azure values otherwise' }];
    return [...common, ...azureVmProblems(pp.azure, `${at}.azure`), ...acm];
  },
  vmSizes: ({ peerPods }) => vmSizes(peerPods.azure),
  defaultVmSize: ({ peerPods }) => peerPods.azure.instanceSize ?? DEFAULT_AZURE_INSTANCE_SIZE,
  tees({ peerPods }) {
    const tees = new Set<AttestedTee>();
    for (const size of vmSizes(peerPods.azure)) {
      const tee = confidentialVmSeries(size)?.tee;
      if (tee === 'Intel TDX') tees.add('azure-tdx-vtpm');
      else if (tee) tees.add('azure-snp-vtpm');
    }
    return [...tees].sort();
  },
  configSource({ peerPods: pp }, initdata) {
    const common = peerPodsCommon(pp, initdata);
    return pp.mode === 'acm'
      ? { type: 'acm', data: azureAcmTemplateData(common, pp.azure), clusterSelector: pp.clusterSelector }
      : { type: 'static', data: azureStaticData(pp.azure, common), operatorWrittenKeys: AZURE_OPERATOR_WRITTEN_KEYS };
  },
  describe: ({ peerPods }) => `azure (${peerPods.mode === 'acm' ? 'ACM policy reads cloud-conf' : 'static values'})`,
};
