import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ConnectionEntry } from '../../core/connections/connectionEntry';
import { sameName } from '../../core/connections/connectionEntry';
import { readConnections, toSettingsValue, type ReadConnections } from '../../core/connections/readSettings';

const section = 'hypervMobility';

/** Reads and writes `hypervMobility.hosts` (user settings); the rules live in core. */
export class ConnectionSettings {
  private cache: ReadConnections | undefined;

  read(): ReadConnections {
    this.cache ??= readConnections(this.raw(), (p) => fs.existsSync(p));
    return this.cache;
  }

  entries(): readonly ConnectionEntry[] {
    return this.read().entries;
  }

  find(name: string): ConnectionEntry | undefined {
    return this.entries().find((e) => sameName(e.name, name));
  }

  /** Settings changed (by us or by hand): read again on next use. */
  invalidate(): void {
    this.cache = undefined;
  }

  /** Adds or replaces (by the original name) one entry. Works on the raw list so hand-written entries are kept as they are. */
  async upsert(entry: ConnectionEntry, originalName?: string): Promise<void> {
    const raw = this.raw();
    const i = raw.findIndex((r) => nameOf(r) !== undefined && sameName(nameOf(r)!, originalName ?? entry.name));
    if (i >= 0) raw[i] = toSettingsValue(entry);
    else raw.push(toSettingsValue(entry));
    await this.write(raw);
  }

  async remove(name: string): Promise<void> {
    await this.write(this.raw().filter((r) => nameOf(r) === undefined || !sameName(nameOf(r)!, name)));
  }

  private raw(): unknown[] {
    const value = vscode.workspace.getConfiguration(section).get<unknown>('hosts');
    return Array.isArray(value) ? [...(value as unknown[])] : [];
  }

  private async write(raw: unknown[]): Promise<void> {
    await vscode.workspace.getConfiguration(section).update('hosts', raw, vscode.ConfigurationTarget.Global);
    this.invalidate();
  }
}

function nameOf(raw: unknown): string | undefined {
  return typeof raw === 'object' && raw !== null && typeof (raw as { name?: unknown }).name === 'string'
    ? (raw as { name: string }).name
    : undefined;
}
