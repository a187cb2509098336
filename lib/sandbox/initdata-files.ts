import { RenderedInitData } from '../initdata';
import { OutputFileProps } from '../output/output-file';

/**
 * The readable copies of an initdata rendered next to the manifests: `<name>.initdata.toml` holds exactly
 * the bytes the VM measures (decode the blob and you get this file), and `<name>.initdata.digests` the
 * values attestation compares. Argo CD does not apply either.
 */
export function initDataFiles(name: string, initData: RenderedInitData, usedBy: string): OutputFileProps[] {
  const digests = [
    `# initdata ${name}: digests of ${name}.initdata.toml, whose exact bytes the VM measures`,
    `# used by: ${usedBy}`,
    `algorithm = ${initData.algorithm}`,
    `digest = ${initData.digest}`,
    `azure_vtpm_pcr8 = ${initData.pcr8}`,
    `snp_hostdata = ${initData.snpHostData}`,
    `tdx_mrconfigid = ${initData.tdxMrConfigId}`,
    `encoded_bytes = ${initData.sizeBytes}`,
    '',
  ].join('\n');
  return [
    { fileName: `${name}.initdata.toml`, content: () => initData.toml },
    { fileName: `${name}.initdata.digests`, content: () => digests },
  ];
}
