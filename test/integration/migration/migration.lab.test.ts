// The migration engine through the real PowerShell engine over SSH against the lab: every kind of move ends with the
// VM on the destination in the state it had and its disks at the chosen paths; faults, cancel and failed silo moves
// leave the VM where it was; the truth is read back from the lab's own state.
import { strict as assert } from 'node:assert';
import { MemoryHistoryStore } from '../../../src/app/migration/historyStore';
import type { MigrationService } from '../../../src/app/migration/migrationService';
import type { MigrationJob, MoveRequest } from '../../../src/core/migration/model';
import { startMigrationLab, type MigrationLab } from './harness';

describe('migrations in the lab over SSH', function () {
  this.timeout(900_000);
  let m: MigrationLab;
  let service: MigrationService;

  before(async () => {
    m = await startMigrationLab('migration');
    service = m.service();
  });
  after(async () => {
    await m?.stop();
  });

  const ref = (name: string) => {
    const v = m.vm(name);
    return { id: v.id, name: v.name, host: v.host };
  };

  async function move(request: MoveRequest): Promise<MigrationJob> {
    await m.refresh();
    const plan = m.plan(request);
    const job = service.start(plan);
    return service.whenDone(job.id);
  }

  function ok(job: MigrationJob): void {
    assert.equal(job.status, 'succeeded', `${job.vm.name}: ${job.status} ${job.error ?? ''}`);
  }

  describe('each kind of migration', () => {
    it('shared-nothing into a folder: running on the destination, disks in that folder', async () => {
      const job = await move({
        vm: ref('web-01'),
        destination: { type: 'host', host: 'HV-B' },
        storage: { mode: 'folder', path: 'E:\\VMs\\web-01' },
      });
      ok(job);
      assert.deepEqual(await m.labVm('web-01'), {
        host: 'HV-B',
        state: 'Running',
        clustered: false,
        disks: ['E:\\VMs\\web-01\\web-01.vhdx'],
      });
      assert.equal(job.finalLocation?.host, 'HV-B');
    });

    it("shared-nothing of an Off VM to the destination's default paths: Off there, disks in its default VHD folder", async () => {
      ok(await move({ vm: ref('web-02'), destination: { type: 'host', host: 'HV-B' } }));
      assert.deepEqual(await m.labVm('web-02'), {
        host: 'HV-B',
        state: 'Off',
        clustered: false,
        disks: ['D:\\Hyper-V\\Virtual Hard Disks\\web-02.vhdx'],
      });
    });

    it('shared-nothing disk by disk, keeping the source copies', async () => {
      const v = m.vm('app-01');
      ok(
        await move({
          vm: ref('app-01'),
          destination: { type: 'host', host: 'HV-B' },
          storage: {
            mode: 'perDisk',
            virtualMachinePath: 'D:\\VMs\\app-01',
            disks: [{ source: v.disks[0]!.path, destination: 'E:\\Disks\\app-01.vhdx' }],
          },
          retainSourceCopies: true,
        }),
      );
      assert.deepEqual(await m.labVm('app-01'), {
        host: 'HV-B',
        state: 'Running',
        clustered: false,
        disks: ['E:\\Disks\\app-01.vhdx'],
      });
    });

    it('storage migration to an SMB 3.0 share: same host, disks on the share', async () => {
      ok(
        await move({
          vm: ref('sto-01'),
          destination: { type: 'sameHost' },
          storage: { mode: 'folder', path: '\\\\FS01\\VMs\\sto-01' },
        }),
      );
      assert.deepEqual(await m.labVm('sto-01'), {
        host: 'HV-A',
        state: 'Running',
        clustered: false,
        disks: ['\\\\FS01\\VMs\\sto-01\\sto-01.vhdx'],
      });
    });

    it('clustered live migration between nodes', async () => {
      ok(await move({ vm: ref('sql-01'), destination: { type: 'clusterNode', cluster: 'CLU-A', node: 'A-N2' } }));
      const after = await m.labVm('sql-01');
      assert.equal(after.host, 'A-N2');
      assert.equal(after.clustered, true);
      assert.equal(after.state, 'Running');
    });

    it('standalone host → cluster: moved onto the CSV and made a role there, step by step', async () => {
      const job = await move({
        vm: ref('st-01'),
        destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' },
        storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\st-01' },
      });
      ok(job);
      assert.deepEqual(
        job.steps.map((s) => `${s.action}:${s.status}`),
        ['moveVm:done', 'addClusterRole:done'],
      );
      assert.deepEqual(await m.labVm('st-01'), {
        host: 'B-N1',
        state: 'Running',
        clustered: true,
        disks: ['C:\\ClusterStorage\\Volume1\\st-01\\st-01.vhdx'],
      });
    });

    it('cluster → another cluster: role removed, moved, role added at the destination cluster', async () => {
      const job = await move({
        vm: ref('sql-03'),
        destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N2' },
        storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\sql-03' },
      });
      ok(job);
      assert.deepEqual(
        job.steps.map((s) => `${s.action}:${s.status}`),
        ['removeClusterRole:done', 'moveVm:done', 'addClusterRole:done'],
      );
      assert.deepEqual(await m.labVm('sql-03'), {
        host: 'B-N2',
        state: 'Running',
        clustered: true,
        disks: ['C:\\ClusterStorage\\Volume1\\sql-03\\sql-03.vhdx'],
      });
    });

    it('cluster → standalone host: no longer a role, running on the host', async () => {
      ok(
        await move({
          vm: ref('sql-04'),
          destination: { type: 'host', host: 'HV-B' },
          storage: { mode: 'folder', path: 'D:\\VMs\\sql-04' },
        }),
      );
      assert.deepEqual(await m.labVm('sql-04'), {
        host: 'HV-B',
        state: 'Running',
        clustered: false,
        disks: ['D:\\VMs\\sql-04\\sql-04.vhdx'],
      });
    });
  });

  describe('failures leave the VM where it was', () => {
    afterEach(async () => {
      await m.lab.clearFaults();
    });

    it("a network drop mid-migration: job failed with the host's text, VM on the source and running, nothing duplicated", async () => {
      await m.lab.addFault('NetworkDrop', { host: 'HV-A', atPercent: 40 });
      const job = await move({
        vm: ref('big-01'),
        destination: { type: 'host', host: 'HV-B' },
        storage: { mode: 'folder', path: 'E:\\VMs\\big-01' },
      });
      assert.equal(job.status, 'failed');
      assert.match(job.error ?? '', /0x80072746|forcibly closed/);
      assert.equal(job.finalLocation?.host, 'HV-A');
      assert.deepEqual(await m.labVm('big-01'), {
        host: 'HV-A',
        state: 'Running',
        clustered: false,
        disks: ['D:\\Hyper-V\\big-01\\big-01.vhdx'],
      });
      assert.equal(await m.labCount('big-01'), 1);
    });

    it('a cluster → cluster move whose move fails gives the role back on the source cluster', async () => {
      await m.lab.addFault('NetworkDrop', { host: 'A-N1', atPercent: 30 });
      const job = await move({
        vm: ref('sql-02'),
        destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' },
        storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\sql-02' },
      });
      assert.equal(job.status, 'failed');
      assert.match(job.error ?? '', /role was put back/);
      assert.deepEqual(
        job.steps.map((s) => `${s.action}:${s.status}`),
        ['removeClusterRole:done', 'moveVm:failed', 'addClusterRole:skipped'],
      );
      const after = await m.labVm('sql-02');
      assert.deepEqual([after.host, after.state, after.clustered], ['A-N1', 'Running', true]);
      assert.equal(await m.labCount('sql-02'), 1);
    });

    it('cancel: the running move is terminated on the host, the VM stays on the source running', async () => {
      await m.refresh();
      const job = service.start(
        m.plan({
          vm: ref('big-02'),
          destination: { type: 'host', host: 'HV-B' },
          storage: { mode: 'folder', path: 'E:\\VMs\\big-02' },
        }),
      );
      await new Promise<void>((resolve) => {
        const sub = service.onDidChange((j) => {
          if (j.id === job.id && j.percent >= 5) {
            sub.dispose();
            resolve();
          }
        });
      });
      await service.cancel(job.id);
      const end = await service.whenDone(job.id);
      assert.equal(end.status, 'cancelled', end.error);
      assert.deepEqual(await m.labVm('big-02'), {
        host: 'HV-A',
        state: 'Running',
        clustered: false,
        disks: ['D:\\Hyper-V\\big-02\\big-02.vhdx'],
      });
      assert.equal(await m.labCount('big-02'), 1);
    });
  });

  describe('what a failed move leaves behind', () => {
    afterEach(async () => {
      await m.lab.clearFaults();
    });

    it('a failed cluster → cluster move gives the role back under its own name, by VM Id, each step sent once', async () => {
      await m.lab.pwsh(
        `Use-LabState { param($State) ($State.Vms | Where-Object Name -eq 'cl-01').ClusterGroupName = 'CL Role 01' }`,
      );
      await m.lab.addFault('NetworkDrop', { host: 'A-N2', atPercent: 30 });
      const job = await move({
        vm: ref('cl-01'),
        destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' },
        storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\cl-01' },
      });
      assert.equal(job.status, 'failed');
      assert.match(job.error ?? '', /role was put back/);
      const after = await m.labVm('cl-01');
      assert.deepEqual([after.host, after.state, after.clustered], ['A-N2', 'Running', true]);
      assert.equal(await m.labGroup('cl-01'), 'CL Role 01', "the role is back under the name it had, not the VM's");
      assert.deepEqual(await m.labCalls('cl-01'), [
        'Remove-ClusterGroup@A-N2',
        'Move-VM@A-N2',
        'Add-ClusterVirtualMachineRole@A-N2',
      ]);
      assert.equal(await m.labCount('cl-01'), 1);
    });

    it('a planned VM left on the destination: the failed move reports it, the next move fails on it, the preflight finds it and its fix removes it', async () => {
      await m.lab.addFault('NetworkDrop', { host: 'HV-A', atPercent: 40 });
      await m.lab.addFault('PlannedVmLeftover', { host: 'HV-B' });
      const request: MoveRequest = {
        vm: ref('lab-01'),
        destination: { type: 'host', host: 'HV-B' },
        storage: { mode: 'folder', path: 'E:\\VMs\\lab-01' },
      };
      const failed = await move(request);
      assert.equal(failed.status, 'failed');
      assert.match(failed.error ?? '', /planned VM of lab-01 was left on HV-B/);
      assert.deepEqual(await m.labPlanned('lab-01'), ['HV-B']);
      await m.lab.clearFaults();

      const again = await move(request);
      assert.equal(again.status, 'failed', 'Hyper-V refuses the next move while the planned VM is there');
      assert.match(again.error ?? '', /0x80071392/);

      const report = await service.preflight(m.plan(request));
      const item = report.items.find((i) => i.check === 'plannedVm');
      assert.equal(item?.severity, 'error');
      assert.equal(item?.fix?.kind, 'removePlannedVm');
      const removed = await service.removePlannedVm('HV-B', m.vm('lab-01').id);
      assert.deepEqual([removed.found, removed.removed], [true, true]);
      assert.deepEqual(await m.labPlanned('lab-01'), []);
      assert.equal(
        (await service.preflight(m.plan(request))).items.some((i) => i.check === 'plannedVm'),
        false,
      );
      ok(await move(request));
      assert.deepEqual(await m.labVm('lab-01'), {
        host: 'HV-B',
        state: 'Running',
        clustered: false,
        disks: ['E:\\VMs\\lab-01\\lab-01.vhdx'],
      });
      assert.equal(await m.labCount('lab-01'), 1);
    });
  });

  describe('after a reload', () => {
    it("a fresh tracker finds migrations already running (its own and others') and follows them to their end", async () => {
      await m.refresh();
      const store = new MemoryHistoryStore();
      const first = m.service({ history: store, ownerId: 'window-1' });
      const started = first.start(
        m.plan({
          vm: ref('re-01'),
          destination: { type: 'host', host: 'HV-B' },
          storage: { mode: 'folder', path: 'E:\\VMs\\re-01' },
        }),
      );
      // Another console starts a move we never planned.
      const adId = m.vm('ad-01').id;
      await m.lab.pwsh(
        `$null = Move-VM -VM (Get-VM -Id '${adId}') -DestinationHost 'HV-B' -IncludeStorage -DestinationStoragePath 'E:\\VMs\\ad-01' -AsJob`,
        { host: 'HV-A' },
      );
      await new Promise<void>((resolve) => {
        const sub = first.onDidChange((j) => {
          if (j.id === started.id && j.hostJobId) {
            sub.dispose();
            resolve();
          }
        });
      });
      await first.flushed();
      first.dispose(); // the window reloads: nothing of the first service survives but its history

      const second = m.service({ history: store, ownerId: 'window-1' });
      const found = await second.restore(m.hosts);
      const names = found.map((j) => j.vm.name).sort();
      assert.deepEqual(names, ['ad-01', 're-01']);
      assert.equal(found.find((j) => j.vm.name === 'ad-01')?.adopted, true);
      const ends = await Promise.all(found.map((j) => second.whenDone(j.id)));
      for (const e of ends) ok(e);
      assert.equal((await m.labVm('re-01')).host, 'HV-B');
      assert.equal((await m.labVm('ad-01')).host, 'HV-B');
      assert.ok(
        second.history().some((j) => j.id === started.id && j.status === 'succeeded'),
        'the restored record is the same job, now finished',
      );
    });
  });
});
