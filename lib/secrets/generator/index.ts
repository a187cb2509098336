/**
 * The secrets generator behind `npm run secrets -- init`: private material and values-secret.yaml outside
 * the repository, the KBS CA certificate and admin public key inside it.
 */
export * from './types';
export { initSecrets, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, PUBLIC_FILE_MODE } from './init-secrets';
export { DEFAULT_VALIDITY_DAYS, DEFAULT_CA_VALIDITY_DAYS } from './validity';
export { MATERIAL_FILES, MATERIAL_NAMES, CA_KEY_FILE, VALUES_SECRET_FILE_NAME } from './materials';
export type { MaterialFile } from './materials';
export { kbsHostProblem } from './validate-options';
export { physicalPath, isInside } from './locations';
export { opensshRsaPublicKey } from './ssh-key';
export { TOKEN_SIGNER_COMMON_NAME } from './token-signer';
export { VALUES_SECRET_VERSION } from './values-secret';
export { LOAD_SCRIPT_FILE_NAME, VAULT_VALUES_DIR_NAME, renderLoadScript, vaultPutCommand, vaultPuts } from './vault-script';
export type { VaultPut, VaultValueFile } from './vault-script';
