/**
 * Azure Resource Manager ids of the network objects a pod VM is attached to, and the naming rules of
 * their parts (Azure docs "Naming rules and restrictions for Azure resources"). The fixed segments
 * (`subscriptions`, `resourceGroups`, `providers`, `Microsoft.Network`, `virtualNetworks`, `subnets`,
 * `networkSecurityGroups`) are compared case-insensitively, as Azure does; names are kept as written.
 */
import { quote } from '../../errors';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Resource group: 1-90 letters (any script), digits, "_", "(", ")", "-", "."; not ending in ".". */
const RESOURCE_GROUP = /^[\p{L}\p{N}_().-]{1,90}$/u;
/** Network object names: alphanumerics, "_", ".", "-"; start alphanumeric, end alphanumeric or "_". */
const NETWORK_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;

/** Problem with a subscription id (a GUID), or undefined. */
export function subscriptionIdProblem(value: string): string | undefined {
  return typeof value === 'string' && GUID.test(value)
    ? undefined
    : `must be an Azure subscription id (a GUID such as "00000000-0000-0000-0000-000000000000"), got ${quote(value)}`;
}

/** Problem with a resource group name, or undefined. */
export function resourceGroupNameProblem(value: string): string | undefined {
  return typeof value === 'string' && RESOURCE_GROUP.test(value) && !value.endsWith('.')
    ? undefined
    : `must be an Azure resource group name (1-90 letters, digits, "_", "(", ")", "-" or ".", not ending in "."), got ${quote(value)}`;
}

/** The kinds of network object names checked here, with their length limits. */
const NETWORK_NAME_LENGTH = {
  'virtual network': [2, 64],
  'subnet': [1, 80],
  'network security group': [1, 80],
  'public IP address': [1, 80],
  'NAT gateway': [1, 80],
} as const;

/** A network object whose name rules {@link networkNameProblem} knows. */
export type AzureNetworkObject = keyof typeof NETWORK_NAME_LENGTH;

/** Problem with the name of a network object, or undefined. */
export function networkNameProblem(value: string, kind: AzureNetworkObject): string | undefined {
  const [min, max] = NETWORK_NAME_LENGTH[kind];
  return typeof value === 'string' && NETWORK_NAME.test(value) && value.length >= min && value.length <= max
    ? undefined
    : `must be an Azure ${kind} name (${min}-${max} letters, digits, "_", "." or "-", starting with a letter or digit and ending with a letter, digit or "_"), got ${quote(value)}`;
}

/** The parts of a subnet id. */
export interface AzureSubnetId {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly virtualNetwork: string;
  readonly subnet: string;
}

/** The parts of a network security group id. */
export interface AzureNsgId {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly networkSecurityGroup: string;
}

type Segment = { readonly literal: string } | { readonly name: string; readonly rule: (v: string) => string | undefined };

const SUBSCRIPTION: Segment = { name: 'subscriptionId', rule: subscriptionIdProblem };
const GROUP: Segment = { name: 'resourceGroup', rule: resourceGroupNameProblem };
const lit = (literal: string): Segment => ({ literal });
const named = (name: string, kind: AzureNetworkObject): Segment => ({ name, rule: v => networkNameProblem(v, kind) });

const SUBNET_ID: readonly Segment[] = [
  lit('subscriptions'), SUBSCRIPTION, lit('resourceGroups'), GROUP, lit('providers'), lit('Microsoft.Network'),
  lit('virtualNetworks'), named('virtualNetwork', 'virtual network'), lit('subnets'), named('subnet', 'subnet'),
];
const NSG_ID: readonly Segment[] = [
  lit('subscriptions'), SUBSCRIPTION, lit('resourceGroups'), GROUP, lit('providers'), lit('Microsoft.Network'),
  lit('networkSecurityGroups'), named('networkSecurityGroup', 'network security group'),
];

const shape = (segments: readonly Segment[]) =>
  '/' + segments.map(s => ('literal' in s ? s.literal : `<${s.name}>`)).join('/');

/**
 * Parses an id against `segments`; returns the named parts or a problem text. The id is quoted in full
 * (ids are longer than {@link quote} shows, and their end is what usually differs).
 */
function parseId(value: string, segments: readonly Segment[], what: string): Record<string, string> | string {
  const expected = `must be ${what} id "${shape(segments)}"`;
  if (typeof value !== 'string') {
    return `${expected}, got ${quote(value)}`;
  }
  const got = JSON.stringify(value);
  const parts = value.split('/');
  if (parts[0] !== '' || parts.length !== segments.length + 1) {
    return `${expected} (${segments.length} segments after a leading "/"), got ${got}`;
  }
  const named: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const part = parts[i + 1];
    if ('literal' in segment) {
      if (part.toLowerCase() !== segment.literal.toLowerCase()) {
        return `${expected} (segment ${i + 1} must be "${segment.literal}", found ${quote(part)}), got ${got}`;
      }
    } else {
      const problem = segment.rule(part);
      if (problem) {
        return `${expected} (its ${segment.name} ${problem}), got ${got}`;
      }
      named[segment.name] = part;
    }
  }
  return named;
}

/** Parses a subnet id; returns its parts, or a problem text. */
export function parseAzureSubnetId(value: string): AzureSubnetId | string {
  return parseId(value, SUBNET_ID, 'an Azure subnet resource') as AzureSubnetId | string;
}

/** Parses a network security group id; returns its parts, or a problem text. */
export function parseAzureNsgId(value: string): AzureNsgId | string {
  return parseId(value, NSG_ID, 'an Azure network security group resource') as AzureNsgId | string;
}

/** Problem with a subnet id, or undefined. */
export function azureSubnetIdProblem(value: string): string | undefined {
  const parsed = parseAzureSubnetId(value);
  return typeof parsed === 'string' ? parsed : undefined;
}

/** Problem with a network security group id, or undefined. */
export function azureNsgIdProblem(value: string): string | undefined {
  const parsed = parseAzureNsgId(value);
  return typeof parsed === 'string' ? parsed : undefined;
}
