import type { HostInventory, VmInfo } from '../inventory/inventory';
import type { MoveRequest, StoragePlacement } from './model';
import { filesStayReachable } from './rules';
import { freeMemoryBytes, type MigrationTopology } from './topology';
import { sameName } from '../names';

export interface EvacuationAssignment {
  readonly vm: VmInfo;
  readonly destination: string;
}

/**
 * Spreads VMs of a host (by default its running ones that are not cluster roles) over the chosen destinations by
 * free memory: biggest VM first, each to the destination with the most memory left after what was already given to
 * it. A VM that is Off, Saved or Paused takes no memory there until it runs, but still goes where the most is free.
 * Pure and deterministic.
 */
export function spreadByFreeMemory(
  source: HostInventory,
  destinations: readonly HostInventory[],
  chosen?: readonly VmInfo[],
): EvacuationAssignment[] {
  const free = new Map(
    destinations.filter((d) => !sameName(d.host.name, source.host.name)).map((d) => [d.host.name, freeMemoryBytes(d)]),
  );
  if (free.size === 0) return [];
  const vms = chosen ?? source.vms.filter((v) => v.state === 'Running' && !v.isClustered);
  const ordered = [...vms].sort(
    (a, b) => b.memoryAssignedBytes - a.memoryAssignedBytes || a.name.localeCompare(b.name),
  );
  const out: EvacuationAssignment[] = [];
  for (const vm of ordered) {
    let best: string | undefined;
    let bestFree = -Infinity;
    for (const [name, f] of free) {
      if (f > bestFree) {
        best = name;
        bestFree = f;
      }
    }
    out.push({ vm, destination: best! });
    free.set(best!, bestFree - vm.memoryAssignedBytes);
  }
  return out;
}

/**
 * The evacuation as move requests: a plain shared-nothing move each (a VM that is not a cluster role stays one, also
 * onto a cluster node). A VM whose files the destination reaches where they are (an SMB share, or a CSV of the
 * cluster both are nodes of) moves without copying its disks; the others go where `storage` says (default: the
 * destination's default folders).
 */
export function evacuationRequests(
  assignments: readonly EvacuationAssignment[],
  topology?: MigrationTopology,
  storage: StoragePlacement = { mode: 'hostDefault' },
): MoveRequest[] {
  return assignments.map((a) => ({
    vm: { id: a.vm.id, name: a.vm.name, host: a.vm.host },
    destination: { type: 'host', host: a.destination },
    storage: topology && filesStayReachable(a.vm, a.vm.host, a.destination, topology) ? { mode: 'shared' } : storage,
    asClusterRole: false,
  }));
}
