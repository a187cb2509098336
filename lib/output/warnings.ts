import { IConstruct } from 'constructs';

const WARNINGS = Symbol.for('coco-cdk8s.warnings');

/** A warning about a construct: the synth prints it and the posture report lists it. */
export interface Warning {
  /** Construct path. */
  readonly path: string;
  readonly message: string;
}

/** The construct metadata type a warning is also recorded under (`node.metadata`), for plain cdk8s apps. */
export const WARNING_METADATA = 'coco-cdk8s:warning';

/**
 * Records a warning for `scope`: on the construct tree's root (the synth prints them) and as construct
 * metadata of `scope` ({@link WARNING_METADATA}), where any cdk8s app finds it (see {@link warningsOf}).
 */
export function addWarning(scope: IConstruct, message: string): void {
  const root = scope.node.root as unknown as Record<symbol, Warning[] | undefined>;
  (root[WARNINGS] ??= []).push({ path: scope.node.path, message });
  scope.node.addMetadata(WARNING_METADATA, message);
}

/** Every warning recorded in the tree of `scope`. */
export function warningsOf(scope: IConstruct): readonly Warning[] {
  return (scope.node.root as unknown as Record<symbol, Warning[] | undefined>)[WARNINGS] ?? [];
}
