import type { MigrationJob } from '../../core/migration/model';

/** Where migration history lives across restarts; the UI backs it with VS Code's globalState. */
export interface HistoryStore {
  load(): Promise<readonly MigrationJob[]>;
  save(records: readonly MigrationJob[]): Promise<void>;
}

/** A store in memory: for tests, and for hosts of the service that keep no history. */
export class MemoryHistoryStore implements HistoryStore {
  private records: readonly MigrationJob[] = [];
  constructor(initial: readonly MigrationJob[] = []) {
    this.records = JSON.parse(JSON.stringify(initial)) as MigrationJob[];
  }
  load(): Promise<readonly MigrationJob[]> {
    return Promise.resolve(JSON.parse(JSON.stringify(this.records)) as MigrationJob[]);
  }
  save(records: readonly MigrationJob[]): Promise<void> {
    // A copy, as globalState would keep: nothing the service mutates later leaks in.
    this.records = JSON.parse(JSON.stringify(records)) as MigrationJob[];
    return Promise.resolve();
  }
  get saved(): readonly MigrationJob[] {
    return this.records;
  }
}
