import type { HostOperation, Parameters } from './hostOperation';

export type Transport = 'wsman' | 'ssh' | 'local';
export type WsmanAuthentication = 'Default' | 'Kerberos' | 'Negotiate' | 'CredSSP';

/** How to reach one host. `name` is the host's identity in the product; `address` what to connect to (default: name). */
export interface HostConnection {
  readonly name: string;
  readonly transport: Transport;
  readonly address?: string;
  readonly port?: number;
  readonly userName?: string;
  /** ssh only */
  readonly keyFilePath?: string;
  /** ssh only: extra `ssh -o` options (e.g. UserKnownHostsFile for the lab); BatchMode and ConnectTimeout are always set. */
  readonly sshOptions?: Readonly<Record<string, string>>;
  /** wsman only */
  readonly authentication?: WsmanAuthentication;
  /** wsman only */
  readonly useSSL?: boolean;
}

/**
 * A password handed to the engine for one request, for WinRM (SSH authenticates by key or agent). It reaches the local
 * PowerShell through a side channel, never on a command line, becomes a PSCredential there and is never logged.
 */
export interface Credential {
  readonly userName: string;
  readonly password: string;
}

export interface HostTarget {
  readonly connection: HostConnection;
  readonly credential?: Credential;
  /** Per-host parameter values, merged over the operation's parameters. */
  readonly parameters?: Parameters;
}

/**
 * Why a host did not answer:
 * - unreachable: the session could not be opened (name resolution, refused, network timeout);
 * - authentication: the host refused our credentials;
 * - command: the script ran and failed (a Hyper-V error, a validation error, a parse failure);
 * - timeout: the request's time ran out;
 * - cancelled: the caller cancelled;
 * - process: the local PowerShell process died or could not start, or the engine was disposed;
 * - busy: the request waited in the engine's own queue until its time ran out and was never sent (the host was not
 *   contacted, so this says nothing about it).
 */
export type HostErrorKind = 'unreachable' | 'authentication' | 'command' | 'timeout' | 'cancelled' | 'process' | 'busy';

/** For unreachable hosts, the finer reason shown to the user. */
export type UnreachableReason = 'nameResolution' | 'refused' | 'timeout' | 'other';

export interface HostErrorInfo {
  readonly host: string;
  readonly script: string;
  readonly kind: HostErrorKind;
  readonly reason?: UnreachableReason;
  readonly message: string;
  readonly fullyQualifiedErrorId?: string;
  readonly category?: string;
  readonly targetObject?: string;
  /**
   * The script may have run on the host, in part or in full, and we do not know how it ended (the connection broke
   * mid-run, the time ran out, the local process died, the caller cancelled it while it ran). Ask the host before
   * sending a non-idempotent script again. Absent when the script surely never started there.
   */
  readonly outcomeUnknown?: boolean;
}

export type HostResult<R> =
  | { readonly host: string; readonly ok: true; readonly value: R; readonly durationMs: number }
  | { readonly host: string; readonly ok: false; readonly error: HostErrorInfo; readonly durationMs: number };

/**
 * Which local PowerShell runs the request. Requests on one lane run one after another; `urgent` (migration polls and
 * cancels) never waits behind a slow refresh: it runs on the default lane's process when that lane is idle (its
 * sessions are warm), and otherwise on a process and sessions of its own, started when first needed.
 */
export type Lane = 'default' | 'urgent';

export interface RunOptions {
  /**
   * Limit from the moment the request is sent to PowerShell; hosts not done by then fail with kind `timeout`. The
   * same limit bounds the wait in the lane's queue before that; a request still queued then fails with kind `busy`.
   */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Default `default`. */
  readonly lane?: Lane;
  /**
   * The user asked to try now: hosts held back after repeated connection failures are tried anyway (without it they
   * fail at once until their back-off ends).
   */
  readonly retryNow?: boolean;
}

/** What the rest of the product needs from the engine (the UI and use cases depend on this, not on the class). */
export interface HostRunner {
  /** Runs one operation on many hosts in parallel, in one request; every host gets its own result. */
  run<R>(operation: HostOperation<R>, targets: readonly HostTarget[], options?: RunOptions): Promise<HostResult<R>[]>;
  /** One host; resolves with the value or rejects with a HostError. */
  runOne<R>(operation: HostOperation<R>, target: HostTarget, options?: RunOptions): Promise<R>;
  dispose(): Promise<void>;
}

export class HostError extends Error {
  constructor(readonly info: HostErrorInfo) {
    super(`${info.host}: ${info.message}`);
    this.name = 'HostError';
  }
}

/** One line per request, for the output channel. Never holds parameter values or credentials. */
export interface RequestLogEntry {
  readonly hosts: readonly string[];
  readonly script: string;
  readonly durationMs: number;
  readonly outcome: string;
}

export interface RequestLogger {
  log(entry: RequestLogEntry): void;
}
