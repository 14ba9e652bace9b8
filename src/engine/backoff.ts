import type { HostConnection, HostErrorInfo, UnreachableReason } from '../contract/hostRunner';

export interface BackoffOptions {
  /** Connection failures in a row before a host is held back. */
  readonly threshold?: number;
  /** First hold; each further failure doubles it up to `maxMs`. */
  readonly baseMs?: number;
  readonly maxMs?: number;
}

interface HostRecord {
  failures: number;
  until: number;
  reason: UnreachableReason | undefined;
  lastMessage: string;
}

/** Why a host is not tried now. */
export interface Hold {
  /** When it will be tried again (same clock as `now`). */
  readonly until: number;
  readonly failures: number;
  readonly reason: UnreachableReason | undefined;
  readonly lastMessage: string;
}

/**
 * Holds back hosts whose sessions keep failing to open (refused, unreachable, never answering): after `threshold`
 * failures in a row a host is not tried for a while, so each refresh does not spend its time on it again, and it
 * fails at once with the reason. An answer from the host (any, even an error from the script) ends the hold; a user's
 * explicit retry bypasses it (RunOptions.retryNow).
 */
export class HostBackoff {
  private readonly records = new Map<string, HostRecord>();
  private readonly threshold: number;
  private readonly baseMs: number;
  private readonly maxMs: number;

  constructor(
    private readonly now: () => number,
    options: BackoffOptions = {},
  ) {
    this.threshold = options.threshold ?? 3;
    this.baseMs = options.baseMs ?? 30_000;
    this.maxMs = options.maxMs ?? 5 * 60_000;
  }

  /** The hold on this host now, if any. */
  holdOn(connection: HostConnection): Hold | undefined {
    const record = this.records.get(keyOf(connection));
    if (!record || record.until <= this.now()) return undefined;
    return { until: record.until, failures: record.failures, reason: record.reason, lastMessage: record.lastMessage };
  }

  /** Learns from one host's result: a failure to connect counts, anything the host answered clears the count. */
  record(connection: HostConnection, error: HostErrorInfo | undefined): void {
    const key = keyOf(connection);
    if (error === undefined || !countsAsConnectFailure(error)) {
      // A result that says nothing about reaching the host (cancelled, busy, the local process) leaves the count alone.
      if (error === undefined || error.kind === 'command' || error.kind === 'authentication' || error.outcomeUnknown)
        this.records.delete(key);
      return;
    }
    const record = this.records.get(key) ?? { failures: 0, until: 0, reason: undefined, lastMessage: '' };
    record.failures++;
    record.reason = error.reason ?? (error.kind === 'timeout' ? 'timeout' : 'other');
    record.lastMessage = error.message;
    if (record.failures >= this.threshold) {
      const hold = Math.min(this.maxMs, this.baseMs * 2 ** (record.failures - this.threshold));
      record.until = this.now() + hold;
    }
    this.records.set(key, record);
  }
}

/** The session could not be opened: refused, unreachable, or the host never answered while we connected. */
function countsAsConnectFailure(error: HostErrorInfo): boolean {
  if (error.outcomeUnknown) return false;
  return error.kind === 'unreachable' || error.kind === 'timeout';
}

function keyOf(connection: HostConnection): string {
  return JSON.stringify([
    connection.transport,
    connection.name.toLowerCase(),
    (connection.address ?? '').toLowerCase(),
    connection.port ?? null,
  ]);
}

/** The message a held-back host fails with. */
export function holdMessage(hold: Hold, clock: () => number, wallNow: () => number = Date.now): string {
  const at = new Date(wallNow() + (hold.until - clock()));
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return `Not tried again until ${time}: the last ${hold.failures} attempts to connect failed (${hold.lastMessage}). Retry to try now.`;
}
