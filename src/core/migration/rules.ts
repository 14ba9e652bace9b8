import type { HostInventory, VmInfo } from '../model/inventory';
import type { DiskPlacement, MigrationKind, MigrationPlan, MoveRequest, PlanStep, StoragePlacement } from './model';
import { clusterNameOf, clusterNodes, clusterStorageRoots, findHost, type MigrationTopology } from './topology';
import { isFullPath, isUnc, isUnder, join, leaf, parentOf, pathKey, samePath } from './windowsPath';
import { isMigrating } from '../tree/vmState';
import { clusterNodeNameOf, clusterNodeOf, migrationNameOf } from '../model/hostIdentity';
import { sameId, sameName } from '../names';

/** Why a move cannot be planned; each code is one rule a test can name. */
export type RuleCode =
  | 'vmNotFound'
  | 'vmBusy'
  | 'alreadyMigrating'
  | 'destinationUnknown'
  | 'destinationIsSource'
  | 'nodeNotInCluster'
  | 'nodeNotUp'
  | 'storageOptionsOnClusteredMove'
  | 'storageMoveNeedsPath'
  | 'invalidPath'
  | 'diskNotOnVm'
  | 'diskNameMismatch'
  | 'duplicateDestination'
  | 'noStorageChange'
  | 'notOnClusterStorage'
  | 'filesNotShared'
  | 'quickOnlyForClustered'
  | 'destinationDefaultsUnknown';

export interface RuleProblem {
  readonly code: RuleCode;
  readonly message: string;
}

export type PlanResult = { readonly ok: true; readonly plan: MigrationPlan } | { readonly ok: false; readonly problems: readonly RuleProblem[] };

/** VM states a move can start from; anything in transition (Starting, Saving, …) must settle first. */
const movableStates = ['Running', 'Off', 'Saved', 'Paused'];

/** A VM in this state can start a move; anything in transition must settle first. */
export function isMovableState(state: string): boolean {
  return movableStates.includes(state);
}

interface Resolved {
  readonly kind: MigrationKind;
  readonly sourceHost: string;
  readonly destinationHost: string;
  readonly sourceCluster?: string;
  readonly destinationCluster?: string;
}

/** Which kind of move a request is, from where the VM is and where it goes. */
export function classifyMove(request: MoveRequest, topology: MigrationTopology): { kind: MigrationKind; resolved: Resolved } | RuleProblem {
  const source = findHost(topology, request.vm.host);
  const vm = source?.vms.find((v) => sameId(v.id, request.vm.id));
  if (!source || !vm) return { code: 'vmNotFound', message: `The VM ${request.vm.name} is not on ${request.vm.host} (refresh the inventory).` };
  const sourceHost = source.host.name;
  const sourceCluster = vm.isClustered ? source.cluster?.name : undefined;
  const d = request.destination;
  if (d.type === 'sameHost') return { kind: 'storage', resolved: { kind: 'storage', sourceHost, destinationHost: sourceHost, sourceCluster, destinationCluster: sourceCluster } };

  let destName: string;
  let destCluster: string | undefined;
  if (d.type === 'clusterNode') {
    const nodes = clusterNodes(topology, d.cluster);
    if (!nodes.some((n) => sameName(n, d.node))) return { code: 'nodeNotInCluster', message: `${d.node} is not a node of cluster ${d.cluster}.` };
    destName = d.node;
    destCluster = d.cluster;
  } else {
    destName = d.host;
    destCluster = clusterNameOf(topology, d.host);
  }
  const dest = findHost(topology, destName);
  if (!dest) return { code: 'destinationUnknown', message: `${destName} is not a loaded host; add it or refresh the inventory.` };
  destName = dest.host.name;
  if (sameName(destName, sourceHost)) {
    return { code: 'destinationIsSource', message: `${vm.name} is already on ${destName}; to move its files choose a storage migration.` };
  }
  if (destCluster) {
    const node = clusterNodeOf(dest);
    if (node && node.state !== 'Up') return { code: 'nodeNotUp', message: `Node ${destName} is ${node.state}; only a node that is Up takes VMs.` };
  }
  let kind: MigrationKind;
  if (!sourceCluster && request.asClusterRole === false) kind = 'sharedNothing';
  else if (sourceCluster && destCluster && sameName(sourceCluster, destCluster)) kind = 'clustered';
  else if (sourceCluster && destCluster) kind = 'clusterToCluster';
  else if (sourceCluster) kind = 'clusterToStandalone';
  else if (destCluster) kind = 'standaloneToCluster';
  else kind = 'sharedNothing';
  return { kind, resolved: { kind, sourceHost, destinationHost: destName, sourceCluster, destinationCluster: destCluster } };
}

function isProblem(x: unknown): x is RuleProblem {
  return typeof x === 'object' && x !== null && 'code' in x;
}

/** Checks a request against the rules and, when it is legal, builds its plan of steps. */
export function planMove(request: MoveRequest, topology: MigrationTopology): PlanResult {
  const c = classifyMove(request, topology);
  if (isProblem(c)) return { ok: false, problems: [c] };
  const { kind, resolved } = c;
  const source = findHost(topology, resolved.sourceHost)!;
  const dest = findHost(topology, resolved.destinationHost)!;
  const vm = source.vms.find((v) => sameId(v.id, request.vm.id))!;
  const problems: RuleProblem[] = [];

  if (!isMovableState(vm.state)) {
    problems.push({ code: 'vmBusy', message: `${vm.name} is ${vm.state}; wait until it is Running, Off, Saved or Paused.` });
  }
  if (isMigrating(vm)) {
    problems.push({ code: 'alreadyMigrating', message: `${vm.name} is already being migrated.` });
  }
  if (request.clusterMigrationType === 'Quick' && kind !== 'clustered') {
    problems.push({ code: 'quickOnlyForClustered', message: 'Quick migration exists only between nodes of one cluster.' });
  }

  const storage = resolveHostDefault(request.storage ?? defaultStorage(kind, vm, resolved, topology), vm, dest);
  if (!storage) {
    problems.push({ code: 'destinationDefaultsUnknown', message: `${dest.host.name}'s default folders are not known yet; refresh the inventory or choose a folder.` });
    return { ok: false, problems };
  }
  problems.push(...checkStorage(kind, storage, vm, resolved, topology, dest));
  if (problems.length) return { ok: false, problems };

  const retain = request.retainSourceCopies ?? false;
  const steps: PlanStep[] = [];
  const rollback: PlanStep[] = [];
  const s = resolved.sourceHost;
  const t = resolved.destinationHost;
  // Hosts are named by identity throughout; Hyper-V gets the names it resolves itself (see hostIdentity.ts).
  const move = { action: 'moveVm' as const, host: s, destinationHost: t, destinationName: migrationNameOf(dest.host), storage, retainSourceCopies: retain };
  switch (kind) {
    case 'sharedNothing':
      steps.push(move);
      break;
    case 'storage':
      steps.push({ action: 'moveStorage', host: s, storage, retainSourceCopies: retain });
      break;
    case 'clustered':
      steps.push({
        action: 'moveClusterRole',
        host: s,
        node: t,
        nodeName: clusterNodeNameOf(dest),
        migrationType: request.clusterMigrationType ?? (vm.state === 'Running' ? 'Live' : 'Quick'),
      });
      break;
    case 'standaloneToCluster':
      steps.push(move);
      steps.push({ action: 'addClusterRole', host: t, cluster: resolved.destinationCluster! });
      break;
    case 'clusterToStandalone':
      steps.push({ action: 'removeClusterRole', host: s, cluster: resolved.sourceCluster! });
      steps.push(move);
      rollback.push({ action: 'addClusterRole', host: s, cluster: resolved.sourceCluster! });
      break;
    case 'clusterToCluster':
      steps.push({ action: 'removeClusterRole', host: s, cluster: resolved.sourceCluster! });
      steps.push(move);
      steps.push({ action: 'addClusterRole', host: t, cluster: resolved.destinationCluster! });
      rollback.push({ action: 'addClusterRole', host: s, cluster: resolved.sourceCluster! });
      break;
  }
  return {
    ok: true,
    plan: {
      kind,
      request,
      sourceHost: s,
      destinationHost: t,
      destinationCluster: kind === 'clusterToStandalone' ? undefined : resolved.destinationCluster,
      steps,
      rollback,
      slot: kind === 'storage' ? 'storage' : 'live',
      expectedDiskPaths: expectedDiskPaths(vm, storage, dest),
      expectedState: vm.state,
    },
  };
}

function defaultStorage(kind: MigrationKind, vm: VmInfo, r: Resolved, topology: MigrationTopology): StoragePlacement {
  // A storage migration has no default place (Move-VMStorage's destination is mandatory).
  if (kind === 'clustered' || kind === 'storage') return { mode: 'shared' };
  // Files on an SMB share (or the cluster's storage) the destination reaches stay there: nothing is copied.
  return filesStayReachable(vm, r.sourceHost, r.destinationHost, topology) ? { mode: 'shared' } : { mode: 'hostDefault' };
}

/**
 * "The destination's default paths" made explicit: Move-VM -IncludeStorage without a path keeps the source's paths
 * on the destination, so the defaults are sent item by item (VM files to its VirtualMachinePath, each disk to its
 * VirtualHardDiskPath). Undefined when the destination's defaults are not known.
 */
function resolveHostDefault(storage: StoragePlacement, vm: VmInfo, dest: HostInventory): StoragePlacement | undefined {
  if (storage.mode !== 'hostDefault') return storage;
  const vmPath = dest.host.virtualMachinePath;
  const vhdPath = dest.host.virtualHardDiskPath;
  if (!vmPath || !vhdPath) return undefined;
  return {
    mode: 'perDisk',
    virtualMachinePath: vmPath,
    snapshotFilePath: vmPath,
    smartPagingFilePath: vmPath,
    disks: vm.disks.filter((d) => !d.passThrough && d.path).map((d) => ({ source: d.path, destination: join(vhdPath, leaf(d.path)) })),
  };
}

function checkStorage(
  kind: MigrationKind,
  storage: StoragePlacement,
  vm: VmInfo,
  r: Resolved,
  topology: MigrationTopology,
  dest: HostInventory,
): RuleProblem[] {
  const out: RuleProblem[] = [];
  if (kind === 'clustered') {
    if (storage.mode !== 'shared') {
      out.push({
        code: 'storageOptionsOnClusteredMove',
        message: 'A clustered move keeps the files on the cluster storage; move the storage with a storage migration on the owner node.',
      });
    }
    return out;
  }
  if (kind === 'storage' && (storage.mode === 'shared' || storage.mode === 'hostDefault')) {
    out.push({ code: 'storageMoveNeedsPath', message: 'A storage migration needs a destination folder or a place for each disk.' });
    return out;
  }
  const diskPaths = vm.disks.filter((d) => !d.passThrough && d.path).map((d) => d.path);
  if (storage.mode === 'folder') {
    if (!isFullPath(storage.path)) out.push({ code: 'invalidPath', message: `${storage.path} is not a full path on the host (C:\\… or \\\\server\\share\\…).` });
    else if (kind === 'storage' && ((vm.path && samePath(vm.path, storage.path)) || (diskPaths.length > 0 && diskPaths.every((p) => samePath(parentOf(p), storage.path)) && !vm.path))) {
      // The folder the VM lives in now: a move "into" it changes nothing the admin asked for.
      out.push({ code: 'noStorageChange', message: `${vm.name}'s files are already in ${storage.path}; choose another folder.` });
    }
  }
  if (storage.mode === 'perDisk') {
    const items = [storage.virtualMachinePath, storage.snapshotFilePath, storage.smartPagingFilePath].filter((p): p is string => p !== undefined);
    for (const p of [...items, ...storage.disks.map((d) => d.destination)]) {
      if (!isFullPath(p)) out.push({ code: 'invalidPath', message: `${p} is not a full path on the host (C:\\… or \\\\server\\share\\…).` });
    }
    if (items.length === 0 && storage.disks.length === 0) out.push({ code: 'storageMoveNeedsPath', message: 'Choose a place for at least one item.' });
    const seen = new Set<string>();
    for (const d of storage.disks) {
      if (!diskPaths.some((p) => samePath(p, d.source))) out.push({ code: 'diskNotOnVm', message: `${d.source} is not a disk of ${vm.name}.` });
      if (leaf(d.source).toLowerCase() !== leaf(d.destination).toLowerCase()) {
        out.push({ code: 'diskNameMismatch', message: `A disk keeps its file name when it moves: ${leaf(d.source)} cannot become ${leaf(d.destination)}.` });
      }
      const k = pathKey(d.destination);
      if (seen.has(k)) out.push({ code: 'duplicateDestination', message: `Two disks cannot both go to ${d.destination}.` });
      seen.add(k);
    }
  }
  if (storage.mode === 'shared' && kind !== 'storage') {
    // Without storage movement the destination must reach the files where they are: SMB shares, and a cluster's
    // shared volumes between nodes of that cluster (a CSV is not reachable from outside it).
    const files = [...diskPaths, ...(vm.path ? [vm.path] : [])];
    const notShared = files.filter((p) => !reachableFrom(p, r, topology));
    if (notShared.length) out.push({ code: 'filesNotShared', message: `${notShared[0]} is not on an SMB share the destination reaches; move the storage with the VM.` });
  }
  // A cluster role's files must be where every node reaches them. For a clustered VM's storage move the host checks
  // that too (the product never sends -AllowUnverifiedPaths); the rule refuses first, with the reason.
  const roleCluster = kind === 'standaloneToCluster' || kind === 'clusterToCluster' ? r.destinationCluster : kind === 'storage' ? r.sourceCluster : undefined;
  if (roleCluster) {
    const roots = clusterStorageRoots(topology, roleCluster);
    const onClusterStorage = (p: string): boolean => isUnc(p) || roots.some((root) => isUnder(p, root));
    const targets = targetFolders(storage, vm, dest);
    const bad = targets.find((p) => !onClusterStorage(p));
    if (bad !== undefined) {
      out.push({
        code: 'notOnClusterStorage',
        message: `${bad} is not on cluster storage of ${roleCluster}; a cluster role needs its files on a cluster shared volume (${roots.join(', ')}) or an SMB share.`,
      });
    }
  }
  return out;
}

/** Can the destination reach this file where it is: an SMB share, or a CSV of the cluster both hosts are nodes of. */
function reachableFrom(path: string, r: Resolved, topology: MigrationTopology): boolean {
  if (isUnc(path)) return true;
  const a = clusterNameOf(topology, r.sourceHost);
  const b = clusterNameOf(topology, r.destinationHost);
  return !!a && sameName(a, b) && clusterStorageRoots(topology, a).some((root) => isUnder(path, root));
}

/** Can every file of the VM stay where it is for a move from `source` to `destination` (no storage moved)? */
export function filesStayReachable(vm: VmInfo, source: string, destination: string, topology: MigrationTopology): boolean {
  const r: Resolved = { kind: 'sharedNothing', sourceHost: source, destinationHost: destination };
  const files = [...vm.disks.filter((d) => !d.passThrough && d.path).map((d) => d.path), ...(vm.path ? [vm.path] : [])];
  return files.length > 0 && files.every((p) => reachableFrom(p, r, topology));
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
        ...[storage.virtualMachinePath, storage.snapshotFilePath, storage.smartPagingFilePath].filter((p): p is string => p !== undefined),
        ...storage.disks.map((d) => d.destination),
        ...vm.disks.filter((d) => !d.passThrough && !moved.has(pathKey(d.path))).map((d) => d.path),
      ];
    }
  }
}

/** Where each disk must be at the end, when the plan fixes it. */
export function expectedDiskPaths(vm: VmInfo, storage: StoragePlacement, dest: HostInventory): string[] | undefined {
  const disks = vm.disks.filter((d) => !d.passThrough && d.path);
  switch (storage.mode) {
    case 'shared':
      return disks.map((d) => d.path);
    case 'hostDefault':
      return dest.host.virtualHardDiskPath ? disks.map((d) => join(dest.host.virtualHardDiskPath!, leaf(d.path))) : undefined;
    case 'folder':
      return disks.map((d) => join(storage.path, leaf(d.path)));
    case 'perDisk':
      return disks.map((d) => storage.disks.find((m: DiskPlacement) => samePath(m.source, d.path))?.destination ?? d.path);
  }
}
