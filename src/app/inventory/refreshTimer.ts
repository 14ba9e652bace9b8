import { errorMessage } from '../../contract/errorMessage';
/** Timer functions, injectable so tests can drive time. */
export interface Timers {
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const nodeTimers: Timers = {
  setInterval: (run, ms) => setInterval(run, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface RefreshTimerDeps {
  readonly intervalSeconds: () => number;
  readonly visible: () => boolean;
  readonly refresh: () => Promise<void>;
  /** A refresh failed; the timer keeps going. */
  readonly reportError: (message: string) => void;
  readonly timers?: Timers;
}

/**
 * Refreshes on a timer only while the view is visible; the interval comes from settings (0 = off). A failed refresh
 * is reported and the next tick comes as usual: a timer never leaves a rejected promise behind.
 */
export class RefreshTimer {
  private handle: unknown;
  private readonly timers: Timers;

  constructor(private readonly deps: RefreshTimerDeps) {
    this.timers = deps.timers ?? nodeTimers;
  }

  /** Call when visibility or the interval setting changed. */
  reschedule(): void {
    this.stop();
    const seconds = this.deps.intervalSeconds();
    if (this.deps.visible() && seconds > 0) this.handle = this.timers.setInterval(() => this.tick(), seconds * 1000);
  }

  dispose(): void {
    this.stop();
  }

  private tick(): void {
    let running: Promise<void>;
    try {
      running = this.deps.refresh();
    } catch (e) {
      running = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    running.catch((e: unknown) => this.deps.reportError(`Automatic refresh failed: ${errorMessage(e)}`));
  }

  private stop(): void {
    if (this.handle !== undefined) this.timers.clearInterval(this.handle);
    this.handle = undefined;
  }
}
