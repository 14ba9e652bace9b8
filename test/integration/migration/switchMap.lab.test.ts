// The preflight's switch fix end to end over SSH against the lab: a VM with two adapters both named "Network
// Adapter", on switches the destination lacks, moves with each adapter connected to its own chosen switch (by Id,
// through Connect-VMNetworkAdapter on the planned VM); and a clustered VM's storage moves onto another cluster
// shared volume without -AllowUnverifiedPaths. The truth is read back from the lab's own state.
import { strict as assert } from 'node:assert';
import type { MigrationService } from '../../../src/app/migration/migrationService';
import type { MoveRequest } from '../../../src/core/migration/model';
import { mayStart, type PreflightFix } from '../../../src/core/migration/preflight';
import { withChosenSwitch } from '../../../src/core/migration/view/switchChoice';
import { startMigrationLab, type MigrationLab } from './harness';

type ChooseSwitch = Extract<PreflightFix, { kind: 'chooseSwitch' }>;

describe('switch mapping and clustered storage moves in the lab over SSH', function () {
  this.timeout(600_000);
  let m: MigrationLab;
  let service: MigrationService;

  before(async () => {
    m = await startMigrationLab('switchmap');
    service = m.service();
  });
  after(async () => {
    await m?.stop();
  });

  const ref = (name: string) => {
    const v = m.vm(name);
    return { id: v.id, name: v.name, host: v.host };
  };
  /** Each adapter of a VM as the lab's own state holds it: MAC → switch. */
  const labAdapters = (vm: string) =>
    m.lab.pwsh<{ mac: string; switchName: string }[]>(
      `@(Get-LabState | ForEach-Object { $_.VMs } | Where-Object { $_.Name -eq '${vm}' } | ForEach-Object { $_.Adapters } | ForEach-Object { [pscustomobject]@{ mac = [string]$_.MacAddress; switchName = [string]$_.SwitchName } })`,
    );

  it('two default-named adapters on missing switches: each ends on its own chosen switch at the destination', async () => {
    await m.refresh();
    const before = await labAdapters('nic2-01');
    assert.deepEqual(before.map((a) => `${a.mac}:${a.switchName}`).sort(), [
      '00155D0A0001:vSwitch-DMZ',
      '00155D0A0002:vSwitch-Storage',
    ]);
    let request: MoveRequest = {
      vm: ref('nic2-01'),
      destination: { type: 'host', host: 'HV-B' },
      storage: { mode: 'folder', path: 'E:\\VMs\\nic2-01' },
    };

    const first = await service.preflight(m.plan(request));
    const fixes = first.items.flatMap((i) => (i.fix?.kind === 'chooseSwitch' ? [i.fix] : []));
    assert.equal(fixes.length, 2, JSON.stringify(first.items));
    const byMac = (mac: string): ChooseSwitch => fixes.find((f) => f.macAddress === mac)!;
    assert.equal(byMac('00155D0A0001').missingSwitch, 'vSwitch-DMZ');
    assert.equal(byMac('00155D0A0002').missingSwitch, 'vSwitch-Storage');
    assert.notEqual(byMac('00155D0A0001').adapterId, byMac('00155D0A0002').adapterId);
    assert.deepEqual([...byMac('00155D0A0001').choices].sort(), ['vSwitch-Back', 'vSwitch-Front', 'vSwitch-Prod']);

    request = withChosenSwitch(request, byMac('00155D0A0001'), 'vSwitch-Front');
    request = withChosenSwitch(request, byMac('00155D0A0002'), 'vSwitch-Back');
    const plan = m.plan(request);
    const report = await service.preflight(plan);
    // The lab has no Active Directory: the Kerberos delegation check can only warn.
    assert.equal(mayStart(report, true), true, JSON.stringify(report.items));

    const job = await service.whenDone(service.start(plan, { preflight: report, acceptWarnings: true }).id);
    assert.equal(job.status, 'succeeded', `${job.status} ${job.error ?? ''}`);
    const vm = await m.labVm('nic2-01');
    assert.equal(vm.host, 'HV-B');
    assert.equal(vm.state, 'Running');
    const after = await labAdapters('nic2-01');
    assert.deepEqual(after.map((a) => `${a.mac}:${a.switchName}`).sort(), [
      '00155D0A0001:vSwitch-Front',
      '00155D0A0002:vSwitch-Back',
    ]);
    assert.equal(await m.labCount('nic2-01'), 1);
  });

  it('a clustered VM moves its storage onto another cluster shared volume, the host verifying the path', async () => {
    await m.refresh();
    const job = await service.whenDone(
      service.start(
        m.plan({
          vm: ref('cl-01'),
          destination: { type: 'sameHost' },
          storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume2\\cl-01' },
        }),
      ).id,
    );
    assert.equal(job.status, 'succeeded', `${job.status} ${job.error ?? ''}`);
    const vm = await m.labVm('cl-01');
    assert.deepEqual(vm.disks, ['C:\\ClusterStorage\\Volume2\\cl-01\\cl-01.vhdx']);
    assert.equal(vm.clustered, true);
  });
});
