/** Known vectors from shared/reference/trustee-osc.md §3.3 (computed with Python). */
export const VECTOR_TOML = `algorithm = "sha256"\nversion = "0.1.0"\n\n[data]\n"aa.toml" = '''\n'''\n`;
export const VECTOR_SHA256 = '253815ff3df412258e0409dac76a20e895dca11ff405bdcd974574c817bcf54f';
export const VECTOR_PCR8 = '3b6086c332a811c08eb8bca14aa6672b664ce430900a349896f786430d003457';
export const VECTOR_MRCONFIGID = `${VECTOR_SHA256}${'0'.repeat(32)}`;
/** gzip (mtime 0, Python) + base64 of VECTOR_TOML. */
export const VECTOR_PYTHON_BLOB = 'H4sIAAAAAAACA0vMSc8vyizJyFWwVVAqzkg0MjVT4ipLLSrOzM8DCRnoGeoZKHFxRackliTGciklJuqV5OfmKAHl1NXVuUAYAKdg3XlDAAAA';
