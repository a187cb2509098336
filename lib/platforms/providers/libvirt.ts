/**
 * libvirt peer pods: static values (the libvirt URI, network, pool, s390x Secure Execution).
 */
import { libvirtData, libvirtProblems } from '../../sandbox/peer-pods';
import { staticProvider } from './provider';

export const LIBVIRT = staticProvider('libvirt', { settingsOf: s => s.libvirt, problems: libvirtProblems, data: libvirtData });
