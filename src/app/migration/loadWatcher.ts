import type { Clock } from '../../core/clock';
import { isFinal, vmsBeingMoved } from '../../core/migration/model';
import { isActiveJobState, isStorageJob } from '../../core/migration/operations/pollMigrations';
import type { MigrationQueue } from '../../core/migration/queue';
import type { JobStore } from './jobStore';
import type { MigrationTracker } from './migrationTracker';
import { nameKey } from '../../core/names';

/** A host's count of foreign moves is trusted this long. */
const loadFreshMs = 10_000;
/** Longest wait for a host's first answer before starting on it anyway. */
const loadWaitMs = 15_000;

/**
 * While moves wait for a host, its answers on each tick also say how many moves run there that this service did not
 * start (another console, another window): they hold slots too. Until a host has said so, nothing starts on it
 * (bounded, should it not answer).
 */
export class LoadWatcher {
  private readonly watchers = new Map<string, { dispose(): void }>();
  private readonly seenAt = new Map<string, number>();

  constructor(
    private readonly queue: MigrationQueue,
    private readonly tracker: MigrationTracker,
    private readonly store: JobStore,
    private readonly clock: Clock,
    /** Called when a host's load is known anew: the queue may start more. */
    private readonly changed: () => void,
  ) {}

  /** Watches exactly the hosts that have moves waiting. */
  update(): void {
    const waiting = this.queue.waitingHosts();
    const keys = new Set(waiting.map(nameKey));
    for (const [host, sub] of this.watchers) {
      if (keys.has(host)) continue;
      sub.dispose();
      this.watchers.delete(host);
    }
    for (const host of waiting) {
      const key = nameKey(host);
      if (this.watchers.has(key)) continue;
      const seen = this.seenAt.get(key);
      if (seen === undefined || this.clock.now() - seen > loadFreshMs) this.queue.deferHost(host, loadWaitMs);
      this.watchers.set(
        key,
        this.tracker.watch({
          host,
          onSnapshot: (snap) => {
            const mine = this.store.all().filter((j) => !isFinal(j.status));
            const ours = new Set(mine.flatMap((j) => (j.hostJobId ? [j.hostJobId] : [])));
            const oursByVm = vmsBeingMoved(mine);
            const others = snap.jobs.filter(
              (j) => isActiveJobState(j.jobState) && !ours.has(j.instanceId) && !oursByVm.has(j.vmId),
            );
            this.queue.setExternal(host, 'storage', others.filter(isStorageJob).length);
            this.queue.setExternal(host, 'live', others.filter((j) => !isStorageJob(j)).length);
            this.seenAt.set(key, this.clock.now());
            this.queue.undefer(host);
            this.changed();
            return undefined;
          },
          onError: () => undefined,
        }),
      );
    }
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
  }
}
