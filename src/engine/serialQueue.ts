export class QueueAbortedError extends Error {
  constructor() {
    super('Cancelled before it started.');
    this.name = 'QueueAbortedError';
  }
}

/** The task waited longer than it was allowed to and was never started. */
export class QueueWaitTimeoutError extends Error {
  constructor(readonly waitedMs: number) {
    super(`Not sent: earlier requests kept PowerShell busy for ${Math.round(waitedMs / 1000)} s.`);
    this.name = 'QueueWaitTimeoutError';
  }
}

export interface QueueOptions {
  /** Dropped unstarted when it aborts while waiting. */
  readonly signal?: AbortSignal;
  /** Dropped unstarted (QueueWaitTimeoutError) when it has waited this long. */
  readonly waitLimitMs?: number;
}

interface Waiting {
  readonly start: () => void;
  readonly fail: (error: Error) => void;
}

/**
 * Runs tasks one at a time in arrival order (the PowerShell process reads one line at a time anyway). A task that is
 * cancelled, waits too long, or is still waiting when the queue closes is dropped and never started.
 */
export class SerialQueue {
  private readonly waiting: Waiting[] = [];
  private running = false;
  private closedWith: (() => Error) | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  run<T>(task: () => Promise<T>, options: QueueOptions = {}): Promise<T> {
    const { signal, waitLimitMs } = options;
    return new Promise<T>((resolve, reject) => {
      if (this.closedWith) return reject(this.closedWith());
      if (signal?.aborted) return reject(new QueueAbortedError());
      const queuedAt = this.now();
      let timer: NodeJS.Timeout | undefined;
      const leave = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
      };
      const entry: Waiting = {
        start: () => {
          leave();
          this.running = true;
          void task()
            .then(resolve, reject)
            .finally(() => {
              this.running = false;
              this.next();
            });
        },
        fail: (error) => {
          leave();
          reject(error);
        },
      };
      const onAbort = (): void => entry.fail(new QueueAbortedError());
      signal?.addEventListener('abort', onAbort, { once: true });
      if (waitLimitMs !== undefined)
        timer = setTimeout(
          () => entry.fail(new QueueWaitTimeoutError(this.now() - queuedAt)),
          Math.max(0, waitLimitMs),
        );
      this.waiting.push(entry);
      this.next();
    });
  }

  /** Whether a task is running now. */
  get busy(): boolean {
    return this.running;
  }

  /** Nothing runs and nothing waits: a task given now starts at once. */
  get idle(): boolean {
    return !this.running && this.waiting.length === 0 && !this.closedWith;
  }

  /** Fails every waiting task, and every later one, with `error()`; the running task goes on. */
  close(error: () => Error): void {
    this.closedWith = error;
    for (const entry of [...this.waiting]) entry.fail(error());
  }

  private next(): void {
    if (this.running) return;
    this.waiting[0]?.start();
  }
}
