import { activeMoveOf, isFinal, type MigrationJob } from '../../core/migration/model';
import { Emitter } from '../events';
import { defaultHistoryLimit, type HistoryStore } from './historyStore';
import { errorMessage } from '../../contract/errorMessage';

/** Where the migration engine writes what it does not show: a failed save, an event that did not apply. */
export interface MigrationLog {
  info(message: string): void;
  error(message: string): void;
}

export const silentLog: MigrationLog = { info: () => undefined, error: () => undefined };

/**
 * The jobs this service knows, in memory and in history. Every change fires `onDidChange`; changes that matter after
 * a reload are written to history one record at a time (merged with other windows' records), one write after another
 * so an older copy never lands after a newer one. A write that fails is logged, never swallowed silently. Memory
 * keeps as many finished jobs as history does.
 */
export class JobStore {
  private readonly byId = new Map<string, MigrationJob>();
  private readonly order: string[] = [];
  private readonly changed = new Emitter<MigrationJob>();
  private readonly cleared = new Emitter<void>();
  private writing: Promise<void> = Promise.resolve();
  private loading: Promise<readonly MigrationJob[]> | undefined;
  private closed = false;

  readonly onDidChange = this.changed.event;
  readonly onDidClear = this.cleared.event;

  constructor(
    private readonly history: HistoryStore,
    private readonly log: MigrationLog,
    private readonly limit = defaultHistoryLimit,
  ) {}

  get(id: string): MigrationJob | undefined {
    return this.byId.get(id);
  }

  /** Every job, oldest first. */
  all(): MigrationJob[] {
    return this.order.map((id) => this.byId.get(id)!);
  }

  /** The job not yet ended of this VM, if any. */
  activeOf(vmId: string): MigrationJob | undefined {
    return activeMoveOf(this.all(), vmId);
  }

  /**
   * Takes the job as it is now. With `persist`, resolves when history holds it (or the write failed and was logged);
   * the executor awaits that before it sends a request, so a reload finds the request recorded.
   */
  set(job: MigrationJob, persist: boolean): Promise<void> {
    if (!this.byId.has(job.id)) this.order.push(job.id);
    this.byId.set(job.id, job);
    if (isFinal(job.status)) this.capMemory();
    this.changed.fire(job);
    return persist && !this.closed ? this.write(job) : Promise.resolve();
  }

  /** Loads history once (no host is asked); records this window does not hold yet join the list. */
  load(): Promise<readonly MigrationJob[]> {
    this.loading ??= this.history.load().then(
      (records) => {
        for (const r of records) if (!this.byId.has(r.id)) this.set(r, false).catch(() => undefined);
        return records;
      },
      (e: unknown) => {
        this.log.error(`Migration history could not be read: ${message(e)}`);
        return [];
      },
    );
    return this.loading;
  }

  /** The stored copy of one record now (another window may have changed it since we loaded). */
  async stored(id: string): Promise<MigrationJob | undefined> {
    try {
      return (await this.history.load()).find((r) => r.id === id);
    } catch (e) {
      this.log.error(`Migration history could not be read: ${message(e)}`);
      return undefined;
    }
  }

  /** Forgets finished jobs, in memory and in history. */
  clearFinished(): Promise<void> {
    const gone = this.all()
      .filter((j) => isFinal(j.status))
      .map((j) => j.id);
    this.forget(gone);
    this.cleared.fire();
    if (this.closed) return Promise.resolve();
    return this.enqueue(() => this.history.remove(gone), 'Clearing migration history failed');
  }

  /** Resolves when every write so far has been made (or has failed and been logged). */
  flushed(): Promise<void> {
    return this.writing;
  }

  /** Writes nothing more to history (the service stopped: whatever it still hears is not its to record). */
  close(): void {
    this.closed = true;
  }

  dispose(): void {
    this.changed.dispose();
    this.cleared.dispose();
  }

  private write(job: MigrationJob): Promise<void> {
    return this.enqueue(() => this.history.put(job), `Saving the migration of ${job.vm.name} to history failed`);
  }

  private enqueue(work: () => Promise<void>, failure: string): Promise<void> {
    const next = this.writing.then(work).catch((e: unknown) => this.log.error(`${failure}: ${message(e)}`));
    this.writing = next;
    return next;
  }

  private capMemory(): void {
    const finished = this.all().filter((j) => isFinal(j.status));
    if (finished.length > this.limit) this.forget(finished.slice(0, finished.length - this.limit).map((j) => j.id));
  }

  private forget(ids: readonly string[]): void {
    for (const id of ids) {
      if (!this.byId.delete(id)) continue;
      this.order.splice(this.order.indexOf(id), 1);
    }
  }
}

export function message(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'info' in e) {
    const info = (e as { info?: { message?: unknown } }).info;
    if (typeof info?.message === 'string') return info.message;
  }
  return errorMessage(e);
}
