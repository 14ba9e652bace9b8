import type * as vscode from 'vscode';
import type { HistoryStore } from '../../app/migration/historyStore';
import { defaultHistoryLimit } from '../../app/migration/historyStore';
import { mergeRecord, removeRecords, type HistoryRecord } from '../../app/migration/historyMerge';
import type { MigrationJob } from '../../core/migration/model';

/**
 * History in VS Code's globalState: survives reloads and restarts, per machine, never synced. Every window shares
 * the key and none is told of another's writes, so each write reads what is stored now and merges one record into it.
 */
export class GlobalStateHistory<T extends HistoryRecord = MigrationJob> implements HistoryStore<T> {
  /** Writes of this window one after another, so its own read-merge-writes never interleave. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly memento: vscode.Memento,
    private readonly key = 'hypervMobility.migrationHistory.v1',
    private readonly limit = defaultHistoryLimit,
  ) {}

  load(): Promise<readonly T[]> {
    return Promise.resolve(this.read());
  }

  put(record: T): Promise<void> {
    return this.write((stored) => mergeRecord(stored, record, this.limit));
  }

  remove(ids: readonly string[]): Promise<void> {
    return this.write((stored) => removeRecords(stored, ids));
  }

  private read(): T[] {
    const v = this.memento.get<unknown>(this.key);
    // Records are our own JSON; anything else (an older shape, a hand edit) is left out.
    return Array.isArray(v)
      ? (v.filter((j) => typeof j === 'object' && j !== null && typeof (j as { id?: unknown }).id === 'string') as T[])
      : [];
  }

  private write(change: (stored: readonly T[]) => T[]): Promise<void> {
    const next = this.writing.then(() => this.memento.update(this.key, change(this.read())));
    this.writing = next.catch(() => undefined);
    return next;
  }
}
