/** What a history record needs for merging: an id, when it last changed, and whether it has ended. */
export interface HistoryRecord {
  readonly id: string;
  readonly updatedAt?: string;
  readonly status: string;
}

const finalStatuses = new Set(['succeeded', 'failed', 'cancelled', 'paused', 'resumed']);

/** A record that has ended (a finished move, a drain that paused, failed or was resumed). */
export function hasEnded(r: HistoryRecord): boolean {
  return finalStatuses.has(r.status);
}

function newer(a: HistoryRecord, b: HistoryRecord): boolean {
  // Records written before updatedAt existed count as the oldest.
  return (a.updatedAt ?? '') > (b.updatedAt ?? '');
}

/**
 * The stored records with one record merged in: it replaces the stored copy unless that one is newer (another window
 * wrote it later), new records go at the end, and only the newest `limit` ended records are kept (running ones always).
 * Pure: the caller reads, merges and writes.
 */
export function mergeRecord<T extends HistoryRecord>(stored: readonly T[], record: T, limit: number): T[] {
  const at = stored.findIndex((r) => r.id === record.id);
  const out = [...stored];
  if (at < 0) out.push(record);
  else if (!newer(stored[at]!, record)) out[at] = record;
  return capEnded(out, limit);
}

/** Keeps every record still running and the last `limit` ended ones, in their order. */
export function capEnded<T extends HistoryRecord>(records: readonly T[], limit: number): T[] {
  const ended = records.filter(hasEnded);
  if (ended.length <= limit) return [...records];
  const drop = new Set(ended.slice(0, ended.length - limit).map((r) => r.id));
  return records.filter((r) => !drop.has(r.id));
}

export function removeRecords<T extends HistoryRecord>(stored: readonly T[], ids: readonly string[]): T[] {
  const gone = new Set(ids);
  return stored.filter((r) => !gone.has(r.id));
}
