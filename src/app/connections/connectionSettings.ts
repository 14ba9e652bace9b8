import type { ConnectionEntry } from '../../core/connections/connectionEntry';
import { readConnections, toSettingsValue, type ReadConnections } from '../../core/connections/readSettings';
import { sameName } from '../../core/names';

/** The `hypervMobility.hosts` setting as the platform holds it (VS Code's configuration in the product). */
export interface HostsSetting {
  /** The value in effect. The setting is application-scoped, so a workspace cannot define or override it. */
  effective(): unknown;
  /** The user's own (global) value only. */
  user(): unknown;
  writeUser(value: unknown[]): Promise<void>;
}

/**
 * Reads and writes the connection entries; the rules live in core. Edits start from the user's own value and go
 * back to it, so whatever another scope holds is never copied into the user's settings.
 */
export class ConnectionSettings {
  private cache: ReadConnections | undefined;

  constructor(
    private readonly setting: HostsSetting,
    private readonly fileExists: (path: string) => boolean,
  ) {}

  read(): ReadConnections {
    this.cache ??= readConnections(this.setting.effective(), this.fileExists);
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
    const raw = this.userList();
    const i = raw.findIndex((r) => sameName(nameOf(r), originalName ?? entry.name));
    if (i >= 0) raw[i] = toSettingsValue(entry);
    else raw.push(toSettingsValue(entry));
    await this.write(raw);
  }

  async remove(name: string): Promise<void> {
    await this.write(this.userList().filter((r) => !sameName(nameOf(r), name)));
  }

  private userList(): unknown[] {
    const value = this.setting.user();
    return Array.isArray(value) ? [...(value as unknown[])] : [];
  }

  private async write(raw: unknown[]): Promise<void> {
    try {
      await this.setting.writeUser(raw);
    } finally {
      this.invalidate();
    }
  }
}

function nameOf(raw: unknown): string | undefined {
  return typeof raw === 'object' && raw !== null && typeof (raw as { name?: unknown }).name === 'string'
    ? (raw as { name: string }).name
    : undefined;
}
