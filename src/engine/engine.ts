import type { HostOperation } from '../core/operations/hostOperation';
import { DispatcherHost } from './dispatcherHost';
import { classifyError, linesAbout, redact, simpleError } from './errors';
import { buildRequest, requestLine } from './payload';
import { ProcessExitedError, type PowerShellProcessFactory } from './process';
import { parseBootstrapResult, parseDispatcherOutput, ResponseFormatError, type ParsedOutput } from './response';
import { QueueAbortedError, SerialQueue } from './serialQueue';
import {
  HostError,
  type HostErrorInfo,
  type HostErrorKind,
  type HostResult,
  type HostRunner,
  type HostTarget,
  type RequestLogger,
  type RunOptions,
} from './types';

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
  readonly now?: () => number;
}

class CancelledError extends Error {}
class HardTimeoutError extends Error {}

/**
 * Runs host operations through one local PowerShell process. Requests run one at a time (the process reads one line
 * at a time); inside a request every host runs in parallel over its own kept-open session.
 *
 * Cancellation: a request still waiting in the queue is dropped. One already running is answered `cancelled` at once
 * and the local process is killed (its remote sessions with it); the next request starts a new process and reopens
 * sessions. Whatever a host was doing when cancelled may or may not have finished there.
 */
export class PowerShellEngine implements HostRunner {
  private readonly host: DispatcherHost;
  private readonly queue = new SerialQueue();
  private readonly now: () => number;
  private disposed = false;

  constructor(private readonly options: PowerShellEngineOptions) {
    this.host = new DispatcherHost(options.processFactory, options.dispatcherText);
    this.now = options.now ?? (() => performance.now());
  }

  /** The local PowerShell's process id, once it has started (tests kill it to check recovery). */
  processId(): number | undefined {
    return this.host.processId();
  }

  async runOne<R>(operation: HostOperation<R>, target: HostTarget, options?: RunOptions): Promise<R> {
    const [result] = await this.run(operation, [target], options);
    if (!result) throw new Error('no result');
    if (!result.ok) throw new HostError(result.error);
    return result.value;
  }

  async run<R>(operation: HostOperation<R>, targets: readonly HostTarget[], options: RunOptions = {}): Promise<HostResult<R>[]> {
    if (targets.length === 0) return [];
    const started = this.now();
    const deadline = started + (options.timeoutMs ?? this.options.defaultTimeoutMs ?? 120_000);
    const secrets = targets.flatMap((t) => (t.credential ? [t.credential.password] : []));
    let results: HostResult<R>[];
    try {
      if (this.disposed) throw new ProcessExitedError('the engine was disposed');
      const output = await this.queue.run(() => this.execute(operation, targets, deadline, options.signal), options.signal);
      results = this.toResults(operation, targets, output, secrets);
    } catch (error) {
      const [kind, message] = describeFailure(error);
      const elapsed = this.now() - started;
      results = targets.map((t) => ({
        host: t.connection.name,
        ok: false,
        error: simpleError(t.connection.name, operation.script.name, kind, redact(message, secrets)),
        durationMs: elapsed,
      }));
    }
    this.log(operation.script.name, targets, results, this.now() - started);
    return results;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.host.dispose();
  }

  private async execute<R>(
    operation: HostOperation<R>,
    targets: readonly HostTarget[],
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<ParsedOutput> {
    const grace = this.options.graceMs ?? 15_000;
    // Starting PowerShell counts against the request's time, but the dispatcher is only told what is left after.
    await this.guarded(this.host.start(), deadline - this.now() + grace, signal);
    const remaining = Math.floor(deadline - this.now());
    if (remaining <= 0) throw new HardTimeoutError();
    const line = requestLine(
      buildRequest(operation, targets, remaining, {
        connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000,
        openTimeoutMs: this.options.openTimeoutMs ?? 60_000,
      }),
    );
    const output = await this.guarded(this.host.call(line), remaining + grace, signal);
    try {
      return parseDispatcherOutput(output.stdout);
    } catch (error) {
      if (!(error instanceof ResponseFormatError)) throw error;
      // Whatever PowerShell said instead; long base64 runs are cut because they could be our own request.
      const said = `${output.stderr}\n${output.stdout}`.replace(/[A-Za-z0-9+/=]{64,}/g, '…').trim().slice(0, 500);
      throw new ProcessExitedError(`the dispatcher gave no answer${said ? `: ${said}` : ''}`);
    }
  }

  /** Waits for `work`, killing the process when the caller cancels or PowerShell stops answering within `limitMs`. */
  private async guarded<T>(work: Promise<T>, limitMs: number, signal: AbortSignal | undefined): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new HardTimeoutError());
        this.host.kill();
      }, Math.max(0, limitMs));
      onAbort = () => {
        reject(new CancelledError());
        this.host.kill();
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work, guard]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  private toResults<R>(
    operation: HostOperation<R>,
    targets: readonly HostTarget[],
    output: ParsedOutput,
    secrets: readonly string[],
  ): HostResult<R>[] {
    const script = operation.script.name;
    const { response, strayLines } = output;
    if (!response.ok) {
      return targets.map((t) => ({
        host: t.connection.name,
        ok: false,
        durationMs: 0,
        error: classifyError({ host: t.connection.name, script, error: { ...response.error, stage: 'dispatcher' }, fromScript: false, secrets }),
      }));
    }
    const hintsFor = sshHints(targets, response.results, strayLines);
    return targets.map((target, index): HostResult<R> => {
      const name = target.connection.name;
      const raw = response.results.find((r) => r.index === index);
      if (!raw) {
        return { host: name, ok: false, durationMs: 0, error: simpleError(name, script, 'process', 'The dispatcher gave no answer for this host.') };
      }
      if (!raw.ok) {
        const hints = hintsFor(index);
        return { host: name, ok: false, durationMs: raw.ms, error: classifyError({ host: name, script, error: raw.error, fromScript: false, hints, secrets }) };
      }
      const fromHost = parseBootstrapResult(raw.json);
      if (!fromHost.ok) {
        return { host: name, ok: false, durationMs: raw.ms, error: classifyError({ host: name, script, error: fromHost, fromScript: true, secrets }) };
      }
      try {
        return { host: name, ok: true, value: operation.parse(fromHost.value), durationMs: raw.ms };
      } catch (error) {
        const message = `Unexpected output from ${script}: ${error instanceof Error ? error.message : String(error)}`;
        return { host: name, ok: false, durationMs: raw.ms, error: { ...simpleError(name, script, 'command', redact(message, secrets)), fullyQualifiedErrorId: 'UnexpectedOutput' } };
      }
    });
  }

  private log<R>(script: string, targets: readonly HostTarget[], results: readonly HostResult<R>[], durationMs: number): void {
    this.options.logger?.log({
      hosts: targets.map((t) => t.connection.name),
      script,
      durationMs: Math.round(durationMs),
      outcome: outcomeOf(results),
    });
  }
}

/** Host names, kinds and error ids only: messages can quote parameter values. */
/**
 * ssh's own lines for each failed ssh host. ssh names the address it dialled, which for a host reached by a name
 * (resolved by DNS or an ssh config) we do not know: lines that name no target go to the one ssh host that failed
 * without lines of its own, when there is exactly one.
 */
function sshHints(
  targets: readonly HostTarget[],
  results: readonly { readonly index: number; readonly ok: boolean }[],
  strayLines: readonly string[],
): (index: number) => string[] {
  const failed = targets
    .map((t, index) => ({ t, index }))
    .filter(({ t, index }) => t.connection.transport === 'ssh' && results.some((r) => r.index === index && !r.ok));
  const own = new Map(failed.map(({ t, index }) => [index, linesAbout(t.connection, strayLines)]));
  const claimed = new Set(targets.filter((t) => t.connection.transport === 'ssh').flatMap((t) => linesAbout(t.connection, strayLines)));
  const orphans = strayLines.filter((l) => !claimed.has(l) && /^ssh: |: Permission denied|Connection (refused|timed out|closed)/i.test(l));
  const without = failed.filter(({ index }) => (own.get(index) ?? []).length === 0);
  if (orphans.length > 0 && without.length === 1) own.set(without[0]!.index, orphans);
  return (index) => own.get(index) ?? [];
}

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
  return `${error.host}: ${error.kind}${reason}${id}`;
}

function describeFailure(error: unknown): [HostErrorKind, string] {
  if (error instanceof CancelledError || error instanceof QueueAbortedError) return ['cancelled', 'The request was cancelled.'];
  if (error instanceof HardTimeoutError) return ['timeout', 'The request timed out.'];
  if (error instanceof ProcessExitedError) return ['process', error.message];
  return ['process', `The local PowerShell failed: ${error instanceof Error ? error.message : String(error)}`];
}
