import * as assert from 'node:assert/strict';
import { MigrationQueue, type QueueItem } from '../../../src/core/migration/queue';
import { FakeClock } from './fakeClock';

const limits: Record<string, { live: number; storage: number }> = {
  'hv-a': { live: 2, storage: 1 },
  'hv-b': { live: 1, storage: 1 },
};
function queue(clock = new FakeClock()): MigrationQueue {
  return new MigrationQueue((i) => limits[i.sourceHost.toLowerCase()]![i.slot], clock);
}
const item = (id: string, sourceHost = 'HV-A', slot: QueueItem['slot'] = 'live'): QueueItem => ({
  id,
  sourceHost,
  slot,
});

describe('per-source-host migration queue', () => {
  it('starts no more live moves from a host than its limit, the rest in order as slots free', () => {
    const q = queue();
    for (const id of ['1', '2', '3', '4']) q.enqueue(item(id));
    assert.deepEqual(
      q.takeReady().map((i) => i.id),
      ['1', '2'],
    );
    assert.deepEqual(q.takeReady(), []);
    assert.equal(q.position('3'), 1);
    assert.equal(q.position('4'), 2);
    q.release('2');
    assert.deepEqual(
      q.takeReady().map((i) => i.id),
      ['3'],
    );
    q.release('1');
    q.release('3');
    assert.deepEqual(
      q.takeReady().map((i) => i.id),
      ['4'],
    );
  });

  it('counts live and storage moves apart, and each host apart', () => {
    const q = queue();
    q.enqueue(item('a1'));
    q.enqueue(item('a2'));
    q.enqueue(item('s1', 'HV-A', 'storage'));
    q.enqueue(item('s2', 'HV-A', 'storage'));
    q.enqueue(item('b1', 'hv-b'));
    q.enqueue(item('b2', 'HV-B'));
    assert.deepEqual(
      q
        .takeReady()
        .map((i) => i.id)
        .sort(),
      ['a1', 'a2', 'b1', 's1'],
    );
    assert.equal(q.running('HV-A', 'live'), 2);
    assert.equal(q.running('HV-A', 'storage'), 1);
    assert.equal(q.running('HV-B', 'live'), 1);
  });

  it('counts moves running on the host that it did not start', () => {
    const q = queue();
    q.setExternal('HV-A', 'live', 1);
    q.enqueue(item('1'));
    q.enqueue(item('2'));
    assert.deepEqual(
      q.takeReady().map((i) => i.id),
      ['1'],
    );
    q.setExternal('HV-A', 'live', 0);
    assert.deepEqual(
      q.takeReady().map((i) => i.id),
      ['2'],
    );
  });

  it('a cancelled waiting move never starts and frees its place', () => {
    const q = queue();
    for (const id of ['1', '2', '3']) q.enqueue(item(id));
    q.takeReady();
    assert.equal(q.remove('3'), true);
    q.release('1');
    assert.deepEqual(q.takeReady(), []);
    assert.equal(q.size.waiting, 0);
  });

  it('holds a host back for a while after it refused a start', () => {
    const clock = new FakeClock();
    const q = queue(clock);
    q.enqueue(item('1'));
    q.deferHost('HV-A', 5000);
    assert.deepEqual(q.takeReady(), []);
    clock.advance(4999);
    assert.deepEqual(q.takeReady(), []);
    clock.advance(1);
    assert.deepEqual(
      q.takeReady().map((i) => i.id),
      ['1'],
    );
  });

  it('30 moves queued on one host with a limit of 2 never run more than 2 at once and all run', () => {
    const q = queue();
    for (let i = 0; i < 30; i++) q.enqueue(item(String(i)));
    let running: string[] = [];
    const done: string[] = [];
    let peak = 0;
    while (done.length < 30) {
      running.push(...q.takeReady().map((i) => i.id));
      peak = Math.max(peak, running.length);
      const finished = running.shift()!;
      q.release(finished);
      done.push(finished);
      running = running.filter((x) => x !== finished);
    }
    assert.equal(peak, 2);
    assert.deepEqual(
      done,
      Array.from({ length: 30 }, (_, i) => String(i)),
    );
  });
});
