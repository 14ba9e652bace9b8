// Case 8 of issue 10: a node drain is kept in history, ends when the node is resumed before it finished (from
// anywhere) or does not answer for too long, and a node is not drained twice at once.
import * as assert from 'node:assert/strict';
import { MemoryHistoryStore } from '../../../src/app/migration/historyStore';
import { MaintenanceService, type DrainRecord } from '../../../src/app/migration/maintenanceService';
import { world } from './executorWorld';

function setup(unreachableLimitMs = 60_000) {
  const w = world();
  w.hosts.nodes.set('A-N1', { state: 'Up', drainStatus: 'NotInitiated' });
  w.hosts.nodes.set('A-N2', { state: 'Up', drainStatus: 'NotInitiated' });
  const drains = new MemoryHistoryStore<DrainRecord>();
  const migrations = w.service();
  const make = () =>
    new MaintenanceService({
      runner: () => w.hosts,
      target: (name) => Promise.resolve({ connection: { name, transport: 'ssh' } }),
      topology: () => w.e.topology,
      migrations,
      history: drains,
      clock: w.clock,
      unreachableLimitMs,
    });
  return { w, drains, migrations, make };
}

describe('node drains (case 8)', () => {
  it('ends as "resumed" when the node is resumed elsewhere before the drain finished; history keeps it', async () => {
    const { w, drains, make } = setup();
    const m = make();
    await m.drain('CLU-A', 'A-N1');
    await w.runFor(3000);
    assert.equal(m.drainOf('A-N1')?.status, 'draining');
    // Someone resumes the node from Failover Cluster Manager.
    w.hosts.nodes.set('A-N1', { state: 'Up', drainStatus: 'NotInitiated' });
    await w.runFor(3000);
    assert.equal(m.drainOf('A-N1')?.status, 'resumed');
    const polls = w.hosts.count('migration-poll.ps1');
    await w.runFor(10_000);
    assert.equal(w.hosts.count('migration-poll.ps1'), polls, 'no longer followed');
    assert.deepEqual(
      (await drains.load()).map((d) => `${d.node}:${d.status}`),
      ['A-N1:resumed'],
    );
    m.dispose();
    w.end();
  });

  it('ends as failed when the node has not answered for longer than the bound', async () => {
    const { w, make } = setup(20_000);
    const m = make();
    await m.drain('CLU-A', 'A-N1');
    w.hosts.down.add('A-N1');
    await w.runFor(15_000);
    assert.equal(m.drainOf('A-N1')?.status, 'draining');
    await w.runFor(10_000);
    const d = m.drainOf('A-N1')!;
    assert.equal(d.status, 'failed');
    assert.match(d.error ?? '', /Lost contact with A-N1/);
    m.dispose();
    w.end();
  });

  it('a node being drained is not drained a second time', async () => {
    const { w, make } = setup();
    const m = make();
    await m.drain('CLU-A', 'A-N1');
    await assert.rejects(m.drain('CLU-A', 'A-N1'), /A-N1 is already being drained/);
    assert.equal(w.hosts.count('cluster-suspend-node.ps1'), 1);
    m.dispose();
    w.end();
  });

  it('after a reload the drain is shown from history and followed to its end', async () => {
    const { w, make } = setup();
    const first = make();
    await first.drain('CLU-A', 'A-N1');
    first.dispose();
    const later = make();
    await later.restore();
    assert.equal(later.drainOf('A-N1')?.status, 'draining');
    w.hosts.nodes.set('A-N1', { state: 'Paused', drainStatus: 'Completed' });
    await w.runFor(3000);
    assert.equal(later.drainOf('A-N1')?.status, 'paused');
    later.dispose();
    w.end();
  });
});
