// When live migration is refused: the lab's quick migration (save, move the role, restore) seen through Get-VM on the
// hosts, and the product's quick migration of a clustered VM followed to its end; the truth read from the lab's state.
import { strict as assert } from 'node:assert';
import type { MigrationService } from '../../../src/app/migration/migrationService';
import { waitFor } from '../../support/poll';
import { startMigrationLab, type MigrationLab } from './harness';

describe('fallbacks when live migration is refused, in the lab', function () {
  this.timeout(600_000);
  let m: MigrationLab;
  let service: MigrationService;

  before(async () => {
    m = await startMigrationLab('fallbacks');
    service = m.service();
    // The destination node refuses live migrations (nothing listens on TCP 6600 there).
    await m.lab.pwsh('Disable-VMMigration', { host: 'F-N2' });
  });
  after(async () => {
    await m?.stop();
  });

  const ref = (name: string) => {
    const v = m.vm(name);
    return { id: v.id, name: v.name, host: v.host };
  };

  /** What Get-VM on both nodes says of the VM, as "host:state" (a node that does not hold it says nothing). */
  async function seenByNodes(name: string): Promise<string[]> {
    const seen = await m.lab.pwsh<string | string[] | null>(
      `Get-VM -ComputerName F-N1, F-N2 | Where-Object Name -eq '${name}' | ForEach-Object { "$($_.ComputerName):$($_.State)" }`,
      { host: 'F-N1' },
    );
    return seen === null ? [] : [seen].flat();
  }

  it("the lab's Move-ClusterVirtualMachineRole: Live is refused, Quick saves, moves the role, restores, and cannot be cancelled", async () => {
    const id = m.vm('quick-01').id;
    const live = m.lab.pwsh(`Move-ClusterVirtualMachineRole -VMId '${id}' -Node F-N2 -MigrationType Live`, {
      host: 'F-N1',
    });
    await assert.rejects(live, /actively refused it\. \(0x8007274D\)/);
    assert.deepEqual(await seenByNodes('quick-01'), ['F-N1:Running']);

    await m.lab.pwsh(`$null = Move-ClusterVirtualMachineRole -VMId '${id}' -Node F-N2 -MigrationType Quick -Wait 0`, {
      host: 'F-N1',
    });
    const cancel = m.lab.pwsh(`Move-ClusterVirtualMachineRole -VMId '${id}' -Cancel`, { host: 'F-N1' });
    await assert.rejects(cancel, /not in the correct state/);
    const sequence: string[] = [];
    await waitFor(
      'the quick migration to end',
      async () => {
        const seen = (await seenByNodes('quick-01')).join(' ');
        if (sequence[sequence.length - 1] !== seen) sequence.push(seen);
        return seen === 'F-N2:Running' ? true : undefined;
      },
      60_000,
      () => seenByNodes('quick-01').then((s) => s.join(' ')),
      150,
    );
    // 4 GB saved and read back at 400 MB/s: about 20 s, each phase lasting seconds, seen many times at this pace.
    assert.deepEqual(sequence, ['F-N1:Saving', 'F-N1:Saved', 'F-N2:Starting', 'F-N2:Running']);
    const after = await m.labVm('quick-01');
    assert.deepEqual([after.host, after.state, after.clustered], ['F-N2', 'Running', true]);
    assert.deepEqual(await m.labCalls('quick-01'), [
      'Move-ClusterVirtualMachineRole@F-N1',
      'Move-ClusterVirtualMachineRole@F-N1',
    ]);
  });

  it('the product: a quick migration of a clustered VM is followed to its end, Running on the new owner, sent once', async () => {
    await m.refresh();
    const plan = m.plan({
      vm: ref('quick-02'),
      destination: { type: 'clusterNode', cluster: 'CLU-F', node: 'F-N2' },
      clusterMigrationType: 'Quick',
    });
    const job = service.start(plan);
    const end = await service.whenDone(job.id);
    assert.equal(end.status, 'succeeded', end.error);
    assert.deepEqual(
      [end.finalLocation?.host, end.finalLocation?.state],
      ['F-N2', 'Running'],
      'the job records where the VM ended',
    );
    const after = await m.labVm('quick-02');
    assert.deepEqual([after.host, after.state, after.clustered], ['F-N2', 'Running', true]);
    assert.deepEqual(await m.labCalls('quick-02'), ['Move-ClusterVirtualMachineRole@F-N1']);
  });
});
