import * as k8s from '../../imports/k8s';
import { AcmHub } from '../acm/hub';
import { LetsEncrypt } from '../certificates/lets-encrypt';
import { ClusterGroupConfig } from '../config/schema';
import { setSyncWave, Waves } from '../gitops/argo';
import { ArgoAppChart } from '../gitops/argo-app-chart';
import { ClusterGroup } from '../gitops/cluster-group';
import { OPERATORS } from '../olm/catalog';
import { vaultRouteHost } from '../config/platform';
import { ExternalSecrets } from '../secrets/external-secrets';
import { vaultChart, VaultEndpoint, vaultServiceUrl } from '../secrets/vault-chart';
import { operatorInstallProps } from './operators';
import { AppWaves } from './waves';

/**
 * ACM, Vault, External Secrets and certificates: what the reference pattern gets from its framework. A spoke's
 * External Secrets read `hubVaultServer` (its hub's Vault, the plan's `spokeOf.vaultServer`); their
 * ClusterSecretStore comes from the hub's policy (lib/fleet/spoke-secret-store.ts), not from this folder.
 */
export function addPlatform(cg: ClusterGroup, group: ClusterGroupConfig, hubVaultServer?: string): void {
  if (group.acm.enabled) {
    const acm = new ArgoAppChart(cg, 'acm', { project: 'hub', namespace: OPERATORS.acm.namespace, syncWave: AppWaves.PLATFORM });
    new AcmHub(acm, 'hub', { operator: operatorInstallProps(cg.name, 'acm', group.acm.version, group.acm.operator), availability: group.acm.availability });
  }
  const vaultNs = group.vault.namespace;
  if (group.vault.enabled) {
    const routeHost = vaultRouteHost(group);
    const vault = new ArgoAppChart(cg, 'vault', {
      project: 'vault',
      namespace: vaultNs,
      syncWave: AppWaves.PLATFORM,
      helm: vaultChart({
        namespace: vaultNs,
        repoURL: group.vault.chart.repoURL,
        chart: group.vault.chart.name,
        version: group.vault.chart.version,
        storageSize: group.vault.storageSize,
      }),
    });
    setSyncWave(new k8s.KubeNamespace(vault, 'namespace', { metadata: { name: vaultNs } }), Waves.OPERATOR);
    new VaultEndpoint(vault, 'endpoint', { namespace: vaultNs, routeHost });
  }
  const eso = group.externalSecrets;
  if (eso.enabled) {
    const chart = new ArgoAppChart(cg, 'external-secrets', { project: 'external-secrets', namespace: OPERATORS.externalSecrets.namespace, syncWave: AppWaves.PLATFORM });
    new ExternalSecrets(chart, 'external-secrets', {
      operator: operatorInstallProps(cg.name, 'externalSecrets', eso.version, eso.operator),
      storeName: eso.store.name,
      vaultServer: hubVaultServer ?? eso.store.vaultServer ?? vaultServiceUrl(vaultNs),
      vaultNamespace: vaultNs,
      clusterSecretStore: hubVaultServer === undefined,
      kvPath: eso.store.kvPath,
      authMountPath: eso.store.authMountPath,
      authRole: eso.store.authRole,
      serviceAccount: eso.store.serviceAccount,
    });
  }
  const cm = group.certManager;
  if (cm.enabled && cm.letsEncrypt.email && cm.letsEncrypt.azureDns && group.appsDomain) {
    const chart = new ArgoAppChart(cg, 'cert-manager', { project: 'hub', namespace: OPERATORS.certManager.namespace, syncWave: AppWaves.PLATFORM });
    new LetsEncrypt(chart, 'lets-encrypt', {
      operator: operatorInstallProps(cg.name, 'certManager', cm.version, cm.operator),
      email: cm.letsEncrypt.email,
      server: cm.letsEncrypt.server,
      azureDns: cm.letsEncrypt.azureDns,
      appsDomain: group.appsDomain,
      ingressCertificate: cm.ingressCertificate,
      apiCertificate: cm.apiCertificate,
      store: { name: eso.store.name, kind: 'ClusterSecretStore' },
      clientSecretSettings: {
        vaultPath: `clusterGroups.${cg.name}.certManager.letsEncrypt.azureDns.clientSecretVaultPath`,
        property: `clusterGroups.${cg.name}.certManager.letsEncrypt.azureDns.clientSecretKey`,
      },
    });
  }
}
