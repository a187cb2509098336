/**
 * The MachineConfig a TEE host needs (pure): its kernel arguments and the kernel modules to load at boot,
 * for one MachineConfigPool role. Applying it makes the Machine Config Operator drain and reboot every node
 * of the pool, one at a time.
 *
 * Shape: openshift/assisted-service `internal/operators/osc/manifest.go` `kataccMcManifest` (Ignition
 * 3.2.0, `/etc/modules-load.d/vsock.conf`, mode 0644); names per role as validatedpatterns/coco-pattern
 * `charts/all/baremetal/templates/vsock-mco.yaml` (`99-enable-coco-<role>`, roles master and worker).
 */
import { TeeHost } from './tee-hosts';

/** The Ignition spec version of the files (what the assisted installer writes). */
export const IGNITION_VERSION = '3.2.0';

/** `spec` of the MachineConfig. */
export interface TeeMachineConfigSpec {
  readonly kernelArguments: readonly string[];
  /** Ignition config (files), absent when there is nothing to write. */
  readonly config?: {
    readonly ignition: { readonly version: string };
    readonly storage: { readonly files: readonly { readonly path: string; readonly mode: number; readonly contents: { readonly source: string } }[] };
  };
}

/** The MachineConfig name for a pool role (the reference pattern's names). */
export function teeMachineConfigName(role: string): string {
  return `99-enable-coco-${role}`;
}

/**
 * The MachineConfig spec `host` needs, or undefined when it needs none (SEV-SNP hosts: no kernel argument,
 * no module; nothing to roll out).
 */
export function teeMachineConfigSpec(host: TeeHost): TeeMachineConfigSpec | undefined {
  if (host.kernelArguments.length === 0 && host.kernelModules.length === 0) {
    return undefined;
  }
  const modules = host.kernelModules.length === 0 ? undefined : {
    ignition: { version: IGNITION_VERSION },
    storage: {
      files: [{
        path: '/etc/modules-load.d/vsock.conf',
        mode: 0o644,
        contents: { source: `data:text/plain;charset=utf-8;base64,${Buffer.from(host.kernelModules.map(m => `${m}\n`).join('')).toString('base64')}` },
      }],
    },
  };
  return { kernelArguments: [...host.kernelArguments], ...(modules ? { config: modules } : {}) };
}
