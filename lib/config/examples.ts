/**
 * The example values of the committed pattern.yaml: a fresh clone renders with them, but nothing deployed
 * from them works (the repository and the domain are not yours). The posture report flags them and
 * `secrets init` refuses to issue the KBS certificate for them.
 */

/** `gitops.repoURL` of the committed pattern.yaml. */
export const EXAMPLE_REPO_URL = 'https://github.com/example-org/coco-gitops.git';

/** `clusterGroups.simple.appsDomain` of the committed pattern.yaml. */
export const EXAMPLE_APPS_DOMAIN = 'apps.coco.example.com';

/** True when `repoURL` is the example repository (trailing `.git` and `/` aside, case aside). */
export function isExampleRepoUrl(repoURL: string): boolean {
  const norm = (u: string) => u.trim().toLowerCase().replace(/\/+$/, '').replace(/\.git$/, '');
  return norm(repoURL) === norm(EXAMPLE_REPO_URL);
}

/**
 * True when `host` is the example apps domain or a name under it (the schema accepts only lowercase names
 * without a final dot): an apps domain, a KBS host or a KBS URL's host.
 */
export function isExampleDomain(host: string | undefined): boolean {
  return host !== undefined && (host === EXAMPLE_APPS_DOMAIN || host.endsWith(`.${EXAMPLE_APPS_DOMAIN}`));
}
