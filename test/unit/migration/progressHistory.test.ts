import * as assert from 'node:assert/strict';
import { MemoryHistoryStore } from '../../../src/app/migration/historyStore';
import { HostJobFollower } from '../../../src/app/migration/hostJobFollower';
import { MigrationService } from '../../../src/app/migration/migrationService';
import type { HostMigrationJob } from '../../../src/core/migration/operations/pollMigrations';
import type { MigrationTopology } from '../../../src/core/migration/topology';
import { toPanelState } from '../../../src/core/migration/view/jobView';
import { inventory, vm } from '../core/fixtures';
import { disk } from './estate';
import { FakeClock } from './fakeClock';
import { FakeHyperV } from './fakeHyperV';

const vmId = 'aaaaaaaa-0000-0000-0000-000000000001';
const hostJob = (o: Partial<HostMigrationJob>): HostMigrationJob => ({
  instanceId: 'J',
  vmId,
  jobType: 306,
  migrationType: 32771,
  jobState: 4,
  percent: 0,
  errorCode: 0,
  ...o,
});

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
}

describe('progress samples of the moves a window follows', () => {
  it('the follower samples a job only while its host moves data, at the host’s time of the look', () => {
    const samples: [number, number][] = [];
    const f = new HostJobFollower('HV-A', vmId, 'J', '2026-11-27T10:10:00.000Z', {
      seen: () => undefined,
      progress: () => undefined,
      sampled: (percent, at) => samples.push([percent, at]),
      ended: () => undefined,
    });
    const ours = Date.parse('2026-11-27T10:10:09Z');
    f.onSnapshot({ now: '2026-11-27T10:10:05.000Z', jobs: [hostJob({ jobState: 2 })] }, ours);
    f.onSnapshot({ now: '2026-11-27T10:10:07.250Z', jobs: [hostJob({ percent: 12 })] }, ours + 2000);
    f.onSnapshot({ now: 'not a time', jobs: [hostJob({ percent: 14 })] }, ours + 4000);
    f.onSnapshot({ now: '2026-11-27T10:10:11.000Z', jobs: [hostJob({ percent: 100, jobState: 7 })] }, ours + 6000);
    assert.deepEqual(samples, [
      [12, Date.parse('2026-11-27T10:10:07.250Z')],
      [14, ours + 4000],
    ]);
  });

  it('a running move has its samples in the service (the panel draws them, closed or open); they go with its end', async () => {
    const clock = new FakeClock();
    const hv = new FakeHyperV(clock, 30_000);
    const v = vm('a-0', 'HV-A', { disks: [disk('D:\\VMs\\a-0.vhdx')] });
    hv.vms.set(v.id, { host: 'HV-A', state: 'Running', disks: v.disks.map((d) => d.path) });
    const host = (name: string, vms: (typeof v)[]) => ({
      ...inventory(name, vms),
      host: {
        name,
        memoryCapacityBytes: 512 * 1024 ** 3,
        virtualMachinePath: 'D:\\Hyper-V',
        virtualHardDiskPath: 'D:\\Disks',
        maximumVirtualMachineMigrations: 2,
        maximumStorageMigrations: 1,
      },
    });
    const topology: MigrationTopology = { hosts: [host('HV-A', [v]), host('HV-C', [])] };
    const service = new MigrationService({
      ownerId: 'window-1',
      runner: () => hv,
      target: (name) => Promise.resolve({ connection: { name, transport: 'ssh' } }),
      topology: () => topology,
      history: new MemoryHistoryStore(),
      clock,
      pollIntervalMs: 2000,
      minPollIntervalMs: 200,
    });
    const [job] = service.startMany([
      { vm: { id: v.id, name: v.name, host: 'HV-A' }, destination: { type: 'host', host: 'HV-C' } },
    ]).jobs;
    for (let t = 0; t < 15_000; t += 100) {
      clock.advance(100);
      await flush();
    }
    const samples = service.progressSamples(job!.id);
    assert.ok(samples && samples.length >= 5, `${samples?.length} samples`);
    const size = 14 * 1024 ** 3; // 4 GiB of memory and a 10 GiB disk
    const state = toPanelState({
      jobs: service.jobs(),
      drains: [],
      now: clock.now(),
      sizeOf: () => size,
      queuePosition: () => undefined,
      samplesOf: (id) => service.progressSamples(id),
    });
    const shown = state.jobs[0]!;
    assert.ok(shown.sparkline, 'the panel has a sparkline for it');
    // 14 GiB in 30 s on the fake host: about 478 MB/s, within one whole percent over 10 s (14 MB/s).
    assert.ok(Math.abs(shown.throughputBytesPerSecond! / 1024 ** 2 - 478) < 20, String(shown.throughputBytesPerSecond));
    assert.equal(shown.sparkline.trend, 'steady');
    const done = service.whenDone(job!.id);
    for (let t = 0; t < 30_000 && service.job(job!.id)!.status !== 'succeeded'; t += 100) {
      clock.advance(100);
      await flush();
    }
    assert.equal((await done).status, 'succeeded');
    assert.equal(service.progressSamples(job!.id), undefined, 'forgotten at the end');
    service.dispose();
  });
});
