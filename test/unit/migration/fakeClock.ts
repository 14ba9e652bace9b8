import type { Clock, TimerHandle } from '../../../src/core/clock';

/** A clock that moves only when the test says so; timers fire in time order. */
export class FakeClock implements Clock {
  private t = Date.parse('2026-11-27T10:00:00Z');
  private seq = 0;
  private timers: { at: number; seq: number; fn: () => void; handle: TimerHandle }[] = [];

  now(): number {
    return this.t;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const handle = { id: ++this.seq };
    this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq, fn: callback, handle });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((x) => x.handle !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing each due timer in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}
