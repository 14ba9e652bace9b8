import { randomBytes } from 'node:crypto';
import type { HostOperation } from '../contract/hostOperation';
import { HostBackoff, holdMessage, type BackoffOptions } from './backoff';
import { DisposedError } from './dispatcherHost';
import { redact, simpleError } from './errors';
import { CancelledError, HardTimeoutError, Lane, LaneFailure } from './lane';
import { buildRequest, requestLine, type RequestIds } from './payload';
import { ProcessExitedError, type InvocationOutput, type PowerShellProcessFactory } from './process';
import { parseDispatcherOutput, ResponseFormatError } from './response';
import { toResults } from './results';
import { QueueAbortedError, QueueWaitTimeoutError } from './serialQueue';
import {
  HostError,
  type HostErrorInfo,
  type HostErrorKind,
  type HostResult,
  type HostRunner,
  type HostTarget,
  type Lane as LaneName,
  type RequestLogger,
  type RunOptions,
} from '../contract/hostRunner';
import { errorMessage } from '../contract/errorMessage';

export interface PowerShellEngineOptions {
  readonly processFactory: PowerShellProcessFactory;
  /** The dispatcher script's text (src/engine/ps/dispatcher.ps1). */
  readonly dispatcherText: string;
  readonly logger?: RequestLogger;
  /** When a request gives no timeout. */
  readonly defaultTimeoutMs?: number;
  /** ssh TCP connect limit, so a dead host fails fast. */
  readonly connectTimeoutMs?: number;
  /** Limit for opening one session (remote process start included). */
  readonly openTimeoutMs?: number;
  /**
   * How long past a request's timeout we wait for the dispatcher before killing the process (it enforces the timeout
   * itself; this only catches a process that stopped answering).
   */
  readonly graceMs?: number;
  /** Holding back hosts that keep failing to connect. */
  readonly backoff?: BackoffOptions;
  readonly now?: () => number;
}

/**
 * Runs host operations through local PowerShell processes, one per lane (see Lane in contract/hostRunner.ts).
 * Requests on a lane run one at a time (the process reads one line at a time); inside a request every host runs in
 * parallel over its own kept-open session.
 *
 * Cancellation: a request still waiting in the queue is dropped. One already running is answered `cancelled` at once
 * and the lane's process is killed (its remote sessions with it); the next request starts a new process and reopens
 * sessions. Whatever a host was doing when cancelled may or may not have finished there (outcomeUnknown).
 */
export class PowerShellEngine implements HostRunner {
  private readonly lanes = new Map<LaneName, Lane>();
  private readonly now: () => number;
  private readonly backoff: HostBackoff;
  /** Keys session ids (HMAC): lives only in this engine, so logged session ids say nothing about passwords. */
  private readonly keySecret = randomBytes(32);
  private disposed = false;

  constructor(private readonly options: PowerShellEngineOptions) {
    this.now = options.now ?? (() => performance.now());
    this.backoff = new HostBackoff(this.now, options.backoff);
  }

  /** The default lane's PowerShell process id, once it has started (tests kill it to check recovery). */
  processId(lane: LaneName = 'default'): number | undefined {
    return this.lanes.get(lane)?.processId();
  }

  async runOne<R>(operation: HostOperation<R>, target: HostTarget, options?: RunOptions): Promise<R> {
    const [result] = await this.run(operation, [target], options);
    if (!result) throw new Error('no result');
    if (!result.ok) throw new HostError(result.error);
    return result.value;
  }

  async run<R>(
    operation: HostOperation<R>,
    targets: readonly HostTarget[],
    options: RunOptions = {},
  ): Promise<HostResult<R>[]> {
    if (targets.length === 0) return [];
    const started = this.now();
    const results: (HostResult<R> | undefined)[] = targets.map((t) => this.heldBack(t, operation.script.name, options));
    const toSend = targets
      .map((target, index) => ({ target, index }))
      .filter(({ index }) => results[index] === undefined);
    if (toSend.length > 0) {
      const sent = await this.send(
        operation,
        toSend.map((s) => s.target),
        options,
        started,
      );
      toSend.forEach(({ target, index }, i) => {
        const result = sent[i]!;
        results[index] = result;
        this.backoff.record(target.connection, result.ok ? undefined : result.error);
      });
    }
    const all = results.map((r) => r!);
    this.log(operation.script.name, targets, all, this.now() - started);
    return all;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.lanes.values()].map((lane) => lane.dispose()));
  }

  /** A host in back-off fails at once, unless the caller asked to try now. */
  private heldBack<R>(target: HostTarget, script: string, options: RunOptions): HostResult<R> | undefined {
    if (options.retryNow) return undefined;
    const hold = this.backoff.holdOn(target.connection);
    if (!hold) return undefined;
    const name = target.connection.name;
    const error: HostErrorInfo = {
      ...simpleError(name, script, 'unreachable', holdMessage(hold, this.now)),
      reason: hold.reason ?? 'other',
    };
    return { host: name, ok: false, error, durationMs: 0 };
  }

  private async send<R>(
    operation: HostOperation<R>,
    targets: readonly HostTarget[],
    options: RunOptions,
    started: number,
  ): Promise<HostResult<R>[]> {
    const secrets = targets.flatMap((t) => (t.credential ? [t.credential.password] : []));
    const nonce = randomBytes(16).toString('hex');
    try {
      if (this.disposed) throw new DisposedError();
      const ids: RequestIds = { nonce, ticket: randomBytes(16).toString('hex'), keySecret: this.keySecret };
      const timeoutMs = options.timeoutMs ?? this.options.defaultTimeoutMs ?? 120_000;
      const output = await this.laneFor(options.lane ?? 'default').send(
        timeoutMs,
        (remaining) => {
          const built = buildRequest(
            operation,
            targets,
            remaining,
            {
              connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000,
              openTimeoutMs: this.options.openTimeoutMs ?? 60_000,
            },
            ids,
          );
          return { line: requestLine(built.request), secret: built.secret };
        },
        options.signal,
      );
      return toResults({
        operation,
        targets,
        output: readOutput(output, nonce),
        sshLines: output.sshLines ?? [],
        secrets,
      });
    } catch (error) {
      const [kind, message, outcomeUnknown] = describeFailure(error);
      const elapsed = this.now() - started;
      return targets.map((t) => ({
        host: t.connection.name,
        ok: false,
        error: simpleError(t.connection.name, operation.script.name, kind, redact(message, secrets), outcomeUnknown),
        durationMs: elapsed,
      }));
    }
  }

  /**
   * An urgent request goes on the default lane when that lane is idle: it is sent at once all the same, on sessions
   * already open (a window's first poll after a refresh reopened nothing, and a host keeps one session, not two). The
   * urgent lane's own process and sessions are for when the default lane is busy, so that a poll never waits behind
   * a refresh.
   */
  private laneFor(name: LaneName): Lane {
    const fallback = this.lanes.get('default');
    return name === 'urgent' && fallback?.idle ? fallback : this.lane(name);
  }

  private lane(name: LaneName): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      // The urgent lane's process starts only when something is first sent on it.
      lane = new Lane(this.options.processFactory, this.options.dispatcherText, {
        graceMs: this.options.graceMs ?? 15_000,
        now: this.now,
      });
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private log<R>(
    script: string,
    targets: readonly HostTarget[],
    results: readonly HostResult<R>[],
    durationMs: number,
  ): void {
    this.options.logger?.log({
      hosts: targets.map((t) => t.connection.name),
      script,
      durationMs: Math.round(durationMs),
      outcome: outcomeOf(results),
    });
  }
}

/** The dispatcher's answer; without one the request was sent and nobody knows what the hosts did. */
function readOutput(output: InvocationOutput, nonce: string): ReturnType<typeof parseDispatcherOutput> {
  try {
    return parseDispatcherOutput(output.stdout, nonce);
  } catch (error) {
    if (!(error instanceof ResponseFormatError)) throw error;
    // Whatever PowerShell said instead; long base64 runs are cut because they could be our own request.
    const said = `${output.stderr}\n${output.stdout}`
      .replace(/[A-Za-z0-9+/=]{64,}/g, '…')
      .trim()
      .slice(0, 500);
    throw new LaneFailure(new ProcessExitedError(`the dispatcher gave no answer${said ? `: ${said}` : ''}`), true);
  }
}

/** Host names, kinds and error ids only: messages can quote parameter values. */
export function outcomeOf<R>(results: readonly HostResult<R>[]): string {
  const failed = results.filter((r): r is Extract<HostResult<R>, { ok: false }> => !r.ok);
  if (failed.length === 0) return 'ok';
  const shown = failed.slice(0, 5).map((r) => describeError(r.error));
  const more = failed.length > shown.length ? `; +${failed.length - shown.length} more` : '';
  return `${results.length - failed.length}/${results.length} ok; ${shown.join('; ')}${more}`;
}

function describeError(error: HostErrorInfo): string {
  const reason = error.reason ? `/${error.reason}` : '';
  const id = error.fullyQualifiedErrorId ? ` ${error.fullyQualifiedErrorId}` : '';
  const unknown = error.outcomeUnknown ? ' (outcome unknown)' : '';
  return `${error.host}: ${error.kind}${reason}${id}${unknown}`;
}

/** The kind, message and whether the script may have started, for a request that failed as a whole. */
function describeFailure(error: unknown): [HostErrorKind, string, boolean] {
  if (error instanceof LaneFailure) {
    const [kind, message] = describeCause(error.cause, error.sent);
    return [kind, message, error.sent];
  }
  const [kind, message] = describeCause(error, false);
  return [kind, message, false];
}

function describeCause(error: unknown, sent: boolean): [HostErrorKind, string] {
  if (error instanceof QueueAbortedError) return ['cancelled', 'The request was cancelled before it was sent.'];
  if (error instanceof QueueWaitTimeoutError) return ['busy', `${error.message} The host was not contacted.`];
  if (error instanceof CancelledError)
    return [
      'cancelled',
      sent ? 'The request was cancelled while it ran.' : 'The request was cancelled before it was sent.',
    ];
  if (error instanceof HardTimeoutError) {
    if (!sent) return ['timeout', 'The request timed out while PowerShell started.'];
    return [
      'timeout',
      `The request timed out: PowerShell stopped answering${error.phase ? ` (it was ${error.phase})` : ''}.`,
    ];
  }
  if (error instanceof ProcessExitedError) return ['process', error.message];
  return ['process', `The local PowerShell failed: ${errorMessage(error)}`];
}
