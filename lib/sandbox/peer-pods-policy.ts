/**
 * `peer-pods-cm` enforced by an ACM policy whose values are managed-cluster templates, resolved on each
 * selected cluster from its own facts (e.g. its `cloud-conf`, ./peer-pods/azure-acm.ts). On a single cluster
 * the policy selects the hub itself; on a hub it serves a spoke cluster group (`clusterGroup=<group>`, never
 * the hub), so no per-cluster value of the spokes is in git.
 */
import { Construct } from 'constructs';
import { ConfigurationPolicy, GLOBAL_SET_NAMESPACE } from '../acm/configuration-policy';
import { reject } from '../errors';
import { RenderedInitData } from '../initdata';
import { OSC_NAMESPACE, PEER_PODS_CONFIGMAP } from './peer-pods';

export interface PeerPodsPolicyProps {
  /** `peer-pods-cm` data, ACM templates included; `INITDATA` is set from {@link defaultInitData} when left out. */
  readonly data: Readonly<Record<string, string>>;
  /** The cluster-wide default initdata of the selected clusters (its blob goes to `INITDATA`). */
  readonly defaultInitData: RenderedInitData;
  /** Labels of the clusters that get `peer-pods-cm`, e.g. `{ cloud: 'Azure' }` or `{ clusterGroup: 'spoke' }`. */
  readonly clusterSelector: Readonly<Record<string, string>>;
  /**
   * Never select the hub itself: for the spokes of a hub.
   * @default false
   */
  readonly excludeLocalCluster?: boolean;
  /**
   * Keep the policy on a selected cluster while it is unreachable (see ConfigurationPolicy).
   * @default false
   */
  readonly tolerateUnreachable?: boolean;
  /**
   * Prefix of the names, one per group a hub serves: `<prefix>-peer-pods` (the Policy), `-peer-pods-cm` (the
   * ConfigurationPolicy), `-peer-pods-placement`, `-peer-pods-placement-binding`.
   * @default - the reference pattern's names: "peerpods-cm-policy", "peerpods-cm-cp", "peerpods-placement", "peerpods-placement-binding"
   */
  readonly namePrefix?: string;
}

/**
 * The `peer-pods-cm` data with the default initdata's blob as `INITDATA`. Trustee's reference values and the
 * readable copy describe that initdata, so another blob would boot pod VMs nobody accepts.
 * @throws InputError naming `<path>.INITDATA` when the data holds another blob
 */
export function withDefaultInitData(data: Readonly<Record<string, string>>, initData: RenderedInitData, path: string): Record<string, string> {
  if (data.INITDATA !== undefined && data.INITDATA !== initData.encoded) {
    reject(`${path}.INITDATA`, 'must be the blob of defaultInitData (its readable copy and the reference values describe it): leave it out and the construct sets it, got another value');
  }
  return { ...data, INITDATA: initData.encoded };
}

/**
 * Policy + Placement + PlacementBinding (in `open-cluster-management-global-set`) enforcing `peer-pods-cm`
 * (`mustonlyhave`) in the OSC namespace of the selected clusters.
 */
export class PeerPodsPolicy extends ConfigurationPolicy {
  constructor(scope: Construct, id: string, props: PeerPodsPolicyProps) {
    const data = withDefaultInitData(props.data, props.defaultInitData, 'PeerPodsPolicy data');
    const p = props.namePrefix;
    super(scope, id, {
      name: p ? `${p}-peer-pods` : 'peerpods-cm-policy',
      namespace: GLOBAL_SET_NAMESPACE,
      configurationPolicyName: p ? `${p}-peer-pods-cm` : 'peerpods-cm-cp',
      placementName: p ? `${p}-peer-pods-placement` : 'peerpods-placement',
      bindingName: p ? `${p}-peer-pods-placement-binding` : 'peerpods-placement-binding',
      clusterSelector: props.clusterSelector,
      excludeLocalCluster: props.excludeLocalCluster,
      tolerateUnreachable: props.tolerateUnreachable,
      objectTemplates: [{
        complianceType: 'mustonlyhave',
        objectDefinition: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: PEER_PODS_CONFIGMAP, namespace: OSC_NAMESPACE }, data },
      }],
    });
  }
}
