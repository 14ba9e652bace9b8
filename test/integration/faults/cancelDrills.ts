// Cancel at every phase: queued, starting (the start on its way), running, during the role removal, during the
// give-back. The VM stays where it was (with its role under its own name), or, once at the destination, the move is
// finished as planned.
import { strict as assert } from 'node:assert';
import { MemoryHistoryStore } from '../../../src/app/migration/historyStore';
import { aboutVm, statusIs, type Drills } from './drillKit';

export function cancelDrills(get: () => Drills): void {
  describe('cancel at every phase', () => {
    it('queued: never reaches the host', async () => {
      const d = get();
      const s = d.service(new MemoryHistoryStore());
      const blocker = s.start(
        d.m.plan(
          await d.request('q-block1', { type: 'host', host: 'HV-B' }, { mode: 'folder', path: 'E:\\VMs\\q-block1' }),
        ),
      );
      const job = s.start(
        d.m.plan(
          await d.request('c-queued', { type: 'host', host: 'HV-B' }, { mode: 'folder', path: 'E:\\VMs\\c-queued' }),
        ),
      );
      await d.until(s, blocker.id, (j) => j.hostJobId !== undefined);
      assert.equal(s.job(job.id)!.status, 'queued', 'the host takes one move at a time');
      await s.cancel(job.id);
      await s.cancel(blocker.id);
      await d.check(await s.whenDone(job.id), 'c-queued', {
        status: 'cancelled',
        host: 'HV-Q',
        clustered: false,
        calls: [],
      });
      await d.check(await s.whenDone(blocker.id), 'q-block1', {
        status: 'cancelled',
        host: 'HV-Q',
        clustered: false,
        calls: ['Move-VM@HV-Q'],
      });
    });

    it('starting: the cancel reaches the host as soon as its job is known', async () => {
      const d = get();
      const s = d.service(new MemoryHistoryStore());
      const request = await d.request(
        'c-start',
        { type: 'host', host: 'HV-B' },
        { mode: 'folder', path: 'E:\\VMs\\c-start' },
      );
      let id = '';
      // The user clicks Cancel while the start request is on its way to the host.
      d.runner.before('migration-start-move.ps1', () => s.cancel(id), aboutVm(request.vm.id));
      id = s.start(d.m.plan(request)).id;
      await d.check(await s.whenDone(id), 'c-start', {
        status: 'cancelled',
        host: 'HV-A',
        clustered: false,
        calls: ['Move-VM@HV-A'],
      });
    });

    it('running: terminated on the host', async () => {
      const d = get();
      const s = d.service(new MemoryHistoryStore());
      const job = s.start(
        d.m.plan(await d.request('c-run', { type: 'host', host: 'HV-B' }, { mode: 'folder', path: 'E:\\VMs\\c-run' })),
      );
      await d.until(s, job.id, (j) => j.percent > 0);
      await s.cancel(job.id);
      await d.check(await s.whenDone(job.id), 'c-run', {
        status: 'cancelled',
        host: 'HV-A',
        clustered: false,
        calls: ['Move-VM@HV-A'],
      });
    });

    it('during the role removal: the role is given back under its own name', async () => {
      const d = get();
      await d.m.lab.pwsh(
        `Use-LabState { param($State) ($State.Vms | Where-Object Name -eq 'c-remove').ClusterGroupName = 'C Remove Role' }`,
      );
      const s = d.service(new MemoryHistoryStore());
      const request = await d.request(
        'c-remove',
        { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' },
        { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\c-remove' },
      );
      let id = '';
      d.runner.before('cluster-remove-role.ps1', () => s.cancel(id), aboutVm(request.vm.id));
      id = s.start(d.m.plan(request)).id;
      await d.check(await s.whenDone(id), 'c-remove', {
        status: 'cancelled',
        host: 'A-N1',
        clustered: true,
        group: 'C Remove Role',
        calls: ['Remove-ClusterGroup@A-N1', 'Add-ClusterVirtualMachineRole@A-N1'],
      });
    });

    it('during the give-back: too late, the move is finished as planned (a role at the destination)', async () => {
      const d = get();
      const s = d.service(new MemoryHistoryStore());
      const request = await d.request(
        'c-giveback',
        { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' },
        { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\c-giveback' },
      );
      let id = '';
      d.runner.before('cluster-add-role.ps1', () => s.cancel(id), aboutVm(request.vm.id));
      id = s.start(d.m.plan(request)).id;
      const end = await d.until(s, id, statusIs('succeeded', 'failed', 'cancelled'));
      await d.check(end, 'c-giveback', {
        status: 'succeeded',
        host: 'B-N1',
        clustered: true,
        calls: ['Move-VM@HV-A', 'Add-ClusterVirtualMachineRole@B-N1'],
      });
    });
  });
}
