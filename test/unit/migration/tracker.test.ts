// The migration tracker's cadence: who is asked when.
import * as assert from 'node:assert/strict';
import { MigrationTracker } from '../../../src/app/migration/migrationTracker';
import type { HostOperation } from '../../../src/contract/hostOperation';
import type { HostResult, HostRunner, HostTarget } from '../../../src/contract/hostRunner';
import type { HostMigrationSnapshot } from '../../../src/core/migration/operations/pollMigrations';
import { FakeClock } from './fakeClock';

describe('migration tracker cadence', () => {
  it('a host watched while a tick is under way is asked right after it, not a whole interval later', async () => {
    const clock = new FakeClock();
    const asked: string[][] = [];
    const answers: (() => void)[] = [];
    const runner: HostRunner = {
      run: <R>(_op: HostOperation<R>, targets: readonly HostTarget[]) => {
        asked.push(targets.map((t) => t.connection.name));
        const snapshot: HostMigrationSnapshot = { now: new Date(clock.now()).toISOString(), jobs: [] };
        return new Promise<HostResult<R>[]>((resolve) =>
          answers.push(() =>
            resolve(
              targets.map((t) => ({ host: t.connection.name, ok: true as const, value: snapshot as R, durationMs: 1 })),
            ),
          ),
        );
      },
      runOne: () => Promise.reject(new Error('unused')),
      dispose: () => Promise.resolve(),
    };
    const tracker = new MigrationTracker({
      runner: () => runner,
      target: (name) => Promise.resolve({ connection: { name, transport: 'ssh' } }),
      clock,
      intervalMs: 2000,
      minIntervalMs: 200,
    });
    const heard: string[] = [];
    const watcher = (host: string) => ({
      host,
      onSnapshot: () => (heard.push(host), undefined),
      onError: () => heard.push(`${host}:error`),
    });
    tracker.watch(watcher('HV-A'));
    clock.advance(0);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(asked, [['HV-A']]);
    // HV-B is watched while HV-A's poll is on its way (a failback starting while a move is followed).
    tracker.watch(watcher('HV-B'));
    clock.advance(0);
    answers.shift()!();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(heard, ['HV-A']);
    clock.advance(200);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(asked, [['HV-A'], ['HV-A', 'HV-B']], 'HV-B asked 200 ms after the tick, not 2 s');
    answers.shift()!();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(heard, ['HV-A', 'HV-A', 'HV-B']);
    tracker.dispose();
  });
});
