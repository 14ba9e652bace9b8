import * as assert from 'node:assert/strict';
import { Emitter } from '../../../src/app/events';
import { followRunningMovesOnce } from '../../../src/app/migration/followRunningMoves';

describe('following running moves after activation', () => {
  const setup = (restoreError?: Error) => {
    const changes = new Emitter<unknown>();
    let hosts: string[] = [];
    const restored: string[][] = [];
    let maintenance = 0;
    const errors: string[] = [];
    const sub = followRunningMovesOnce({
      onInventory: changes.event,
      hosts: () => hosts,
      restoreMigrations: (h) => (
        restored.push([...h]),
        restoreError ? Promise.reject(restoreError) : Promise.resolve()
      ),
      restoreMaintenance: () => (maintenance++, Promise.resolve()),
      reportError: (m) => errors.push(m),
    });
    return { changes, setHosts: (h: string[]) => (hosts = h), restored, maintenance: () => maintenance, errors, sub };
  };

  it('waits for the first inventory that knows hosts, then asks exactly those hosts, once', () => {
    const t = setup();
    t.changes.fire(undefined);
    assert.deepEqual(t.restored, [], 'no hosts known yet: nothing to ask');
    t.setHosts(['HV-WEST', 'PROD-N1']);
    t.changes.fire(undefined);
    t.setHosts(['HV-WEST', 'PROD-N1', 'PROD-N2']);
    t.changes.fire(undefined);
    assert.deepEqual(t.restored, [['HV-WEST', 'PROD-N1']]);
    assert.equal(t.maintenance(), 1);
  });

  it('a failed restore is reported, not thrown', async () => {
    const t = setup(new Error('history unreadable'));
    t.setHosts(['HV-WEST']);
    t.changes.fire(undefined);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(t.errors, ['Following running migrations failed: history unreadable']);
  });

  it('disposed before the hosts answer: nothing is restored', () => {
    const t = setup();
    t.sub.dispose();
    t.setHosts(['HV-WEST']);
    t.changes.fire(undefined);
    assert.deepEqual(t.restored, []);
  });
});
