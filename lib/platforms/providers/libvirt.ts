/**
 * libvirt peer pods: static values (the libvirt URI, network, pool, s390x Secure Execution).
 * Keys: cloud-api-adaptor `src/cloud-api-adaptor/install/charts/peerpods/providers/libvirt.yaml`.
 */
import { z } from 'zod';
import { nonEmpty, positiveInt, whenMissing } from '../../config/fields';
import { LIBVIRT_OPERATOR_WRITTEN_KEYS, LIBVIRT_RULES, libvirtData, libvirtProblems } from '../../sandbox/peer-pods';
import { staticPeerPodsSettings, staticProvider } from './provider';

const settings = staticPeerPodsSettings('libvirt', {
  libvirt: z.strictObject({
    uri: nonEmpty(),
    network: nonEmpty().optional(),
    pool: nonEmpty().optional(),
    volumeName: nonEmpty().optional(),
    cpu: positiveInt().optional(),
    memoryMiB: positiveInt().optional(),
    rootDiskSizeGiB: positiveInt().optional(),
    launchSecurity: z.literal('s390-pv').optional(),
  }, whenMissing('is required when cloud is "libvirt"')),
});

export const LIBVIRT = staticProvider({
  cloud: 'libvirt',
  title: 'libvirt',
  settings,
  parts: s => ({ common: s.peerPods, own: s.peerPods.libvirt }),
  rules: LIBVIRT_RULES,
  problems: libvirtProblems,
  data: libvirtData,
  operatorWrittenKeys: LIBVIRT_OPERATOR_WRITTEN_KEYS,
});
