import type { HostInventory, VmInfo } from '../inventory/inventory';
import type { DiskPlacement, MigrationKind, MigrationPlan, MoveRequest, StoragePlacement } from './model';
import type { PlanStep } from './planSteps';
import { findHost, type MigrationTopology } from './topology';
import { classifyMove, type Resolved } from './classifyMove';
import { join, leaf, samePath } from '../windowsPath';
import { checkStorage, reachableFrom } from './storageRules';
import { isMigrating } from '../inventory/tree/vmState';
import { clusterNodeNameOf, migrationNameOf } from '../inventory/hostIdentity';
import { sameId } from '../names';

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

export type PlanResult =
  | { readonly ok: true; readonly plan: MigrationPlan }
  | { readonly ok: false; readonly problems: readonly RuleProblem[] };

/** VM states a move can start from; anything in transition (Starting, Saving, …) must settle first. */
const movableStates = ['Running', 'Off', 'Saved', 'Paused'];

/** A VM in this state can start a move; anything in transition must settle first. */
export function isMovableState(state: string): boolean {
  return movableStates.includes(state);
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
  const problems = checkVmMayMove(request, kind, vm);
  const storage = resolveHostDefault(request.storage ?? defaultStorage(kind, vm, resolved, topology), vm, dest);
  if (!storage) {
    problems.push({
      code: 'destinationDefaultsUnknown',
      message: `${dest.host.name}'s default folders are not known yet; refresh the inventory or choose a folder.`,
    });
    return { ok: false, problems };
  }
  problems.push(...checkStorage({ kind, storage, vm, r: resolved, topology, dest }));
  if (problems.length) return { ok: false, problems };
  const { steps, rollback } = stepsOf(kind, request, vm, resolved, dest, storage);
  return {
    ok: true,
    plan: {
      kind,
      request,
      sourceHost: resolved.sourceHost,
      destinationHost: resolved.destinationHost,
      destinationCluster: kind === 'clusterToStandalone' ? undefined : resolved.destinationCluster,
      steps,
      rollback,
      slot: kind === 'storage' ? 'storage' : 'live',
      expectedDiskPaths: expectedDiskPaths(vm, storage, dest),
      expectedState: vm.state,
      carriedBytes: carriedBytesOf(kind, vm, storage),
    },
  };
}

/** What the move carries: a running VM's memory (not on a storage move), and the disk files when storage moves. */
function carriedBytesOf(kind: MigrationKind, vm: VmInfo, storage: StoragePlacement): number | undefined {
  const memory = kind !== 'storage' && vm.state === 'Running' ? vm.memoryAssignedBytes : 0;
  const disks = storage.mode === 'shared' ? 0 : vm.disks.reduce((n, d) => n + (d.fileSizeBytes ?? 0), 0);
  return memory + disks || undefined;
}

/** The VM itself: settled, not already moving, and not asked for a quick migration outside a cluster. */
function checkVmMayMove(request: MoveRequest, kind: MigrationKind, vm: VmInfo): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!isMovableState(vm.state)) {
    problems.push({
      code: 'vmBusy',
      message: `${vm.name} is ${vm.state}; wait until it is Running, Off, Saved or Paused.`,
    });
  }
  if (isMigrating(vm)) {
    problems.push({ code: 'alreadyMigrating', message: `${vm.name} is already being migrated.` });
  }
  if (request.clusterMigrationType === 'Quick' && kind !== 'clustered') {
    problems.push({
      code: 'quickOnlyForClustered',
      message: 'Quick migration exists only between nodes of one cluster.',
    });
  }
  return problems;
}

/** The steps each kind of move runs, and those that put a removed cluster role back if the move fails. */
function stepsOf(
  kind: MigrationKind,
  request: MoveRequest,
  vm: VmInfo,
  r: Resolved,
  dest: HostInventory,
  storage: StoragePlacement,
): { steps: PlanStep[]; rollback: PlanStep[] } {
  const retain = request.retainSourceCopies ?? false;
  const s = r.sourceHost;
  const t = r.destinationHost;
  // Hosts are named by identity throughout; Hyper-V gets the names it resolves itself (see hostIdentity.ts).
  const move = {
    action: 'moveVm' as const,
    host: s,
    destinationHost: t,
    destinationName: migrationNameOf(dest.host),
    storage,
    retainSourceCopies: retain,
  };
  switch (kind) {
    case 'sharedNothing':
      return { steps: [move], rollback: [] };
    case 'storage':
      return { steps: [{ action: 'moveStorage', host: s, storage, retainSourceCopies: retain }], rollback: [] };
    case 'clustered': {
      const migrationType = request.clusterMigrationType ?? (vm.state === 'Running' ? 'Live' : 'Quick');
      return {
        steps: [{ action: 'moveClusterRole', host: s, node: t, nodeName: clusterNodeNameOf(dest), migrationType }],
        rollback: [],
      };
    }
    case 'standaloneToCluster':
      return { steps: [move, { action: 'addClusterRole', host: t, cluster: r.destinationCluster! }], rollback: [] };
    case 'clusterToStandalone':
      return {
        steps: [{ action: 'removeClusterRole', host: s, cluster: r.sourceCluster! }, move],
        rollback: [{ action: 'addClusterRole', host: s, cluster: r.sourceCluster! }],
      };
    case 'clusterToCluster':
      return {
        steps: [
          { action: 'removeClusterRole', host: s, cluster: r.sourceCluster! },
          move,
          { action: 'addClusterRole', host: t, cluster: r.destinationCluster! },
        ],
        rollback: [{ action: 'addClusterRole', host: s, cluster: r.sourceCluster! }],
      };
  }
}

function defaultStorage(kind: MigrationKind, vm: VmInfo, r: Resolved, topology: MigrationTopology): StoragePlacement {
  // A storage migration has no default place (Move-VMStorage's destination is mandatory).
  if (kind === 'clustered' || kind === 'storage') return { mode: 'shared' };
  // Files on an SMB share (or the cluster's storage) the destination reaches stay there: nothing is copied.
  return filesStayReachable(vm, r.sourceHost, r.destinationHost, topology)
    ? { mode: 'shared' }
    : { mode: 'hostDefault' };
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
    disks: vm.disks
      .filter((d) => !d.passThrough && d.path)
      .map((d) => ({ source: d.path, destination: join(vhdPath, leaf(d.path)) })),
  };
}

/** Can every file of the VM stay where it is for a move from `source` to `destination` (no storage moved)? */
export function filesStayReachable(
  vm: VmInfo,
  source: string,
  destination: string,
  topology: MigrationTopology,
): boolean {
  const r: Resolved = { kind: 'sharedNothing', sourceHost: source, destinationHost: destination };
  const files = [...vm.disks.filter((d) => !d.passThrough && d.path).map((d) => d.path), ...(vm.path ? [vm.path] : [])];
  return files.length > 0 && files.every((p) => reachableFrom(p, r, topology));
}

/** Where each disk must be at the end, when the plan fixes it. */
export function expectedDiskPaths(vm: VmInfo, storage: StoragePlacement, dest: HostInventory): string[] | undefined {
  const disks = vm.disks.filter((d) => !d.passThrough && d.path);
  switch (storage.mode) {
    case 'shared':
      return disks.map((d) => d.path);
    case 'hostDefault':
      return dest.host.virtualHardDiskPath
        ? disks.map((d) => join(dest.host.virtualHardDiskPath!, leaf(d.path)))
        : undefined;
    case 'folder':
      return disks.map((d) => join(storage.path, leaf(d.path)));
    case 'perDisk':
      return disks.map(
        (d) => storage.disks.find((m: DiskPlacement) => samePath(m.source, d.path))?.destination ?? d.path,
      );
  }
}
