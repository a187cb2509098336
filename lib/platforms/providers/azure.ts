/**
 * Azure peer pods: confidential VM sizes (SNP or TDX behind a vTPM), values either read on the cluster
 * by an ACM policy from the installer's `cloud-conf` or given statically, and the NAT gateway Job.
 */
import type { Problem } from '../../errors';
import {
  azureAcmTemplateData, azureStaticData, azureStaticProblems, azureVmProblems, confidentialVmSeries, DEFAULT_AZURE_INSTANCE_SIZE,
  DEFAULT_AZURE_INSTANCE_SIZES, OPERATOR_WRITTEN_KEYS,
} from '../../sandbox/peer-pods';
import type { AttestedTee } from '../tees';
import type { PeerPodsProvider, PeerPodsSettings } from './provider';

const STATIC_FIELDS = ['region', 'resourceGroup', 'subnetId', 'nsgId'] as const;

/** The Azure settings with every static field present, or undefined. */
function staticSettings(settings: PeerPodsSettings) {
  const az = settings.azure;
  return az.region && az.resourceGroup && az.subnetId && az.nsgId
    ? { ...az, region: az.region, resourceGroup: az.resourceGroup, subnetId: az.subnetId, nsgId: az.nsgId }
    : undefined;
}

function vmSizes(settings: PeerPodsSettings): readonly string[] {
  return settings.azure.instanceSizes ?? DEFAULT_AZURE_INSTANCE_SIZES;
}

export const AZURE: PeerPodsProvider<'azure'> = {
  cloud: 'azure',
  readsClusterFacts: true,
  natGateway: true,
  problems(settings, { path, acmEnabled }) {
    const at = `${path}.azure`;
    if (settings.mode === 'acm') {
      const problems: Problem[] = azureVmProblems(settings.azure, at);
      if (!acmEnabled) {
        problems.push({ path: `${path}.mode`, message: 'is "acm", which needs ACM: in this cluster group (acm.enabled: true), or a hub whose ACM manages it (spoke.hub); set it to "static" and give the Azure values otherwise' });
      }
      return problems;
    }
    const missing = STATIC_FIELDS.filter(field => !settings.azure[field])
      .map(field => ({ path: `${at}.${field}`, message: 'is required when peerPods.mode is "static"' }));
    const complete = staticSettings(settings);
    return complete ? azureStaticProblems(complete, at) : missing;
  },
  vmSizes,
  defaultVmSize: settings => settings.azure.instanceSize ?? DEFAULT_AZURE_INSTANCE_SIZE,
  tees(settings) {
    const tees = new Set<AttestedTee>();
    for (const size of vmSizes(settings)) {
      const tee = confidentialVmSeries(size)?.tee;
      if (tee === 'Intel TDX') tees.add('azure-tdx-vtpm');
      else if (tee) tees.add('azure-snp-vtpm');
    }
    return [...tees].sort();
  },
  configSource(settings, common) {
    if (settings.mode === 'acm') {
      return { type: 'acm', data: azureAcmTemplateData(common, settings.azure), clusterSelector: settings.clusterSelector };
    }
    const complete = staticSettings(settings);
    if (!complete) throw new Error(`azure: static peer pods need ${STATIC_FIELDS.join(', ')}`);
    return { type: 'static', data: azureStaticData(complete, common), operatorWrittenKeys: OPERATOR_WRITTEN_KEYS.azure };
  },
  describe: settings => `azure (${settings.mode === 'acm' ? 'ACM policy reads cloud-conf' : 'static values'})`,
};
