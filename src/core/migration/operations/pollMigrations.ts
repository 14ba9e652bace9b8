import text from '../../../scripts/migration-poll.ps1';
import { asObject, list, num, optNum, optStr, str, type JsonObject } from '../../json/read';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';
import { idKey } from '../../names';

const script = hostScript('migration-poll.ps1', text);

/** One Msvm_MigrationJob as the source host reports it. */
export interface HostMigrationJob {
  readonly instanceId: string;
  readonly vmId: string;
  readonly name?: string;
  /** Msvm_MigrationJob.JobType: see migrationJobTypes. */
  readonly jobType: number;
  readonly migrationType: number;
  /** CIM_ConcreteJob.JobState: 2 New, 3 Starting, 4 Running, 5 Suspended, 6 Shutting Down, 7 Completed, 8 Terminated, 9 Killed, 10 Exception. */
  readonly jobState: number;
  readonly percent: number;
  readonly destinationHost?: string;
  readonly startTime?: string;
  readonly elapsedSeconds?: number;
  readonly errorCode: number;
  readonly errorDescription?: string;
  readonly errorSummary?: string;
}

export interface NodeDrainInfo {
  readonly name: string;
  readonly state: string;
  readonly drainStatus?: string;
  readonly failbackStatus?: string;
}

export interface HostMigrationSnapshot {
  /** The host's clock (ISO), to compare with its job times. */
  readonly now: string;
  readonly jobs: readonly HostMigrationJob[];
  readonly nodes?: readonly NodeDrainInfo[];
}

export const jobStates = {
  new: 2,
  starting: 3,
  running: 4,
  suspended: 5,
  shuttingDown: 6,
  completed: 7,
  terminated: 8,
  killed: 9,
  exception: 10,
} as const;

/**
 * Msvm_MigrationJob.JobType values (docs/hyperv.md, "Following a move: Msvm_MigrationJob"): a live move of the VM,
 * a live move of the VM with its storage (shared-nothing), and a storage-only move (Move-VMStorage). The queue counts a
 * storage-only move against the host's MaximumStorageMigrations and the other two against its
 * MaximumVirtualMachineMigrations (docs/hyperv.md, "Migration limits").
 */
export const migrationJobTypes = { movingVm: 305, movingVmAndStorage: 306, movingStorage: 307 } as const;

/** A storage-only move (Move-VMStorage) rather than a move of the VM to another host. */
export function isStorageJob(job: Pick<HostMigrationJob, 'jobType'>): boolean {
  return job.jobType === migrationJobTypes.movingStorage;
}

/** A job that has not reached its end yet (queued on the host counts: it still holds the VM). */
export function isActiveJobState(s: number): boolean {
  return s >= 2 && s <= 6;
}

function readJob(o: JsonObject, p: string): HostMigrationJob {
  return {
    instanceId: str(o, 'instanceId', p),
    vmId: idKey(str(o, 'vmId', p)),
    name: optStr(o, 'name', p),
    jobType: num(o, 'jobType', p),
    migrationType: num(o, 'migrationType', p),
    jobState: num(o, 'jobState', p),
    percent: num(o, 'percent', p),
    destinationHost: optStr(o, 'destinationHost', p),
    startTime: optStr(o, 'startTime', p),
    elapsedSeconds: optNum(o, 'elapsedSeconds', p),
    errorCode: optNum(o, 'errorCode', p) ?? 0,
    errorDescription: optStr(o, 'errorDescription', p),
    errorSummary: optStr(o, 'errorSummary', p),
  };
}

export function parseMigrationSnapshot(value: unknown): HostMigrationSnapshot {
  const o = asObject(value, 'poll');
  return {
    now: str(o, 'now', 'poll'),
    jobs: list(o, 'jobs', 'poll', readJob),
    nodes:
      o.nodes === null || o.nodes === undefined
        ? undefined
        : list(o, 'nodes', 'poll', (n, np) => ({
            name: str(n, 'name', np),
            state: str(n, 'state', np),
            drainStatus: optStr(n, 'drainStatus', np),
            failbackStatus: optStr(n, 'failbackStatus', np),
          })),
  };
}

/** Every migration job of a host in one query; with `includeClusterNodes`, its cluster's nodes' drain status too. */
export function pollMigrations(includeClusterNodes = false): HostOperation<HostMigrationSnapshot> {
  return {
    script,
    parameters: { IncludeClusterNodes: includeClusterNodes },
    idempotent: true,
    parse: parseMigrationSnapshot,
  };
}
