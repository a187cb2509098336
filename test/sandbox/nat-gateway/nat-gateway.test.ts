import { spawn, spawnSync } from 'child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { ApiObject, Testing } from 'cdk8s';
import { InputError } from '../../../lib/errors';
import {
  AZURE_NAT_GATEWAY_SCRIPT,
  AzureNatGateway,
  AzureNatGatewayProps,
  CONFIGURE_NAT_GATEWAY_SCRIPT,
  DEFAULT_AZURE_CLI_IMAGE,
  READ_CLUSTER_SETTINGS_SCRIPT,
} from '../../../lib/sandbox/nat-gateway';
import { envOf, expectRestrictedPod, expectRoleBoundToJob, synthChart } from '../../support/script-job';

function synth(props?: AzureNatGatewayProps) {
  const { built: nat, objects, find } = synthChart(chart => new AzureNatGateway(chart, 'nat', props));
  return { nat, objects, find };
}

describe('AzureNatGateway', () => {
  test('renders a ServiceAccount, a Role and RoleBinding next to the cloud config, and the Job', () => {
    // WHEN
    const { objects } = synth();
    // THEN
    expect(objects.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ServiceAccount openshift-sandboxed-containers-operator/azure-nat-gateway',
      'Role openshift-cloud-controller-manager/azure-nat-gateway',
      'RoleBinding openshift-cloud-controller-manager/azure-nat-gateway',
      'Job openshift-sandboxed-containers-operator/azure-nat-gateway',
    ]);
  });

  test('the Role grants only get, on exactly cloud-conf and azure-cloud-credentials', () => {
    const { find } = synth();
    expect(find('Role').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['cloud-conf'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['azure-cloud-credentials'], verbs: ['get'] },
    ]);
  });

  test('the RoleBinding binds that Role to the Job\'s service account only', () => {
    expectRoleBoundToJob(synth().find, 'azure-nat-gateway', 'openshift-sandboxed-containers-operator');
  });

  test('the Job is an Argo CD Sync hook, re-created on every sync, after the RBAC objects', () => {
    const { find, objects } = synth();
    expect(find('Job').metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'Sync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      'argocd.argoproj.io/sync-wave': '10',
    });
    for (const o of objects.filter(x => x.kind !== 'Job')) {
      expect(o.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
    }
  });

  test('the Job retries a bounded number of times within a deadline', () => {
    const { find } = synth();
    expect(find('Job').spec).toMatchObject({ backoffLimit: 3, activeDeadlineSeconds: 900 });
    expect(find('Job').spec.template.spec.restartPolicy).toBe('Never');
  });

  test('the pod is restricted-v2 compatible: non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
    const pod = synth().find('Job').spec.template.spec;
    expectRestrictedPod(pod);
    const container = pod.containers[0];
    expect(container.securityContext.runAsUser).toBeUndefined();
    expect(pod.securityContext.runAsUser).toBeUndefined();
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '128Mi' } }]);
  });

  test('the container has resource requests and limits', () => {
    const container = synth().find('Job').spec.template.spec.containers[0];
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } });
  });

  test('runs the script with bash in the pinned Azure CLI image, configured by environment only', () => {
    const job = synth().find('Job');
    const container = job.spec.template.spec.containers[0];
    expect(container.image).toBe(DEFAULT_AZURE_CLI_IMAGE);
    expect(DEFAULT_AZURE_CLI_IMAGE).toMatch(/^mcr\.microsoft\.com\/azure-cli:\d+\.\d+\.\d+$/);
    expect(container.command).toEqual(['/bin/bash', '-c', AZURE_NAT_GATEWAY_SCRIPT]);
    expect(envOf(job)).toEqual({
      CLOUD_CONF_NAMESPACE: 'openshift-cloud-controller-manager',
      CLOUD_CONF_CONFIGMAP: 'cloud-conf',
      CLOUD_CONF_KEY: 'cloud.conf',
      CREDENTIALS_SECRET: 'azure-cloud-credentials',
      PUBLIC_IP_NAME: 'coco-pip',
      NAT_GATEWAY_NAME: 'coco-nat-gateway',
      IDLE_TIMEOUT_MINUTES: '10',
      HOME: '/tmp',
      AZURE_CONFIG_DIR: '/tmp/.azure',
      AZURE_CORE_COLLECT_TELEMETRY: 'false',
      PYTHONDONTWRITEBYTECODE: '1',
    });
  });

  test('renders no secret: no Secret object, no secret reference, no credential value', () => {
    const { objects } = synth();
    const text = JSON.stringify(objects);
    expect(objects.some(o => o.kind === 'Secret')).toBe(false);
    expect(text).not.toMatch(/secretKeyRef|secretRef|"secret":\{/);
    const pod = objects.find(o => o.kind === 'Job').spec.template.spec;
    expect(pod.containers[0].env.every((e: object) => !('valueFrom' in e))).toBe(true);
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('takes a namespace, name, resource prefix, idle timeout and image', () => {
    // GIVEN
    const image = `mcr.microsoft.com/azure-cli@sha256:${'a'.repeat(64)}`;
    // WHEN
    const { objects, nat } = synth({ namespace: 'coco-infra', name: 'egress', resourcePrefix: 'prod.coco', idleTimeoutMinutes: 4, image });
    // THEN
    expect(objects.map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ServiceAccount coco-infra/egress',
      'Role openshift-cloud-controller-manager/egress',
      'RoleBinding openshift-cloud-controller-manager/egress',
      'Job coco-infra/egress',
    ]);
    expect(nat.publicIpName).toBe('prod.coco-pip');
    expect(nat.natGatewayName).toBe('prod.coco-nat-gateway');
    const job = objects.find(o => o.kind === 'Job');
    const env = envOf(job);
    expect(env).toMatchObject({ PUBLIC_IP_NAME: 'prod.coco-pip', NAT_GATEWAY_NAME: 'prod.coco-nat-gateway', IDLE_TIMEOUT_MINUTES: '4' });
    expect(job.spec.template.spec.containers[0].image).toBe(image);
    expect(objects.find(o => o.kind === 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'egress', namespace: 'coco-infra' }]);
  });

  test('the Job is the default child', () => {
    const chart = Testing.chart();
    const nat = new AzureNatGateway(chart, 'nat');
    expect(ApiObject.of(nat)).toBe(nat.job);
  });

  test('snapshot of the synthesized objects', () => {
    expect(synth().objects).toMatchSnapshot();
  });

  test.each([
    ['namespace', { namespace: 'Sandbox' }, /^AzureNatGateway namespace: must be a DNS-1123 label .*got "Sandbox"$/],
    ['name', { name: 'nat.gateway' }, /^AzureNatGateway name: must be a DNS-1123 label .*got "nat.gateway"$/],
    ['resourcePrefix', { resourcePrefix: '-coco' }, /^AzureNatGateway resourcePrefix: must start with a letter or digit .*got "-coco"$/],
    ['resourcePrefix', { resourcePrefix: "co'co" }, /^AzureNatGateway resourcePrefix: .*got "co'co"$/],
    ['resourcePrefix', { resourcePrefix: 'x'.repeat(69) }, /^AzureNatGateway resourcePrefix: .*at most 68 characters/],
    ['idleTimeoutMinutes', { idleTimeoutMinutes: 3 }, /^AzureNatGateway idleTimeoutMinutes: must be a whole number of minutes from 4 to 120 \(the Azure NAT gateway range\), got 3$/],
    ['idleTimeoutMinutes', { idleTimeoutMinutes: 121 }, /^AzureNatGateway idleTimeoutMinutes: .*got 121$/],
    ['idleTimeoutMinutes', { idleTimeoutMinutes: 7.5 }, /^AzureNatGateway idleTimeoutMinutes: .*got 7.5$/],
    ['image', { image: 'mcr.microsoft.com/azure-cli' }, /^AzureNatGateway image: must be an image reference pinned by tag \(not "latest"\) or digest, .*got "mcr.microsoft.com\/azure-cli"$/],
    ['image', { image: 'mcr.microsoft.com/azure-cli:latest' }, /^AzureNatGateway image: must be an image reference pinned .*got "mcr.microsoft.com\/azure-cli:latest"$/],
    ['image', { image: 'azure cli:2.67.0' }, /^AzureNatGateway image: .*got "azure cli:2.67.0"$/],
  ])('fails on a bad %s', (_, bad, message) => {
    const chart = Testing.chart();
    expect(() => new AzureNatGateway(chart, 'a', bad as AzureNatGatewayProps)).toThrow(InputError);
    expect(() => new AzureNatGateway(chart, 'b', bad as AzureNatGatewayProps)).toThrow(message);
  });

  test('accepts an image pinned by tag and digest, and reports every bad prop at once', () => {
    const chart = Testing.chart();
    expect(() => new AzureNatGateway(chart, 'a', { image: `registry.example.com:5000/tools/azure-cli:2.67.0@sha256:${'0'.repeat(64)}` })).not.toThrow();
    expect(() => new AzureNatGateway(chart, 'b', { name: 'A', idleTimeoutMinutes: 0 })).toThrow(/^AzureNatGateway name: .*\nAzureNatGateway idleTimeoutMinutes: /);
  });
});

describe('the NAT gateway script', () => {
  test('is valid bash', () => {
    const result = spawnSync('bash', ['-n'], { input: AZURE_NAT_GATEWAY_SCRIPT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('starts in strict mode and never traces', () => {
    expect(AZURE_NAT_GATEWAY_SCRIPT.startsWith('set -euo pipefail\n')).toBe(true);
    expect(AZURE_NAT_GATEWAY_SCRIPT).not.toMatch(/set -[a-z]*x|set -o xtrace|--debug|--verbose/);
    expect(AZURE_NAT_GATEWAY_SCRIPT).toBe(`set -euo pipefail\n${READ_CLUSTER_SETTINGS_SCRIPT}${CONFIGURE_NAT_GATEWAY_SCRIPT}`);
  });

  test('uses the client secret only to log in, then forgets it', () => {
    const uses = AZURE_NAT_GATEWAY_SCRIPT.split('\n').filter(line => line.includes('AZURE_CLIENT_SECRET'));
    expect(uses).toEqual([
      'AZURE_CLIENT_SECRET="$(kube_read secrets "$CLOUD_CONF_NAMESPACE" "$CREDENTIALS_SECRET" azure_client_secret)"',
      'az login --service-principal --username "$AZURE_CLIENT_ID" --password="$AZURE_CLIENT_SECRET" \\',
      'unset AZURE_CLIENT_SECRET',
    ]);
  });

  test('reads cloud.conf and the credentials through the API, never from a file or an echo', () => {
    expect(READ_CLUSTER_SETTINGS_SCRIPT).toContain("'https://%s:%s/api/v1/namespaces/%s/%s/%s'");
    expect(READ_CLUSTER_SETTINGS_SCRIPT).toContain("ssl.create_default_context(cafile=sa + '/ca.crt')");
    expect(READ_CLUSTER_SETTINGS_SCRIPT).not.toMatch(/echo "\$AZURE_CLIENT|printf .*\$AZURE_CLIENT|> *\/tmp/);
    for (const field of ['subscriptionId', 'location', 'vnetResourceGroup', 'vnetName', 'subnetName']) {
      expect(READ_CLUSTER_SETTINGS_SCRIPT).toContain(`cloud_conf_field ${field}`);
    }
    for (const key of ['azure_client_id', 'azure_tenant_id', 'azure_client_secret']) {
      expect(READ_CLUSTER_SETTINGS_SCRIPT).toContain(`"$CREDENTIALS_SECRET" ${key})`);
    }
  });
});

describe('configuring Azure (the script against a fake az)', () => {
  const SECRET = '-s3cr3t-value';
  const NAT_ID = '/subscriptions/sub/resourceGroups/vnet-rg/providers/Microsoft.Network/natGateways/coco-nat-gateway';
  // Records every call and keeps the state of the public IP, NAT gateway and subnet in files.
  const FAKE_AZ = `#!/bin/bash
set -euo pipefail
state="$FAKE_AZ_STATE"
printf '%s\\n' "$*" >> "$state/calls"
arg() { local want="$1"; shift; while [ $# -gt 0 ]; do if [ "$1" = "$want" ]; then echo "$2"; return; fi; shift; done; }
case "$*" in
  "cloud set"*|"login "*|"account set"*) ;;
  "network public-ip list"*) cat "$state/pip" 2>/dev/null || true ;;
  "network public-ip create"*) echo "/subscriptions/sub/resourceGroups/vnet-rg/providers/Microsoft.Network/publicIPAddresses/$(arg --name "$@")" > "$state/pip" ;;
  "network nat gateway list"*) cat "$state/nat" 2>/dev/null || true ;;
  "network nat gateway create"*) echo "${NAT_ID}" > "$state/nat"; arg --idle-timeout "$@" > "$state/idle" ;;
  "network nat gateway show"*"--query idleTimeoutInMinutes"*) cat "$state/idle" ;;
  "network nat gateway show"*"--query id "*) cat "$state/nat" ;;
  "network nat gateway update"*) arg --idle-timeout "$@" > "$state/idle" ;;
  "network vnet subnet show"*) cat "$state/subnet-nat" 2>/dev/null || true ;;
  "network vnet subnet update"*) arg --nat-gateway "$@" > "$state/subnet-nat" ;;
  *) echo "fake az: unexpected call" >&2; exit 2 ;;
esac
`;
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nat-gateway-'));
    writeFileSync(join(dir, 'az'), FAKE_AZ);
    chmodSync(join(dir, 'az'), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(env: Record<string, string | undefined> = {}) {
    writeFileSync(join(dir, 'calls'), '');
    // stdin must not be a socket: bash would then read ~/.bashrc as if started by rshd.
    const result = spawnSync('bash', ['-c', `set -euo pipefail\n${CONFIGURE_NAT_GATEWAY_SCRIPT}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        HOME: dir,
        PATH: `${dir}:${process.env.PATH}`,
        FAKE_AZ_STATE: dir,
        AZURE_CLOUD: 'AzureCloud',
        AZURE_CLIENT_ID: 'client-id',
        AZURE_CLIENT_SECRET: SECRET,
        AZURE_TENANT_ID: 'tenant-id',
        SUBSCRIPTION_ID: 'sub',
        LOCATION: 'eastus',
        VNET_RESOURCE_GROUP: 'vnet-rg',
        VNET_NAME: 'cluster-vnet',
        SUBNET_NAME: 'worker-subnet',
        PUBLIC_IP_NAME: 'coco-pip',
        NAT_GATEWAY_NAME: 'coco-nat-gateway',
        IDLE_TIMEOUT_MINUTES: '10',
        ...env,
      },
    });
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    const changes = calls.filter(c => / (create|update) /.test(c));
    return { ...result, calls, changes };
  }

  test('creates the public IP and NAT gateway and attaches it to the subnet, logging in with the secret as one argument', () => {
    // WHEN
    const { status, stderr, stdout, calls, changes } = run();
    // THEN
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(calls[1]).toBe(`login --service-principal --username client-id --password=${SECRET} --tenant tenant-id --output none`);
    expect(changes).toEqual([
      'network public-ip create --resource-group vnet-rg --name coco-pip --location eastus --sku Standard --allocation-method Static --version IPv4 --output none',
      'network nat gateway create --resource-group vnet-rg --name coco-nat-gateway --location eastus --public-ip-addresses coco-pip --idle-timeout 10 --output none',
      `network vnet subnet update --resource-group vnet-rg --vnet-name cluster-vnet --name worker-subnet --nat-gateway ${NAT_ID} --output none`,
    ]);
    expect(stdout).not.toContain(SECRET);
  });

  test('a second run changes nothing', () => {
    // GIVEN
    run();
    // WHEN
    const { status, stdout, changes } = run();
    // THEN
    expect(status).toBe(0);
    expect(changes).toEqual([]);
    expect(stdout).toContain('Subnet worker-subnet already uses NAT gateway coco-nat-gateway');
  });

  test('recognises its NAT gateway on the subnet whatever the case of the id Azure returns', () => {
    run();
    writeFileSync(join(dir, 'subnet-nat'), NAT_ID.toLowerCase());
    expect(run().changes).toEqual([]);
  });

  test('sets the idle timeout back when it drifted', () => {
    run();
    const { changes } = run({ IDLE_TIMEOUT_MINUTES: '30' });
    expect(changes).toEqual(['network nat gateway update --resource-group vnet-rg --name coco-nat-gateway --idle-timeout 30 --output none']);
  });

  test('leaves a subnet that already has another NAT gateway alone', () => {
    // GIVEN
    writeFileSync(join(dir, 'subnet-nat'), '/subscriptions/sub/resourceGroups/net/providers/Microsoft.Network/natGateways/corporate');
    // WHEN
    const { status, stdout, changes } = run();
    // THEN
    expect(status).toBe(0);
    expect(changes.some(c => c.startsWith('network vnet subnet update'))).toBe(false);
    expect(stdout).toContain('already uses another NAT gateway (/subscriptions/sub/resourceGroups/net/providers/Microsoft.Network/natGateways/corporate); leaving it unchanged');
  });

  test('stops at the first failing az call', () => {
    // GIVEN: az fails on every call after login
    writeFileSync(join(dir, 'az'), `#!/bin/bash\nprintf '%s\\n' "$*" >> "$FAKE_AZ_STATE/calls"\ncase "$1" in cloud|login) exit 0 ;; esac\necho "fake az: denied" >&2\nexit 1\n`);
    // WHEN
    const { status, calls } = run();
    // THEN
    expect(status).toBe(1);
    expect(calls).toHaveLength(3);
    expect(existsSync(join(dir, 'nat'))).toBe(false);
  });

  test('fails when an input is missing', () => {
    const { status, stderr, changes } = run({ SUBNET_NAME: undefined });
    expect(status).toBe(1);
    expect(stderr).toContain('SUBNET_NAME: unbound variable');
    expect(changes).toHaveLength(2);
  });
});

// The Job runs this part with the python3 of the Azure CLI image; here it needs a local python3.
const PYTHON3 = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).stdout?.trim();
if (!PYTHON3) {
  console.warn('python3 not found: skipping the tests that run the NAT gateway script against a fake Kubernetes API');
}

/** The committed example certificate (see certs/), standing in for the cluster's CA. */
const EXAMPLE_CERT = join(__dirname, '..', '..', '..', 'certs', 'kbs-ca.EXAMPLE.pem');

(PYTHON3 ? describe : describe.skip)('reading the cluster settings (the script against a fake Kubernetes API)', () => {
  const SECRET = 'very-secret';
  const CLOUD_CONF = {
    cloud: 'AzurePublicCloud', tenantId: 'tenant-in-conf', subscriptionId: 'sub-id', location: 'westeurope',
    resourceGroup: 'cluster-rg', vnetResourceGroup: 'vnet-rg', vnetName: 'cluster-vnet', subnetName: 'worker-subnet',
  };
  // python3 wrapper: runs the script's Python against the plain-HTTP fake API and a test service account
  // folder (token and ca.crt). -S: the script's Python needs nothing but the standard library, and site
  // start-up was most of each call's time.
  const PYTHON_WRAPPER = `#!/bin/bash
if [ "$1" = "-" ]; then
  code="$(sed -e "s#/var/run/secrets/kubernetes.io/serviceaccount#$FAKE_SA_DIR#" -e "s#'https://#'http://#")"
  shift
  exec "$REAL_PYTHON3" -S -c "$code" "$@"
fi
exec "$REAL_PYTHON3" -S "$@"
`;
  const PRINT_RESULT = '\nprintf "%s\\n" "$SUBSCRIPTION_ID" "$LOCATION" "$VNET_RESOURCE_GROUP" "$VNET_NAME" "$SUBNET_NAME" "$AZURE_CLOUD" "$AZURE_CLIENT_ID" "$AZURE_TENANT_ID"\n' +
    `[ "$AZURE_CLIENT_SECRET" = "${SECRET}" ] && echo "secret read"\n`;
  let dir: string;
  let server: Server;
  let requests: string[];
  let cloudConf: Record<string, string>;
  let credentials: Record<string, string>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nat-read-'));
    writeFileSync(join(dir, 'token'), 'test-token\n');
    // a CA certificate where the pod has its cluster's: the TLS context is made as in the cluster (the fake API speaks plain HTTP)
    copyFileSync(EXAMPLE_CERT, join(dir, 'ca.crt'));
    writeFileSync(join(dir, 'python3'), PYTHON_WRAPPER);
    chmodSync(join(dir, 'python3'), 0o755);
    requests = [];
    cloudConf = { ...CLOUD_CONF };
    credentials = { azure_client_id: 'client-id', azure_client_secret: SECRET, azure_tenant_id: 'tenant-id', azure_region: 'westeurope' };
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      const base = '/api/v1/namespaces/openshift-cloud-controller-manager';
      const send = (status: number, body: object) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      if (req.headers.authorization !== 'Bearer test-token') {
        send(401, {});
      } else if (req.url === `${base}/configmaps/cloud-conf`) {
        send(200, { data: { 'cloud.conf': JSON.stringify(cloudConf) } });
      } else if (req.url === `${base}/secrets/azure-cloud-credentials`) {
        send(200, { data: Object.fromEntries(Object.entries(credentials).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) });
      } else {
        send(403, {});
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    await new Promise(resolve => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  function run(env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const child = spawn('bash', ['-c', `set -euo pipefail\n${READ_CLUSTER_SETTINGS_SCRIPT}${PRINT_RESULT}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        HOME: dir,
        PATH: `${dir}:${process.env.PATH}`,
        REAL_PYTHON3: PYTHON3 as string,
        FAKE_SA_DIR: dir,
        KUBERNETES_SERVICE_HOST: '127.0.0.1',
        KUBERNETES_SERVICE_PORT: String((server.address() as AddressInfo).port),
        CLOUD_CONF_NAMESPACE: 'openshift-cloud-controller-manager',
        CLOUD_CONF_CONFIGMAP: 'cloud-conf',
        CLOUD_CONF_KEY: 'cloud.conf',
        CREDENTIALS_SECRET: 'azure-cloud-credentials',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    return new Promise(resolve => child.on('close', status => resolve({ status, stdout, stderr })));
  }

  test('reads cloud.conf and the credentials with the service account token and sets the variables', async () => {
    // WHEN
    const { status, stdout, stderr } = await run();
    // THEN
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'sub-id', 'westeurope', 'vnet-rg', 'cluster-vnet', 'worker-subnet', 'AzureCloud', 'client-id', 'tenant-id', 'secret read', '',
    ]);
    expect(stdout).not.toContain(SECRET);
    expect(new Set(requests)).toEqual(new Set([
      'GET /api/v1/namespaces/openshift-cloud-controller-manager/configmaps/cloud-conf Bearer test-token',
      'GET /api/v1/namespaces/openshift-cloud-controller-manager/secrets/azure-cloud-credentials Bearer test-token',
    ]));
  });

  test('maps the cloud name of cloud.conf to the Azure CLI cloud', async () => {
    cloudConf.cloud = 'AzureUSGovernmentCloud';
    expect((await run()).stdout.split('\n')[5]).toBe('AzureUSGovernment');
  });

  test('defaults to the public cloud when cloud.conf names none', async () => {
    delete cloudConf.cloud;
    expect((await run()).stdout.split('\n')[5]).toBe('AzureCloud');
  });

  test('fails on a cloud it does not know', async () => {
    cloudConf.cloud = 'AzureStackCloud';
    const { status, stderr } = await run();
    expect(status).toBe(1);
    expect(stderr).toBe('cloud.conf names Azure cloud AzureStackCloud, which this job does not know\n');
  });

  test('fails with a clear message when cloud.conf lacks a field', async () => {
    delete cloudConf.vnetName;
    const { status, stderr } = await run();
    expect(status).toBe(1);
    expect(stderr).toBe('cloud.conf has no vnetName\n');
  });

  test('fails without printing anything secret when the credentials have no client secret (workload identity)', async () => {
    delete credentials.azure_client_secret;
    credentials.azure_federated_token_file = '/var/run/secrets/openshift/serviceaccount/token';
    const { status, stdout, stderr } = await run();
    expect(status).toBe(1);
    expect(stderr).toBe('secrets openshift-cloud-controller-manager/azure-cloud-credentials has no key azure_client_secret\n');
    expect(stdout).toBe('');
  });

  test('fails with a message when the API cannot be reached', async () => {
    const { status, stderr } = await run({ KUBERNETES_SERVICE_PORT: '1' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^cannot reach the Kubernetes API: .*refused/);
  });

  test('fails with the HTTP status when the API refuses', async () => {
    const { status, stderr } = await run({ CREDENTIALS_SECRET: 'other-secret' });
    expect(status).toBe(1);
    expect(stderr).toBe('cannot read secrets openshift-cloud-controller-manager/other-secret: HTTP 403\n');
  });
});
