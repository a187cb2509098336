import { IConstruct } from 'constructs';

const WARNINGS = Symbol.for('coco-cdk8s.warnings');

/** A warning about a construct: the synth prints it and the posture report lists it. */
export interface Warning {
  /** Construct path. */
  readonly path: string;
  readonly message: string;
}

/** Records a warning for `scope` (kept on the construct tree's root). */
export function addWarning(scope: IConstruct, message: string): void {
  const root = scope.node.root as unknown as Record<symbol, Warning[] | undefined>;
  (root[WARNINGS] ??= []).push({ path: scope.node.path, message });
}

/** Every warning recorded in the tree of `scope`. */
export function warningsOf(scope: IConstruct): readonly Warning[] {
  return (scope.node.root as unknown as Record<symbol, Warning[] | undefined>)[WARNINGS] ?? [];
}
