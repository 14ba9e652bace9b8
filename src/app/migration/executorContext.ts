import type { Clock, TimerHandle } from '../../core/clock';
import { applyEvent, type JobEvent } from '../../core/migration/jobState';
import type { MigrationJob } from '../../core/migration/model';
import type { MigrationTopology } from '../../core/migration/topology';
import type { HostCalls } from './hostCalls';
import type { FollowerLimits } from './hostJobFollower';
import type { JobStore, MigrationLog } from './jobStore';
import type { MigrationTracker } from './migrationTracker';
import { ProgressHistory } from './progressHistory';

export interface ExecutorTimings {
  /** How long after a start was sent its trace may still appear on the host (the start script may still run there). */
  readonly settleMs: number;
  /** Pause between questions to a host that does not answer (or not yet decisively). */
  readonly retryMs: number;
  readonly follower: FollowerLimits;
}

export const defaultTimings: ExecutorTimings = {
  settleMs: 15_000,
  retryMs: 5_000,
  follower: { invisibleMs: 20_000, unreachableMs: 120_000 },
};

/** Events that matter after a reload are saved; progress ticks are not (the host says them again). */
const unsaved = new Set<JobEvent['type']>(['progress', 'waiting']);

/**
 * What the executor's parts share: the jobs, the hosts, the tracker, time, the recent progress samples, and the one
 * way a job changes (`apply`), which never throws: an event that does not fit the job's state is ignored and logged.
 */
export class ExecutorContext {
  private disposed = false;
  private readonly sleepers = new Set<{ timer: TimerHandle; wake: () => void }>();
  private readonly reported = new Set<string>();
  private stop: () => void = () => undefined;
  /** Resolves when the executor stops (the service is disposed: a window closing, a test's restart). */
  readonly whenStopped = new Promise<void>((resolve) => {
    this.stop = resolve;
  });

  constructor(
    readonly store: JobStore,
    readonly calls: HostCalls,
    readonly tracker: MigrationTracker,
    readonly clock: Clock,
    readonly log: MigrationLog,
    readonly topology: () => MigrationTopology,
    readonly timings: ExecutorTimings,
    /** The slot of a job on its source host is free (its move ended or will not happen). */
    readonly releaseSlot: (id: string) => void,
    /** The recent progress samples of the moves followed (the panel's sparklines). */
    readonly progress: ProgressHistory = new ProgressHistory(),
  ) {}

  get stopped(): boolean {
    return this.disposed;
  }

  job(id: string): MigrationJob | undefined {
    return this.store.get(id);
  }

  iso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /**
   * Applies the event; resolves once history holds the result when the event is one that is saved. Resolves false
   * when the event did not apply (ignored and logged once).
   */
  async apply(id: string, event: JobEvent): Promise<boolean> {
    const job = this.store.get(id);
    if (!job || this.disposed) return false;
    const r = applyEvent(job, event, this.iso());
    if (r.ignored) {
      const key = `${id}|${job.status}|${event.type}`;
      if (!this.reported.has(key)) {
        this.reported.add(key);
        this.log.info(`Migration of ${job.vm.name}: '${event.type}' ignored (${r.ignored.message})`);
      }
      return false;
    }
    await this.store.set(r.job, !unsaved.has(event.type));
    return true;
  }

  /** Adds a line to the job's error text without changing its state (e.g. a refused cancel). */
  note(id: string, text: string): Promise<void> {
    const job = this.store.get(id);
    if (!job || this.disposed) return Promise.resolve();
    if (job.error?.split('\n').includes(text)) return Promise.resolve();
    return this.store.set({ ...job, error: job.error ? `${job.error}\n${text}` : text, updatedAt: this.iso() }, true);
  }

  /** Waits, or less when the executor stops. */
  sleep(ms: number): Promise<void> {
    if (this.disposed) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: this.clock.setTimeout(() => {
          this.sleepers.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.sleepers.add(entry);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    for (const s of this.sleepers) {
      this.clock.clearTimeout(s.timer);
      s.wake();
    }
    this.sleepers.clear();
  }
}
