import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../../core/clock';
import { isFinal, type MigrationJob } from '../../core/migration/model';
import type { JobStore } from './jobStore';

export interface JobLeasesDeps {
  /** Who claims: the same for a window and its reloads (so a reloaded window carries on at once), else random. */
  readonly owner?: string;
  readonly store: JobStore;
  readonly clock: Clock;
  /** How long a claim lasts unless renewed. */
  readonly leaseMs: number;
  /** Whether this service drives the job now. */
  readonly driving: (id: string) => boolean;
  /** A watched job whose claim ran out (its window closed or crashed): this service carries it on. */
  readonly takeOver: (job: MigrationJob) => void;
}

/**
 * Which service (window) drives a job. History is shared by every window, and each would otherwise carry on the same
 * in-flight moves after a start, sending their steps twice; so a job carries a claim that its driver renews while it
 * runs. Another window only watches such a job (reading its record again now and then) and takes it over when the
 * claim runs out. A window that closes lets its claims go, so the next one takes over at once.
 */
export class JobLeases {
  readonly owner: string;
  private readonly watched = new Set<string>();
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly deps: JobLeasesDeps) {
    this.owner = deps.owner ?? randomUUID();
  }

  /** The job claimed by this service from now on. */
  claimed(job: MigrationJob): MigrationJob {
    this.schedule();
    return {
      ...job,
      lease: { owner: this.owner, until: new Date(this.deps.clock.now() + this.deps.leaseMs).toISOString() },
    };
  }

  heldByAnother(job: MigrationJob): boolean {
    return (
      job.lease !== undefined && job.lease.owner !== this.owner && Date.parse(job.lease.until) > this.deps.clock.now()
    );
  }

  /** Follows another service's job through history until it ends or its claim runs out. */
  watch(id: string): void {
    this.watched.add(id);
    this.schedule();
  }

  /** Lets the claims on these jobs go (this service stops driving them). */
  dispose(driven: readonly MigrationJob[]): void {
    this.stopped = true;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    for (const job of driven) void this.deps.store.set({ ...job, lease: undefined }, true);
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = this.deps.clock.setTimeout(
      () => {
        this.timer = undefined;
        void this.round().finally(() => {
          if (this.watched.size || this.deps.store.all().some((j) => !isFinal(j.status) && this.deps.driving(j.id)))
            this.schedule();
        });
      },
      Math.max(100, Math.floor(this.deps.leaseMs / 3)),
    );
  }

  private async round(): Promise<void> {
    const now = this.deps.clock.now();
    for (const job of this.deps.store.all()) {
      if (isFinal(job.status) || !this.deps.driving(job.id)) continue;
      const until = job.lease?.owner === this.owner ? Date.parse(job.lease.until) : 0;
      if (until - now < (this.deps.leaseMs * 2) / 3) await this.deps.store.set(this.claimed(job), true);
    }
    for (const id of [...this.watched]) {
      const record = await this.deps.store.stored(id);
      if (this.stopped) return;
      if (!record) {
        this.watched.delete(id);
        continue;
      }
      const mine = this.deps.store.get(id);
      if (!mine || mine.updatedAt !== record.updatedAt) await this.deps.store.set(record, false);
      if (isFinal(record.status)) this.watched.delete(id);
      else if (!this.heldByAnother(record)) {
        this.watched.delete(id);
        this.deps.takeOver(record);
      }
    }
  }
}
