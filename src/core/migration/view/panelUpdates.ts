import type { Clock, TimerHandle } from '../../clock';

export interface PanelUpdatesDeps {
  readonly clock: Clock;
  /** Sends the state as it is at the time of the call. */
  readonly publish: () => void;
  /** True while something moves (elapsed time and time left change without any event). */
  readonly busy: () => boolean;
  readonly minIntervalMs?: number;
  readonly tickMs?: number;
}

/**
 * When the Migrations panel sends its state: at once when asked, on changes at most every `minIntervalMs` (progress
 * events come in bursts from many hosts) with a trailing send so the last change always arrives, and every `tickMs`
 * while something is busy so the clocks on the page move.
 */
export class PanelUpdates {
  private lastAt = Number.NEGATIVE_INFINITY;
  private trailing: TimerHandle | undefined;
  private tick: TimerHandle | undefined;
  private disposed = false;

  constructor(private readonly deps: PanelUpdatesDeps) {}

  /** Something changed: send now if the last send is old enough, else once when it is. */
  changed(): void {
    if (this.disposed || this.trailing) return;
    const wait = this.lastAt + (this.deps.minIntervalMs ?? 250) - this.deps.clock.now();
    if (wait <= 0) this.publishNow();
    else this.trailing = this.deps.clock.setTimeout(() => this.publishNow(), wait);
  }

  /** Sends now (the page asked for it). */
  publishNow(): void {
    if (this.disposed) return;
    this.stopTimers();
    this.lastAt = this.deps.clock.now();
    this.deps.publish();
    if (this.deps.busy()) {
      this.tick = this.deps.clock.setTimeout(() => {
        this.tick = undefined;
        this.changed();
      }, this.deps.tickMs ?? 1000);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stopTimers();
  }

  private stopTimers(): void {
    if (this.trailing) this.deps.clock.clearTimeout(this.trailing);
    if (this.tick) this.deps.clock.clearTimeout(this.tick);
    this.trailing = undefined;
    this.tick = undefined;
  }
}
