import type { HostInventory, VmInfo } from '../model/inventory';
import type { TreeInput } from '../tree/buildTree';
import { join } from './windowsPath';

/**
 * What the rules need to know about the estate: every loaded host inventory (as the inventory service holds it).
 * Names compare case-insensitively, as Windows computer names do.
 */
export interface MigrationTopology {
  readonly hosts: readonly HostInventory[];
  /** Cluster shared volume roots per cluster name (default `C:\ClusterStorage`, the usual SharedVolumesRoot). */
  readonly clusterStorageRoots?: Readonly<Record<string, readonly string[]>>;
}

export const defaultClusterStorageRoot = 'C:\\ClusterStorage';

export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function findHost(t: MigrationTopology, name: string): HostInventory | undefined {
  return t.hosts.find((h) => sameName(h.host.name, name));
}

export function findVm(t: MigrationTopology, id: string): VmInfo | undefined {
  for (const h of t.hosts) {
    const vm = h.vms.find((v) => v.id.toLowerCase() === id.toLowerCase());
    if (vm) return vm;
  }
  return undefined;
}

export function clusterNameOf(t: MigrationTopology, host: string): string | undefined {
  return findHost(t, host)?.cluster?.name;
}

/** Hosts that report themselves as nodes of this cluster (from any node's inventory). */
export function clusterNodes(t: MigrationTopology, cluster: string): string[] {
  for (const h of t.hosts) if (h.cluster && sameName(h.cluster.name, cluster)) return h.cluster.nodes.map((n) => n.name);
  return [];
}

export function clusterStorageRoots(t: MigrationTopology, cluster: string): readonly string[] {
  const roots = Object.entries(t.clusterStorageRoots ?? {}).find(([k]) => sameName(k, cluster));
  return roots ? roots[1] : [defaultClusterStorageRoot];
}

/** Where a VM's files are suggested to go on a cluster: Volume1 under its first shared volume root (the usual first CSV). */
export function clusterFolder(t: MigrationTopology, cluster: string): string {
  return join(clusterStorageRoots(t, cluster)[0] ?? defaultClusterStorageRoot, 'Volume1');
}

/** Free memory of a host by the inventory: capacity minus what its VMs have assigned. */
export function freeMemoryBytes(h: HostInventory): number {
  const used = h.vms.reduce((sum, v) => sum + (v.memoryAssignedBytes || 0), 0);
  return Math.max(0, (h.host.memoryCapacityBytes ?? 0) - used);
}

/** The estate as the rules see it: every host whose inventory is loaded (unreachable and loading hosts are not). */
export function topologyOf(input: Pick<TreeInput, 'hosts'>): MigrationTopology {
  return { hosts: input.hosts.flatMap((h) => (h.load.status === 'loaded' ? [h.load.value] : [])) };
}
