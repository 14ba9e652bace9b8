import * as assert from 'node:assert/strict';
import { Emitter } from '../../../src/app/events';
import { MigrationOverlay } from '../../../src/app/migration/migrationOverlay';
import type { MigrationJob } from '../../../src/core/migration/model';
import { jobOf as job } from './estate';

describe('"Migrating n %" in the tree', () => {
  it('maps each moving VM to its whole percent, and tells the tree only when that changes', () => {
    let jobs: MigrationJob[] = [job('1', 'VM-A', 'running', 10.2), job('2', 'vm-b', 'succeeded', 100)];
    const changes = new Emitter<void>();
    const overlay = new MigrationOverlay(
      () => jobs,
      (l) => changes.event(l),
    );
    let fired = 0;
    overlay.onDidChange(() => fired++);
    assert.deepEqual([...overlay.migrating()], [['vm-a', 10]]);

    jobs = [job('1', 'VM-A', 'running', 10.4), jobs[1]!];
    changes.fire();
    assert.equal(fired, 0, 'the same whole percent: no rebuild');

    jobs = [job('1', 'VM-A', 'running', 55), jobs[1]!];
    changes.fire();
    assert.equal(fired, 1);
    assert.equal(overlay.migrating().get('vm-a'), 55);

    jobs = [job('1', 'VM-A', 'succeeded', 100), jobs[1]!];
    changes.fire();
    assert.equal(fired, 2);
    assert.equal(overlay.migrating().size, 0, 'a finished move is no longer shown as migrating');
    overlay.dispose();
  });
});
