import type { Clock } from '../../core/clock';
import type { MigrationJob, MigrationPlan } from '../../core/migration/model';
import type { MigrationQueue, QueueItem } from '../../core/migration/queue';
import type { ExecutorContext } from './executorContext';
import type { JobLeases } from './jobLeases';
import type { JobStore } from './jobStore';
import { LoadWatcher } from './loadWatcher';
import type { MigrationTracker } from './migrationTracker';
import { holdsSlot } from './nextAction';
import type { StepExecutor } from './stepExecutor';

export interface JobDispatchParts {
  readonly queue: MigrationQueue;
  readonly store: JobStore;
  readonly leases: JobLeases;
  readonly executor: StepExecutor;
  readonly ctx: ExecutorContext;
  readonly tracker: MigrationTracker;
  readonly clock: Clock;
}

/**
 * Hands jobs to the step executor (MigrationService's part that does): a new job when its source host has a free
 * slot, a job taken over (after a reload, or from another window) in its own phase, a move found running on a host
 * at once. Each is claimed for this service first; a slot is given back when its job lets it go. Its load watcher
 * says when a waiting host's load is known anew, so the queue may start more.
 */
export class JobDispatch {
  private readonly loadWatcher: LoadWatcher;
  private disposed = false;

  constructor(private readonly p: JobDispatchParts) {
    this.loadWatcher = new LoadWatcher(p.queue, p.tracker, p.store, p.clock, () => this.pump());
  }

  /** A new job: it waits in its source host's queue. */
  enqueue(job: MigrationJob, plan: MigrationPlan): void {
    void this.p.store.set(this.p.leases.claimed(job), true);
    this.p.queue.enqueue({ id: job.id, sourceHost: plan.sourceHost, slot: plan.slot });
    this.pump();
  }

  /** Takes a job over: queued ones wait for a slot, the others go on in their own phase. */
  take(job: MigrationJob): void {
    if (this.disposed) return;
    void this.p.store.set(this.p.leases.claimed(job), true);
    const item: QueueItem = {
      id: job.id,
      sourceHost: job.plan?.sourceHost ?? job.sourceHost,
      slot: job.plan?.slot ?? 'live',
    };
    if (job.status === 'queued') {
      this.p.queue.enqueue(item);
      return;
    }
    if (holdsSlot(job)) this.p.queue.occupy(item);
    void this.p.executor.drive(job.id, true);
  }

  /** Moves found running on the hosts: they hold their slot already and are followed to their end. */
  follow(adopted: readonly MigrationJob[]): void {
    for (const job of adopted) {
      if (this.disposed) break;
      void this.p.store.set(this.p.leases.claimed(job), true);
      this.p.queue.occupy({ id: job.id, sourceHost: job.sourceHost, slot: job.plan!.slot });
      void this.p.executor.drive(job.id, false);
    }
  }

  release(id: string): void {
    this.p.queue.release(id);
    if (!this.disposed) this.pump();
  }

  /** Starts the queued jobs whose host has a free slot now. */
  pump(): void {
    if (this.disposed) return;
    this.loadWatcher.update();
    for (const item of this.p.queue.takeReady()) {
      const job = this.p.store.get(item.id);
      if (!job || job.status !== 'queued') {
        this.p.queue.release(item.id);
        continue;
      }
      void this.p.store.set(this.p.leases.claimed(job), false);
      void this.p.ctx.apply(item.id, { type: 'dequeued' });
      void this.p.executor.drive(item.id, false);
    }
  }

  /** No job is handed on from now on (the service is closing). */
  dispose(): void {
    this.disposed = true;
    this.loadWatcher.dispose();
  }
}
