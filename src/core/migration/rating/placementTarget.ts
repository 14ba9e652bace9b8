import type { HostInventory, VmInfo } from '../../inventory/inventory';
import { clusterNodeOf } from '../../inventory/hostIdentity';
import { filesStayReachable } from '../rules';
import { clusterFolder, findHost, type MigrationTopology } from '../topology';
import { idKey, nameKey, sameName } from '../../names';
import { placementParameters } from '../operations/readPlacementFacts';
import type { Parameters } from '../../../contract/hostOperation';

/**
 * Where a candidate would put the VMs' files, and which hosts one round of placement facts asks what. The files stay
 * where they are when the candidate reaches them (an SMB share, a CSV of its cluster); else they go to the cluster's
 * storage (a cluster node) or the host's default virtual hard disk folder (a standalone host), as the move's own
 * defaults would put them.
 */
export type FilesGo =
  | { readonly kind: 'stay' }
  | { readonly kind: 'folder'; readonly path: string }
  /** A standalone host whose default folder the inventory does not know: the host reads its own. */
  | { readonly kind: 'hostDefault' };

export function whereFilesGo(topology: MigrationTopology, vms: readonly VmInfo[], candidate: HostInventory): FilesGo {
  const to = candidate.host.name;
  const copied = vms.filter((vm) => !filesStayReachable(vm, vm.host, to, topology) && diskBytes(vm) > 0);
  if (copied.length === 0) return { kind: 'stay' };
  if (candidate.cluster) return { kind: 'folder', path: clusterFolder(topology, candidate.cluster.name) };
  const path = candidate.host.virtualHardDiskPath;
  return path ? { kind: 'folder', path } : { kind: 'hostDefault' };
}

/** The bytes a VM's disks take where they are (what a copy writes); pass-through disks do not move as files. */
export function diskBytes(vm: VmInfo): number {
  return vm.disks
    .filter((d) => !d.passThrough && d.path)
    .reduce((sum, d) => sum + (d.fileSizeBytes ?? d.sizeBytes ?? 0), 0);
}

/** Hosts a VM can be moved to: every loaded host but its own; a cluster node only while it is Up. */
export function destinationCandidates(topology: MigrationTopology, vms: readonly VmInfo[]): HostInventory[] {
  return topology.hosts.filter((h) => {
    if (vms.some((vm) => sameName(vm.host, h.host.name))) return false;
    return !h.cluster || clusterNodeOf(h)?.state === 'Up';
  });
}

/** One round of placement facts: each candidate asked about the folder its files would go to, each VM's host about it. */
export function placementRound(
  topology: MigrationTopology,
  vms: readonly VmInfo[],
  candidates: readonly HostInventory[],
): { host: string; parameters: Parameters }[] {
  const asks = new Map<string, { host: string; paths: string[]; includeDefault: boolean; vmIds: string[] }>();
  const ask = (host: string) => {
    const key = nameKey(host);
    const a = asks.get(key) ?? { host, paths: [], includeDefault: false, vmIds: [] };
    asks.set(key, a);
    return a;
  };
  for (const c of candidates) {
    const go = whereFilesGo(topology, vms, c);
    const a = ask(c.host.name);
    if (go.kind === 'folder') a.paths.push(go.path);
    if (go.kind === 'hostDefault') a.includeDefault = true;
  }
  for (const vm of vms) {
    const source = findHost(topology, vm.host);
    if (source) ask(source.host.name).vmIds.push(idKey(vm.id));
  }
  return [...asks.values()].map((a) => ({
    host: a.host,
    parameters: placementParameters(a.paths, a.includeDefault, a.vmIds),
  }));
}
