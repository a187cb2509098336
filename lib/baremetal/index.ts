/** The node side of confidential containers on bare-metal TDX and SEV-SNP hosts, and Intel DCAP for TDX. */
export * from './tee-hosts';
export * from './node-feature-rules';
export * from './machine-config';
export * from './operators';
export * from './tee-node-features';
export * from './tee-kernel-arguments';
export * from './bare-metal-tee-nodes';
export * from './intel-dcap/dcap-defaults';
export * from './intel-dcap/images';
export * from './intel-dcap/privileged-account';
export * from './intel-dcap/pccs';
export * from './intel-dcap/quote-generation';
export * from './intel-dcap/sgx-device-plugin';
export * from './intel-dcap/intel-dcap';
