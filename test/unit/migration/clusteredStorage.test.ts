import * as assert from 'node:assert/strict';
import { MemoryHistoryStore } from '../../../src/app/migration/historyStore';
import { MigrationService } from '../../../src/app/migration/migrationService';
import { migrationScript } from '../../../src/core/migration/view/copyAsPowerShell';
import type { MoveRequest } from '../../../src/core/migration/model';
import { planMove } from '../../../src/core/migration/rules';
import type { HostOperation } from '../../../src/contract/hostOperation';
import type { HostResult, HostRunner, HostTarget } from '../../../src/contract/hostRunner';
import { estate } from './estate';
import { FakeClock } from './fakeClock';

const e = estate();
const storageMove = (path: string): MoveRequest => ({
  vm: { id: e.sql.id, name: e.sql.name, host: 'A-N1' },
  destination: { type: 'sameHost' },
  storage: { mode: 'folder', path },
});

/** Records the parameters of each storage-move start; answers as a host whose job started. */
class StartRecorder implements HostRunner {
  readonly starts: Record<string, unknown>[] = [];
  run<R>(op: HostOperation<R>, targets: readonly HostTarget[]): Promise<HostResult<R>[]> {
    return Promise.resolve(
      targets.map((t) => {
        if (op.script.name === 'migration-start-storage-move.ps1')
          this.starts.push({ ...op.parameters, ...(t.parameters ?? {}) });
        const now = new Date().toISOString();
        const value =
          op.script.name === 'migration-locate-vm.ps1'
            ? {
                host: t.connection.name,
                found: true,
                name: e.sql.name,
                state: 'Running',
                isClustered: true,
                diskPaths: e.sql.disks.map((d) => d.path),
                operationalStatus: ['Ok'],
              }
            : op.script.name.startsWith('migration-start')
              ? { hostJobId: 'JOB-1', requestedAt: now }
              : { now, jobs: [] };
        return { host: t.connection.name, ok: true as const, durationMs: 1, value: op.parse(value) };
      }),
    );
  }
  async runOne<R>(op: HostOperation<R>, target: HostTarget): Promise<R> {
    const [r] = await this.run(op, [target]);
    if (!r?.ok) throw new Error('no answer');
    return r.value;
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

describe('storage moves of clustered VMs', () => {
  it('are sent without -AllowUnverifiedPaths, so the host verifies the paths are cluster storage', async () => {
    const runner = new StartRecorder();
    const clock = new FakeClock();
    const service = new MigrationService({
      clock,
      runner: () => runner,
      target: (name) => Promise.resolve({ connection: { name, transport: 'ssh' } }),
      topology: () => e.topology,
      history: new MemoryHistoryStore(),
      pollIntervalMs: 2000,
      minPollIntervalMs: 200,
    });
    try {
      const plan = planMove(storageMove('C:\\ClusterStorage\\Volume2\\sql-01'), e.topology);
      assert.ok(plan.ok);
      service.start(plan.plan);
      // The queue first asks the host what already runs there (one tick), then starts.
      for (let i = 0; i < 100 && runner.starts.length === 0; i++) {
        clock.advance(100);
        for (let j = 0; j < 10; j++) await new Promise<void>((r) => setImmediate(r));
      }
      assert.equal(runner.starts.length, 1);
      assert.equal(runner.starts[0]!.AllowUnverifiedPaths, undefined);
      assert.equal(runner.starts[0]!.DestinationStoragePath, 'C:\\ClusterStorage\\Volume2\\sql-01');
      assert.doesNotMatch(migrationScript(plan.plan), /AllowUnverifiedPaths/);
    } finally {
      service.dispose();
    }
  });

  it('are refused off cluster storage, with the reason, before anything is sent', () => {
    const local = planMove(storageMove('D:\\Local\\sql-01'), e.topology);
    assert.equal(local.ok, false);
    assert.match(
      !local.ok ? local.problems.map((p) => `${p.code}: ${p.message}`).join() : '',
      /notOnClusterStorage: D:\\Local\\sql-01 is not on cluster storage of CLU-A/,
    );
    for (const ok of ['C:\\ClusterStorage\\Volume2\\sql-01', '\\\\FS01\\VMs\\sql-01'])
      assert.ok(planMove(storageMove(ok), e.topology).ok, ok);
    const perDisk = planMove(
      {
        ...storageMove(''),
        storage: { mode: 'perDisk', disks: [{ source: e.sql.disks[0]!.path, destination: 'E:\\Disks\\sql-01.vhdx' }] },
      },
      e.topology,
    );
    assert.equal(perDisk.ok, false);
  });

  it('of a standalone VM may go to any local folder', () => {
    assert.ok(
      planMove(
        {
          vm: { id: e.web.id, name: e.web.name, host: 'HV-A' },
          destination: { type: 'sameHost' },
          storage: { mode: 'folder', path: 'E:\\VMs\\web-01' },
        },
        e.topology,
      ).ok,
    );
  });
});
