/**
 * The shell script of the Azure NAT gateway Job, in two parts so each can be tested on its own:
 * {@link READ_CLUSTER_SETTINGS_SCRIPT} reads the cluster's Azure settings and credentials through the
 * Kubernetes API, {@link CONFIGURE_NAT_GATEWAY_SCRIPT} makes Azure match (idempotently) with the Azure CLI.
 * {@link AZURE_NAT_GATEWAY_SCRIPT} is both, as the Job runs it.
 *
 * Inputs (environment, set by the construct): `CLOUD_CONF_NAMESPACE`, `CLOUD_CONF_CONFIGMAP`,
 * `CLOUD_CONF_KEY`, `CREDENTIALS_SECRET`, `PUBLIC_IP_NAME`, `NAT_GATEWAY_NAME`, `IDLE_TIMEOUT_MINUTES`.
 * Secrets are held in shell variables only: nothing is traced (`set -x`) or printed.
 * (`\${` below is a TypeScript escape; the script itself reads `${`.)
 */

/**
 * Reads cloud.conf and the Azure credentials with the service account token (python3 ships with the
 * Azure CLI image) and sets the variables {@link CONFIGURE_NAT_GATEWAY_SCRIPT} needs.
 */
export const READ_CLUSTER_SETTINGS_SCRIPT = `
# kube_read KIND NAMESPACE NAME KEY: prints one key of a ConfigMap or Secret (decoded), read through
# the Kubernetes API with this pod's service account token. Fails with a message, never with the value.
kube_read() {
  python3 - "$1" "$2" "$3" "$4" <<'PYTHON'
import base64, json, os, ssl, sys, urllib.error, urllib.request
kind, namespace, name, key = sys.argv[1:5]
sa = '/var/run/secrets/kubernetes.io/serviceaccount'
host = os.environ['KUBERNETES_SERVICE_HOST']
if ':' in host:
    host = '[' + host + ']'
url = 'https://%s:%s/api/v1/namespaces/%s/%s/%s' % (host, os.environ['KUBERNETES_SERVICE_PORT'], namespace, kind, name)
with open(sa + '/token') as f:
    token = f.read().strip()
request = urllib.request.Request(url, headers={'Authorization': 'Bearer ' + token, 'Accept': 'application/json'})
try:
    with urllib.request.urlopen(request, context=ssl.create_default_context(cafile=sa + '/ca.crt'), timeout=30) as response:
        data = json.load(response).get('data') or {}
except urllib.error.HTTPError as error:
    sys.exit('cannot read %s %s/%s: HTTP %d' % (kind, namespace, name, error.code))
except urllib.error.URLError as error:
    sys.exit('cannot reach the Kubernetes API: %s' % error.reason)
if key not in data:
    sys.exit('%s %s/%s has no key %s' % (kind, namespace, name, key))
value = base64.b64decode(data[key]).decode() if kind == 'secrets' else data[key]
sys.stdout.write(value)
PYTHON
}

# cloud_conf_field FIELD [DEFAULT]: prints one field of cloud.conf (JSON), or DEFAULT when it is
# missing or empty; fails when it is missing and there is no default.
cloud_conf_field() {
  CLOUD_CONF="$cloud_conf" python3 - "$@" <<'PYTHON'
import json, os, sys
value = json.loads(os.environ['CLOUD_CONF']).get(sys.argv[1]) or (sys.argv[2] if len(sys.argv) > 2 else None)
if not value:
    sys.exit('cloud.conf has no ' + sys.argv[1])
print(value)
PYTHON
}

cloud_conf="$(kube_read configmaps "$CLOUD_CONF_NAMESPACE" "$CLOUD_CONF_CONFIGMAP" "$CLOUD_CONF_KEY")"
SUBSCRIPTION_ID="$(cloud_conf_field subscriptionId)"
LOCATION="$(cloud_conf_field location)"
VNET_RESOURCE_GROUP="$(cloud_conf_field vnetResourceGroup)"
VNET_NAME="$(cloud_conf_field vnetName)"
SUBNET_NAME="$(cloud_conf_field subnetName)"
cloud_name="$(cloud_conf_field cloud AzurePublicCloud)"
case "$cloud_name" in
  AzurePublicCloud) AZURE_CLOUD=AzureCloud ;;
  AzureUSGovernmentCloud) AZURE_CLOUD=AzureUSGovernment ;;
  AzureChinaCloud) AZURE_CLOUD=AzureChinaCloud ;;
  *) echo "cloud.conf names Azure cloud $cloud_name, which this job does not know" >&2; exit 1 ;;
esac

AZURE_CLIENT_ID="$(kube_read secrets "$CLOUD_CONF_NAMESPACE" "$CREDENTIALS_SECRET" azure_client_id)"
AZURE_TENANT_ID="$(kube_read secrets "$CLOUD_CONF_NAMESPACE" "$CREDENTIALS_SECRET" azure_tenant_id)"
AZURE_CLIENT_SECRET="$(kube_read secrets "$CLOUD_CONF_NAMESPACE" "$CREDENTIALS_SECRET" azure_client_secret)"
`;

/**
 * Logs in as the cluster's service principal, then creates what is missing: the standard static
 * public IP and the NAT gateway (in the virtual network's resource group and the cluster's region),
 * and attaches the NAT gateway to the worker subnet. A second run changes nothing; a subnet that
 * already has another NAT gateway is left as it is.
 *
 * Needs `AZURE_CLOUD`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, `AZURE_TENANT_ID`, `SUBSCRIPTION_ID`,
 * `LOCATION`, `VNET_RESOURCE_GROUP`, `VNET_NAME`, `SUBNET_NAME` and the names from the construct.
 */
export const CONFIGURE_NAT_GATEWAY_SCRIPT = `
az cloud set --name "$AZURE_CLOUD" --output none
# --password=VALUE (not "--password VALUE"): a secret starting with "-" would be read as an option.
az login --service-principal --username "$AZURE_CLIENT_ID" --password="$AZURE_CLIENT_SECRET" \\
  --tenant "$AZURE_TENANT_ID" --output none
unset AZURE_CLIENT_SECRET
az account set --subscription "$SUBSCRIPTION_ID" --output none

public_ip_id="$(az network public-ip list --resource-group "$VNET_RESOURCE_GROUP" \\
  --query "[?name=='$PUBLIC_IP_NAME'].id" --output tsv)"
if [ -z "$public_ip_id" ]; then
  echo "Creating public IP $PUBLIC_IP_NAME (Standard, static) in $VNET_RESOURCE_GROUP"
  az network public-ip create --resource-group "$VNET_RESOURCE_GROUP" --name "$PUBLIC_IP_NAME" \\
    --location "$LOCATION" --sku Standard --allocation-method Static --version IPv4 --output none
else
  echo "Public IP $PUBLIC_IP_NAME exists"
fi

nat_gateway_id="$(az network nat gateway list --resource-group "$VNET_RESOURCE_GROUP" \\
  --query "[?name=='$NAT_GATEWAY_NAME'].id" --output tsv)"
if [ -z "$nat_gateway_id" ]; then
  echo "Creating NAT gateway $NAT_GATEWAY_NAME in $VNET_RESOURCE_GROUP"
  az network nat gateway create --resource-group "$VNET_RESOURCE_GROUP" --name "$NAT_GATEWAY_NAME" \\
    --location "$LOCATION" --public-ip-addresses "$PUBLIC_IP_NAME" \\
    --idle-timeout "$IDLE_TIMEOUT_MINUTES" --output none
  nat_gateway_id="$(az network nat gateway show --resource-group "$VNET_RESOURCE_GROUP" \\
    --name "$NAT_GATEWAY_NAME" --query id --output tsv)"
else
  idle_timeout="$(az network nat gateway show --resource-group "$VNET_RESOURCE_GROUP" \\
    --name "$NAT_GATEWAY_NAME" --query idleTimeoutInMinutes --output tsv)"
  if [ "$idle_timeout" != "$IDLE_TIMEOUT_MINUTES" ]; then
    echo "Setting the idle timeout of NAT gateway $NAT_GATEWAY_NAME to $IDLE_TIMEOUT_MINUTES minutes"
    az network nat gateway update --resource-group "$VNET_RESOURCE_GROUP" --name "$NAT_GATEWAY_NAME" \\
      --idle-timeout "$IDLE_TIMEOUT_MINUTES" --output none
  else
    echo "NAT gateway $NAT_GATEWAY_NAME exists"
  fi
fi

subnet_nat_gateway_id="$(az network vnet subnet show --resource-group "$VNET_RESOURCE_GROUP" \\
  --vnet-name "$VNET_NAME" --name "$SUBNET_NAME" --query natGateway.id --output tsv)"
if [ -z "$subnet_nat_gateway_id" ]; then
  echo "Attaching NAT gateway $NAT_GATEWAY_NAME to subnet $SUBNET_NAME of $VNET_NAME"
  az network vnet subnet update --resource-group "$VNET_RESOURCE_GROUP" --vnet-name "$VNET_NAME" \\
    --name "$SUBNET_NAME" --nat-gateway "$nat_gateway_id" --output none
elif [ "\${subnet_nat_gateway_id,,}" = "\${nat_gateway_id,,}" ]; then
  echo "Subnet $SUBNET_NAME already uses NAT gateway $NAT_GATEWAY_NAME"
else
  echo "Subnet $SUBNET_NAME already uses another NAT gateway ($subnet_nat_gateway_id); leaving it unchanged"
fi
`;

/** The whole Job script: strict mode, read the cluster's settings, configure Azure. */
export const AZURE_NAT_GATEWAY_SCRIPT = `set -euo pipefail
${READ_CLUSTER_SETTINGS_SCRIPT}${CONFIGURE_NAT_GATEWAY_SCRIPT}`;
