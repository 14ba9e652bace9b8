// Case 2 of issue 10: a reload during verification, roll-back or give-back. A restored job carries on in its own
// phase, and nothing it does can poison the tracker for the other moves.
import * as assert from 'node:assert/strict';
import { MigrationTracker } from '../../../src/app/migration/migrationTracker';
import type { MigrationJob, MigrationPlan } from '../../../src/core/migration/model';
import type { HostMigrationSnapshot } from '../../../src/core/migration/operations/pollMigrations';
import type { HostOperation } from '../../../src/contract/hostOperation';
import type { HostRunner, HostTarget } from '../../../src/contract/hostRunner';
import { world } from './executorWorld';
import { FakeClock } from './fakeClock';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A job as history would hold it after the product stopped in the middle of it. */
function record(plan: MigrationPlan, at: number, over: Partial<MigrationJob>): MigrationJob {
  return {
    id: `rec-${plan.request.vm.name}`,
    kind: plan.kind,
    vm: plan.request.vm,
    sourceHost: plan.sourceHost,
    destinationHost: plan.destinationHost,
    destinationCluster: plan.destinationCluster,
    status: 'running',
    percent: 0,
    steps: plan.steps.map((s) => ({ action: s.action, host: s.host, status: 'done' as const })),
    currentStep: 0,
    createdAt: iso(at - 60_000),
    startedAt: iso(at - 60_000),
    updatedAt: iso(at - 1000),
    expectedState: plan.expectedState,
    expectedDiskPaths: plan.expectedDiskPaths,
    plan,
    ...over,
  };
}

describe('a restored job carries on in its own phase (case 2)', () => {
  it('a watcher that throws never stops the tick for the other watchers', async () => {
    const clock = new FakeClock();
    const snapshot: HostMigrationSnapshot = { now: iso(clock.now()), jobs: [] };
    const runner: HostRunner = {
      run: <R>(_op: HostOperation<R>, targets: readonly HostTarget[]) =>
        Promise.resolve(
          targets.map((t) => ({ host: t.connection.name, ok: true, value: snapshot as R, durationMs: 1 })),
        ),
      runOne: () => Promise.reject(new Error('unused')),
      dispose: () => Promise.resolve(),
    };
    const errors: string[] = [];
    const tracker = new MigrationTracker({
      runner: () => runner,
      target: (name) => Promise.resolve({ connection: { name, transport: 'ssh' } }),
      clock,
      intervalMs: 1000,
      minIntervalMs: 100,
      timeoutMs: 1000,
      onWatcherError: (h) => errors.push(h),
    });
    const heard: string[] = [];
    tracker.watch({
      host: 'HV-A',
      onSnapshot: () => {
        throw new Error("A migration that is verifying cannot take 'progress'.");
      },
      onError: () => heard.push('bad:error'),
    });
    tracker.watch({
      host: 'HV-A',
      onSnapshot: () => (heard.push('good:snapshot'), undefined),
      onError: () => heard.push('good:error'),
    });
    await tracker.tick();
    assert.deepEqual(heard, ['good:snapshot']);
    assert.deepEqual(errors, ['HV-A']);
    tracker.dispose();
  });

  it('a job restored while verifying a move that ended does not harm an unrelated move running on the same host', async () => {
    const w = world(200_000);
    const webPlan = w.plan({ vm: w.ref(w.e.web), destination: { type: 'host', host: 'HV-B' } });
    // web-01's move ended on HV-A a moment ago (its job lingers there); the product stopped while verifying it.
    const hostJobId = w.hosts.ended(w.e.web.id, 'HV-A', 'HV-B', webPlan.expectedDiskPaths);
    const restored = record(webPlan, w.clock.now(), {
      status: 'verifying',
      steps: [{ action: 'moveVm', host: 'HV-A', status: 'running' }],
      hostJobId,
      hostRequestedAt: iso(w.clock.now() - 200_000),
    });
    await w.history.put(restored);
    const s = w.service();
    const other = s.start(
      w.plan({ vm: w.ref(w.e.onShare), destination: { type: 'host', host: 'HV-B' }, storage: { mode: 'shared' } }),
    );
    await s.restore(['HV-A', 'HV-B']);
    await w.runFor(210_000, 1000);
    assert.equal(s.job(restored.id)!.status, 'succeeded', s.job(restored.id)!.error);
    const end = s.job(other.id)!;
    assert.equal(end.status, 'succeeded', end.error);
    assert.doesNotMatch(end.error ?? '', /Lost contact/);
    assert.equal(w.hosts.vms.get(w.e.onShare.id)!.host, 'HV-B');
    w.end();
  });

  it('a job restored while rolling back gives the role back under its own name and ends failed with that note', async () => {
    const w = world();
    const plan = w.plan({
      vm: w.ref(w.e.sql),
      destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N2' },
      storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\sql-01' },
    });
    const vm = w.hosts.vms.get(w.e.sql.id)!;
    vm.clustered = false;
    vm.group = undefined;
    await w.history.put(
      record(plan, w.clock.now(), {
        status: 'rollingBack',
        currentStep: 1,
        error: 'The connection was forcibly closed (0x80072746).',
        originalRole: { groupName: 'SQL Role 01', ownerNode: 'A-N1' },
        steps: [
          { action: 'removeClusterRole', host: 'A-N1', status: 'done' },
          { action: 'moveVm', host: 'A-N1', status: 'failed' },
          { action: 'addClusterRole', host: 'B-N2', status: 'pending' },
        ],
      }),
    );
    const s = w.service();
    await s.restore(['A-N1', 'B-N2']);
    await w.runFor(5000);
    const end = s.job(`rec-${w.e.sql.name}`)!;
    assert.equal(end.status, 'failed');
    assert.match(end.error ?? '', /role was put back/);
    assert.deepEqual([vm.host, vm.clustered, vm.group], ['A-N1', true, 'SQL Role 01']);
    w.end();
  });

  it('a job restored in its final verification after the give-back ends succeeded, not failed', async () => {
    const w = world();
    const plan = w.plan({
      vm: w.ref(w.e.web),
      destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' },
      storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\web-01' },
    });
    Object.assign(w.hosts.vms.get(w.e.web.id)!, {
      host: 'B-N1',
      clustered: true,
      group: 'web-01',
      disks: ['C:\\ClusterStorage\\Volume1\\web-01\\web-01.vhdx', 'C:\\ClusterStorage\\Volume1\\web-01\\data.vhdx'],
    });
    await w.history.put(record(plan, w.clock.now(), { status: 'verifying', currentStep: 1 }));
    const s = w.service();
    await s.restore(['HV-A', 'B-N1']);
    await w.runFor(3000);
    const end = s.job(`rec-${w.e.web.name}`)!;
    assert.equal(end.status, 'succeeded', end.error);
    assert.equal(end.finalLocation?.host, 'B-N1');
    w.end();
  });

  it('a job restored in the middle of its give-back finishes it: the role is added at the destination, once', async () => {
    const w = world();
    const plan = w.plan({
      vm: w.ref(w.e.sql),
      destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N2' },
      storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\sql-01' },
    });
    Object.assign(w.hosts.vms.get(w.e.sql.id)!, { host: 'B-N2', clustered: true, group: 'SQL Role 01' });
    await w.history.put(
      record(plan, w.clock.now(), {
        currentStep: 2,
        originalRole: { groupName: 'SQL Role 01' },
        // The add went out and its answer never came back; the host did add the role.
        sent: { index: 2, at: iso(w.clock.now() - 2000) },
        steps: [
          { action: 'removeClusterRole', host: 'A-N1', status: 'done' },
          { action: 'moveVm', host: 'A-N1', status: 'done' },
          { action: 'addClusterRole', host: 'B-N2', status: 'running' },
        ],
      }),
    );
    const s = w.service();
    await s.restore(['A-N1', 'B-N2']);
    await w.runFor(3000);
    const end = s.job(`rec-${w.e.sql.name}`)!;
    assert.equal(end.status, 'succeeded', end.error);
    assert.equal(w.hosts.count('cluster-add-role.ps1'), 0, 'the role was there: nothing sent again');
    w.end();
  });
});
