import type { Clock, TimerHandle } from '../../core/migration/clock';
import { pollMigrations, type HostMigrationSnapshot } from '../../core/migration/operations/pollMigrations';
import type { HostErrorInfo, HostRunner, HostTarget } from '../../engine/types';
import type { TargetResolver } from './hostTargets';

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
  readonly timeoutMs: number;
  /** Told about every tick's request, for the benchmark and the log. */
  readonly onTick?: (hosts: readonly string[]) => void;
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
    if (this.ticking) return this.ticking;
    this.ticking = this.doTick().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
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
      const k = w.host.toLowerCase();
      const e = byHost.get(k) ?? { host: w.host, nodes: false, watchers: [] };
      e.nodes ||= w.includeClusterNodes ?? false;
      e.watchers.push(w);
      byHost.set(k, e);
    }
    if (byHost.size === 0) return;
    const entries = [...byHost.values()];
    let soonest = this.options.intervalMs;
    try {
      const targets: HostTarget[] = await Promise.all(
        entries.map(async (e) => {
          const t = await this.options.target(e.host);
          return { ...t, parameters: { ...(t.parameters ?? {}), IncludeClusterNodes: e.nodes } };
        }),
      );
      this.options.onTick?.(entries.map((e) => e.host));
      const results = await this.options.runner().run(pollMigrations(), targets, { timeoutMs: this.options.timeoutMs, lane: 'urgent' });
      const at = this.options.clock.now();
      results.forEach((r, i) => {
        const e = entries[i]!;
        for (const w of e.watchers) {
          if (!this.watchers.has(w)) continue;
          if (r.ok) {
            const wants = w.onSnapshot(r.value, at);
            if (wants !== undefined) soonest = Math.min(soonest, wants);
          } else {
            w.onError(r.error, at);
          }
        }
      });
    } catch (e) {
      const at = this.options.clock.now();
      for (const entry of entries) {
        for (const w of entry.watchers) {
          w.onError({ host: entry.host, script: 'migration-poll.ps1', kind: 'process', message: e instanceof Error ? e.message : String(e) }, at);
        }
      }
    }
    this.schedule(Math.max(this.options.minIntervalMs, soonest));
  }
}
