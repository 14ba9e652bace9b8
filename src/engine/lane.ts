import { DispatcherHost, DisposedError } from './dispatcherHost';
import type { InvocationOutput, PowerShellProcessFactory, SecretOffer } from './process';
import { SerialQueue } from './serialQueue';
import { errorMessage } from '../contract/errorMessage';

export class CancelledError extends Error {}
/** PowerShell did not answer in time; `phase` is what its dispatcher last said it was doing, when it said. */
export class HardTimeoutError extends Error {
  constructor(readonly phase?: string) {
    super(phase ? `PowerShell stopped answering while ${phase}` : 'PowerShell stopped answering');
    this.name = 'HardTimeoutError';
  }
}

/** A failure once the request had left the queue; `sent` says whether its line had reached PowerShell. */
export class LaneFailure extends Error {
  constructor(
    readonly cause: unknown,
    readonly sent: boolean,
  ) {
    super(errorMessage(cause));
    this.name = 'LaneFailure';
  }
}

/** What a lane sends: built once the request leaves the queue, with the time it has from then on. */
export interface LaneRequest {
  readonly line: string;
  readonly secret: SecretOffer | undefined;
}

export interface LaneOptions {
  readonly graceMs: number;
  readonly now: () => number;
}

/**
 * One local PowerShell and the queue in front of it. A request's time starts when it leaves the queue: waiting behind
 * another request is bounded separately (kind `busy`), and never counts as the host being slow.
 */
export class Lane {
  private readonly host: DispatcherHost;
  private readonly queue: SerialQueue;
  private disposed = false;

  constructor(
    factory: PowerShellProcessFactory,
    dispatcherText: string,
    private readonly options: LaneOptions,
  ) {
    this.host = new DispatcherHost(factory, dispatcherText);
    this.queue = new SerialQueue(options.now);
  }

  processId(): number | undefined {
    return this.host.processId();
  }

  /** Nothing is sent or waiting on this lane: a request given now is sent at once. */
  get idle(): boolean {
    return !this.disposed && this.queue.idle;
  }

  /**
   * Waits for the lane (at most `timeoutMs`), then starts PowerShell if needed and sends what `build` makes of the
   * time left. Rejects with QueueWaitTimeoutError, QueueAbortedError or DisposedError while queued (never sent), or
   * with a LaneFailure wrapping CancelledError, HardTimeoutError, ProcessExitedError or DisposedError.
   */
  async send(
    timeoutMs: number,
    build: (remainingMs: number) => LaneRequest,
    signal: AbortSignal | undefined,
  ): Promise<InvocationOutput> {
    return this.queue.run(
      async () => {
        let sent = false;
        try {
          if (this.disposed) throw new DisposedError();
          const deadline = this.options.now() + timeoutMs;
          // Starting PowerShell counts against the request's time, but the dispatcher is only told what is left after.
          await this.guarded(this.host.start(), deadline - this.options.now() + this.options.graceMs, signal);
          const remaining = Math.floor(deadline - this.options.now());
          if (remaining <= 0) throw new HardTimeoutError();
          const request = build(remaining);
          sent = true;
          return await this.guarded(
            this.host.call(request.line, request.secret),
            remaining + this.options.graceMs,
            signal,
          );
        } catch (error) {
          throw new LaneFailure(error, sent);
        }
      },
      { signal, waitLimitMs: timeoutMs },
    );
  }

  /** Fails what waits, ends the process (closing its sessions first when idle), and never starts another. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.queue.close(() => new DisposedError());
    await this.host.dispose();
  }

  /** Waits for `work`, killing the process when the caller cancels or PowerShell stops answering within `limitMs`. */
  private async guarded<T>(work: Promise<T>, limitMs: number, signal: AbortSignal | undefined): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          // Read before the kill: the process's private folder goes with it.
          reject(new HardTimeoutError(this.host.lastPhase()));
          this.host.kill();
        },
        Math.max(0, limitMs),
      );
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
}
