import type { HostInventory, VmInfo } from '../inventory/inventory';
import type { TreeInput } from '../inventory/tree/buildTree';
import { clusterNodeNameOf } from '../inventory/hostIdentity';
import { join } from '../windowsPath';
import { sameId, sameName } from '../names';

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

/** A host by its identity (the entry or cluster node it is reached as), or another entry that reaches the same machine. */
export function findHost(t: MigrationTopology, name: string): HostInventory | undefined {
  return (
    t.hosts.find((h) => sameName(h.host.name, name)) ??
    t.hosts.find((h) => h.host.aliases?.some((a) => sameName(a, name)))
  );
}

/**
 * A host by any name it is known by, its identity first, else the computer name or FQDN it reports: for names that
 * come from the hosts themselves (a migration job's destination, a cluster's node list).
 */
export function findHostByAnyName(t: MigrationTopology, name: string): HostInventory | undefined {
  return (
    findHost(t, name) ??
    t.hosts.find((h) => sameName(h.host.reportedName, name) || sameName(h.host.fullyQualifiedDomainName, name))
  );
}

/** The cluster's name for the node reached as `identity` (what Suspend-ClusterNode and Resume-ClusterNode need). */
export function clusterNodeName(t: MigrationTopology, identity: string): string {
  const h = findHost(t, identity);
  return h ? clusterNodeNameOf(h) : identity;
}

/** The loaded host that is this node of this cluster (as the cluster names it), by identity first. */
export function nodeHost(t: MigrationTopology, cluster: string, nodeName: string): HostInventory | undefined {
  const members = t.hosts.filter((h) => h.cluster && sameName(h.cluster.name, cluster));
  return (
    members.find((h) => sameName(h.host.name, nodeName)) ??
    members.find((h) => sameName(clusterNodeNameOf(h), nodeName))
  );
}

export function findVm(t: MigrationTopology, id: string): VmInfo | undefined {
  for (const h of t.hosts) {
    const vm = h.vms.find((v) => sameId(v.id, id));
    if (vm) return vm;
  }
  return undefined;
}

export function clusterNameOf(t: MigrationTopology, host: string): string | undefined {
  return findHost(t, host)?.cluster?.name;
}

/** The nodes of this cluster (from any node's inventory), each by the identity of the loaded host that is it, else by the cluster's name for it. */
export function clusterNodes(t: MigrationTopology, cluster: string): string[] {
  for (const h of t.hosts)
    if (h.cluster && sameName(h.cluster.name, cluster))
      return h.cluster.nodes.map((n) => nodeHost(t, cluster, n.name)?.host.name ?? n.name);
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
