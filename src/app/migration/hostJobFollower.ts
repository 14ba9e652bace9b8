import {
  isActiveJobState,
  jobStates,
  type HostMigrationJob,
  type HostMigrationSnapshot,
} from '../../core/migration/operations/pollMigrations';
import type { HostErrorInfo } from '../../contract/hostRunner';
import type { HostWatcher } from './migrationTracker';
import { sameId } from '../../core/names';

export interface HostJobEnd {
  /** The host's error text when the job did not complete. */
  readonly error?: string;
  readonly errorId?: string;
  /** Final JobState when the host reported one. */
  readonly jobState?: number;
  /**
   * The host has not answered for too long: nothing is known of the job's end (it may still run). The caller must
   * learn it from the host before judging anything; `error` says why contact was lost.
   */
  readonly lostContact?: boolean;
}

export interface FollowerLimits {
  /** How long a move may stay invisible on its host before its end is read from where the VM is. */
  readonly invisibleMs: number;
  /** How long a host may stay unreachable before the follow stops and the outcome is asked for again. */
  readonly unreachableMs: number;
}

export const defaultFollowerLimits: FollowerLimits = { invisibleMs: 20_000, unreachableMs: 120_000 };

export interface FollowerCallbacks {
  seen(hostJobId: string): void;
  progress(percent: number): void;
  /** A look at the job while the host moves data: its percent at the host's time of the look (ms). */
  sampled?(percent: number, at: number): void;
  ended(end: HostJobEnd): void;
}

/**
 * The host's clock reads each look's percent and time together; ours would add the request's way back, which varies
 * with the load of both ends. Intervals of one host's clock are what a rate needs.
 */
function hostTime(iso: string): number | undefined {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** Host clocks and ours differ; a job that started this long before the request still counts as this move's. */
const skewMs = 10_000;

/**
 * Follows one migration's Msvm_MigrationJob through the tracker's ticks. A finished job of an earlier move of the
 * same VM lingers ~5 minutes on the host, so the job is matched by InstanceID, or else by the VM and a start time
 * not before this move was requested.
 */
export class HostJobFollower implements HostWatcher {
  readonly includeClusterNodes = false;
  private hostJobId: string | undefined;
  private firstLook: number | undefined;
  private unreachableSince: number | undefined;
  private lastError: HostErrorInfo | undefined;
  private done = false;

  constructor(
    readonly host: string,
    private readonly vmId: string,
    hostJobId: string | undefined,
    private readonly requestedAt: string | undefined,
    private readonly callbacks: FollowerCallbacks,
    private readonly limits: FollowerLimits = defaultFollowerLimits,
  ) {
    this.hostJobId = hostJobId;
  }

  get finished(): boolean {
    return this.done;
  }

  onSnapshot(snapshot: HostMigrationSnapshot, at: number): number | undefined {
    if (this.done) return undefined;
    this.unreachableSince = undefined;
    this.firstLook ??= at;
    const job = this.match(snapshot.jobs);
    if (!job) {
      if (this.hostJobId || at - this.firstLook > this.limits.invisibleMs) {
        // Gone (removed after its linger time, or the host restarted) or never seen: where the VM is will tell.
        this.finish({});
      }
      return undefined;
    }
    if (!this.hostJobId) {
      this.hostJobId = job.instanceId;
      this.callbacks.seen(job.instanceId);
    }
    this.callbacks.progress(job.percent);
    if (job.jobState === jobStates.running) this.callbacks.sampled?.(job.percent, hostTime(snapshot.now) ?? at);
    if (!isActiveJobState(job.jobState)) {
      const failed = job.jobState !== jobStates.completed;
      this.finish({
        jobState: job.jobState,
        error: failed
          ? job.errorDescription || job.errorSummary || `The migration ended with job state ${job.jobState}.`
          : undefined,
        errorId: failed
          ? job.jobState === jobStates.terminated
            ? 'Terminated'
            : `ErrorCode${job.errorCode}`
          : undefined,
      });
      return undefined;
    }
    // Look again when the job should end, so a freed slot is used at once.
    if (
      job.jobState === jobStates.running &&
      job.percent > 0 &&
      job.elapsedSeconds !== undefined &&
      job.elapsedSeconds > 0
    ) {
      const remainingMs = (job.elapsedSeconds * 1000 * (100 - job.percent)) / job.percent;
      return Math.max(0, remainingMs + 50);
    }
    return undefined;
  }

  onError(error: HostErrorInfo, at: number): void {
    if (this.done) return;
    this.lastError = error;
    this.unreachableSince ??= at;
    if (at - this.unreachableSince > this.limits.unreachableMs) {
      this.finish({
        lostContact: true,
        error: `Lost contact with ${this.host}: ${this.lastError.message}`,
        errorId: this.lastError.kind,
      });
    }
  }

  private match(jobs: readonly HostMigrationJob[]): HostMigrationJob | undefined {
    if (this.hostJobId) return jobs.find((j) => j.instanceId === this.hostJobId);
    const since = this.requestedAt ? Date.parse(this.requestedAt) - skewMs : undefined;
    const mine = jobs
      .filter((j) => sameId(j.vmId, this.vmId))
      .filter(
        (j) =>
          since === undefined ||
          j.startTime === undefined ||
          Date.parse(j.startTime) >= since ||
          isActiveJobState(j.jobState),
      );
    // Prefer a job still running; else the newest.
    return (
      mine.find((j) => isActiveJobState(j.jobState)) ??
      mine.sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? ''))[0]
    );
  }

  private finish(end: HostJobEnd): void {
    if (this.done) return;
    this.done = true;
    this.callbacks.ended(end);
  }
}
