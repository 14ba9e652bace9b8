import type { PlanStep, PlanStepAction } from './planSteps';
import type { DowntimeEstimate } from './downtime';
import type { SwitchMap } from './switchMap';
import { idKey, sameId } from '../names';

/**
 * The migration model: what the user asked for (a move request), what the product will do (a plan of steps, each
 * in planSteps.ts), and what became of it (a job). Plain data, no behaviour, so the UI, the service and the history
 * store share it.
 */

/** Which kind of move a request is; decided by the rules (rules.ts), never by the caller. */
export type MigrationKind =
  /** Move-VM to another host with its storage (or with its files left on shared storage). */
  | 'sharedNothing'
  /** Move-VMStorage on the VM's own host: to a folder, an SMB 3.0 share, or disk by disk. */
  | 'storage'
  /** Move-ClusterVirtualMachineRole between nodes of the VM's cluster. */
  | 'clustered'
  /** Move-VM to a cluster node onto cluster storage, then Add-ClusterVirtualMachineRole. */
  | 'standaloneToCluster'
  /** Remove-ClusterGroup keeping the VM, Move-VM, Add-ClusterVirtualMachineRole at the destination cluster. */
  | 'clusterToCluster'
  /** Remove-ClusterGroup keeping the VM, Move-VM to the standalone host. */
  | 'clusterToStandalone';

export const migrationKindLabels: Readonly<Record<MigrationKind, string>> = {
  sharedNothing: 'Shared-nothing live migration',
  storage: 'Live storage migration',
  clustered: 'Clustered live migration',
  standaloneToCluster: 'Standalone host → cluster',
  clusterToCluster: 'Cluster → cluster',
  clusterToStandalone: 'Cluster → standalone host',
};

/** Where the VM's files go. */
export type StoragePlacement =
  /** Files stay where they are (SMB share / CSV reachable by the destination): Move-VM without storage. */
  | { readonly mode: 'shared' }
  /** Everything into the destination host's default virtual hard disk path. */
  | { readonly mode: 'hostDefault' }
  /** Everything into one folder (-DestinationStoragePath). */
  | { readonly mode: 'folder'; readonly path: string }
  /** Each item to its own place (-VirtualMachinePath, -SnapshotFilePath, -SmartPagingFilePath, -Vhds). */
  | {
      readonly mode: 'perDisk';
      readonly virtualMachinePath?: string;
      readonly snapshotFilePath?: string;
      readonly smartPagingFilePath?: string;
      readonly disks: readonly DiskPlacement[];
    };

export interface DiskPlacement {
  readonly source: string;
  readonly destination: string;
}

/** The VM a request is about, as the inventory last saw it. */
export interface VmRef {
  readonly id: string;
  readonly name: string;
  readonly host: string;
}

export type MoveDestination =
  /** Another host (standalone, or a cluster node reached for a silo move). */
  | { readonly type: 'host'; readonly host: string }
  /** A node of a cluster (the VM's own cluster: clustered move; another: silo move). */
  | { readonly type: 'clusterNode'; readonly cluster: string; readonly node: string }
  /** The VM's own host: storage migration. */
  | { readonly type: 'sameHost' };

export type ClusterMigrationType = 'Live' | 'Quick';

export interface MoveRequest {
  readonly vm: VmRef;
  readonly destination: MoveDestination;
  readonly storage?: StoragePlacement;
  /** Move-VM / Move-VMStorage -RetainVhdCopiesOnSource. */
  readonly retainSourceCopies?: boolean;
  /** Clustered moves only; default Live. */
  readonly clusterMigrationType?: ClusterMigrationType;
  /** A move the VM is down for (a fallback when live migration is refused): the downtime the user was told of. */
  readonly downtime?: DowntimeEstimate;
  /** Preflight fix for 33012: adapter Id → destination switch to connect it to before moving (see switchMap.ts). */
  readonly switchMap?: SwitchMap;
  /**
   * false: a VM that is not a cluster role stays one that is not, also on a cluster node (a plain shared-nothing move,
   * e.g. a VM beside the roles of a node being drained). Default: moving onto a cluster node makes it a role.
   */
  readonly asClusterRole?: boolean;
}

/** Which migration limit of the source host a step uses. */
export type SlotClass = 'live' | 'storage';

export interface MigrationPlan {
  readonly kind: MigrationKind;
  readonly request: MoveRequest;
  /** Host that runs the moving step: its queue and its Msvm_MigrationJob. */
  readonly sourceHost: string;
  /** Host the VM ends on. */
  readonly destinationHost: string;
  /** Cluster the VM must be a role of at the end, if any. */
  readonly destinationCluster?: string;
  readonly steps: readonly PlanStep[];
  /** Steps to run when the move fails after the VM left its cluster role: put the role back where it was. */
  readonly rollback: readonly PlanStep[];
  readonly slot: SlotClass;
  /** Disk paths the VM must have at the end (for verification), when they are known in advance. */
  readonly expectedDiskPaths?: readonly string[];
  /** The VM's state when planned; success means the same state at the destination. */
  readonly expectedState: string;
  /** What the move carries (memory of a running VM, disks whose files move), as known when planned: a finished move's
   * throughput is measured from it. */
  readonly carriedBytes?: number;
}

/** Lifecycle of a migration job in the product (see jobState.ts for the allowed transitions). */
export type JobStatus =
  'queued' | 'starting' | 'running' | 'cancelling' | 'verifying' | 'rollingBack' | 'succeeded' | 'failed' | 'cancelled';

export const finalStatuses: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

/**
 * Is this VM being moved? Its move is under way from when it is queued until it ends, whatever step it is at. The one
 * answer for the tree, drag and drop, Cancel, adoption of host jobs and the queue's count of foreign moves.
 */
export function activeMoveOf(jobs: readonly MigrationJob[], vmId: string): MigrationJob | undefined {
  return jobs.find((j) => !isFinal(j.status) && sameId(j.vm.id, vmId));
}

export function isBeingMoved(jobs: readonly MigrationJob[], vmId: string): boolean {
  return activeMoveOf(jobs, vmId) !== undefined;
}

/** The VMs being moved, by idKey. */
export function vmsBeingMoved(jobs: readonly MigrationJob[]): Set<string> {
  return new Set(jobs.filter((j) => !isFinal(j.status)).map((j) => idKey(j.vm.id)));
}

export function isFinal(status: JobStatus): boolean {
  return finalStatuses.includes(status);
}

export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'rolledBack';

export interface StepProgress {
  readonly action: PlanStepAction;
  readonly host: string;
  readonly status: StepStatus;
  readonly message?: string;
}

/** Where the VM was found after the end, and in what state. */
export interface VmWhereabouts {
  readonly host: string;
  readonly state: string;
  readonly clustered: boolean;
  readonly diskPaths: readonly string[];
}

/** A migration job as the product tracks it and keeps in history. JSON-serialisable. */
export interface MigrationJob {
  readonly id: string;
  readonly kind: MigrationKind;
  readonly vm: VmRef;
  readonly sourceHost: string;
  readonly destinationHost: string;
  readonly destinationCluster?: string;
  readonly status: JobStatus;
  readonly percent: number;
  readonly steps: readonly StepProgress[];
  readonly currentStep: number;
  /** Msvm_MigrationJob InstanceID of the moving step, once seen. */
  readonly hostJobId?: string;
  /** When the moving step was requested on the host (ISO); used to tell this move's host job from earlier ones. */
  readonly hostRequestedAt?: string;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly expectedState: string;
  readonly expectedDiskPaths?: readonly string[];
  /** The host's error text (or ours) when it did not succeed. */
  readonly error?: string;
  readonly errorId?: string;
  /** Where the VM really is at the end. */
  readonly finalLocation?: VmWhereabouts;
  /** The user asked to cancel; the end is then `cancelled` when the VM stayed where it was. */
  readonly cancelRequested?: boolean;
  /** True when found running on a host after a reload rather than started by this session. */
  readonly adopted?: boolean;
  readonly plan?: MigrationPlan;
  /**
   * A step whose request went out (recorded, and saved, before it was sent) and whose answer has not been read yet.
   * After a crash, a timeout or a reload its outcome is asked of the hosts before anything is sent again.
   */
  readonly sent?: SentStep;
  /** The cluster role as it was before this move removed it, so a roll-back gives it back under its own name. */
  readonly originalRole?: OriginalRole;
  /** When this record last changed (ISO): the newer copy wins when windows share history. */
  readonly updatedAt?: string;
  /** Which service drives the job, until when (renewed while it runs): another window only watches it meanwhile. */
  readonly lease?: JobLease;
  /** What the product is waiting for while the outcome of a step cannot be known yet (e.g. a host that does not answer). */
  readonly waiting?: string;
}

export interface SentStep {
  readonly index: number;
  /** ISO time the request was recorded as sent. */
  readonly at: string;
}

export interface OriginalRole {
  readonly groupName: string;
  readonly ownerNode?: string;
}

export interface JobLease {
  readonly owner: string;
  /** ISO time after which another service may take the job over. */
  readonly until: string;
}

export type DrainStatus = 'draining' | 'paused' | 'failed' | 'resumed' | 'failingBack';

export const finalDrainStatuses: readonly DrainStatus[] = ['paused', 'failed', 'resumed'];

/** A cluster node drain as it goes (Suspend-ClusterNode -Drain, followed through the node's DrainStatus). */
export interface DrainProgress {
  /** The drain's record in history (absent on records older than history of drains). */
  readonly id?: string;
  readonly cluster: string;
  readonly node: string;
  /**
   * draining: roles are leaving; paused: drained and paused; failed: the drain failed, or the node did not answer for
   * too long (node state says where it is); resumed: the node was resumed (elsewhere) before the drain finished.
   */
  readonly status: DrainStatus;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly updatedAt?: string;
  readonly nodeState?: string;
  readonly drainStatus?: string;
  /** Live migrations still running from the node. */
  readonly migrationsRunning: number;
  readonly percent: number;
  readonly error?: string;
  /** The roles this drain (or the failback after it) moves, one row each, as the hosts report them. */
  readonly moves?: readonly MaintenanceMove[];
}

/** One VM moved by the cluster for node maintenance (a drain's role leaving, or its failback). */
export interface MaintenanceMove {
  readonly vmId: string;
  readonly vmName: string;
  /** waiting: not seen moving yet; moving: a migration job runs; moved / failed: it ended so. */
  readonly status: 'waiting' | 'moving' | 'moved' | 'failed';
  readonly percent: number;
  readonly destination?: string;
}
