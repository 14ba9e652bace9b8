import type { Clock } from '../clock';
import type { SlotClass } from './model';
import { nameKey, sameName } from '../names';

export interface QueueItem {
  readonly id: string;
  /** Host the moving step runs on: the host whose limits apply. */
  readonly sourceHost: string;
  readonly slot: SlotClass;
}

/** How many moves of this slot class the source host takes at once (MaximumVirtualMachineMigrations,
 *  MaximumStorageMigrations, or the cluster's MaximumParallelMigrations for clustered moves). */
export type LimitFor = (item: QueueItem) => number;

interface Waiting {
  readonly item: QueueItem;
  readonly since: number;
}

/**
 * The per-source-host queue. It never lets more moves run from a host than the host's limit for that kind of
 * move, counting moves it did not start itself (seen on the host by the tracker), so the product does not flood a
 * host and leave Hyper-V to refuse or queue the rest. Pure: the caller asks `takeReady()` and starts what it gets.
 */
export class MigrationQueue {
  private readonly waiting: Waiting[] = [];
  private readonly active = new Map<string, QueueItem>();
  private readonly external = new Map<string, number>();
  private readonly deferred = new Map<string, number>();

  constructor(
    private readonly limitFor: LimitFor,
    private readonly clock: Clock,
  ) {}

  enqueue(item: QueueItem): void {
    if (this.active.has(item.id) || this.waiting.some((w) => w.item.id === item.id)) return;
    this.waiting.push({ item, since: this.clock.now() });
  }

  /** Items that may start now, oldest first per host; they count as running from here on. */
  takeReady(): QueueItem[] {
    const out: QueueItem[] = [];
    const now = this.clock.now();
    for (const w of [...this.waiting]) {
      const hostKey = nameKey(w.item.sourceHost);
      const until = this.deferred.get(hostKey);
      if (until !== undefined && until > now) continue;
      if (this.running(w.item.sourceHost, w.item.slot) >= Math.max(1, this.limitFor(w.item))) continue;
      this.waiting.splice(this.waiting.indexOf(w), 1);
      this.active.set(w.item.id, w.item);
      out.push(w.item);
    }
    return out;
  }

  /** A move already running on its host (found after a reload): it holds a slot without having waited. */
  occupy(item: QueueItem): void {
    this.remove(item.id);
    this.active.set(item.id, item);
  }

  /** Hosts with moves waiting. */
  waitingHosts(): string[] {
    return [...new Set(this.waiting.map((w) => w.item.sourceHost))];
  }

  /** The move ended (or could not start): its slot is free. */
  release(id: string): void {
    this.active.delete(id);
  }

  /** Takes a waiting item out (cancelled before it started). True if it was waiting. */
  remove(id: string): boolean {
    const i = this.waiting.findIndex((w) => w.item.id === id);
    if (i < 0) return false;
    this.waiting.splice(i, 1);
    return true;
  }

  /** Moves running on the host that this queue did not start (another console, a reload). */
  setExternal(host: string, slot: SlotClass, count: number): void {
    this.external.set(`${nameKey(host)}|${slot}`, Math.max(0, count));
  }

  /** The host refused a start for lack of a slot: start nothing more there before `ms` have passed. */
  deferHost(host: string, ms: number): void {
    this.deferred.set(nameKey(host), this.clock.now() + ms);
  }

  /** Lifts a deferHost early (the host's load is known now). */
  undefer(host: string): void {
    this.deferred.delete(nameKey(host));
  }

  running(host: string, slot: SlotClass): number {
    let n = this.external.get(`${nameKey(host)}|${slot}`) ?? 0;
    for (const a of this.active.values()) if (a.slot === slot && sameName(a.sourceHost, host)) n++;
    return n;
  }

  isWaiting(id: string): boolean {
    return this.waiting.some((w) => w.item.id === id);
  }

  /** 1-based place among the moves waiting for the same host and slot, or undefined when not waiting. */
  position(id: string): number | undefined {
    const w = this.waiting.find((x) => x.item.id === id);
    if (!w) return undefined;
    const same = this.waiting.filter(
      (x) => sameName(x.item.sourceHost, w.item.sourceHost) && x.item.slot === w.item.slot,
    );
    return same.indexOf(w) + 1;
  }

  waitingSince(id: string): number | undefined {
    return this.waiting.find((x) => x.item.id === id)?.since;
  }

  get size(): { waiting: number; active: number } {
    return { waiting: this.waiting.length, active: this.active.size };
  }
}
