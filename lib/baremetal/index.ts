/** The node side of confidential containers on bare-metal TDX and SEV-SNP hosts, and Intel DCAP for TDX. */
export * from './tee-hosts';
export * from './node-feature-rules';
export * from './machine-config';
export * from './operators';
export * from './tee-node-features';
export * from './tee-kernel-arguments';
export * from './bare-metal-tee-nodes';
