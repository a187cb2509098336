/** Kata agent policy as code: presets, Rego rendering, validation and a posture summary. */
export * from './requests';
export * from './spec';
export * from './problems';
export * from './render';
export * from './summary';
export * from './pod-identity';
export * from './bound-policy';
