// The local PowerShell killed (kill -9) at every phase, while a request is on its way: the start (after the host ran
// Move-VM, and before), a progress poll, the verification, the role removal, the give-back, the roll-back. Lab latency
// on the host makes each request last long enough to be cut in the middle.
import { MemoryHistoryStore } from '../../../src/app/migration/historyStore';
import type { MigrationService } from '../../../src/app/migration/migrationService';
import type { MoveRequest } from '../../../src/core/migration/model';
import { aboutVm, type Drills, type Expected } from './drillKit';

const slowMs = 1000;

async function withLatency<T>(d: Drills, hosts: readonly string[], work: () => Promise<T>): Promise<T> {
  for (const h of hosts) await d.m.lab.setLatency(slowMs, h);
  try {
    return await work();
  } finally {
    for (const h of hosts) await d.m.lab.setLatency(0, h);
  }
}

/** Kills the local PowerShell a moment after the next request of `script` about the VM went out. */
function killDuring(d: Drills, script: string, vmId: string, when: () => boolean = () => true, afterMs = 300): void {
  d.runner.before(script, () => void setTimeout(() => d.killPwsh(), afterMs), aboutVm(vmId, when));
}

async function move(
  d: Drills,
  vm: string,
  request: MoveRequest,
  arm: (s: MigrationService, id: () => string) => void,
  expected: Expected,
): Promise<void> {
  const s = d.service(new MemoryHistoryStore());
  let id = '';
  arm(s, () => id);
  id = s.start(d.m.plan(request)).id;
  await d.check(await s.whenDone(id), vm, expected);
}

export function killDrills(get: () => Drills): void {
  describe('the local PowerShell killed at every phase', () => {
    it('during the start, after the host ran Move-VM: followed, not sent again', async () => {
      const d = get();
      const request = await d.request(
        'k-start1',
        { type: 'host', host: 'HV-B' },
        { mode: 'folder', path: 'E:\\VMs\\k-start1' },
      );
      await withLatency(d, ['HV-A'], () =>
        move(
          d,
          'k-start1',
          request,
          () =>
            d.runner.before(
              'migration-start-move.ps1',
              () => {
                void (async () => {
                  while (!(await d.m.labCalls('k-start1')).length) await new Promise((r) => setTimeout(r, 50));
                  d.killPwsh();
                })();
              },
              aboutVm(request.vm.id),
            ),
          { status: 'succeeded', host: 'HV-B', clustered: false, calls: ['Move-VM@HV-A'] },
        ),
      );
    });

    it('during the start, at once: whatever the host did, Move-VM is received once and the move ends', async () => {
      const d = get();
      const request = await d.request(
        'k-start2',
        { type: 'host', host: 'HV-B' },
        { mode: 'folder', path: 'E:\\VMs\\k-start2' },
      );
      await withLatency(d, ['HV-A'], () =>
        move(d, 'k-start2', request, () => killDuring(d, 'migration-start-move.ps1', request.vm.id, () => true, 100), {
          status: 'succeeded',
          host: 'HV-B',
          clustered: false,
          calls: ['Move-VM@HV-A'],
        }),
      );
    });

    it('while it runs (during a progress poll)', async () => {
      const d = get();
      const request = await d.request(
        'k-run',
        { type: 'host', host: 'HV-B' },
        { mode: 'folder', path: 'E:\\VMs\\k-run' },
      );
      const s = d.service(new MemoryHistoryStore());
      const job = s.start(d.m.plan(request));
      await d.until(s, job.id, (j) => j.percent > 0);
      d.killPwsh();
      await d.check(await s.whenDone(job.id), 'k-run', {
        status: 'succeeded',
        host: 'HV-B',
        clustered: false,
        calls: ['Move-VM@HV-A'],
      });
    });

    it('while verifying', async () => {
      const d = get();
      const request = await d.request(
        'k-verify',
        { type: 'host', host: 'HV-B' },
        { mode: 'folder', path: 'E:\\VMs\\k-verify' },
      );
      await withLatency(d, ['HV-A', 'HV-B'], () =>
        move(
          d,
          'k-verify',
          request,
          (s, id) => killDuring(d, 'migration-locate-vm.ps1', request.vm.id, () => s.job(id())?.status === 'verifying'),
          {
            status: 'succeeded',
            host: 'HV-B',
            clustered: false,
            calls: ['Move-VM@HV-A'],
          },
        ),
      );
    });

    it('while removing the cluster role', async () => {
      const d = get();
      const request = await d.request(
        'k-remove',
        { type: 'host', host: 'HV-B' },
        { mode: 'folder', path: 'D:\\VMs\\k-remove' },
      );
      await withLatency(d, ['A-N1'], () =>
        move(d, 'k-remove', request, () => killDuring(d, 'cluster-remove-role.ps1', request.vm.id), {
          status: 'succeeded',
          host: 'HV-B',
          clustered: false,
          calls: ['Remove-ClusterGroup@A-N1', 'Move-VM@A-N1'],
        }),
      );
    });

    it('while giving the role at the destination', async () => {
      const d = get();
      const request = await d.request(
        'k-giveback',
        { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' },
        { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\k-giveback' },
      );
      await withLatency(d, ['B-N1'], () =>
        move(d, 'k-giveback', request, () => killDuring(d, 'cluster-add-role.ps1', request.vm.id), {
          status: 'succeeded',
          host: 'B-N1',
          clustered: true,
          calls: ['Move-VM@HV-A', 'Add-ClusterVirtualMachineRole@B-N1'],
        }),
      );
    });

    it('while rolling back', async () => {
      const d = get();
      await d.m.lab.addFault('NetworkDrop', { host: 'A-N2', atPercent: 30 });
      try {
        const request = await d.request(
          'k-rollback',
          { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' },
          { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\k-rollback' },
        );
        await withLatency(d, ['A-N2'], () =>
          move(
            d,
            'k-rollback',
            request,
            (s, id) =>
              killDuring(d, 'cluster-add-role.ps1', request.vm.id, () => s.job(id())?.status === 'rollingBack'),
            {
              status: 'failed',
              host: 'A-N2',
              clustered: true,
              group: 'k-rollback',
              calls: ['Remove-ClusterGroup@A-N2', 'Move-VM@A-N2', 'Add-ClusterVirtualMachineRole@A-N2'],
            },
          ),
        );
      } finally {
        await d.m.lab.clearFaults();
      }
    });
  });
}
