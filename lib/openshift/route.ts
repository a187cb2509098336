import { Construct } from 'constructs';
import { Route, RouteSpecTlsInsecureEdgeTerminationPolicy, RouteSpecTlsTermination, RouteSpecToKind, RouteSpecWildcardPolicy } from '../../imports/route.openshift.io';
import { Problem, quote, ruleProblems, throwIfProblems } from '../errors';
import { dnsLabelProblem, hostNameProblem } from '../naming/dns';

/** How a Route terminates TLS. */
export type RouteTls =
  /** No TLS: plain HTTP. */
  | 'none'
  /** TLS ends at the router (its certificate), HTTP to the pod; HTTP requests are redirected. */
  | 'edge'
  /** The router passes TLS through: the pod serves HTTPS itself with its own certificate. */
  | 'passthrough'
  /**
   * TLS ends at the router and a new TLS connection goes to the pod, whose certificate the router checks
   * (the OpenShift service CA's certificates are trusted without configuration).
   */
  | 'reencrypt';

export interface ServiceRouteProps {
  /** Route name. */
  readonly name: string;
  /** Namespace of the Route and the Service. */
  readonly namespace: string;
  /** The Service the Route sends traffic to. */
  readonly serviceName: string;
  /** Target port of the Service (number or port name). */
  readonly targetPort: number | string;
  /**
   * TLS termination.
   * @default "none"
   */
  readonly tls?: RouteTls;
  /**
   * Host name.
   * @default - OpenShift assigns "<name>-<namespace>.<apps domain>"
   */
  readonly host?: string;
}

/** An OpenShift Route to a Service, with the TLS mode spelled out. */
export class ServiceRoute extends Construct {
  public readonly route: Route;

  constructor(scope: Construct, id: string, props: ServiceRouteProps) {
    super(scope, id);
    throwIfProblems(routeProblems(props));
    const tls = props.tls ?? 'none';
    this.route = new Route(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        host: props.host,
        to: { kind: RouteSpecToKind.SERVICE, name: props.serviceName, weight: 100 },
        port: { targetPort: props.targetPort },
        tls: routeTls(tls),
        wildcardPolicy: RouteSpecWildcardPolicy.NONE,
      },
    });
  }
}

function routeTls(tls: RouteTls) {
  switch (tls) {
    case 'none':
      return undefined;
    case 'edge':
      return { termination: RouteSpecTlsTermination.EDGE, insecureEdgeTerminationPolicy: RouteSpecTlsInsecureEdgeTerminationPolicy.REDIRECT };
    case 'reencrypt':
      return { termination: RouteSpecTlsTermination.REENCRYPT, insecureEdgeTerminationPolicy: RouteSpecTlsInsecureEdgeTerminationPolicy.REDIRECT };
    case 'passthrough':
      return { termination: RouteSpecTlsTermination.PASSTHROUGH, insecureEdgeTerminationPolicy: RouteSpecTlsInsecureEdgeTerminationPolicy.NONE };
  }
}

export { defaultRouteHost } from '../naming/dns';

function routeProblems(props: ServiceRouteProps): Problem[] {
  const problems = ruleProblems('ServiceRoute', [
    ['name', props.name, dnsLabelProblem],
    ['namespace', props.namespace, dnsLabelProblem],
    ['serviceName', props.serviceName, dnsLabelProblem],
    ['host', props.host, hostNameProblem],
  ]);
  const port = props.targetPort;
  if (typeof port === 'number' ? !(Number.isInteger(port) && port >= 1 && port <= 65535) : dnsLabelProblem(port) !== undefined) {
    problems.push({ path: 'ServiceRoute targetPort', message: `must be a port number 1-65535 or a port name, got ${quote(port)}` });
  }
  return problems;
}
