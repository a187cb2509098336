import { ClusterGroupConfig } from '../config/schema';
import { ArgoAppChart } from '../gitops/argo-app-chart';
import { ClusterGroup } from '../gitops/cluster-group';
import { OPERATORS } from '../olm/catalog';
import { OperatorInstall } from '../olm/operator-install';
import { withImagePolicyContents } from '../trustee/secret-resource-contents';
import { Trustee } from '../trustee/trustee';
import { TrusteeVersion } from '../trustee/versions';
import type { AttestedPlatforms } from './attested-platforms';
import { operatorInstallProps } from './operators';
import { AppWaves } from './waves';

/**
 * The `trustee` Application: the operator and the Trustee construct, from pattern.yaml, with the
 * measurements and collateral of the bare-metal groups that attest to it (the plan's).
 */
export function addTrustee(cg: ClusterGroup, cfg: ClusterGroupConfig, attested?: AttestedPlatforms): Trustee | undefined {
  const t = cfg.trustee;
  if (!t.enabled) {
    return undefined;
  }
  const ns = OPERATORS.trustee.namespace;
  const chart = new ArgoAppChart(cg, 'trustee', { project: 'trustee', namespace: ns, syncWave: AppWaves.CONFIDENTIAL });
  new OperatorInstall(chart, 'operator', operatorInstallProps(cg.name, 'trustee', t.version, t.operator));
  const at = `clusterGroups.${cg.name}`;
  return new Trustee(chart, 'trustee', {
    version: t.version as TrusteeVersion,
    preset: t.preset,
    namespace: ns,
    // Without trustee.kbs.host the Route host is OpenShift's kbs-<namespace>.<appsDomain>; the permissive
    // preset keeps the reference's Route without a host (OpenShift assigns the same one).
    kbsHost: t.kbs.host,
    appsDomain: cfg.appsDomain,
    kbsUrl: t.kbs.url,
    kbsCertificate: t.kbs.certificate,
    serviceType: t.kbs.serviceType,
    envVars: t.kbs.envVars,
    tokenDurationMinutes: t.kbs.tokenDurationMinutes,
    adminPublicKey: t.adminPublicKey,
    https: t.https,
    tokenSigner: t.tokenSigner,
    // What each Vault property holds (secrets init reads it from the tree): the image policy, the signing
    // keys it names (the user's), random bytes for the rest.
    secretResources: withImagePolicyContents(t.secretResources, t.imagePolicy, `${at}.trustee.imagePolicy`),
    referenceValues: t.referenceValues,
    platformMeasurements: attested?.platformMeasurements,
    teeCollateral: attested?.teeCollateral,
    initDataExpiration: t.initDataExpiration,
    store: { name: cfg.externalSecrets.store.name, kind: 'ClusterSecretStore' },
    refreshInterval: cfg.externalSecrets.refreshInterval,
    settings: { vault: `${at}.trustee`, routeHost: t.kbs.host !== undefined ? `${at}.trustee.kbs.host` : `${at}.appsDomain`, kbsUrl: `${at}.trustee.kbs.url` },
  });
}
