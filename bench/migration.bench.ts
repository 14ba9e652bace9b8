// Figures of the migration issue, measured through the real engine over SSH against the lab:
//   poll_roundtrips_per_tick_8jobs_2hosts  host round trips per progress tick with 8 migrations running from 2 source
//                                          hosts (target 2: one request per tick, one query per source host)
//   evacuate_40_schedule_ratio             time to evacuate 40 VMs from a host with a limit of 2 ÷ the ideal schedule
//                                          of the lab's own migration durations on 2 slots (target ≤ 1.1)
//   drop_to_start_ms                       from a confirmed move (MigrationService.start, what the confirmation's
//                                          button calls) to the host reporting its migration job running, warm
//                                          (sessions open), with the product's default polling; median of 5
import { resolve } from 'node:path';
import { MemoryHistoryStore } from '../src/app/migration/historyStore';
import { MaintenanceService } from '../src/app/migration/maintenanceService';
import { MigrationService } from '../src/app/migration/migrationService';
import { isFinal } from '../src/core/migration/model';
import type { MigrationTopology } from '../src/core/migration/topology';
import type { HostInventory } from '../src/core/inventory/inventory';
import { getInventory } from '../src/core/inventory/operations/getInventory';
import type { HostRunner, HostTarget } from '../src/contract/hostRunner';
import { createPowerShellEngine } from '../src/engine';
import { PWSH, startLab } from '../test/support/lab';

/** Makespan of running these durations in this order on `slots` parallel slots, each starting when one frees. */
function listSchedule(durations: readonly number[], slots: number): number {
  const free = Array.from({ length: slots }, () => 0);
  for (const d of durations) {
    free.sort((a, b) => a - b);
    free[0]! += d;
  }
  return Math.max(...free);
}

export default async function migrationBench(): Promise<Record<string, number>> {
  const lab = await startLab({
    topology: resolve(__dirname, '..', 'test', 'integration', 'migration', 'topologies', 'bench.json'),
  });
  const savedPath = process.env.PATH;
  process.env.PATH = lab.clientEnv.PATH;
  const engine = createPowerShellEngine({ powershellPath: PWSH });
  try {
    const hosts = lab.hosts.map((h) => h.name);
    const target = (host: string): Promise<HostTarget> => Promise.resolve({ connection: lab.connectionFor(host) });
    const results = await engine.run(getInventory(), await Promise.all(hosts.map(target)), { timeoutMs: 600_000 });
    const topology: MigrationTopology = {
      hosts: results.map((r) => (r.ok ? r.value : undefined)).filter((x): x is HostInventory => x !== undefined),
    };
    if (topology.hosts.length !== hosts.length) throw new Error('inventory failed');
    const vmsOf = (h: string) => topology.hosts.find((x) => x.host.name === h)!.vms;
    const say = (text: string): boolean => process.stdout.write(`  ${new Date().toISOString()} ${text}\n`);
    say('inventory loaded');

    // ---- round trips per tick: 8 moves running from HV-P1 and HV-P2 (4 each, limit 4) ---------------------------
    const ticks: number[] = [];
    const polling = new MigrationService({
      runner: () => engine,
      target,
      topology: () => topology,
      history: new MemoryHistoryStore(),
      pollIntervalMs: 1000,
      minPollIntervalMs: 200,
      timeoutMs: 600_000,
      onTick: (h) => ticks.push(h.length),
    });
    const { jobs } = polling.startMany(
      [...vmsOf('HV-P1'), ...vmsOf('HV-P2')].map((v) => ({
        vm: { id: v.id, name: v.name, host: v.host },
        destination: { type: 'host' as const, host: 'HV-D' },
        storage: { mode: 'shared' as const },
      })),
    );
    say(`queued ${jobs.length} moves`);
    await new Promise<void>((res, rej) => {
      const sub = polling.onDidChange((j) => {
        if (isFinal(j.status)) rej(new Error(`${j.vm.name} ended ${j.status} before all 8 ran: ${j.error ?? ''}`));
        if (jobs.every((x) => polling.job(x.id)?.hostJobId)) {
          sub.dispose();
          res();
        }
      });
    });
    say('all 8 running');
    const from = ticks.length;
    while (ticks.length < from + 5) await new Promise((r) => setTimeout(r, 200));
    const measured = ticks.slice(from, from + 5);
    const roundTripsPerTick = measured.reduce((a, b) => a + b, 0) / measured.length;
    await Promise.all(jobs.map((j) => polling.cancel(j.id)));
    await Promise.all(jobs.map((j) => polling.whenDone(j.id)));
    polling.dispose();

    // ---- evacuation of 40 VMs from HV-E (limit 2) to HV-D ------------------------------------------------------
    const service = new MigrationService({
      runner: () => engine,
      target,
      topology: () => topology,
      history: new MemoryHistoryStore(),
      pollIntervalMs: 2000,
      minPollIntervalMs: 100,
      timeoutMs: 600_000,
    });
    const maintenance = new MaintenanceService({
      runner: () => engine,
      target,
      topology: () => topology,
      migrations: service,
    });
    const t0 = Date.now();
    const evac = maintenance.evacuate('HV-E', ['HV-D'], { mode: 'shared' });
    if (evac.jobs.length !== 40)
      throw new Error(`evacuation queued ${evac.jobs.length} moves: ${JSON.stringify(evac.refused)}`);
    const ends = await Promise.all(evac.jobs.map((j) => service.whenDone(j.id)));
    const elapsed = (Date.now() - t0) / 1000;
    const failed = ends.filter((e) => e.status !== 'succeeded');
    if (failed.length) throw new Error(`${failed.length} evacuation moves did not succeed: ${failed[0]!.error ?? ''}`);
    service.dispose();
    const dropToStart = await measureDropToStart(engine, target, topology, say);
    const durations = await lab.pwsh<number[]>(
      `@(Get-LabState | ForEach-Object { $_.Migrations } | Where-Object { $_.SourceHost -eq 'HV-E' } | Sort-Object Seq | ForEach-Object { [double]$_.DurationSeconds })`,
    );
    const ideal = listSchedule(durations, 2);
    process.stdout.write(
      `  evacuation: ${elapsed.toFixed(1)} s for 40 VMs, ideal ${ideal.toFixed(1)} s; ticks measured ${JSON.stringify(measured)}\n`,
    );
    return {
      poll_roundtrips_per_tick_8jobs_2hosts: roundTripsPerTick,
      evacuate_40_schedule_ratio: Number((elapsed / ideal).toFixed(3)),
      drop_to_start_ms: dropToStart,
    };
  } finally {
    process.env.PATH = savedPath;
    await engine.dispose();
    await lab.stop();
  }
}

/** Moves 5 of the evacuated VMs back one by one, timing start() → the host's job seen running. */
async function measureDropToStart(
  engine: HostRunner,
  target: (host: string) => Promise<HostTarget>,
  before: MigrationTopology,
  say: (text: string) => boolean,
): Promise<number> {
  const results = await engine.run(getInventory(), await Promise.all(before.hosts.map((h) => target(h.host.name))), {
    timeoutMs: 600_000,
  });
  const topology: MigrationTopology = {
    hosts: results.map((r) => (r.ok ? r.value : undefined)).filter((x): x is HostInventory => x !== undefined),
  };
  const service = new MigrationService({
    runner: () => engine,
    target,
    topology: () => topology,
    history: new MemoryHistoryStore(),
  });
  const vms = topology.hosts.find((h) => h.host.name === 'HV-D')!.vms.slice(0, 5);
  const times: number[] = [];
  for (const vm of vms) {
    const plan = service.plan({
      vm: { id: vm.id, name: vm.name, host: vm.host },
      destination: { type: 'host', host: 'HV-E' },
      storage: { mode: 'shared' },
    });
    if (!plan.ok) throw new Error(plan.problems.map((p) => p.message).join(' '));
    const t0 = performance.now();
    const job = service.start(plan.plan);
    await new Promise<void>((res, rej) => {
      const sub = service.onDidChange((j) => {
        if (j.id !== job.id) return;
        if (j.hostJobId) {
          sub.dispose();
          res();
        } else if (isFinal(j.status)) rej(new Error(`${vm.name} ended ${j.status} before running: ${j.error ?? ''}`));
      });
    });
    times.push(performance.now() - t0);
    await service.whenDone(job.id);
  }
  service.dispose();
  times.sort((a, b) => a - b);
  say(`drop to start: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  return Math.round(times[Math.floor(times.length / 2)]!);
}
