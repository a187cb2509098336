/** Posture report: facts, findings and POSTURE.md per cluster group. */
export * from './facts';
export * from './findings';
export * from './diagram';
export * from './report';
