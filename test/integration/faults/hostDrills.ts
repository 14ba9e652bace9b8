// Hosts and networks failing under running moves: the source or the destination going down, the migration network
// dropping, the management sessions dropping, a host answering malformed JSON, a host that accepts connections and
// never answers while four moves run elsewhere, two windows sharing one history, and a settings change that replaces
// the engine while moves run.
import { strict as assert } from 'node:assert';
import { MemoryHistoryStore } from '../../../src/app/migration/historyStore';
import { isFinal } from '../../../src/core/migration/model';
import { getInventory } from '../../../src/core/inventory/operations/getInventory';
import { statusIs, type Drills } from './drillKit';

export function hostDrills(get: () => Drills): void {
  describe('hosts and networks failing', () => {
    it('the source host goes down mid-move and comes back: failed, the VM still on the source', async () => {
      const d = get();
      const s = d.service(new MemoryHistoryStore());
      const job = s.start(
        d.m.plan(await d.request('h-src', { type: 'host', host: 'HV-B' }, { mode: 'folder', path: 'E:\\VMs\\h-src' })),
      );
      await d.until(s, job.id, (j) => j.percent > 0);
      await d.m.lab.stopHost('HV-C');
      await new Promise((r) => setTimeout(r, 4000));
      assert.equal(isFinal(s.job(job.id)!.status), false, 'nothing is concluded while the source cannot be asked');
      await d.m.lab.startHost('HV-C');
      await d.check(await s.whenDone(job.id), 'h-src', {
        status: 'failed',
        host: 'HV-C',
        clustered: false,
        calls: ['Move-VM@HV-C'],
      });
    });

    it('the destination host goes down mid-move: failed, the VM still on the source', async () => {
      const d = get();
      const s = d.service(new MemoryHistoryStore());
      const job = s.start(
        d.m.plan(await d.request('h-dst', { type: 'host', host: 'HV-D' }, { mode: 'folder', path: 'E:\\VMs\\h-dst' })),
      );
      await d.until(s, job.id, (j) => j.percent > 0);
      await d.m.lab.stopHost('HV-D');
      try {
        await d.check(await s.whenDone(job.id), 'h-dst', {
          status: 'failed',
          host: 'HV-A',
          clustered: false,
          calls: ['Move-VM@HV-A'],
        });
      } finally {
        await d.m.lab.startHost('HV-D');
      }
    });

    it("the migration network drops mid-move: failed with the host's error, the VM still on the source", async () => {
      const d = get();
      await d.m.lab.addFault('NetworkDrop', { host: 'HV-A', atPercent: 50 });
      try {
        const s = d.service(new MemoryHistoryStore());
        const job = s.start(
          d.m.plan(
            await d.request('n-drop', { type: 'host', host: 'HV-B' }, { mode: 'folder', path: 'E:\\VMs\\n-drop' }),
          ),
        );
        const end = await s.whenDone(job.id);
        assert.match(end.error ?? '', /0x80072746/);
        await d.check(end, 'n-drop', { status: 'failed', host: 'HV-A', clustered: false, calls: ['Move-VM@HV-A'] });
      } finally {
        await d.m.lab.clearFaults();
      }
    });

    it('the management sessions to the source drop mid-move: followed again, succeeded', async () => {
      const d = get();
      const s = d.service(new MemoryHistoryStore());
      const job = s.start(
        d.m.plan(
          await d.request('n-session', { type: 'host', host: 'HV-B' }, { mode: 'folder', path: 'E:\\VMs\\n-session' }),
        ),
      );
      await d.until(s, job.id, (j) => j.percent > 0);
      d.dropSessions('HV-A');
      await d.check(await s.whenDone(job.id), 'n-session', {
        status: 'succeeded',
        host: 'HV-B',
        clustered: false,
        calls: ['Move-VM@HV-A'],
      });
    });

    it('a host answering malformed JSON fails alone: the move from another host is followed to its end meanwhile', async () => {
      const d = get();
      const s = d.service(new MemoryHistoryStore());
      const a = s.start(
        d.m.plan(
          await d.request('m-json-a', { type: 'host', host: 'HV-B' }, { mode: 'folder', path: 'E:\\VMs\\m-json-a' }),
        ),
      );
      const b = s.start(
        d.m.plan(
          await d.request('m-json-d', { type: 'host', host: 'HV-B' }, { mode: 'folder', path: 'E:\\VMs\\m-json-d' }),
        ),
      );
      await d.until(s, a.id, (j) => j.percent > 0);
      await d.until(s, b.id, (j) => j.percent > 0);
      await d.m.lab.addFault('MalformedJson', { host: 'HV-D' });
      try {
        // HV-A's answers in the same poll requests are sound: its move must end while HV-D answers garbage.
        await d.check(await d.until(s, a.id, statusIs('succeeded', 'failed', 'cancelled'), 60_000), 'm-json-a', {
          status: 'succeeded',
          host: 'HV-B',
          clustered: false,
          calls: ['Move-VM@HV-A'],
        });
        assert.equal(isFinal(s.job(b.id)!.status), false, 'nothing is concluded from a malformed answer');
      } finally {
        await d.m.lab.clearFaults();
      }
      await d.check(await s.whenDone(b.id), 'm-json-d', {
        status: 'succeeded',
        host: 'HV-B',
        clustered: false,
        calls: ['Move-VM@HV-D'],
      });
    });

    it('one host accepts connections and never answers while four moves run elsewhere: none ends "Lost contact"', async () => {
      const d = get();
      const s = d.service(new MemoryHistoryStore());
      const moves = [
        ['d-1', 'HV-C'],
        ['d-2', 'HV-C'],
        ['d-3', 'HV-A'],
        ['d-4', 'HV-A'],
      ] as const;
      const requests = [];
      for (const [vm, to] of moves)
        requests.push({
          vm,
          to,
          request: await d.request(vm, { type: 'host', host: to }, { mode: 'folder', path: `E:\\VMs\\${vm}` }),
        });
      d.freeze('HV-D', true);
      let refreshing = true;
      const refreshes = (async () => {
        // The tree refreshes every host now and then, the silent one included, through the same engine.
        const targets = await Promise.all(d.m.hosts.map((h) => d.m.target(h)));
        while (refreshing) await d.engine().run(getInventory(), targets, { timeoutMs: 10_000 });
      })();
      try {
        const jobs = requests.map((r) => ({ ...r, id: s.start(d.m.plan(r.request)).id }));
        for (const j of jobs) {
          const end = await d.until(s, j.id, statusIs('succeeded', 'failed', 'cancelled'), 180_000);
          assert.doesNotMatch(`${end.error ?? ''} ${end.waiting ?? ''}`, /Lost contact/);
          await d.check(end, j.vm, {
            status: 'succeeded',
            host: j.to,
            clustered: false,
            calls: [`Move-VM@${j.vm === 'd-1' || j.vm === 'd-2' ? 'HV-B' : 'HV-C'}`],
          });
        }
      } finally {
        refreshing = false;
        d.freeze('HV-D', false);
        await refreshes;
      }
    });

    it("two windows sharing one history: each drives its own move, neither sends the other's, both records kept", async () => {
      const d = get();
      const history = new MemoryHistoryStore();
      const a = d.service(history, 'window-a');
      const ja = a.start(
        d.m.plan(await d.request('t-a', { type: 'host', host: 'HV-B' }, { mode: 'folder', path: 'E:\\VMs\\t-a' })),
      );
      await d.until(a, ja.id, (j) => j.percent > 0);
      await a.flushed();
      const b = d.service(history, 'window-b', { leaseMs: 6000 });
      const restored = await b.restore(d.m.hosts);
      assert.deepEqual(
        restored.map((j) => j.vm.name),
        [],
        "window B neither resumes nor adopts window A's move",
      );
      const jb = b.start(
        d.m.plan(await d.request('t-b', { type: 'host', host: 'HV-B' }, { mode: 'folder', path: 'E:\\VMs\\t-b' })),
      );
      await d.check(await a.whenDone(ja.id), 't-a', {
        status: 'succeeded',
        host: 'HV-B',
        clustered: false,
        calls: ['Move-VM@HV-A'],
      });
      await d.check(await b.whenDone(jb.id), 't-b', {
        status: 'succeeded',
        host: 'HV-B',
        clustered: false,
        calls: ['Move-VM@HV-A'],
      });
      await Promise.all([a.flushed(), b.flushed()]);
      assert.deepEqual((await history.load()).map((r) => `${r.vm.name}:${r.status}`).sort(), [
        't-a:succeeded',
        't-b:succeeded',
      ]);
      assert.equal(
        (await d.until(b, ja.id, statusIs('succeeded'), 30_000)).status,
        'succeeded',
        "window B learns the end of A's move from history",
      );
    });

    it('a settings change replaces the engine while moves run: they end as they should, each sent once', async () => {
      const d = get();
      const s = d.service(new MemoryHistoryStore());
      const one = s.start(
        d.m.plan(await d.request('s-1', { type: 'host', host: 'HV-B' }, { mode: 'folder', path: 'E:\\VMs\\s-1' })),
      );
      const two = s.start(
        d.m.plan(await d.request('s-2', { type: 'host', host: 'HV-C' }, { mode: 'folder', path: 'E:\\VMs\\s-2' })),
      );
      await d.until(s, one.id, (j) => j.percent > 0);
      await d.until(s, two.id, (j) => j.percent > 0);
      await d.replaceEngine();
      await d.check(await s.whenDone(one.id), 's-1', {
        status: 'succeeded',
        host: 'HV-B',
        clustered: false,
        calls: ['Move-VM@HV-A'],
      });
      await d.check(await s.whenDone(two.id), 's-2', {
        status: 'succeeded',
        host: 'HV-C',
        clustered: false,
        calls: ['Move-VM@HV-B'],
      });
    });
  });
}
