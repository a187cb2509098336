/** initdata as code: aa.toml, cdh.toml and policy.rego into TOML, gzip+base64, digest, PCR8/HOSTDATA/MRCONFIGID. */
export * from './algorithm';
export * from './attestation-agent';
export * from './confidential-data-hub';
export * from './document';
export * from './encoding';
export * from './digest';
export * from './build';
export * from './binding';
export * from './problems';
