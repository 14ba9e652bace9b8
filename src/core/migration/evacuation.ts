import type { HostInventory, VmInfo } from '../model/inventory';
import type { MoveRequest, StoragePlacement } from './model';
import { freeMemoryBytes, sameName } from './topology';

export interface EvacuationAssignment {
  readonly vm: VmInfo;
  readonly destination: string;
}

/**
 * Spreads the running VMs of a host over the chosen destinations by free memory: biggest VM first, each to the
 * destination with the most memory left after what was already given to it. Pure and deterministic.
 */
export function spreadByFreeMemory(source: HostInventory, destinations: readonly HostInventory[]): EvacuationAssignment[] {
  const free = new Map(destinations.filter((d) => !sameName(d.host.name, source.host.name)).map((d) => [d.host.name, freeMemoryBytes(d)]));
  if (free.size === 0) return [];
  const vms = source.vms.filter((v) => v.state === 'Running' && !v.isClustered);
  const ordered = [...vms].sort((a, b) => b.memoryAssignedBytes - a.memoryAssignedBytes || a.name.localeCompare(b.name));
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

/** The evacuation as move requests (shared-nothing, storage to each destination's default path unless given). */
export function evacuationRequests(assignments: readonly EvacuationAssignment[], storage: StoragePlacement = { mode: 'hostDefault' }): MoveRequest[] {
  return assignments.map((a) => ({
    vm: { id: a.vm.id, name: a.vm.name, host: a.vm.host },
    destination: { type: 'host', host: a.destination },
    storage,
  }));
}
