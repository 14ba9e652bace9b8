import type { MigrationJob } from '../../core/migration/model';
import { mergeRecord, removeRecords, type HistoryRecord } from './historyMerge';

/**
 * Where history lives across restarts; the UI backs it with VS Code's globalState, which every window of the machine
 * shares without telling the others about changes. So nothing writes a whole list: each record is merged into what
 * is stored at that moment (read, merge that one record, write), and a window never drops another window's records.
 */
export interface HistoryStore<T extends HistoryRecord = MigrationJob> {
  load(): Promise<readonly T[]>;
  /** Merges one record into the stored ones: the newer `updatedAt` wins; finished records beyond the limit go. */
  put(record: T): Promise<void>;
  /** Forgets these records. */
  remove(ids: readonly string[]): Promise<void>;
}

/** How many finished records a store keeps by default. */
export const defaultHistoryLimit = 200;

/** A store in memory: for tests, and for hosts of the service that keep no history. */
export class MemoryHistoryStore<T extends HistoryRecord = MigrationJob> implements HistoryStore<T> {
  private records: readonly T[] = [];
  /** Makes the next writes fail (tests of a full or broken store). */
  failWrites: Error | undefined;

  constructor(
    initial: readonly T[] = [],
    private readonly limit = defaultHistoryLimit,
  ) {
    this.records = copy(initial);
  }

  load(): Promise<readonly T[]> {
    return Promise.resolve(copy(this.records));
  }

  put(record: T): Promise<void> {
    if (this.failWrites) return Promise.reject(this.failWrites);
    // A copy, as globalState would keep: nothing the service mutates later leaks in.
    this.records = mergeRecord(this.records, copy([record])[0]!, this.limit);
    return Promise.resolve();
  }

  remove(ids: readonly string[]): Promise<void> {
    if (this.failWrites) return Promise.reject(this.failWrites);
    this.records = removeRecords(this.records, ids);
    return Promise.resolve();
  }

  get saved(): readonly T[] {
    return this.records;
  }
}

function copy<T>(x: readonly T[]): T[] {
  return JSON.parse(JSON.stringify(x)) as T[];
}
