import * as assert from 'node:assert/strict';
import { PanelUpdates } from '../../../src/core/migration/view/panelUpdates';
import { FakeClock } from './fakeClock';

function setup(busy = false): {
  clock: FakeClock;
  sent: number[];
  updates: PanelUpdates;
  setBusy: (b: boolean) => void;
} {
  const clock = new FakeClock();
  const sent: number[] = [];
  const start = clock.now();
  const state = { busy };
  const updates = new PanelUpdates({ clock, publish: () => sent.push(clock.now() - start), busy: () => state.busy });
  return { clock, sent, updates, setBusy: (b) => (state.busy = b) };
}

describe('migrations panel updates', () => {
  it('sends a change at once, then at most every 250 ms with the last change always sent', () => {
    const { clock, sent, updates } = setup();
    updates.changed();
    clock.advance(10);
    updates.changed();
    clock.advance(10);
    updates.changed();
    assert.deepEqual(sent, [0]);
    clock.advance(300);
    assert.deepEqual(sent, [0, 250], 'one trailing send for the burst');
    clock.advance(1000);
    updates.changed();
    assert.deepEqual(sent, [0, 250, 1320]);
    assert.equal(clock.pending, 0, 'nothing busy: no timers left');
  });

  it('ticks every second while something is busy, and stops when it is not', () => {
    const { clock, sent, updates, setBusy } = setup(true);
    updates.publishNow();
    clock.advance(3000);
    assert.deepEqual(sent, [0, 1000, 2000, 3000]);
    setBusy(false);
    clock.advance(1000);
    assert.deepEqual(sent, [0, 1000, 2000, 3000, 4000]);
    clock.advance(5000);
    assert.equal(sent.length, 5);
    assert.equal(clock.pending, 0);
  });

  it('sends at once when the page asks, and nothing after dispose', () => {
    const { clock, sent, updates } = setup(true);
    updates.changed();
    updates.publishNow();
    assert.deepEqual(sent, [0, 0]);
    updates.dispose();
    updates.changed();
    updates.publishNow();
    clock.advance(5000);
    assert.deepEqual(sent, [0, 0]);
    assert.equal(clock.pending, 0);
  });
});
