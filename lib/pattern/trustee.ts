import { ClusterGroupConfig } from '../config/schema';
import { ArgoAppChart } from '../gitops/argo-app-chart';
import { ClusterGroup } from '../gitops/cluster-group';
import { OPERATORS } from '../olm/catalog';
import { OperatorInstall } from '../olm/operator-install';
import { defaultRouteHost } from '../openshift/route';
import { Trustee } from '../trustee/trustee';
import { TrusteeVersion } from '../trustee/versions';
import { operatorInstallProps } from './operators';
import { AppWaves } from './waves';

/** The `trustee` Application: the operator and the Trustee construct, from pattern.yaml. */
export function addTrustee(cg: ClusterGroup, cfg: ClusterGroupConfig): Trustee | undefined {
  const t = cfg.trustee;
  if (!t.enabled) {
    return undefined;
  }
  const ns = OPERATORS.trustee.namespace;
  const chart = new ArgoAppChart(cg, 'trustee', { project: 'trustee', namespace: ns, syncWave: AppWaves.CONFIDENTIAL });
  new OperatorInstall(chart, 'operator', operatorInstallProps(cg.name, 'trustee', t.version, t.operator));
  const host = t.kbs.host ?? defaultRouteHost('kbs', ns, cfg.appsDomain!);
  return new Trustee(chart, 'trustee', {
    version: t.version as TrusteeVersion,
    preset: t.preset,
    namespace: ns,
    // The permissive preset keeps the reference's Route without a host (OpenShift assigns the same one).
    kbsHost: t.preset === 'secure' || t.kbs.host ? host : undefined,
    kbsUrl: t.kbs.url ?? `https://${host}`,
    kbsCertificate: t.kbs.certificate,
    serviceType: t.kbs.serviceType,
    envVars: t.kbs.envVars,
    tokenDurationMinutes: t.kbs.tokenDurationMinutes,
    adminPublicKey: t.adminPublicKey,
    https: t.https,
    tokenSigner: t.tokenSigner,
    secretResources: t.secretResources,
    referenceValues: t.referenceValues,
    initDataExpiration: t.initDataExpiration,
    store: { name: cfg.externalSecrets.store.name, kind: 'ClusterSecretStore' },
    refreshInterval: cfg.externalSecrets.refreshInterval,
  });
}
