// A small world for the executor's unit tests: the estate's topology, scripted hosts holding its VMs, one shared
// history store, services built like a window builds them (same owner id = the same window after a reload).
import { MemoryHistoryStore } from '../../../src/app/migration/historyStore';
import { MigrationService, type MigrationServiceDeps } from '../../../src/app/migration/migrationService';
import type { MigrationPlan, MoveRequest } from '../../../src/core/migration/model';
import { planMove } from '../../../src/core/migration/rules';
import type { VmInfo } from '../../../src/core/inventory/inventory';
import { estate } from './estate';
import { FakeClock } from './fakeClock';
import { FakeHosts } from './fakeHosts';

/** Lets every pending promise chain run (the fake hosts answer at once). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 30; i++) await new Promise<void>((r) => setImmediate(r));
}

export function world(durationMs = 10_000) {
  const clock = new FakeClock();
  const hosts = new FakeHosts(clock, durationMs);
  const e = estate();
  for (const h of e.topology.hosts) {
    for (const v of h.vms)
      hosts.add({
        id: v.id,
        name: v.name,
        host: v.host,
        state: v.state,
        disks: v.disks.map((d) => d.path),
        clustered: v.isClustered,
        group: v.isClustered ? v.name : undefined,
      });
  }
  const history = new MemoryHistoryStore();
  const logs: string[] = [];
  const services: MigrationService[] = [];
  const service = (extra: Partial<MigrationServiceDeps> = {}): MigrationService => {
    const s = new MigrationService({
      ownerId: 'window-1',
      runner: () => hosts,
      target: (name) => Promise.resolve({ connection: { name, transport: 'ssh' } }),
      topology: () => e.topology,
      history,
      clock,
      pollIntervalMs: 2000,
      minPollIntervalMs: 200,
      timings: { settleMs: 5000, retryMs: 1000 },
      log: { info: (l) => logs.push(l), error: (l) => logs.push(`ERROR ${l}`) },
      ...extra,
    });
    services.push(s);
    return s;
  };
  const plan = (request: MoveRequest): MigrationPlan => {
    const p = planMove(request, e.topology);
    if (!p.ok) throw new Error(p.problems.map((x) => x.message).join('; '));
    return p.plan;
  };
  const ref = (v: VmInfo) => ({ id: v.id, name: v.name, host: v.host });
  const runFor = async (ms: number, step = 100): Promise<void> => {
    for (let t = 0; t < ms; t += step) {
      clock.advance(step);
      await flush();
    }
  };
  const end = () => {
    for (const s of services) s.dispose();
  };
  return { clock, hosts, e, history, logs, service, plan, ref, runFor, end };
}
