/**
 * The script of the InstallPlan approver Job (see ./installplan-approver.ts), and its image.
 *
 * Inputs (environment, set by the construct): `NAMESPACE` (the operator's namespace), `SUBSCRIPTION`,
 * `CSV` (the pinned ClusterServiceVersion), `TIMEOUT_SECONDS`, `INTERVAL_SECONDS` and `UPGRADE_HINT`
 * (what the user changes to move to another CSV, e.g. "set clusterGroups.simple.sandbox.version").
 *
 * It loops until `TIMEOUT_SECONDS` have passed:
 * - exit 0 as soon as `CSV` is installed in `NAMESPACE` with phase Succeeded;
 * - approve (`spec.approved: true`) every InstallPlan whose `spec.clusterServiceVersionNames` contains
 *   `CSV`, and no other: this is how the first install of a Manual Subscription goes ahead, and how an
 *   upgrade goes ahead once the pin names the CSV OLM offers;
 * - log, once per plan, every pending InstallPlan that offers another CSV, with the setting to change.
 * At the timeout it fails with those lines (and the CSV the Subscription has installed, when it is
 * another one: OLM does not downgrade). Transient API errors are retried, never fatal.
 *
 * Only `oc` (with its `-o go-template` / `-o jsonpath` output), bash and coreutils are used: the oc CLI
 * image has no jq. (`\${` and `\\` below are TypeScript escapes; the script reads `${` and `\`.)
 */

/**
 * The oc CLI image the approver runs by default, pinned by tag: the OpenShift CLI image of the Red Hat
 * catalog (https://catalog.redhat.com/software/containers/openshift4/ose-cli-rhel9/6528096620ebdcf82af4cbf9),
 * which Red Hat operators also reference as `RELATED_IMAGE_OSE_CLI_IMAGE`
 * (`registry.redhat.io/openshift4/ose-cli-rhel9:v4.18@sha256:...`). A digest is better; tags move.
 */
export const DEFAULT_OC_IMAGE = 'registry.redhat.io/openshift4/ose-cli-rhel9:v4.18';

/** Go template listing the InstallPlans, one per line: `<name> <approved> <csv> <csv>...`. */
export const INSTALL_PLAN_TEMPLATE = '{{range .items}}{{.metadata.name}} {{.spec.approved}}{{range .spec.clusterServiceVersionNames}} {{.}}{{end}}{{"\\n"}}{{end}}';

export const INSTALL_PLAN_APPROVER_SCRIPT = `set -euo pipefail
log() { printf '%s\\n' "$*"; }
deadline=$(( $(date +%s) + TIMEOUT_SECONDS ))
logged=' '
log "waiting for $CSV in namespace $NAMESPACE (Subscription $SUBSCRIPTION), at most \${TIMEOUT_SECONDS}s"
while :; do
  phase="$(oc get clusterserviceversions.operators.coreos.com "$CSV" -n "$NAMESPACE" --ignore-not-found -o 'jsonpath={.status.phase}')" || phase=''
  plans="$(oc get installplans.operators.coreos.com -n "$NAMESPACE" -o 'go-template=${INSTALL_PLAN_TEMPLATE}')" || { log "cannot list InstallPlans in $NAMESPACE; retrying"; plans=''; }
  hints=''
  while read -r plan approved csvs; do
    [ -n "$plan" ] || continue
    case " $csvs " in
      *" $CSV "*)
        if [ "$approved" != true ] && [ "$phase" != Succeeded ]; then
          if oc patch installplans.operators.coreos.com "$plan" -n "$NAMESPACE" --type merge -p '{"spec":{"approved":true}}' >/dev/null; then
            log "approved InstallPlan $plan ($csvs)"
          else
            log "cannot approve InstallPlan $plan; retrying"
          fi
        fi
        ;;
      *)
        if [ "$approved" != true ]; then
          hint="InstallPlan $plan offers \${csvs// /, }; this pattern pins $CSV: to upgrade $UPGRADE_HINT"
          hints="$hints$hint"$'\\n'
          case "$logged" in
            *" $plan "*) ;;
            *) log "$hint"; logged="$logged$plan " ;;
          esac
        fi
        ;;
    esac
  done <<< "$plans"
  if [ "$phase" = Succeeded ]; then
    log "$CSV is installed (phase Succeeded)"
    exit 0
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    log "timed out after \${TIMEOUT_SECONDS}s: $CSV is not installed (phase: \${phase:-no such CSV})" >&2
    installed="$(oc get subscriptions.operators.coreos.com "$SUBSCRIPTION" -n "$NAMESPACE" -o 'jsonpath={.status.installedCSV}')" || installed=''
    if [ -n "$installed" ] && [ "$installed" != "$CSV" ]; then
      log "Subscription $SUBSCRIPTION has $installed installed, not $CSV, and OLM does not downgrade: to keep it $UPGRADE_HINT to match $installed" >&2
    fi
    printf '%s' "$hints" >&2
    exit 1
  fi
  sleep "$INTERVAL_SECONDS"
done
`;
