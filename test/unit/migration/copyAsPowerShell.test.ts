import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  drainScript,
  evacuationScript,
  hostSettingsScript,
  migrationScript,
  resumeScript,
} from '../../../src/core/migration/view/copyAsPowerShell';
import type { MigrationKind, MigrationPlan, MoveRequest, StoragePlacement } from '../../../src/core/migration/model';
import type { PlanStep } from '../../../src/core/migration/planSteps';
import { commentText, psEnum, psLiteral } from '../../../src/core/powershell/quote';
import { findPs51Violations } from '../../support/ps51';
import { havePwsh, hostileValues, parsePowerShell } from '../../support/psParse';

const vmId = '5f1c0e2a-0000-4000-8000-000000000001';

function plan(
  kind: MigrationKind,
  steps: PlanStep[],
  extra: Partial<MoveRequest> = {},
  rollback: PlanStep[] = [],
): MigrationPlan {
  return {
    kind,
    request: { vm: { id: vmId, name: 'web-01', host: 'HV-A' }, destination: { type: 'host', host: 'HV-B' }, ...extra },
    sourceHost: 'HV-A',
    destinationHost: 'HV-B',
    steps,
    rollback,
    slot: kind === 'storage' ? 'storage' : 'live',
    expectedState: 'Running',
  };
}

const moveVm = (storage: StoragePlacement, retainSourceCopies = false): PlanStep => ({
  action: 'moveVm',
  host: 'HV-A',
  destinationHost: 'HV-B',
  storage,
  retainSourceCopies,
});

/** The script's non-comment lines. */
function code(script: string): string[] {
  return script.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
}

describe('Copy as PowerShell: planned migrations', function () {
  this.timeout(60_000);

  it('says first where to run it: the source host', () => {
    const s = migrationScript(plan('sharedNothing', [moveVm({ mode: 'shared' })]));
    assert.match(s.split('\n')[0]!, /^# Run on HV-A \(the source host/);
    assert.ok(s.includes("$ErrorActionPreference = 'Stop'"));
  });

  it('shared-nothing: Move-VM of the VM found by Id, with each storage form', () => {
    const folder = migrationScript(plan('sharedNothing', [moveVm({ mode: 'folder', path: 'D:\\VMs\\web-01' }, true)]));
    assert.deepEqual(code(folder).slice(1), [
      `Move-VM -VM (Get-VM -Id '${vmId}') -DestinationHost 'HV-B' -IncludeStorage -DestinationStoragePath 'D:\\VMs\\web-01' -RetainVhdCopiesOnSource`,
    ]);
    const shared = migrationScript(plan('sharedNothing', [moveVm({ mode: 'shared' })]));
    assert.deepEqual(code(shared).slice(1), [
      `Move-VM -VM (Get-VM -Id '${vmId}') -DestinationHost 'HV-B' -IncludeStorage:$false`,
    ]);
    const perDisk = migrationScript(
      plan('sharedNothing', [
        moveVm({
          mode: 'perDisk',
          virtualMachinePath: 'D:\\VMs',
          snapshotFilePath: 'D:\\Snaps',
          disks: [
            { source: 'C:\\VMs\\d0.vhdx', destination: 'E:\\Disks\\d0.vhdx' },
            { source: 'C:\\VMs\\d1.vhdx', destination: 'F:\\d1.vhdx' },
          ],
        }),
      ]),
    );
    const line = code(perDisk)[1]!;
    assert.equal(
      line,
      `Move-VM -VM (Get-VM -Id '${vmId}') -DestinationHost 'HV-B' -VirtualMachinePath 'D:\\VMs' -SnapshotFilePath 'D:\\Snaps' ` +
        "-Vhds @(@{ SourceFilePath = 'C:\\VMs\\d0.vhdx'; DestinationFilePath = 'E:\\Disks\\d0.vhdx' }, @{ SourceFilePath = 'C:\\VMs\\d1.vhdx'; DestinationFilePath = 'F:\\d1.vhdx' })",
    );
    assert.doesNotMatch(line, /-IncludeStorage|-SmartPagingFilePath|-RetainVhdCopiesOnSource/);
    assert.doesNotMatch(perDisk, /-Name |-VMName /);
  });

  it('a switch map connects each adapter, by its Id, from the Compare-VM report, then moves from the report', () => {
    const s = migrationScript(
      plan('sharedNothing', [moveVm({ mode: 'folder', path: 'D:\\VMs' })], {
        switchMap: { 'Microsoft:VM\\A1': 'vSwitch-B' },
      }),
    );
    const lines = code(s).slice(1);
    assert.match(
      lines[0]!,
      /^\$report = Compare-VM -VM \(Get-VM -Id '[^']+'\) -DestinationHost 'HV-B' -IncludeStorage -DestinationStoragePath 'D:\\VMs'$/,
    );
    assert.match(
      lines[1]!,
      /MessageId -eq 33012 .*\$_\.Source\.Id -eq 'Microsoft:VM\\A1' .*Connect-VMNetworkAdapter -SwitchName 'vSwitch-B'/,
    );
    assert.equal(lines[2], '$report = Compare-VM -CompatibilityReport $report');
    assert.match(lines[3]!, /throw/);
    assert.equal(lines[4], 'Move-VM -CompatibilityReport $report');
  });

  it('storage: Move-VMStorage on the VM itself; the host verifies the paths (never -AllowUnverifiedPaths)', () => {
    const s = migrationScript(
      plan('storage', [
        {
          action: 'moveStorage',
          host: 'HV-A',
          storage: { mode: 'folder', path: '\\\\fs\\vms' },
          retainSourceCopies: true,
        },
      ]),
    );
    assert.deepEqual(code(s).slice(1), [
      `$vm = Get-VM -Id '${vmId}'`,
      "Move-VMStorage -VM $vm -DestinationStoragePath '\\\\fs\\vms' -RetainVhdCopiesOnSource",
    ]);
    assert.throws(
      () =>
        migrationScript(
          plan('storage', [
            { action: 'moveStorage', host: 'HV-A', storage: { mode: 'shared' }, retainSourceCopies: false },
          ]),
        ),
      /destination/,
    );
  });

  it('clustered: Move-ClusterVirtualMachineRole by VM Id to the node', () => {
    const s = migrationScript(
      plan('clustered', [{ action: 'moveClusterRole', host: 'HV-A', node: 'HV-B', migrationType: 'Live' }]),
    );
    assert.deepEqual(code(s).slice(1), [
      `Move-ClusterVirtualMachineRole -VMId '${vmId}' -Node 'HV-B' -MigrationType Live`,
    ]);
  });

  it('standalone → cluster: move, then the role added on the destination node through Invoke-Command', () => {
    const s = migrationScript(
      plan('standaloneToCluster', [
        moveVm({ mode: 'folder', path: 'C:\\ClusterStorage\\V1' }),
        { action: 'addClusterRole', host: 'HV-B', cluster: 'CL-B' },
      ]),
    );
    assert.deepEqual(code(s).slice(1), [
      `Move-VM -VM (Get-VM -Id '${vmId}') -DestinationHost 'HV-B' -IncludeStorage -DestinationStoragePath 'C:\\ClusterStorage\\V1'`,
      "Invoke-Command -ComputerName 'HV-B' -ScriptBlock {",
      "    $ErrorActionPreference = 'Stop'",
      `    $vm = Get-VM -Id '${vmId}'`,
      "    if (-not $vm.IsClustered) { $vm | Add-ClusterVirtualMachineRole -Name 'web-01' }",
      '}',
    ]);
    assert.match(s, /# Step 1 of 2: Move the VM to HV-B\n/);
    assert.match(s, /# Step 2 of 2: Make the VM a cluster role of cluster CL-B on HV-B\n/);
  });

  it('cluster → cluster: role removed keeping the VM, move (putting the role back if it fails), role added there', () => {
    const s = migrationScript(
      plan(
        'clusterToCluster',
        [
          { action: 'removeClusterRole', host: 'HV-A', cluster: 'CL-A' },
          moveVm({ mode: 'folder', path: 'C:\\ClusterStorage\\V2' }),
          { action: 'addClusterRole', host: 'HV-B', cluster: 'CL-B' },
        ],
        {},
        [{ action: 'addClusterRole', host: 'HV-A', cluster: 'CL-A' }],
      ),
    );
    assert.deepEqual(code(s).slice(1), [
      `Remove-ClusterGroup -VMId '${vmId}' -RemoveResources -Force`,
      'try {',
      `    Move-VM -VM (Get-VM -Id '${vmId}') -DestinationHost 'HV-B' -IncludeStorage -DestinationStoragePath 'C:\\ClusterStorage\\V2'`,
      '} catch {',
      `    $vm = Get-VM -Id '${vmId}'`,
      "    if (-not $vm.IsClustered) { $vm | Add-ClusterVirtualMachineRole -Name 'web-01' }",
      '    throw',
      '}',
      "Invoke-Command -ComputerName 'HV-B' -ScriptBlock {",
      "    $ErrorActionPreference = 'Stop'",
      `    $vm = Get-VM -Id '${vmId}'`,
      "    if (-not $vm.IsClustered) { $vm | Add-ClusterVirtualMachineRole -Name 'web-01' }",
      '}',
    ]);
  });

  it('evacuation: one heading for the source host, each plan in turn', () => {
    const a = plan('sharedNothing', [moveVm({ mode: 'shared' })]);
    const b: MigrationPlan = {
      ...a,
      request: { ...a.request, vm: { id: 'id-2', name: 'db-01', host: 'hv-a' } },
      sourceHost: 'hv-a',
    };
    const s = evacuationScript([a, b]);
    assert.match(s.split('\n')[0]!, /^# Run on HV-A /);
    assert.deepEqual(
      code(s)
        .slice(1)
        .map((l) => /Get-VM -Id '([^']+)'/.exec(l)?.[1]),
      [vmId, 'id-2'],
    );
    const two = evacuationScript([
      a,
      { ...b, sourceHost: 'HV-C', request: { ...b.request, vm: { ...b.request.vm, host: 'HV-C' } } },
    ]);
    assert.match(two.split('\n')[0]!, /^# Run each part on the host its heading names/);
    assert.match(two, /# ===== Run on HV-A =====[\s\S]*# ===== Run on HV-C =====/);
  });

  it('drain and resume: Suspend-ClusterNode -Drain / Resume-ClusterNode -Failback', () => {
    assert.deepEqual(code(drainScript('N1', 'N2')).slice(1), [
      "Suspend-ClusterNode -Name 'N1' -Drain -TargetNode 'N2' -Confirm:$false",
      "Get-ClusterNode -Name 'N1' | Select-Object Name, State, DrainStatus",
    ]);
    assert.match(drainScript('N1'), /^Suspend-ClusterNode -Name 'N1' -Drain -Confirm:\$false$/m);
    assert.deepEqual(code(resumeScript('N1', 'Immediate')).slice(1), [
      "Resume-ClusterNode -Name 'N1' -Failback Immediate",
    ]);
  });

  it('host settings: Enable-/Disable-VMMigration, Set-VMHost with only what changes, networks removed then added', () => {
    const s = hostSettingsScript('HV-A', {
      migrationEnabled: false,
      maximumVirtualMachineMigrations: 4,
      authenticationType: 'Kerberos',
      performanceOption: 'SMB',
      useAnyNetworkForMigration: false,
      removeNetworks: ['10.0.1.0/24'],
      addNetworks: [{ subnet: '10.0.2.0/24', priority: 2 }, { subnet: '10.0.3.0/24' }],
    });
    assert.match(s.split('\n')[0]!, /^# Run on HV-A\./);
    const lines = code(s).slice(1);
    assert.deepEqual(lines.slice(0, 2), [
      'Disable-VMMigration -Confirm:$false',
      'Set-VMHost -MaximumVirtualMachineMigrations 4 -VirtualMachineMigrationAuthenticationType Kerberos -VirtualMachineMigrationPerformanceOption SMB -UseAnyNetworkForMigration $false -Confirm:$false',
    ]);
    assert.match(
      lines[2]!,
      /\[string\]\$_\.Subnet -eq '10\.0\.1\.0\/24'.*Remove-VMMigrationNetwork -Subnet '10\.0\.1\.0\/24' -Confirm:\$false/,
    );
    assert.deepEqual(lines.slice(3, 5), [
      "Add-VMMigrationNetwork -Subnet '10.0.2.0/24' -Priority 2 -Confirm:$false",
      "Add-VMMigrationNetwork -Subnet '10.0.3.0/24' -Confirm:$false",
    ]);
    const on = code(hostSettingsScript('HV-A', { migrationEnabled: true }));
    assert.equal(on[1], 'Enable-VMMigration -Confirm:$false');
    assert.ok(!on.some((l) => l.startsWith('Set-VMHost')));
  });

  it('literals: numbers that are not finite, enums that are not known and line breaks in comments stay data', () => {
    assert.equal(psLiteral(Number.NaN), "'NaN'");
    assert.equal(psLiteral(true), '$true');
    assert.equal(psEnum('Live', ['Live']), 'Live');
    assert.equal(psEnum("Live'; Stop-Computer; '", ['Live']), "'Live''; Stop-Computer; '''");
    assert.equal(commentText('a\r\nb\u2028c #> d'), 'a  b c # > d');
  });

  it('pastes into Windows PowerShell 5.1 too: no PowerShell 7-only syntax', async function () {
    if (!havePwsh()) this.skip();
    const p = plan(
      'clusterToCluster',
      [
        { action: 'removeClusterRole', host: 'HV-A', cluster: 'CL-A' },
        moveVm({ mode: 'folder', path: 'D:\\VMs' }),
        { action: 'addClusterRole', host: 'HV-B', cluster: 'CL-B' },
      ],
      { switchMap: { 'Network Adapter': 'vSwitch-B' } },
      [{ action: 'addClusterRole', host: 'HV-A', cluster: 'CL-A' }],
    );
    const file = join(mkdtempSync(join(tmpdir(), 'copy-ps-')), 'copied.ps1');
    writeFileSync(
      file,
      [
        migrationScript(p),
        migrationScript(
          plan('storage', [
            {
              action: 'moveStorage',
              host: 'HV-A',
              storage: { mode: 'folder', path: 'D:\\VMs' },
              retainSourceCopies: false,
            },
          ]),
        ),
        drainScript('N1', 'N2'),
        resumeScript('N1', 'Policy'),
        hostSettingsScript('HV-A', {
          migrationEnabled: true,
          maximumStorageMigrations: 3,
          removeNetworks: ['10.0.1.0/24'],
          addNetworks: [{ subnet: '10.0.2.0/24', priority: 1 }],
        }),
      ].join('\n'),
    );
    assert.deepEqual(await findPs51Violations(file), []);
  });

  it('hostile names, ids, paths and hosts stay single-quoted strings; no other command appears', async function () {
    if (!havePwsh()) this.skip();
    const hostile = [...hostileValues, 'a\r\nStop-Computer', 'b\u2028Stop-Computer', 'c\u0085Stop-Computer'];
    const scripts: string[] = [];
    const allowed = new Set([
      'Get-VM',
      'Move-VM',
      'Compare-VM',
      'Where-Object',
      'ForEach-Object',
      'Connect-VMNetworkAdapter',
      'Move-VMStorage',
      'Move-ClusterVirtualMachineRole',
      'Remove-ClusterGroup',
      'Add-ClusterVirtualMachineRole',
      'Invoke-Command',
      'Suspend-ClusterNode',
      'Resume-ClusterNode',
      'Get-ClusterNode',
      'Select-Object',
      'Enable-VMMigration',
      'Set-VMHost',
      'Get-VMMigrationNetwork',
      'Remove-VMMigrationNetwork',
      'Add-VMMigrationNetwork',
      'Get-VMHost',
    ]);
    const plans = hostile.map((h, i): MigrationPlan => {
      const p = plan(
        'clusterToCluster',
        [
          { action: 'removeClusterRole', host: `HV-${i}`, cluster: h },
          {
            action: 'moveVm',
            host: `HV-${i}`,
            destinationHost: h,
            storage: {
              mode: 'perDisk',
              virtualMachinePath: `${h}-vm`,
              snapshotFilePath: `${h}-snap`,
              smartPagingFilePath: `${h}-paging`,
              disks: [{ source: `${h}-src`, destination: `${h}-dst` }],
            },
            retainSourceCopies: true,
          },
          { action: 'addClusterRole', host: h, cluster: h },
        ],
        { switchMap: { [`${h}-adapter`]: `${h}-switch` } },
        [{ action: 'addClusterRole', host: `HV-${i}`, cluster: h }],
      );
      return {
        ...p,
        request: { ...p.request, vm: { id: `${h}-id`, name: `${h}-name`, host: `HV-${i}` } },
        sourceHost: `HV-${i}`,
        destinationHost: h,
      };
    });
    scripts.push(evacuationScript(plans));
    for (const h of hostile) {
      const p = plans[0]!;
      scripts.push(
        migrationScript({
          ...p,
          kind: 'storage',
          steps: [
            {
              action: 'moveStorage',
              host: p.sourceHost,
              storage: { mode: 'folder', path: `${h}-folder` },
              retainSourceCopies: false,
            },
          ],
        }),
      );
      scripts.push(
        migrationScript({
          ...p,
          kind: 'clustered',
          steps: [{ action: 'moveClusterRole', host: p.sourceHost, node: `${h}-node`, migrationType: h as 'Live' }],
        }),
      );
      scripts.push(drainScript(`${h}-drain`, `${h}-target`), resumeScript(`${h}-resume`, h as 'Immediate'));
      scripts.push(
        hostSettingsScript(`${h}-host`, {
          migrationEnabled: true,
          authenticationType: h as 'Kerberos',
          performanceOption: h as 'SMB',
          removeNetworks: [`${h}-old`],
          addNetworks: [{ subnet: `${h}-new`, priority: 1 }],
        }),
      );
    }
    const parsed = await parsePowerShell(scripts.join('\n'));
    assert.deepEqual(parsed.errors, []);
    const unexpected = [...new Set(parsed.commands)].filter((c) => !allowed.has(c));
    assert.deepEqual(unexpected, []);
    const strings = new Set(parsed.strings);
    const suffixes = [
      '-id',
      '-name',
      '-vm',
      '-snap',
      '-paging',
      '-src',
      '-dst',
      '-adapter',
      '-switch',
      '-folder',
      '-node',
      '-drain',
      '-target',
      '-resume',
      '-old',
      '-new',
    ];
    for (const h of hostile) {
      for (const v of [h, ...suffixes.map((s) => h + s)])
        assert.ok(strings.has(v), `${JSON.stringify(v)} survives as one string`);
    }
  });
});
