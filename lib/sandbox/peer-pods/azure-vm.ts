/**
 * Pod VM size and boot settings shared by both Azure variants (ACM-templated and static).
 */
import { Problem, quote } from '../../errors';
import {
  azureVmSizeProblem,
  confidentialVmSizeProblem,
  DEFAULT_AZURE_INSTANCE_SIZE,
  DEFAULT_AZURE_INSTANCE_SIZES,
} from './azure-vm-sizes';
import { flag } from './common';
import { ProblemList, settingsObjectProblems } from './problems';

/** Pod VM sizes and boot options on Azure. */
export interface AzureVmSettings {
  /**
   * Size of a pod VM that does not ask for one (`AZURE_INSTANCE_SIZE`). Must be in `instanceSizes`.
   * @default "Standard_DC2as_v5"
   */
  readonly instanceSize?: string;
  /**
   * Sizes a pod may ask for with the `io.katacontainers.config.hypervisor.machine_type` annotation
   * (`AZURE_INSTANCE_SIZES`).
   * @default ["Standard_DC2as_v5", "Standard_DC4as_v5", "Standard_DC8as_v5", "Standard_DC16as_v5"]
   */
  readonly instanceSizes?: readonly string[];
  /**
   * Boot pod VMs with UEFI secure boot (`ENABLE_SECURE_BOOT`); the OSC documentation recommends it for CoCo.
   * @default - not rendered: CAA's default (false)
   */
  readonly enableSecureBoot?: boolean;
}

/**
 * Problems with the Azure VM settings. With `confidential` (the default), every size must be a
 * confidential VM size; otherwise any well-formed size name is accepted.
 */
export function azureVmProblems(settings: AzureVmSettings, path: string, confidential = true): Problem[] {
  const notObject = settingsObjectProblems(settings, path);
  if (notObject) {
    return notObject;
  }
  const list = new ProblemList(path);
  const sizeRule = confidential ? confidentialVmSizeProblem : azureVmSizeProblem;
  const size = settings.instanceSize ?? DEFAULT_AZURE_INSTANCE_SIZE;
  const sizes = settings.instanceSizes ?? DEFAULT_AZURE_INSTANCE_SIZES;
  list.check('instanceSize', settings.instanceSize, sizeRule);
  if (settings.instanceSizes !== undefined) {
    if (!Array.isArray(settings.instanceSizes) || settings.instanceSizes.length === 0) {
      list.add('instanceSizes', `must be a non-empty list of VM sizes, got ${quote(settings.instanceSizes)}`);
    } else {
      settings.instanceSizes.forEach((s, i) => list.check(`instanceSizes[${i}]`, s, sizeRule));
      const duplicates = settings.instanceSizes.filter((s, i) => settings.instanceSizes!.indexOf(s) !== i);
      if (duplicates.length > 0) {
        list.add('instanceSizes', `must not list a size twice, got ${quote([...new Set(duplicates)])} more than once`);
      }
    }
  }
  if (Array.isArray(sizes) && sizes.length > 0 && !sizes.includes(size) && sizeRule(size) === undefined) {
    list.add('instanceSize', `must be one of instanceSizes (${sizes.join(', ')}), got ${quote(size)}; add it to instanceSizes`);
  }
  list.check('enableSecureBoot', settings.enableSecureBoot, v => (typeof v === 'boolean' ? undefined : `must be true or false, got ${quote(v)}`));
  return list.problems;
}

/** `AZURE_INSTANCE_SIZE` and `AZURE_INSTANCE_SIZES` with their defaults. */
export function azureInstanceSizeData(settings: AzureVmSettings): Record<string, string> {
  return {
    AZURE_INSTANCE_SIZE: settings.instanceSize ?? DEFAULT_AZURE_INSTANCE_SIZE,
    AZURE_INSTANCE_SIZES: (settings.instanceSizes ?? DEFAULT_AZURE_INSTANCE_SIZES).join(','),
  };
}

/** `ENABLE_SECURE_BOOT` when set. */
export function azureBootData(settings: AzureVmSettings): Record<string, string> {
  return settings.enableSecureBoot === undefined ? {} : { ENABLE_SECURE_BOOT: flag(settings.enableSecureBoot) };
}
