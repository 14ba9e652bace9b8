import type { HostInventory, VmInfo } from '../inventory/inventory';
import type { MoveRequest, StoragePlacement } from './model';
import { filesStayReachable } from './rules';
import type { MigrationTopology } from './topology';

export interface EvacuationAssignment {
  readonly vm: VmInfo;
  readonly destination: string;
}

/**
 * The VMs an evacuation moves by default: a host's running VMs that are not cluster roles (a role leaves a node by a
 * drain).
 */
export function evacuationVms(source: HostInventory): VmInfo[] {
  return source.vms.filter((v) => v.state === 'Running' && !v.isClustered);
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
