// Moves between hosts known by address or FQDN: the plan names hosts by identity (so every step's host is reachable),
// Move-VM is told the destination's own FQDN (which the source resolves), the move is followed and verified under the
// identities, a move found running on a host after a reload is followed under them too, and restore does not throw.
import * as assert from 'node:assert/strict';
import { adoptHostJobs } from '../../../src/app/migration/hostJobAdoption';
import { MemoryHistoryStore } from '../../../src/app/migration/historyStore';
import { MigrationService } from '../../../src/app/migration/migrationService';
import { reachedAs } from '../../../src/core/inventory/hostIdentity';
import type { HostInventory } from '../../../src/core/inventory/inventory';
import { planMove } from '../../../src/core/migration/rules';
import type { MigrationTopology } from '../../../src/core/migration/topology';
import type { HostTarget } from '../../../src/contract/hostRunner';
import { inventory, vm } from '../core/fixtures';
import { disk, GB } from './estate';
import { flush } from './executorWorld';
import { FakeClock } from './fakeClock';
import { FakeHosts } from './fakeHosts';

function host(identity: string, computer: string, vms: ReturnType<typeof vm>[]): HostInventory {
  const inv = inventory(computer, vms);
  return reachedAs(
    {
      ...inv,
      host: {
        ...inv.host,
        fullyQualifiedDomainName: `${computer.toLowerCase()}.lab.local`,
        memoryCapacityBytes: 256 * GB,
        virtualMachinePath: 'D:\\Hyper-V',
        virtualHardDiskPath: 'D:\\Hyper-V\\Virtual Hard Disks',
      },
    },
    identity,
  );
}

describe('moves between hosts added by address or FQDN', () => {
  const web = vm('web-01', 'HV-EAST', { disks: [disk('D:\\VMs\\web-01\\web-01.vhdx')], path: 'D:\\VMs\\web-01' });
  const app = vm('app-01', 'HV-WEST', { disks: [disk('D:\\VMs\\app-01\\app-01.vhdx')], path: 'D:\\VMs\\app-01' });
  const topology: MigrationTopology = {
    hosts: [host('127.0.0.11', 'HV-EAST', [web]), host('hv-west.lab.local', 'HV-WEST', [app])],
  };
  const known = new Set(topology.hosts.map((h) => h.host.name));

  function setup() {
    const clock = new FakeClock();
    const hosts = new FakeHosts(clock, 3_000);
    hosts.add({
      id: web.id,
      name: web.name,
      host: '127.0.0.11',
      state: 'Running',
      disks: web.disks.map((d) => d.path),
      clustered: false,
    });
    hosts.add({
      id: app.id,
      name: app.name,
      host: 'hv-west.lab.local',
      state: 'Running',
      disks: app.disks.map((d) => d.path),
      clustered: false,
    });
    // What HV-EAST's DNS makes of the names it may be told.
    hosts.dns.set('hv-west.lab.local', 'hv-west.lab.local');
    hosts.dns.set('hv-east.lab.local', '127.0.0.11');
    const targets: string[] = [];
    // The inventory's resolver: only configured identities are reachable.
    const target = (name: string): Promise<HostTarget> => {
      targets.push(name);
      return known.has(name)
        ? Promise.resolve({ connection: { name, transport: 'ssh' } })
        : Promise.reject(new Error(`No configured connection reaches ${name}.`));
    };
    const history = new MemoryHistoryStore();
    const service = (): MigrationService =>
      new MigrationService({
        ownerId: 'w',
        runner: () => hosts,
        target,
        topology: () => topology,
        history,
        clock,
        pollIntervalMs: 500,
        minPollIntervalMs: 100,
      });
    const runFor = async (ms: number): Promise<void> => {
      for (let t = 0; t < ms; t += 100) {
        clock.advance(100);
        await flush();
      }
    };
    return { hosts, targets, history, service, runFor };
  }

  it("moves each way between the address entry and the FQDN entry: Move-VM is told the destination's FQDN, never the address", async () => {
    const w = setup();
    const s = w.service();
    const there = planMove(
      {
        vm: { id: web.id, name: web.name, host: '127.0.0.11' },
        destination: { type: 'host', host: 'hv-west.lab.local' },
      },
      topology,
    );
    const back = planMove(
      {
        vm: { id: app.id, name: app.name, host: 'hv-west.lab.local' },
        destination: { type: 'host', host: '127.0.0.11' },
      },
      topology,
    );
    assert.ok(there.ok && back.ok, JSON.stringify([there, back]));
    const jobs = [s.start(there.plan), s.start(back.plan)];
    await w.runFor(8_000);
    for (const j of jobs) assert.equal(s.job(j.id)!.status, 'succeeded', s.job(j.id)!.error);
    assert.deepEqual(
      jobs.map((j) => s.job(j.id)!.finalLocation?.host),
      ['hv-west.lab.local', '127.0.0.11'],
    );
    assert.deepEqual(
      w.hosts.requests
        .filter((r) => r.script === 'migration-start-move.ps1')
        .map((r) => [r.host, r.parameters.DestinationHost]),
      [
        ['127.0.0.11', 'hv-west.lab.local'],
        ['hv-west.lab.local', 'hv-east.lab.local'],
      ],
    );
    assert.deepEqual(
      [...new Set(w.targets)].sort(),
      ['127.0.0.11', 'hv-west.lab.local'],
      'every request went to a configured identity',
    );
    assert.deepEqual(
      [w.hosts.vms.get(web.id)!.host, w.hosts.vms.get(app.id)!.host],
      ['hv-west.lab.local', '127.0.0.11'],
    );
    s.dispose();
  });

  it('after a reload, restore carries on a move whose start was on its way between them, without throwing and without sending it twice', async () => {
    const w = setup();
    const first = w.service();
    const p = planMove(
      {
        vm: { id: web.id, name: web.name, host: '127.0.0.11' },
        destination: { type: 'host', host: 'hv-west.lab.local' },
      },
      topology,
    );
    assert.ok(p.ok);
    // A reload while the start was on its way: the host did it, the answer never came; the record is all that is left.
    w.hosts.rule({ script: 'migration-start-move.ps1', vanish: true });
    const job = first.start(p.plan);
    await w.runFor(300);
    await first.flushed();
    first.dispose();
    const second = w.service();
    const resumed = await second.restore(topology.hosts.map((h) => h.host.name));
    assert.deepEqual(
      resumed.map((j) => j.id),
      [job.id],
    );
    await w.runFor(20_000);
    const end = second.job(job.id)!;
    assert.equal(end.status, 'succeeded', end.error);
    assert.equal(w.hosts.count('migration-start-move.ps1'), 1, 'the start the reload interrupted is never sent twice');
    assert.equal(w.hosts.vms.get(web.id)!.host, 'hv-west.lab.local');
    second.dispose();
  });

  it("a move found running names its destination as the source was told (the FQDN): followed under that host's identity", () => {
    const [adopted] = adoptHostJobs({
      hosts: [
        {
          host: '127.0.0.11',
          jobs: [
            {
              instanceId: 'J1',
              vmId: web.id,
              jobType: 306,
              migrationType: 32771,
              jobState: 4,
              percent: 40,
              errorCode: 0,
              destinationHost: 'HV-WEST.lab.local',
            },
          ],
        },
      ],
      topology,
      knownHostJobs: new Set(),
      busyVms: new Set(),
      newId: () => 'adopted-1',
      now: '2026-01-01T00:00:00.000Z',
    });
    assert.equal(adopted?.destinationHost, 'hv-west.lab.local');
    assert.equal(adopted?.sourceHost, '127.0.0.11');
  });
});
