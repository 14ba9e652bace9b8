import type * as vscode from 'vscode';
import type { HistoryStore } from '../../app/migration';
import type { MigrationJob } from '../../core/migration/model';

/** Migration history in VS Code's globalState: survives reloads and restarts, per machine, never synced. */
export class GlobalStateHistory implements HistoryStore {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly key = 'hypervMobility.migrationHistory.v1',
  ) {}

  load(): Promise<readonly MigrationJob[]> {
    const v = this.memento.get<unknown>(this.key);
    // Records are our own JSON; anything else (an older shape, a hand edit) starts history afresh.
    return Promise.resolve(Array.isArray(v) ? (v.filter((j) => typeof j === 'object' && j !== null && typeof (j as { id?: unknown }).id === 'string') as MigrationJob[]) : []);
  }

  async save(records: readonly MigrationJob[]): Promise<void> {
    await this.memento.update(this.key, records);
  }
}
