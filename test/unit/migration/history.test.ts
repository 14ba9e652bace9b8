// Case 7 of issue 10: windows share one history; each record is merged on its own, failed saves are logged, and the
// in-memory list is capped like the stored one.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { mergeRecord } from '../../../src/app/migration/historyMerge';
import type { MigrationJob } from '../../../src/core/migration/model';
import { GlobalStateHistory } from '../../../src/ui/migration/globalStateHistory';
import { world } from './executorWorld';

/** globalState as every window of the machine sees it: one value per key, no change events. */
class SharedMemento implements Pick<vscode.Memento, 'get' | 'update'> {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    const v = this.values.get(key);
    return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as T);
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

const rec = (id: string, status: MigrationJob['status'], updatedAt: string): MigrationJob =>
  ({ id, status, updatedAt, vm: { id, name: id, host: 'H' } }) as unknown as MigrationJob;

describe('history shared by windows (case 7)', () => {
  it("two services sharing one store keep each other's records", async () => {
    const w = world(2000);
    const a = w.service({ ownerId: 'window-a' });
    const b = w.service({ ownerId: 'window-b' });
    const ja = a.start(w.plan({ vm: w.ref(w.e.web), destination: { type: 'host', host: 'HV-B' } }));
    const jb = b.start(
      w.plan({ vm: w.ref(w.e.onShare), destination: { type: 'host', host: 'HV-B' }, storage: { mode: 'shared' } }),
    );
    await w.runFor(10_000);
    await Promise.all([a.flushed(), b.flushed()]);
    const stored = await w.history.load();
    assert.deepEqual(stored.map((r) => `${r.vm.name}:${r.status}`).sort(), ['share-01:succeeded', 'web-01:succeeded']);
    assert.ok(stored.some((r) => r.id === ja.id) && stored.some((r) => r.id === jb.id));
    w.end();
  });

  it("two windows writing globalState one record at a time: neither loses the other's", async () => {
    const memento = new SharedMemento() as unknown as vscode.Memento;
    const one = new GlobalStateHistory(memento);
    const two = new GlobalStateHistory(memento);
    await one.put(rec('a', 'running', '2026-11-27T10:00:01Z'));
    await two.put(rec('b', 'running', '2026-11-27T10:00:02Z'));
    await one.put(rec('a', 'succeeded', '2026-11-27T10:00:03Z'));
    await two.remove(['nothing']);
    assert.deepEqual(
      (await one.load()).map((r) => `${r.id}:${r.status}`),
      ['a:succeeded', 'b:running'],
    );
  });

  it('a copy older than the stored one does not overwrite it', () => {
    const stored = [rec('a', 'succeeded', '2026-11-27T10:00:05Z')];
    assert.equal(mergeRecord(stored, rec('a', 'running', '2026-11-27T10:00:01Z'), 10)[0]!.status, 'succeeded');
  });

  it('a save that fails is logged, not swallowed', async () => {
    const w = world(2000);
    w.history.failWrites = new Error('the disk is full');
    const s = w.service();
    s.start(w.plan({ vm: w.ref(w.e.web), destination: { type: 'host', host: 'HV-B' } }));
    await w.runFor(500);
    await s.flushed();
    assert.ok(
      w.logs.some((l) => /^ERROR Saving the migration of web-01 to history failed: the disk is full/.test(l)),
      w.logs.join('\n'),
    );
    w.end();
  });

  it('memory keeps as many finished moves as history does', async () => {
    const w = world(1000);
    const s = w.service({ historyLimit: 2 });
    for (const v of [w.e.web, w.e.onShare, w.e.off]) {
      const j = s.start(
        w.plan({
          vm: w.ref(v),
          destination: { type: 'host', host: 'HV-B' },
          storage: v === w.e.onShare ? { mode: 'shared' } : undefined,
        }),
      );
      await w.runFor(5000);
      assert.equal(s.job(j.id)?.status, 'succeeded');
    }
    assert.equal(s.history().length, 2);
    w.end();
  });
});
