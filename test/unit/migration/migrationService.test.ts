import * as assert from 'node:assert/strict';
import { MemoryHistoryStore } from '../../../src/app/migration/historyStore';
import { MigrationService } from '../../../src/app/migration/migrationService';
import type { MigrationTopology } from '../../../src/core/migration/topology';
import type { HostInventory } from '../../../src/core/inventory/inventory';
import { inventory, vm } from '../core/fixtures';
import { disk } from './estate';
import { FakeClock } from './fakeClock';
import { FakeHyperV } from './fakeHyperV';

function host(inv: HostInventory, limit = 2): HostInventory {
  return {
    ...inv,
    host: {
      ...inv.host,
      memoryCapacityBytes: 512 * 1024 ** 3,
      virtualMachinePath: 'D:\\Hyper-V',
      virtualHardDiskPath: 'D:\\Disks',
      maximumVirtualMachineMigrations: limit,
      maximumStorageMigrations: 1,
    },
  };
}

/** Lets every pending promise chain run (the fake runner answers synchronously). */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
}

async function runFor(clock: FakeClock, ms: number, step = 100): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.advance(step);
    await flush();
  }
}

function setup(countA = 4, countB = 4, limit = 2) {
  const clock = new FakeClock();
  const hv = new FakeHyperV(clock, 10_000);
  const vmsA = Array.from({ length: countA }, (_, i) =>
    vm(`a-${i}`, 'HV-A', { disks: [disk(`D:\\VMs\\a-${i}.vhdx`)] }),
  );
  const vmsB = Array.from({ length: countB }, (_, i) =>
    vm(`b-${i}`, 'HV-B', { disks: [disk(`D:\\VMs\\b-${i}.vhdx`)] }),
  );
  for (const v of [...vmsA, ...vmsB])
    hv.vms.set(v.id, { host: v.host, state: 'Running', disks: v.disks.map((d) => d.path) });
  const topology: MigrationTopology = {
    hosts: [
      host(inventory('HV-A', vmsA), limit),
      host(inventory('HV-B', vmsB), limit),
      host(inventory('HV-C', []), limit),
    ],
  };
  const history = new MemoryHistoryStore();
  const service = new MigrationService({
    ownerId: 'window-1',
    runner: () => hv,
    target: (name) => Promise.resolve({ connection: { name, transport: 'ssh' } }),
    topology: () => topology,
    history,
    clock,
    pollIntervalMs: 2000,
    minPollIntervalMs: 200,
  });
  // Each VM's disk goes to the destination's default folder: D:\Disks\<leaf>.
  const moveAll = () =>
    service.startMany(
      [...vmsA, ...vmsB].map((v) => ({
        vm: { id: v.id, name: v.name, host: v.host },
        destination: { type: 'host' as const, host: 'HV-C' },
      })),
    );
  return { clock, hv, service, history, moveAll, vmsA, vmsB };
}

describe('migration service (scripted hosts)', () => {
  it('polls with one request per tick covering every source host, one query per host for all its jobs', async () => {
    const { clock, hv, service, moveAll } = setup(4, 4, 4);
    const { jobs } = moveAll();
    await runFor(clock, 1000);
    hv.requests.length = 0;
    await runFor(clock, 6000);
    const polls = hv.requests.filter((r) => r.script === 'migration-poll.ps1');
    assert.ok(polls.length >= 3, `${polls.length} ticks`);
    assert.equal(hv.requests.length, polls.length, 'nothing but the ticks while the moves run');
    for (const p of polls)
      assert.deepEqual([...p.hosts].sort(), ['HV-A', 'HV-B'], 'one request, both source hosts, each once');
    assert.equal(jobs.filter((j) => service.job(j.id)!.status === 'running').length, 8);
    service.dispose();
  });

  it('never runs more moves from a host than its limit; all end verified on the destination', async () => {
    const { clock, hv, service, moveAll, history } = setup(6, 0, 2);
    const { jobs } = moveAll();
    await runFor(clock, 500);
    assert.equal(service.queuePosition(jobs[5]!.id), 4, 'two run, the sixth waits behind three');
    await runFor(clock, 40_000);
    assert.equal(hv.peak.get('HV-A'), 2);
    for (const j of jobs) {
      const end = service.job(j.id)!;
      assert.equal(end.status, 'succeeded', end.error);
      assert.equal(end.finalLocation?.host, 'HV-C');
      assert.deepEqual(end.finalLocation?.diskPaths, [`D:\\Disks\\${end.vm.name}.vhdx`]);
    }
    await service.flushed();
    assert.equal(history.saved.filter((r) => r.status === 'succeeded').length, 6, 'history holds every finished move');
    service.dispose();
  });

  it('a freed slot is used at once: the next tick comes when a job is expected to end, not a full interval later', async () => {
    const { clock, hv, service, moveAll } = setup(3, 0, 1);
    const { jobs } = moveAll();
    await runFor(clock, 31_000, 50);
    const starts = hv.moves.map((m) => m.job.startMs - hv.moves[0]!.job.startMs);
    assert.equal(starts.length, 3);
    // 10 s per move; each next start within half a second of the slot freeing.
    assert.ok(starts[1]! - 10_000 < 500 && starts[2]! - 20_000 < 1000, `starts at ${starts.join(', ')}`);
    assert.ok(jobs.every((j) => service.job(j.id)!.status === 'succeeded'));
    service.dispose();
  });

  it('cancel: a queued move never reaches the host; a running one is terminated and ends cancelled where it was', async () => {
    const { clock, hv, service, moveAll } = setup(3, 0, 1);
    const { jobs } = moveAll();
    await runFor(clock, 1000);
    await service.cancel(jobs[2]!.id);
    assert.equal(service.job(jobs[2]!.id)!.status, 'cancelled');
    await service.cancel(jobs[0]!.id);
    await runFor(clock, 3000);
    const first = service.job(jobs[0]!.id)!;
    assert.equal(first.status, 'cancelled');
    assert.equal(first.finalLocation?.host, 'HV-A');
    await runFor(clock, 12_000);
    assert.equal(service.job(jobs[1]!.id)!.status, 'succeeded');
    assert.equal(
      hv.moves.filter((m) => m.job.vmId === jobs[2]!.vm.id).length,
      0,
      'the cancelled queued move never started',
    );
    service.dispose();
  });

  it('a move someone else runs on the host holds one of its slots', async () => {
    const { clock, hv, service, moveAll } = setup(3, 0, 2);
    // Another console's move on HV-A, 10 s long, not ours.
    hv.vms.set('other', { host: 'HV-A', state: 'Running', disks: [] });
    hv.moves.push({
      job: {
        instanceId: 'OTHER',
        vmId: 'other',
        jobType: 305,
        migrationType: 32768,
        jobState: 4,
        percent: 0,
        errorCode: 0,
        startMs: clock.now(),
        startTime: new Date(clock.now()).toISOString(),
      },
      source: 'HV-A',
      destination: 'HV-B',
      cancelled: false,
    });
    moveAll();
    await runFor(clock, 5000);
    assert.equal(
      hv.moves.filter((m) => m.job.jobState === 4 && m.job.instanceId !== 'OTHER').length,
      1,
      'only one of ours beside the foreign move',
    );
    await runFor(clock, 30_000);
    assert.equal(hv.moves.filter((m) => m.job.jobState === 7).length, 4);
    service.dispose();
  });

  it('forgets finished moves on request (the panel\'s "Clear finished"), keeps running ones, and saves that', async () => {
    const { clock, service, history, moveAll } = setup(3, 0, 1);
    const { jobs } = moveAll();
    await runFor(clock, 14_000);
    assert.equal(service.job(jobs[0]!.id)!.status, 'succeeded');
    assert.ok(service.jobs().some((j) => j.status === 'running' || j.status === 'queued'));
    let cleared = 0;
    service.onDidClear(() => cleared++);
    await service.clearFinished();
    assert.equal(cleared, 1);
    assert.ok(
      service.jobs().every((j) => j.status !== 'succeeded'),
      'no finished move left',
    );
    assert.ok(service.job(jobs[2]!.id), 'the queued one stays');
    assert.deepEqual(
      history.saved.map((j) => j.id).sort(),
      service
        .jobs()
        .map((j) => j.id)
        .sort(),
    );
    service.dispose();
  });

  it('after a reload, history is shown at once and in-flight moves are followed again only once, however often restore runs', async () => {
    const first = setup(1, 0, 1);
    const { jobs } = first.moveAll();
    await runFor(first.clock, 1000);
    assert.equal(first.service.job(jobs[0]!.id)!.status, 'running');
    await first.service.flushed();
    first.service.dispose();
    // The window reloads: same hosts, same history.
    const later = new MigrationService({
      ownerId: 'window-1',
      runner: () => first.hv,
      target: (name) => Promise.resolve({ connection: { name, transport: 'ssh' } }),
      topology: () => ({ hosts: [] }),
      history: first.history,
      clock: first.clock,
      pollIntervalMs: 2000,
      minPollIntervalMs: 200,
    });
    const loaded = await later.loadHistory();
    assert.deepEqual(
      loaded.map((j) => j.id),
      [jobs[0]!.id],
    );
    assert.equal(later.job(jobs[0]!.id)!.status, 'running', 'history is there before any host is asked');
    first.hv.requests.length = 0;
    await later.loadHistory();
    assert.equal(first.hv.requests.length, 0, 'loading history asks no host');
    const resumed = await later.restore(['HV-A']);
    const again = await later.restore(['HV-A']);
    assert.deepEqual(
      resumed.map((j) => j.id),
      [jobs[0]!.id],
    );
    assert.deepEqual(again, [], 'the second restore follows nothing twice');
    await runFor(first.clock, 15_000);
    assert.equal(later.job(jobs[0]!.id)!.status, 'succeeded');
    later.dispose();
  });
});
