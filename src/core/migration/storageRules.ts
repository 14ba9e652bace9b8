import type { HostInventory, VmInfo } from '../inventory/inventory';
import type { MigrationKind, StoragePlacement } from './model';
import type { RuleProblem } from './rules';
import type { Resolved } from './classifyMove';
import { clusterNameOf, clusterStorageRoots, type MigrationTopology } from './topology';
import { isFullPath, isUnc, isUnder, leaf, parentOf, pathKey, samePath } from '../windowsPath';
import { sameName } from '../names';

/**
 * The rules of where a move puts the VM's files (planMove, rules.ts): one named check each, in the order their
 * problems are listed.
 */

/** A legal move's kind and hosts, with where its files go and what the rules read to judge that. */
export interface StorageCase {
  readonly kind: MigrationKind;
  readonly storage: StoragePlacement;
  readonly vm: VmInfo;
  readonly r: Resolved;
  readonly topology: MigrationTopology;
  readonly dest: HostInventory;
}

export function checkStorage(c: StorageCase): RuleProblem[] {
  if (c.kind === 'clustered') return checkClusteredKeepsFiles(c);
  if (c.kind === 'storage' && (c.storage.mode === 'shared' || c.storage.mode === 'hostDefault')) {
    return [
      {
        code: 'storageMoveNeedsPath',
        message: 'A storage migration needs a destination folder or a place for each disk.',
      },
    ];
  }
  return [...checkFolder(c), ...checkPerDisk(c), ...checkFilesShared(c), ...checkOnClusterStorage(c)];
}

/** The VM's disks that have files (a pass-through disk has none). */
const diskPathsOf = (vm: VmInfo): string[] => vm.disks.filter((d) => !d.passThrough && d.path).map((d) => d.path);

const notFullPath = (p: string): RuleProblem => ({
  code: 'invalidPath',
  message: `${p} is not a full path on the host (C:\\… or \\\\server\\share\\…).`,
});

function checkClusteredKeepsFiles({ storage }: StorageCase): RuleProblem[] {
  if (storage.mode === 'shared') return [];
  return [
    {
      code: 'storageOptionsOnClusteredMove',
      message:
        'A clustered move keeps the files on the cluster storage; move the storage with a storage migration on the owner node.',
    },
  ];
}

function checkFolder({ kind, storage, vm }: StorageCase): RuleProblem[] {
  if (storage.mode !== 'folder') return [];
  if (!isFullPath(storage.path)) return [notFullPath(storage.path)];
  if (kind !== 'storage') return [];
  const diskPaths = diskPathsOf(vm);
  const alreadyThere =
    (vm.path && samePath(vm.path, storage.path)) ||
    (diskPaths.length > 0 && diskPaths.every((p) => samePath(parentOf(p), storage.path)) && !vm.path);
  // The folder the VM lives in now: a move "into" it changes nothing the admin asked for.
  if (alreadyThere)
    return [
      { code: 'noStorageChange', message: `${vm.name}'s files are already in ${storage.path}; choose another folder.` },
    ];
  return [];
}

function checkPerDisk({ storage, vm }: StorageCase): RuleProblem[] {
  if (storage.mode !== 'perDisk') return [];
  const out: RuleProblem[] = [];
  const items = [storage.virtualMachinePath, storage.snapshotFilePath, storage.smartPagingFilePath].filter(
    (p): p is string => p !== undefined,
  );
  for (const p of [...items, ...storage.disks.map((d) => d.destination)]) {
    if (!isFullPath(p)) out.push(notFullPath(p));
  }
  if (items.length === 0 && storage.disks.length === 0)
    out.push({ code: 'storageMoveNeedsPath', message: 'Choose a place for at least one item.' });
  const diskPaths = diskPathsOf(vm);
  const seen = new Set<string>();
  for (const d of storage.disks) {
    if (!diskPaths.some((p) => samePath(p, d.source)))
      out.push({ code: 'diskNotOnVm', message: `${d.source} is not a disk of ${vm.name}.` });
    if (leaf(d.source).toLowerCase() !== leaf(d.destination).toLowerCase()) {
      out.push({
        code: 'diskNameMismatch',
        message: `A disk keeps its file name when it moves: ${leaf(d.source)} cannot become ${leaf(d.destination)}.`,
      });
    }
    const k = pathKey(d.destination);
    if (seen.has(k))
      out.push({ code: 'duplicateDestination', message: `Two disks cannot both go to ${d.destination}.` });
    seen.add(k);
  }
  return out;
}

/**
 * Without storage movement the destination must reach the files where they are: SMB shares, and a cluster's shared
 * volumes between nodes of that cluster (a CSV is not reachable from outside it).
 */
function checkFilesShared({ kind, storage, vm, r, topology }: StorageCase): RuleProblem[] {
  if (storage.mode !== 'shared' || kind === 'storage') return [];
  const files = [...diskPathsOf(vm), ...(vm.path ? [vm.path] : [])];
  const notShared = files.filter((p) => !reachableFrom(p, r, topology));
  if (!notShared.length) return [];
  return [
    {
      code: 'filesNotShared',
      message: `${notShared[0]} is not on an SMB share the destination reaches; move the storage with the VM.`,
    },
  ];
}

/**
 * A cluster role's files must be where every node reaches them. For a clustered VM's storage move the host checks
 * that too (the product never sends -AllowUnverifiedPaths); the rule refuses first, with the reason.
 */
function checkOnClusterStorage({ kind, storage, vm, r, topology, dest }: StorageCase): RuleProblem[] {
  const roleCluster =
    kind === 'standaloneToCluster' || kind === 'clusterToCluster'
      ? r.destinationCluster
      : kind === 'storage'
        ? r.sourceCluster
        : undefined;
  if (!roleCluster) return [];
  const roots = clusterStorageRoots(topology, roleCluster);
  const onClusterStorage = (p: string): boolean => isUnc(p) || roots.some((root) => isUnder(p, root));
  const bad = targetFolders(storage, vm, dest).find((p) => !onClusterStorage(p));
  if (bad === undefined) return [];
  return [
    {
      code: 'notOnClusterStorage',
      message: `${bad} is not on cluster storage of ${roleCluster}; a cluster role needs its files on a cluster shared volume (${roots.join(', ')}) or an SMB share.`,
    },
  ];
}

/** Can the destination reach this file where it is: an SMB share, or a CSV of the cluster both hosts are nodes of. */
export function reachableFrom(path: string, r: Resolved, topology: MigrationTopology): boolean {
  if (isUnc(path)) return true;
  const a = clusterNameOf(topology, r.sourceHost);
  const b = clusterNameOf(topology, r.destinationHost);
  return !!a && sameName(a, b) && clusterStorageRoots(topology, a).some((root) => isUnder(path, root));
}

/** Folders the VM's files will live in after the move. */
function targetFolders(storage: StoragePlacement, vm: VmInfo, dest: HostInventory): string[] {
  switch (storage.mode) {
    case 'shared':
      return [...vm.disks.filter((d) => !d.passThrough).map((d) => d.path), ...(vm.path ? [vm.path] : [])];
    case 'hostDefault':
      return [dest.host.virtualHardDiskPath ?? 'C:\\'];
    case 'folder':
      return [storage.path];
    case 'perDisk': {
      const moved = new Set(storage.disks.map((d) => pathKey(d.source)));
      return [
        ...[storage.virtualMachinePath, storage.snapshotFilePath, storage.smartPagingFilePath].filter(
          (p): p is string => p !== undefined,
        ),
        ...storage.disks.map((d) => d.destination),
        ...vm.disks.filter((d) => !d.passThrough && !moved.has(pathKey(d.path))).map((d) => d.path),
      ];
    }
  }
}
