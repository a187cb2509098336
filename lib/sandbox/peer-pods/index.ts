/**
 * Peer-pods settings per cloud: typed settings, validators that return problems with field paths, and
 * pure functions that render the data of the `peer-pods-cm` ConfigMap.
 */
export * from './aws';
export * from './azure-acm';
export * from './azure-regions';
export * from './azure-resource-id';
export * from './azure-rules';
export * from './azure-static';
export * from './azure-vm';
export * from './azure-vm-sizes';
export {
  DEFAULT_PROXY_TIMEOUT, DEFAULT_VXLAN_PORT, goDurationProblem, initdataProblem, integerProblem, peerPodsCommonProblems, portProblem,
} from './common';
export type { PeerPodsCommon, PeerPodsRules } from './common';
export * from './libvirt';
export { renderTags, tagsProblems } from './tags';
export type { TagRules } from './tags';
