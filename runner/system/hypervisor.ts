/**
 * Whether this machine is a virtual machine: the x86 `hypervisor` CPU flag (set by every
 * hypervisor that follows the CPUID convention: KVM, Firecracker, Hyper-V, Xen HVM, VMware),
 * or a Xen/PV `/sys/hypervisor/type`. `--poll auto` polls only there (runner/drivers/embedded/poll.ts).
 */
import { existsSync, readFileSync } from 'node:fs';

/** True when /proc/cpuinfo's flags name `hypervisor`, or /sys/hypervisor/type exists. */
export function underHypervisor(
  cpuinfo: () => string = () => readFileSync('/proc/cpuinfo', 'utf8'),
  hypervisorType: () => boolean = () => existsSync('/sys/hypervisor/type'),
): boolean {
  let text = '';
  try {
    text = cpuinfo();
  } catch {
    // No /proc (not Linux): nothing to go by.
  }
  if (/^flags\s*:.*\bhypervisor\b/m.test(text)) return true;
  try {
    return hypervisorType();
  } catch {
    return false;
  }
}
