import type { MigrationPlan, VmWhereabouts } from './model';
import type { VmPresence } from './operations/locateVm';
import { samePath } from '../windowsPath';

export type Verdict =
  | { readonly ok: true; readonly location: VmWhereabouts }
  | { readonly ok: false; readonly location?: VmWhereabouts; readonly reason: string; readonly atSource: boolean };

export function whereabouts(p: Extract<VmPresence, { found: true }>): VmWhereabouts {
  return { host: p.host, state: p.state, clustered: p.isClustered, diskPaths: p.diskPaths };
}

/**
 * Reads the end of a move from what the hosts report (the host is the truth): success only when the VM is on the
 * destination, in the state it had, with its disks where the plan put them. Otherwise says where it really is.
 */
export function judgeMove(
  plan: Pick<MigrationPlan, 'destinationHost' | 'sourceHost' | 'expectedDiskPaths' | 'expectedState' | 'kind'>,
  atSource: VmPresence | undefined,
  atDestination: VmPresence | undefined,
  options: { expectClustered?: boolean } = {},
): Verdict {
  const src = atSource?.found ? atSource : undefined;
  const dst = atDestination?.found ? atDestination : undefined;
  const sameHost = plan.kind === 'storage';
  if (!dst) {
    if (src)
      return {
        ok: false,
        location: whereabouts(src),
        reason: `The VM is still on ${src.host} (${src.state}).`,
        atSource: true,
      };
    return {
      ok: false,
      reason: `The VM was found on neither ${plan.sourceHost} nor ${plan.destinationHost}.`,
      atSource: false,
    };
  }
  const location = whereabouts(dst);
  if (!sameHost && src) {
    // Seen on both: never report success for a duplicate.
    return { ok: false, location, reason: `The VM is registered on both ${src.host} and ${dst.host}.`, atSource: true };
  }
  if (plan.expectedState && dst.state !== plan.expectedState) {
    return {
      ok: false,
      location,
      reason: `The VM is on ${dst.host} but ${dst.state}; it was ${plan.expectedState}.`,
      atSource: false,
    };
  }
  if (plan.expectedDiskPaths) {
    // Compared as Windows resolves them: `E:\VMs\x \a.vhdx` and `e:/vms/x/a.vhdx` are one file.
    const missing = plan.expectedDiskPaths.filter((p) => !dst.diskPaths.some((h) => samePath(h, p)));
    if (missing.length) {
      return {
        ok: false,
        location,
        reason: `The VM is on ${dst.host} but its disks are not at ${missing.join(', ')} (they are at ${dst.diskPaths.join(', ')}).`,
        atSource: false,
      };
    }
  }
  if (options.expectClustered !== undefined && dst.isClustered !== options.expectClustered) {
    return {
      ok: false,
      location,
      reason: options.expectClustered
        ? `The VM is on ${dst.host} but not a cluster role.`
        : `The VM is on ${dst.host} but still a cluster role.`,
      atSource: false,
    };
  }
  return { ok: true, location };
}

/**
 * A failed or cancelled move to another host can leave a planned VM (Msvm_PlannedComputerSystem) on the destination,
 * which Get-VM does not show; the user must hear of it, since the next move there fails until it is removed.
 */
export function plannedVmNote(vmName: string, atDestination: VmPresence | undefined): string | undefined {
  if (!atDestination || atDestination.found || atDestination.plannedVm !== true) return undefined;
  return `A planned VM of ${vmName} was left on ${atDestination.host} (Hyper-V's half-made copy of a move that did not finish); the next move there fails until it is removed. The preflight of that move offers to remove it.`;
}
