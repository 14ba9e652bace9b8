import type { Clock, TimerHandle } from '../../core/clock';
import { pollMigrations, type HostMigrationSnapshot } from '../../core/migration/operations/pollMigrations';
import type { HostErrorInfo, HostRunner, HostTarget } from '../../contract/hostRunner';
import type { TargetResolver } from './hostTargets';
import { errorMessage } from '../../contract/errorMessage';
import { nameKey } from '../../core/names';

/** Someone who wants to hear what a host reports on each tick (a migration job, a node drain). */
export interface HostWatcher {
  readonly host: string;
  /** Ask for the cluster's nodes' drain status too. */
  readonly includeClusterNodes?: boolean;
  /** Called once per tick with the host's answer. Returns the ms until it wants the next look, if sooner than usual. */
  onSnapshot(snapshot: HostMigrationSnapshot, at: number): number | undefined;
  onError(error: HostErrorInfo, at: number): void;
}

export interface TrackerOptions {
  readonly runner: () => HostRunner;
  readonly target: TargetResolver;
  readonly clock: Clock;
  /** Usual time between ticks. */
  readonly intervalMs: number;
  /** Shortest time between ticks, however soon a watcher expects an end. */
  readonly minIntervalMs: number;
  /** Per poll; absent: the engine's default (the user's request timeout setting). */
  readonly timeoutMs?: number;
  /** Told about every tick's request, for the benchmark and the log. */
  readonly onTick?: (hosts: readonly string[]) => void;
  /** Where a watcher that throws is reported (it never stops the tick for the others). */
  readonly onWatcherError?: (host: string, error: unknown) => void;
}

/**
 * Polls migration progress: one request per tick to every host someone watches, each host answering with all its
 * migration jobs in one query. Ticks run while there are watchers; the next tick comes sooner when a watcher
 * expects a job to end before the usual interval (so the queue can start the next move without idling).
 */
export class MigrationTracker {
  private readonly watchers = new Set<HostWatcher>();
  private timer: TimerHandle | undefined;
  private ticking: Promise<void> | undefined;
  private disposed = false;
  private nextAt = 0;
  /** A tick was asked for while one was under way: its answers come from hosts asked before the ask. */
  private askedDuringTick = false;

  constructor(private readonly options: TrackerOptions) {}

  watch(w: HostWatcher): { dispose(): void } {
    this.watchers.add(w);
    this.schedule(0);
    return { dispose: () => this.watchers.delete(w) };
  }

  /** Polls now (e.g. right after a start, or a cancel). */
  pollSoon(): void {
    this.schedule(0);
  }

  get watching(): number {
    return this.watchers.size;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.watchers.clear();
  }

  /** Runs one tick and resolves when its answers were handed out (tests and the benchmark call it directly). */
  async tick(): Promise<void> {
    if (this.ticking) {
      this.askedDuringTick = true;
      return this.ticking;
    }
    this.ticking = this.doTick().finally(() => {
      this.ticking = undefined;
      // A watcher added (or a poll asked for) mid-tick is asked soon, not a whole interval later.
      if (this.askedDuringTick) {
        this.askedDuringTick = false;
        this.schedule(this.options.minIntervalMs);
      }
    });
    return this.ticking;
  }

  /** Gives one watcher its answer in its own try: one watcher's fault never reaches another's. */
  private hand(w: HostWatcher, call: () => number | undefined | void): number | undefined {
    if (!this.watchers.has(w)) return undefined;
    try {
      return call() ?? undefined;
    } catch (e) {
      this.options.onWatcherError?.(w.host, e);
      return undefined;
    }
  }

  private schedule(ms: number): void {
    if (this.disposed || this.watchers.size === 0) return;
    const at = this.options.clock.now() + ms;
    if (this.timer && at >= this.nextAt) return;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.nextAt = at;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, ms);
  }

  private async doTick(): Promise<void> {
    const byHost = new Map<string, { host: string; nodes: boolean; watchers: HostWatcher[] }>();
    for (const w of this.watchers) {
      const k = nameKey(w.host);
      const e = byHost.get(k) ?? { host: w.host, nodes: false, watchers: [] };
      e.nodes ||= w.includeClusterNodes ?? false;
      e.watchers.push(w);
      byHost.set(k, e);
    }
    if (byHost.size === 0) return;
    const entries = [...byHost.values()];
    let soonest = this.options.intervalMs;
    const failAll = (list: typeof entries, message: string, kind: HostErrorInfo['kind']): void => {
      const at = this.options.clock.now();
      for (const entry of list) {
        for (const w of entry.watchers)
          this.hand(w, () => w.onError({ host: entry.host, script: 'migration-poll.ps1', kind, message }, at));
      }
    };
    // A host that cannot be named (no credentials) fails alone; the others are still asked.
    const resolved = await Promise.all(
      entries.map(async (e): Promise<{ e: (typeof entries)[number]; t: HostTarget } | undefined> => {
        try {
          const t = await this.options.target(e.host);
          return { e, t: { ...t, parameters: { ...(t.parameters ?? {}), IncludeClusterNodes: e.nodes } } };
        } catch (err) {
          failAll([e], errorMessage(err), 'unreachable');
          return undefined;
        }
      }),
    );
    const asked = resolved.filter((x) => x !== undefined);
    if (asked.length) {
      try {
        this.options.onTick?.(asked.map((x) => x.e.host));
        const results = await this.options.runner().run(
          pollMigrations(),
          asked.map((x) => x.t),
          { timeoutMs: this.options.timeoutMs, lane: 'urgent' },
        );
        const at = this.options.clock.now();
        results.forEach((r, i) => {
          for (const w of asked[i]!.e.watchers) {
            const wants = r.ok
              ? this.hand(w, () => w.onSnapshot(r.value, at))
              : this.hand(w, () => w.onError(r.error, at));
            if (wants !== undefined) soonest = Math.min(soonest, wants);
          }
        });
      } catch (e) {
        failAll(
          asked.map((x) => x.e),
          errorMessage(e),
          'process',
        );
      }
    }
    this.schedule(Math.max(this.options.minIntervalMs, soonest));
  }
}
