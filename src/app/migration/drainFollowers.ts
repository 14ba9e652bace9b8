import { judgeDrain, judgeFailback } from '../../core/migration/drainJudge';
import { finalDrainStatuses, type DrainProgress } from '../../core/migration/model';
import type { HostMigrationJob, HostMigrationSnapshot } from '../../core/migration/operations/pollMigrations';
import type { HostErrorInfo } from '../../contract/hostRunner';
import { nameKey } from '../../core/names';
import type { DrainRecord } from './maintenanceService';
import type { MigrationTracker } from './migrationTracker';

export interface DrainFollowerDeps {
  readonly tracker: MigrationTracker;
  /** The drain's record as kept now, by its id. */
  readonly current: (id: string) => DrainRecord | undefined;
  /** Keeps the record's new state (announced; saved to history when `persist`). */
  readonly set: (d: DrainRecord, persist: boolean) => void;
  readonly iso: () => string;
  /** How long a draining node may not answer before its drain ends as failed. */
  readonly unreachableLimitMs: number;
}

export function isOver(d: DrainProgress): boolean {
  return finalDrainStatuses.includes(d.status);
}

/**
 * Follows each drain under way (or its failback) on the migration tracker's ticks until it ends: one watch per drain,
 * never two, each let go when its drain ends or is stopped.
 */
export class DrainFollowers {
  private readonly watches = new Map<string, { dispose(): void }>();

  constructor(private readonly deps: DrainFollowerDeps) {}

  /** Follows the drain through the node's DrainStatus and migration jobs; a node silent too long fails it. */
  follow(id: string, initial: number): void {
    const node = this.deps.current(id)?.node;
    if (!node || this.watches.has(id)) return;
    let unreachableSince: number | undefined;
    const limit = this.deps.unreachableLimitMs;
    const sub = this.deps.tracker.watch({
      host: node,
      includeClusterNodes: true,
      onSnapshot: (snap: HostMigrationSnapshot) => {
        unreachableSince = undefined;
        const d = this.deps.current(id);
        if (!d || isOver(d)) return this.stop(id);
        const next = judgeDrain(d, snap, initial);
        const ended = isOver(next);
        this.deps.set(ended ? { ...next, endedAt: this.deps.iso() } : next, ended || next.status !== d.status);
        if (ended) this.stop(id);
        return undefined;
      },
      onError: (e: HostErrorInfo, at: number) => {
        const d = this.deps.current(id);
        if (!d || isOver(d)) return this.stop(id);
        unreachableSince ??= at;
        if (at - unreachableSince <= limit) {
          this.deps.set({ ...d, error: e.message }, false);
          return;
        }
        this.deps.set(
          {
            ...d,
            status: 'failed',
            error: `Lost contact with ${node} for ${Math.round(limit / 1000)} s: ${e.message}`,
            endedAt: this.deps.iso(),
          },
          true,
        );
        this.stop(id);
      },
    });
    this.watches.set(id, sub);
  }

  /** Follows the roles coming home: the jobs of every node they went to, and the node's FailbackStatus. */
  followFailback(id: string, from: readonly string[]): void {
    const node = this.deps.current(id)?.node;
    if (!node || this.watches.has(id)) return;
    const jobs = new Map<string, readonly HostMigrationJob[]>();
    let nodes: HostMigrationSnapshot | undefined;
    const look = (): void => {
      const d = this.deps.current(id);
      if (!d || isOver(d)) return void this.stop(id);
      const next = judgeFailback(d, [...jobs.values()].flat(), nodes, d.startedAt);
      const ended = isOver(next);
      this.deps.set(
        ended ? { ...next, endedAt: this.deps.iso() } : next,
        ended || JSON.stringify(next.moves) !== JSON.stringify(d.moves),
      );
      if (ended) this.stop(id);
    };
    const subs = from.map((host, i) =>
      this.deps.tracker.watch({
        host,
        includeClusterNodes: i === 0,
        onSnapshot: (snap: HostMigrationSnapshot) => {
          jobs.set(nameKey(host), snap.jobs);
          if (i === 0) nodes = snap;
          look();
          return undefined;
        },
        onError: (e: HostErrorInfo) => {
          const d = this.deps.current(id);
          if (d && !isOver(d)) this.deps.set({ ...d, error: e.message }, false);
        },
      }),
    );
    this.watches.set(id, { dispose: () => subs.forEach((x) => x.dispose()) });
  }

  /** Lets go of the drain's watch (it ended, or the node was resumed). */
  stop(id: string): undefined {
    this.watches.get(id)?.dispose();
    this.watches.delete(id);
    return undefined;
  }

  dispose(): void {
    for (const w of this.watches.values()) w.dispose();
    this.watches.clear();
  }
}
