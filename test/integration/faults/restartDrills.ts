// A restart of the service at every phase (the window reloads: the service is disposed, a new one restores from the
// same history and carries on): queued, starting, running, verifying, removing the role, rolling back, giving back.
import { MemoryHistoryStore } from '../../../src/app/migration/historyStore';
import type { MigrationService } from '../../../src/app/migration/migrationService';
import type { MoveRequest } from '../../../src/core/migration/model';
import { aboutVm, type Drills, type Expected } from './drillKit';

/**
 * Starts the move in a first service; `arm` sets the moment it dies (it returns a promise that resolves once the
 * first service is gone); a second service of the same window restores and must end as expected.
 */
async function restartAt(
  d: Drills,
  vm: string,
  request: MoveRequest,
  arm: (first: MigrationService, id: () => string) => Promise<void>,
  expected: Expected,
): Promise<void> {
  const history = new MemoryHistoryStore();
  const first = d.service(history);
  let id = '';
  const gone = arm(first, () => id);
  id = first.start(d.m.plan(request)).id;
  await gone;
  await first.flushed();
  const second = d.service(history);
  await second.restore(d.m.hosts);
  await d.check(await second.whenDone(id), vm, expected);
}

/** Dies just before the next request of `script` about the VM goes out (it still goes out: the host gets it). */
function diesBefore(
  d: Drills,
  script: string,
  vmId: string,
  when: (first: MigrationService, id: string) => boolean = () => true,
) {
  return (first: MigrationService, id: () => string) =>
    new Promise<void>((resolve) => {
      d.runner.before(
        script,
        () => {
          first.dispose();
          resolve();
        },
        aboutVm(vmId, () => when(first, id())),
      );
    });
}

export function restartDrills(get: () => Drills): void {
  describe('a restart of the service at every phase', () => {
    it('queued: it starts after the restart, once', async () => {
      const d = get();
      const history = new MemoryHistoryStore();
      const first = d.service(history);
      const blocker = first.start(
        d.m.plan(
          await d.request('q-block2', { type: 'host', host: 'HV-B' }, { mode: 'folder', path: 'E:\\VMs\\q-block2' }),
        ),
      );
      const job = first.start(
        d.m.plan(
          await d.request('r-queued', { type: 'host', host: 'HV-B' }, { mode: 'folder', path: 'E:\\VMs\\r-queued' }),
        ),
      );
      await d.until(first, blocker.id, (j) => j.hostJobId !== undefined);
      await first.flushed();
      first.dispose();
      const second = d.service(history);
      await second.restore(d.m.hosts);
      await second.cancel(blocker.id);
      await d.check(await second.whenDone(job.id), 'r-queued', {
        status: 'succeeded',
        host: 'HV-B',
        clustered: false,
        calls: ['Move-VM@HV-Q'],
      });
      await d.check(await second.whenDone(blocker.id), 'q-block2', {
        status: 'cancelled',
        host: 'HV-Q',
        clustered: false,
        calls: ['Move-VM@HV-Q'],
      });
    });

    it('starting: the start that went out is found on the host, not sent again', async () => {
      const d = get();
      const request = await d.request(
        'r-start',
        { type: 'host', host: 'HV-B' },
        { mode: 'folder', path: 'E:\\VMs\\r-start' },
      );
      await restartAt(d, 'r-start', request, diesBefore(d, 'migration-start-move.ps1', request.vm.id), {
        status: 'succeeded',
        host: 'HV-B',
        clustered: false,
        calls: ['Move-VM@HV-A'],
      });
    });

    it('running: followed again to its end', async () => {
      const d = get();
      const request = await d.request(
        'r-run',
        { type: 'host', host: 'HV-B' },
        { mode: 'folder', path: 'E:\\VMs\\r-run' },
      );
      const arm = async (first: MigrationService, id: () => string): Promise<void> => {
        await Promise.resolve(); // the job exists from here on
        await d.until(first, id(), (j) => j.percent > 0);
        first.dispose();
      };
      await restartAt(d, 'r-run', request, arm, {
        status: 'succeeded',
        host: 'HV-B',
        clustered: false,
        calls: ['Move-VM@HV-A'],
      });
    });

    it('verifying: verified again', async () => {
      const d = get();
      const request = await d.request(
        'r-verify',
        { type: 'host', host: 'HV-B' },
        { mode: 'folder', path: 'E:\\VMs\\r-verify' },
      );
      await restartAt(
        d,
        'r-verify',
        request,
        diesBefore(d, 'migration-locate-vm.ps1', request.vm.id, (first, id) => first.job(id)?.status === 'verifying'),
        {
          status: 'succeeded',
          host: 'HV-B',
          clustered: false,
          calls: ['Move-VM@HV-A'],
        },
      );
    });

    it('removing the role: the removal is read from the cluster, not sent twice', async () => {
      const d = get();
      const request = await d.request(
        'r-remove',
        { type: 'host', host: 'HV-B' },
        { mode: 'folder', path: 'D:\\VMs\\r-remove' },
      );
      await restartAt(d, 'r-remove', request, diesBefore(d, 'cluster-remove-role.ps1', request.vm.id), {
        status: 'succeeded',
        host: 'HV-B',
        clustered: false,
        calls: ['Remove-ClusterGroup@A-N1', 'Move-VM@A-N1'],
      });
    });

    it('rolling back: the role is back under its own name, given back once', async () => {
      const d = get();
      await d.m.lab.pwsh(
        `Use-LabState { param($State) ($State.Vms | Where-Object Name -eq 'r-rollback').ClusterGroupName = 'R Rollback Role' }`,
      );
      await d.m.lab.addFault('NetworkDrop', { host: 'A-N2', atPercent: 30 });
      try {
        const request = await d.request(
          'r-rollback',
          { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N2' },
          { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\r-rollback' },
        );
        await restartAt(
          d,
          'r-rollback',
          request,
          diesBefore(d, 'cluster-add-role.ps1', request.vm.id, (first, id) => first.job(id)?.status === 'rollingBack'),
          {
            status: 'failed',
            host: 'A-N2',
            clustered: true,
            group: 'R Rollback Role',
            calls: ['Remove-ClusterGroup@A-N2', 'Move-VM@A-N2', 'Add-ClusterVirtualMachineRole@A-N2'],
          },
        );
      } finally {
        await d.m.lab.clearFaults();
      }
    });

    it('giving back: the role at the destination is found, not added twice', async () => {
      const d = get();
      const request = await d.request(
        'r-giveback',
        { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N2' },
        { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\r-giveback' },
      );
      await restartAt(d, 'r-giveback', request, diesBefore(d, 'cluster-add-role.ps1', request.vm.id), {
        status: 'succeeded',
        host: 'B-N2',
        clustered: true,
        calls: ['Move-VM@HV-A', 'Add-ClusterVirtualMachineRole@B-N2'],
      });
    });
  });
}
