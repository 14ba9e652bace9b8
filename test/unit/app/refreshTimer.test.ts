import * as assert from 'node:assert/strict';
import { RefreshTimer, type Timers } from '../../../src/app/inventory/refreshTimer';
import { recordUnhandledRejections } from '../support/unhandled';

class ManualTimers implements Timers {
  readonly active = new Map<number, { run: () => void; ms: number }>();
  private next = 1;
  setInterval(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.active.set(id, { run, ms });
    return id;
  }
  clearInterval(handle: unknown): void {
    this.active.delete(handle as number);
  }
  fire(): void {
    for (const t of [...this.active.values()]) t.run();
  }
}

describe('automatic refresh timer', () => {
  it('a refresh that rejects is reported, and the next tick refreshes again', async () => {
    const stop = recordUnhandledRejections();
    const timers = new ManualTimers();
    const errors: string[] = [];
    let calls = 0;
    const t = new RefreshTimer({
      intervalSeconds: () => 30,
      visible: () => true,
      refresh: () => {
        calls++;
        return Promise.reject(new Error('secret storage unavailable'));
      },
      reportError: (m) => void errors.push(m),
      timers,
    });
    t.reschedule();
    timers.fire();
    timers.fire();
    assert.deepEqual(await stop(), []);
    assert.equal(calls, 2);
    assert.deepEqual(errors, [
      'Automatic refresh failed: secret storage unavailable',
      'Automatic refresh failed: secret storage unavailable',
    ]);
    t.dispose();
    assert.equal(timers.active.size, 0);
  });

  it('runs only while visible and with a non-zero interval', () => {
    const timers = new ManualTimers();
    let visible = false;
    let seconds = 30;
    const t = new RefreshTimer({
      intervalSeconds: () => seconds,
      visible: () => visible,
      refresh: () => Promise.resolve(),
      reportError: () => undefined,
      timers,
    });
    t.reschedule();
    assert.equal(timers.active.size, 0);
    visible = true;
    t.reschedule();
    assert.deepEqual(
      [...timers.active.values()].map((x) => x.ms),
      [30_000],
    );
    seconds = 0;
    t.reschedule();
    assert.equal(timers.active.size, 0);
  });
});
