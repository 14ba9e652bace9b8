import type { ClusterInfo, HostInventory, VmInfo } from '../../../src/core/inventory/inventory';

let n = 0;
export function vm(name: string, host: string, overrides: Partial<VmInfo> = {}): VmInfo {
  n++;
  return {
    id: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
    name,
    host,
    state: 'Running',
    operationalStatus: ['Ok'],
    cpuUsage: 7,
    memoryAssignedBytes: 4 * 1024 ** 3,
    uptimeSeconds: 3 * 86400 + 4 * 3600,
    isClustered: false,
    disks: [],
    adapters: [],
    checkpoints: [],
    ...overrides,
  };
}

export function inventory(host: string, vms: VmInfo[], cluster?: ClusterInfo): HostInventory {
  return { host: { name: host }, cluster, switches: [], vms };
}

export function cluster(name: string, nodes: [string, 'Up' | 'Down' | 'Paused'][]): ClusterInfo {
  return { name, nodes: nodes.map(([nodeName, state]) => ({ name: nodeName, state })) };
}
