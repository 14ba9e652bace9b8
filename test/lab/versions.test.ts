// Hosts of each Windows Server version, over real PowerShell remoting with the product's own engine and scripts:
// a 2019 cluster (before the September 2022 update) has no cluster limit and the product says so, a 2022 cluster
// with the update pushes its limit into its nodes, a 2016 host refuses the 2019-era adapter settings and the
// product reads its queue pairs, and the cmdlets refuse what the real ones refuse. The lab's own state is checked.
import { strict as assert } from 'node:assert';
import { hostParameters, setAdapterAcceleration } from '../../src/core/acceleration/operations/setAcceleration';
import { describeSettings } from '../../src/core/migration/view/describeSettings';
import { getMigrationSettings, setMigrationSettings } from '../../src/core/migration/operations/migrationSettings';
import { removeClusterRole } from '../../src/core/migration/operations/clusterRole';
import type { HostOperation } from '../../src/contract/hostOperation';
import { getInventory } from '../../src/core/inventory/operations/getInventory';
import type { HostErrorInfo, HostTarget } from '../../src/contract/hostRunner';
import { createPowerShellEngine, type PowerShellEngine } from '../../src/engine';
import { PWSH, startLab, type Lab } from '../support/lab';

const node = (name: string, address: string, os: string, maximumVirtualMachineMigrations: number) => ({
  name,
  address,
  os,
  migration: {
    enabled: true,
    maximumVirtualMachineMigrations,
    maximumStorageMigrations: 2,
    authenticationType: 'Kerberos',
    useAnyNetwork: true,
  },
  volumes: [{ path: 'C:\\', sizeGB: 300, freeGB: 200 }],
  switches: [{ name: 'vSwitch-Prod', switchType: 'External' }],
});
const clusteredVm = (name: string, host: string) => ({
  name,
  host,
  state: 'Running',
  version: '8.0',
  memoryStartupGB: 2,
  clustered: true,
  path: `C:\\ClusterStorage\\Volume1\\${name}`,
  disks: [{ path: `C:\\ClusterStorage\\Volume1\\${name}\\${name}.vhdx`, sizeGB: 40, fileSizeGB: 10 }],
  adapters: [{ name: 'Network Adapter', switchName: 'vSwitch-Prod' }],
});
const topology = {
  lab: { migrationBandwidthMBps: 1000, latencyMs: 0 },
  hosts: [
    node('OLD-N1', '127.0.0.31', '2019', 1),
    node('OLD-N2', '127.0.0.32', '2019', 3),
    node('NEW-N1', '127.0.0.41', '2022', 5),
    node('NEW-N2', '127.0.0.42', '2022', 5),
    node('HV-2016', '127.0.0.51', '2016', 2),
  ],
  clusters: [
    {
      name: 'CLU-OLD',
      address: '127.0.0.30',
      nodes: ['OLD-N1', 'OLD-N2'],
      sharedVolumes: [{ name: 'Cluster Disk 1', path: 'C:\\ClusterStorage\\Volume1' }],
    },
    {
      name: 'CLU-NEW',
      address: '127.0.0.40',
      nodes: ['NEW-N1', 'NEW-N2'],
      maximumParallelMigrations: 2,
      sharedVolumes: [{ name: 'Cluster Disk 1', path: 'C:\\ClusterStorage\\Volume1' }],
    },
  ],
  vms: [
    clusteredVm('old-vm-01', 'OLD-N1'),
    clusteredVm('new-vm-01', 'NEW-N1'),
    {
      name: 'v16-vm-01',
      host: 'HV-2016',
      state: 'Running',
      version: '8.0',
      memoryStartupGB: 2,
      path: 'C:\\VMs\\v16-vm-01',
      disks: [{ path: 'C:\\VMs\\v16-vm-01\\v16-vm-01.vhdx', sizeGB: 40, fileSizeGB: 10 }],
      adapters: [{ name: 'Network Adapter', switchName: 'vSwitch-Prod' }],
    },
  ],
};

/** A test-only script sent like a bundled one: values travel as parameters. */
function adhoc<R = unknown>(name: string, text: string, parameters: Record<string, string> = {}): HostOperation<R> {
  // Some change state (a cluster group removal): never sent twice.
  return { script: { name, text }, parameters, idempotent: false, parse: (v) => v as R };
}

describe('lab hosts of each Windows Server version, read by the product', function () {
  this.timeout(900_000);
  let lab: Lab;
  let engine: PowerShellEngine;
  const target = (host: string): HostTarget => ({ connection: lab.connectionFor(host) });
  const one = <R>(op: HostOperation<R>, host: string): Promise<R> =>
    engine.runOne(op, target(host), { timeoutMs: 300_000 });
  const failure = async (op: HostOperation<unknown>, host: string): Promise<HostErrorInfo> => {
    const [r] = await engine.run(op, [target(host)], { timeoutMs: 300_000 });
    assert.ok(r && !r.ok, `${op.script.name} on ${host} should fail`);
    return r.error;
  };
  const vmId = (name: string): Promise<string> =>
    lab.pwsh<string>(`(Get-LabState).Vms | Where-Object Name -eq '${name}' | ForEach-Object Id`);

  before(async () => {
    lab = await startLab({ topology });
    engine = createPowerShellEngine({ powershellPath: PWSH });
  });

  after(async () => {
    await engine?.dispose();
    await lab?.stop();
  });

  it('a 2019 cluster has no MaximumParallelMigrations: its nodes keep their own limits, and the settings say "no cluster limit"', async () => {
    const probe = adhoc<{ has: boolean; own: number }>(
      'probe-cluster.ps1',
      "$c = Get-Cluster; [pscustomobject]@{ has = [bool]$c.PSObject.Properties['MaximumParallelMigrations']; own = [int](Get-VMHost).MaximumVirtualMachineMigrations }",
    );
    assert.deepEqual(await one(probe, 'OLD-N1'), { has: false, own: 1 });
    assert.deepEqual(
      await one(probe, 'NEW-N1'),
      { has: true, own: 2 },
      'the updated cluster pushes its limit into the node',
    );

    const old1 = await one(getMigrationSettings(), 'OLD-N1');
    const old2 = await one(getMigrationSettings(), 'OLD-N2');
    assert.deepEqual(
      [old1.cluster, old1.clusterMaximumParallelMigrations, old1.maximumVirtualMachineMigrations],
      ['CLU-OLD', undefined, 1],
    );
    assert.equal(old2.maximumVirtualMachineMigrations, 3);
    assert.match(describeSettings(old1), /no cluster limit \(cluster CLU-OLD has no MaximumParallelMigrations\)/);
    const new1 = await one(getMigrationSettings(), 'NEW-N1');
    assert.deepEqual(
      [new1.cluster, new1.clusterMaximumParallelMigrations, new1.maximumVirtualMachineMigrations],
      ['CLU-NEW', 2, 2],
    );

    const inv = await one(getInventory(), 'OLD-N1');
    assert.equal(inv.cluster?.name, 'CLU-OLD');
    assert.equal(inv.cluster?.maximumParallelMigrations, undefined, 'the inventory reads no cluster limit, not 0');
    assert.equal((await one(getInventory(), 'NEW-N2')).cluster?.maximumParallelMigrations, 2);
  });

  it("a 2019 node's own limit is what the product sets and what the lab's queue uses; a 2022 node stays at its cluster's", async () => {
    const after = await one(setMigrationSettings({ maximumVirtualMachineMigrations: 4 }), 'OLD-N1');
    assert.equal(after.maximumVirtualMachineMigrations, 4);
    const newAfter = await one(setMigrationSettings({ maximumVirtualMachineMigrations: 6 }), 'NEW-N1');
    assert.equal(newAfter.maximumVirtualMachineMigrations, 2, 'the cluster limit wins over Set-VMHost');
    const limits = await lab.pwsh<number[]>(
      "'OLD-N1', 'NEW-N1' | ForEach-Object { $s = Get-LabState; [HvLab.LabEngine]::MaxLive($s, [HvLab.LabEngine]::FindHost($s, $_)) }",
    );
    assert.deepEqual(limits, [4, 2]);
  });

  it('a 2016 host refuses the 2019-era adapter settings at binding, takes -VmmqQueuePairs, and the product reads its queue pairs', async () => {
    const id = await vmId('v16-vm-01');
    const refuse = adhoc(
      'set-vrss.ps1',
      'param($Id) Get-VM -Id $Id | Get-VMNetworkAdapter | Set-VMNetworkAdapter -VrssMinQueuePairs 2',
      { Id: id },
    );
    const e = await failure(refuse, 'HV-2016');
    assert.match(e.fullyQualifiedErrorId ?? '', /^NamedParameterNotFound,/);
    assert.match(e.message, /parameter name 'VrssMinQueuePairs'/);

    const inv = await one(getInventory(), 'HV-2016');
    const adapter = inv.vms.find((v) => v.name === 'v16-vm-01')!.adapters[0]!;
    assert.equal(adapter.vmmqQueuePairs, 16, 'read from VmmqQueuePairsRequested');
    const op = setAdapterAcceleration();
    const [r] = await engine.run(
      op,
      [
        {
          ...target('HV-2016'),
          parameters: hostParameters([{ vmId: id, adapterId: adapter.id!, change: { vmmqQueuePairs: 8 } }]),
        },
      ],
      { timeoutMs: 300_000 },
    );
    assert.ok(r?.ok, r && !r.ok ? r.error.message : 'no result');
    const [result] = r.value;
    assert.equal(result?.error, undefined);
    assert.equal(result?.readBack?.settings.vmmqQueuePairs, 8);
    const inLab = await lab.pwsh<number>(
      "((Get-LabState).Vms | Where-Object Name -eq 'v16-vm-01').Adapters[0].VrssMaxQueuePairs",
    );
    assert.equal(inLab, 8);
  });

  it('Remove-ClusterGroup without -Force asks, which fails in a remote session and removes nothing; the product passes -Force', async () => {
    const id = await vmId('new-vm-01');
    const ask = adhoc('remove-group.ps1', 'param($Id) Remove-ClusterGroup -VMId $Id -RemoveResources', { Id: id });
    const e = await failure(ask, 'NEW-N1');
    assert.ok(e.kind === 'command', `${e.kind}: ${e.message}`);
    assert.equal(
      await lab.pwsh<boolean>(`[bool]((Get-LabState).Vms | Where-Object Name -eq 'new-vm-01').Clustered`),
      true,
      'the role is still there',
    );

    const removed = await one(removeClusterRole(id), 'NEW-N1');
    assert.equal(removed.isClustered, false);
    assert.equal(
      await lab.pwsh<boolean>(`[bool]((Get-LabState).Vms | Where-Object Name -eq 'new-vm-01').Clustered`),
      false,
    );
    assert.equal(
      await lab.pwsh<string>(`((Get-LabState).Vms | Where-Object Name -eq 'new-vm-01').Host`),
      'NEW-N1',
      'the VM stays registered where it was',
    );
  });

  it('Get-VM -Id $null is refused instead of answering every VM', async () => {
    const e = await failure(adhoc('get-vm-null.ps1', 'Get-VM -Id $null'), 'OLD-N1');
    assert.match(e.fullyQualifiedErrorId ?? '', /^ParameterArgumentValidationError/);
  });
});
