// 30 migrations queued from one host through the real engine over SSH: the host never has more than its limit of
// moves at once (none ever waits queued on the host itself), and all of them end verified on the destination.
import { strict as assert } from 'node:assert';
import { startMigrationLab, type MigrationLab } from './harness';

describe('the per-source-host queue against the lab', function () {
  this.timeout(1_200_000);
  let m: MigrationLab;
  before(async () => {
    m = await startMigrationLab('queue');
  });
  after(async () => {
    await m?.stop();
  });

  it('30 queued migrations from one host never exceed its limit of 2', async () => {
    const service = m.service();
    const vms = m.topology().hosts.find((h) => h.host.name === 'HV-Q')!.vms;
    assert.equal(vms.length, 30);
    const { jobs, refused } = service.startMany(
      vms.map((v) => ({
        vm: { id: v.id, name: v.name, host: v.host },
        destination: { type: 'host' as const, host: 'HV-B' },
        storage: { mode: 'folder' as const, path: `E:\\VMs\\${v.name}` },
      })),
    );
    assert.deepEqual(refused, []);
    // The lab's own view, sampled while the queue drains: moves from HV-Q that are running or queued on the host.
    const samples: { running: number; queuedOnHost: number }[] = [];
    let done = false;
    const all = Promise.all(jobs.map((j) => service.whenDone(j.id))).finally(() => {
      done = true;
    });
    while (!done) {
      samples.push(
        await m.lab.pwsh<{ running: number; queuedOnHost: number }>(
          `$ms = @(Get-LabState | ForEach-Object { $_.Migrations } | Where-Object { $_.SourceHost -eq 'HV-Q' }); [pscustomobject]@{ running = @($ms | Where-Object { $_.Status -eq 'Running' }).Count; queuedOnHost = @($ms | Where-Object { $_.Status -eq 'Queued' }).Count }`,
        ),
      );
      // A pause between samples: back to back, the state copies took a core from the moves they watch.
      if (!done) await new Promise((r) => setTimeout(r, 200));
    }
    const ends = await all;
    assert.ok(samples.length >= 5, `sampled ${samples.length} times`);
    assert.ok(
      samples.some((s) => s.running === 2),
      'the limit was used',
    );
    assert.ok(
      samples.every((s) => s.running <= 2),
      `at most 2 at once: ${JSON.stringify(samples.map((s) => s.running))}`,
    );
    assert.ok(
      samples.every((s) => s.queuedOnHost === 0),
      'the product never left a move waiting on the host',
    );
    for (const e of ends) assert.equal(e.status, 'succeeded', `${e.vm.name}: ${e.error ?? ''}`);
    const onDest = await m.lab.pwsh<number>(
      `@(Get-LabState | ForEach-Object { $_.VMs } | Where-Object { $_.Host -eq 'HV-B' }).Count`,
    );
    assert.equal(onDest, 30);
  });
});
