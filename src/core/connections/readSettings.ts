import type { ConnectionEntry } from './connectionEntry';
import { authentications } from './connectionEntry';
import { validateEntry } from './validation';
import { sameName } from '../names';

export interface SettingsProblem {
  readonly index: number;
  readonly name?: string;
  readonly message: string;
}

export interface ReadConnections {
  readonly entries: readonly ConnectionEntry[];
  /** Entries left out, each with why; shown to the user instead of failing the whole view. */
  readonly problems: readonly SettingsProblem[];
}

/** Reads the raw `hypervMobility.hosts` value. Bad entries are reported and skipped; duplicates keep the first. */
export function readConnections(raw: unknown, fileExists: (path: string) => boolean): ReadConnections {
  const entries: ConnectionEntry[] = [];
  const problems: SettingsProblem[] = [];
  const list = Array.isArray(raw) ? (raw as unknown[]) : [];
  list.forEach((item, index) => {
    if (typeof item !== 'object' || item === null) {
      problems.push({ index, message: 'each entry is an object with at least a "name"' });
      return;
    }
    const o = item as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name.trim() : '';
    const entry: ConnectionEntry = {
      name,
      kind: o.kind === 'cluster' ? 'cluster' : 'host',
      transport: o.transport === 'ssh' ? 'ssh' : o.transport === undefined ? 'wsman' : (o.transport as 'wsman'),
      address: typeof o.address === 'string' && o.address.trim() ? o.address.trim() : undefined,
      port: typeof o.port === 'number' ? o.port : undefined,
      userName: typeof o.userName === 'string' && o.userName ? o.userName : undefined,
      authentication:
        typeof o.authentication === 'string' ? (o.authentication as ConnectionEntry['authentication']) : undefined,
      useSSL: typeof o.useSSL === 'boolean' ? o.useSSL : undefined,
      keyFilePath: typeof o.keyFilePath === 'string' && o.keyFilePath ? o.keyFilePath : undefined,
    };
    const found = validateEntry(entry, fileExists);
    if (o.authentication !== undefined && !authentications.includes(o.authentication as never))
      found.push('authentication: unknown value');
    if (found.length) {
      problems.push({ index, name: name || undefined, message: found.join(' ') });
      return;
    }
    if (entries.some((e) => sameName(e.name, entry.name))) {
      problems.push({ index, name, message: `"${name}" is listed twice; the first entry is used.` });
      return;
    }
    entries.push(entry);
  });
  return { entries, problems };
}

/** The JSON written back to settings: only the fields that are set, so the file stays readable. */
export function toSettingsValue(entry: ConnectionEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { name: entry.name };
  if (entry.kind === 'cluster') out.kind = 'cluster';
  out.transport = entry.transport;
  for (const k of ['address', 'port', 'userName', 'authentication', 'useSSL', 'keyFilePath'] as const) {
    if (entry[k] !== undefined) out[k] = entry[k];
  }
  return out;
}
