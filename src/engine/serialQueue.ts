export class QueueAbortedError extends Error {
  constructor() {
    super('Cancelled before it started.');
    this.name = 'QueueAbortedError';
  }
}

/**
 * Runs tasks one at a time in arrival order (the PowerShell process reads one line at a time anyway). A task whose
 * signal aborts while it waits is dropped at once and never started.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    return new Promise<T>((resolve, reject) => {
      let started = false;
      const onAbort = (): void => {
        if (started) return;
        reject(new QueueAbortedError());
        // Our slot ends when the one before us does, so the order of later tasks stays the same.
        void previous.then(release);
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      void previous.then(() => {
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) return;
        started = true;
        void task().then(resolve, reject).finally(release);
      });
    });
  }
}
