// Preflight, host migration settings and node maintenance through the real engine over SSH against the lab.
import { strict as assert } from 'node:assert';
import { HostMigrationSettingsService } from '../../../src/app/migration/hostMigrationSettingsService';
import { MaintenanceService } from '../../../src/app/migration/maintenanceService';
import type { MigrationService } from '../../../src/app/migration/migrationService';
import type { DrainProgress, MoveRequest } from '../../../src/core/migration/model';
import type { PreflightCheck, PreflightReport } from '../../../src/core/migration/preflight';
import { startMigrationLab, type MigrationLab } from './harness';

describe('preflight, settings and maintenance in the lab over SSH', function () {
  this.timeout(900_000);
  let m: MigrationLab;
  let service: MigrationService;
  let settings: HostMigrationSettingsService;

  before(async () => {
    m = await startMigrationLab('migration');
    service = m.service();
    settings = new HostMigrationSettingsService(() => m.engine, m.target, 120_000);
  });
  after(async () => {
    await m?.stop();
  });

  const ref = (name: string) => {
    const v = m.vm(name);
    return { id: v.id, name: v.name, host: v.host };
  };
  async function preflight(request: MoveRequest): Promise<PreflightReport> {
    await m.refresh();
    return service.preflight(m.plan(request));
  }
  function find(r: PreflightReport, check: PreflightCheck) {
    return r.items.filter((i) => i.check === check);
  }

  describe('preflight catches each listed problem', () => {
    it("missing switch (33012, with the destination's switches to choose from), configuration version and space, from one round trip per host", async () => {
      const r = await preflight({
        vm: ref('lab-01'),
        destination: { type: 'host', host: 'HV-OLD' },
        storage: { mode: 'folder', path: 'D:\\VMs\\lab-01' },
      });
      const sw = find(r, 'missingSwitch')[0];
      assert.equal(sw?.severity, 'error');
      const adapter = m.vm('lab-01').adapters[0]!;
      assert.deepEqual(sw?.fix, {
        kind: 'chooseSwitch',
        vmId: m.vm('lab-01').id,
        adapterId: adapter.id,
        adapterName: 'Network Adapter',
        macAddress: adapter.macAddress,
        missingSwitch: 'vSwitch-Lab',
        choices: ['vSwitch-Other'],
      });
      assert.match(find(r, 'configurationVersion')[0]?.reason ?? '', /10\.0/);
      assert.ok(
        r.items.some((i) => i.severity === 'error' && /space/i.test(i.reason)),
        JSON.stringify(r.items),
      );
    });

    it('a VM whose configuration version the destination does not support', async () => {
      const r = await preflight({
        vm: ref('v12-01'),
        destination: { type: 'host', host: 'HV-A' },
        storage: { mode: 'folder', path: 'E:\\VMs\\v12-01' },
      });
      assert.match(find(r, 'configurationVersion')[0]?.reason ?? '', /11\.0/);
    });

    it('live migration off on the destination, with the fix that turns it on; after the fix it is gone', async () => {
      await settings.change('HV-B', { migrationEnabled: false });
      const request: MoveRequest = {
        vm: ref('app-01'),
        destination: { type: 'host', host: 'HV-B' },
        storage: { mode: 'folder', path: 'E:\\VMs\\app-01' },
      };
      const r = await preflight(request);
      const off = find(r, 'migrationDisabled')[0];
      assert.deepEqual(off?.fix, { kind: 'enableMigration', host: 'HV-B' });
      await settings.enableMigration('HV-B');
      assert.deepEqual(find(await preflight(request), 'migrationDisabled'), []);
    });

    it('authentication: CredSSP over an SSH session blocks (it needs the move started on the source); Kerberos delegation is read from the directory', async () => {
      const request: MoveRequest = {
        vm: ref('app-01'),
        destination: { type: 'host', host: 'HV-B' },
        storage: { mode: 'folder', path: 'E:\\VMs\\app-01' },
      };
      // The directory grants the delegation: nothing to warn about on every move.
      assert.deepEqual(find(await preflight(request), 'delegation'), []);
      await m.lab.cli('plant', 'delegation-missing', '--host', 'HV-A', '--to', 'HV-B');
      try {
        const d = find(await preflight(request), 'delegation')[0];
        assert.equal(d?.severity, 'error', 'a missing delegation is read, not guessed');
        assert.match(d.fix?.kind === 'manual' ? d.fix.text : '', /Microsoft Virtual System Migration Service\/HV-B/);
        await m.lab.cli('plant', 'ad-unreachable', '--host', 'HV-A');
        assert.equal(
          find(await preflight(request), 'delegation')[0]?.severity,
          'warning',
          'no domain controller: said as unreadable',
        );
      } finally {
        await m.lab.cli('plant', 'clear');
      }
      await settings.change('HV-A', { authenticationType: 'CredSSP' });
      try {
        const credssp = await preflight(request);
        const a = find(credssp, 'authentication').find((i) => i.severity === 'error');
        assert.match(a?.reason ?? '', /0x8009030E/);
      } finally {
        await settings.change('HV-A', { authenticationType: 'Kerberos' });
      }
    });

    it('a destination folder on a volume the host does not have is an error; a volume it has is checked for space', async () => {
      const missing = await preflight({
        vm: ref('web-02'),
        destination: { type: 'sameHost' },
        storage: { mode: 'folder', path: 'Q:\\VMs\\web-02' },
      });
      const e = find(missing, 'destinationPath')[0];
      assert.equal(e?.severity, 'error', JSON.stringify(missing.items));
      assert.match(e.title, /has no volume Q:\\/);
      const present = await preflight({
        vm: ref('web-02'),
        destination: { type: 'sameHost' },
        storage: { mode: 'folder', path: 'E:\\VMs\\web-02' },
      });
      assert.deepEqual(
        present.items.filter((i) => i.check === 'destinationPath' || i.check === 'diskSpace'),
        [],
        JSON.stringify(present.items),
      );
      assert.ok((present.needs?.space[0]?.freeBytes ?? 0) > 0, 'the free space of E:\\ was read');
    });

    it('the same VM Id already on the destination', async () => {
      const id = m.vm('web-02').id;
      await m.lab.pwsh(
        `Use-LabState { param($State) $v = $State.Vms | Where-Object { $_.Id -eq '${id}' }; $c = [HvLab.LabVm]::new(); foreach ($p in $v.PSObject.Properties) { $c.($p.Name) = $p.Value }; $c.Host = 'HV-B'; $c.Name = 'web-02-stale'; $State.Vms.Add($c) }`,
      );
      try {
        const r = await preflight({
          vm: ref('web-02'),
          destination: { type: 'host', host: 'HV-B' },
          storage: { mode: 'folder', path: 'E:\\VMs\\web-02' },
        });
        assert.match(find(r, 'sameVmId')[0]?.reason ?? '', /web-02-stale/);
      } finally {
        await m.lab.pwsh(
          `Use-LabState { param($State) $null = $State.Vms.RemoveAll({ param($v) $v.Name -eq 'web-02-stale' }) }`,
        );
      }
    });

    it('a pass-through disk', async () => {
      const r = await preflight({
        vm: ref('pt-01'),
        destination: { type: 'host', host: 'HV-B' },
        storage: { mode: 'folder', path: 'E:\\VMs\\pt-01' },
      });
      assert.equal(find(r, 'passThroughDisk')[0]?.severity, 'error');
    });

    it('errors block the start; a clean move with warnings accepted starts', async () => {
      const bad = await preflight({
        vm: ref('lab-01'),
        destination: { type: 'host', host: 'HV-OLD' },
        storage: { mode: 'folder', path: 'D:\\VMs\\lab-01' },
      });
      assert.throws(() =>
        service.start(
          m.plan({
            vm: ref('lab-01'),
            destination: { type: 'host', host: 'HV-OLD' },
            storage: { mode: 'folder', path: 'D:\\VMs\\lab-01' },
          }),
          { preflight: bad, acceptWarnings: true },
        ),
      );
      const request: MoveRequest = {
        vm: ref('web-01'),
        destination: { type: 'host', host: 'HV-B' },
        storage: { mode: 'folder', path: 'E:\\VMs\\web-01' },
      };
      const good = await preflight(request);
      assert.deepEqual(
        good.items.filter((i) => i.severity === 'error'),
        [],
      );
      const job = service.start(m.plan(request), { preflight: good, acceptWarnings: true });
      assert.equal((await service.whenDone(job.id)).status, 'succeeded');
    });
  });

  describe('host migration settings', () => {
    it('round-trip: what is set is what the host then reports (and what the lab holds)', async () => {
      const before = await settings.get('HV-B');
      const after = await settings.change('HV-B', {
        maximumVirtualMachineMigrations: 3,
        maximumStorageMigrations: 4,
        authenticationType: 'CredSSP',
        performanceOption: 'SMB',
        useAnyNetworkForMigration: false,
        addNetworks: [{ subnet: '10.9.0.0/24', priority: 2 }],
      });
      const again = await settings.get('HV-B');
      assert.deepEqual(again, after);
      assert.deepEqual(
        { ...again, networks: [...again.networks] },
        {
          ...before,
          maximumVirtualMachineMigrations: 3,
          maximumStorageMigrations: 4,
          authenticationType: 'CredSSP',
          performanceOption: 'SMB',
          useAnyNetworkForMigration: false,
          networks: [...before.networks, { subnet: '10.9.0.0/24', priority: 2 }],
        },
      );
      const lab = await m.lab.pwsh<{ max: number; perf: string }>(
        `$h = Get-VMHost; [pscustomobject]@{ max = [int]$h.MaximumVirtualMachineMigrations; perf = [string]$h.VirtualMachineMigrationPerformanceOption }`,
        { host: 'HV-B' },
      );
      assert.deepEqual(lab, { max: 3, perf: 'SMB' });
      const back = await settings.change('HV-B', {
        maximumVirtualMachineMigrations: before.maximumVirtualMachineMigrations,
        maximumStorageMigrations: before.maximumStorageMigrations,
        authenticationType: before.authenticationType as 'Kerberos',
        performanceOption: before.performanceOption as 'Compression',
        useAnyNetworkForMigration: before.useAnyNetworkForMigration,
        removeNetworks: ['10.9.0.0/24'],
      });
      assert.deepEqual(back, before);
    });

    it('refuses an invalid change before anything is sent', async () => {
      await assert.rejects(
        settings.change('HV-B', { maximumStorageMigrations: 0, addNetworks: [{ subnet: '10.*' }] }),
        /whole number|not an address/,
      );
    });
  });

  describe('maintenance', () => {
    it("drains a cluster node (its roles leave, the node pauses) and resumes it, each role's row following its move both ways", async () => {
      await m.refresh();
      const maintenance = new MaintenanceService({
        runner: () => m.engine,
        target: m.target,
        topology: m.topology,
        migrations: service,
      });
      // Each update as the Migrations panel gets it: the drain's status and one "vm:status:percent" per role.
      const rows = (x: DrainProgress): Record<string, string> =>
        Object.fromEntries((x.moves ?? []).map((mv) => [mv.vmName, `${mv.status}:${mv.percent}`]));
      const updates: { status: string; running: number; rows: Record<string, string> }[] = [];
      const until = (status: string): Promise<void> =>
        new Promise((resolve) => {
          const sub = maintenance.onDidChangeDrain((x) => {
            if (x.node !== 'A-N1') return;
            updates.push({ status: x.status, running: x.migrationsRunning, rows: rows(x) });
            if (x.status === status) {
              sub.dispose();
              resolve();
            }
          });
        });
      const paused = until('paused');
      const p = await maintenance.drain('CLU-A', 'A-N1');
      assert.equal(p.status, 'draining');
      await paused;
      const trail = (): string => updates.map((u) => `${u.status} ${u.running} ${JSON.stringify(u.rows)}`).join('\n');
      // sql-02 (24 GB) takes seconds to leave: its row shows it going, not "waiting" until the end.
      assert.ok(
        updates.some((u) => u.status === 'draining' && /^moving:([1-9]|[1-9]\d)$/.test(u.rows['sql-02'] ?? '')),
        trail(),
      );
      assert.deepEqual(updates.at(-1)?.rows, { 'sql-01': 'moved:100', 'sql-02': 'moved:100', 'sql-04': 'moved:100' });
      const left = await m.lab.pwsh<number>(
        `@(Get-LabState | ForEach-Object { $_.VMs } | Where-Object { $_.Host -eq 'A-N1' }).Count`,
      );
      assert.equal(left, 0);

      updates.length = 0;
      const home = until('resumed');
      const resumed = await maintenance.resume('A-N1', 'Immediate');
      assert.equal(resumed.state, 'Up');
      assert.equal(updates[0]?.status, 'failingBack');
      assert.equal(updates[0]?.running, 3, 'three running roles come home by live migration');
      await home;
      // sql-01 (1 GB) is home in a moment while sql-02 still moves: its row says so then, not at the very end.
      assert.ok(
        updates.some(
          (u) =>
            u.status === 'failingBack' && u.rows['sql-01'] === 'moved:100' && u.rows['sql-02']?.startsWith('moving'),
        ),
        trail(),
      );
      assert.deepEqual(updates.at(-1), {
        status: 'resumed',
        running: 0,
        rows: { 'sql-01': 'moved:100', 'sql-02': 'moved:100', 'sql-04': 'moved:100' },
      });
      const hosts = await m.lab.pwsh<string>(
        `@(Get-LabState | ForEach-Object { $_.VMs } | Where-Object { $_.Name -like 'sql-0[124]' } | ForEach-Object { $_.Host }) -join ','`,
      );
      assert.equal(hosts, 'A-N1,A-N1,A-N1');
    });
  });
});
