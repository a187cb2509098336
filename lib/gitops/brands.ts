/**
 * Brands that recognise the pattern's constructs also across copies of this library (two installed
 * versions of coco-cdk8s in one app): a symbol from the global registry on the instance. In a module of
 * their own, so the constructs that find each other (an Application finds its cluster group, a group lists
 * its Applications) do not import each other.
 */
export const ARGO_APP_CHART = Symbol.for('coco-cdk8s.ArgoAppChart');
export const CLUSTER_GROUP = Symbol.for('coco-cdk8s.ClusterGroup');

/** True when `x` carries `brand`. */
export function hasBrand(x: unknown, brand: symbol): boolean {
  return x !== null && typeof x === 'object' && brand in x;
}

/** Marks `x` with `brand`. */
export function brand(x: object, mark: symbol): void {
  Object.defineProperty(x, mark, { value: true });
}
