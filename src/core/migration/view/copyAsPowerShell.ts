import { commentText, psEnum, psLiteral, quotePs } from '../../powershell/quote';
import type { MigrationSettingsChange } from '../hostSettings';
import { authenticationTypes, performanceOptions } from '../hostSettings';
import type { MigrationPlan, StoragePlacement, VmRef } from '../model';
import { moveKindLabel } from '../fallbacks';
import { downtimeLine } from './confirmation';
import { isMovingStep, stepLabels, type PlanStep } from '../planSteps';
import type { FailbackType } from '../operations/clusterNode';
import type { SwitchMap } from '../switchMap';
import { nameKey, sameName } from '../../names';

/*
 * "Copy as PowerShell": the script a person could paste to do by hand what the product would do, with the same
 * cmdlets and parameters the bundled host scripts use (src/scripts). Every value is a single-quoted literal, VMs are
 * found by Id (names are not unique and -Name takes wildcards), and names appear otherwise only in comments.
 */

const indent = '    ';
const stop = "$ErrorActionPreference = 'Stop'";

function vmById(vm: VmRef): string {
  return `(Get-VM -Id ${quotePs(vm.id)})`;
}

/** The storage arguments of Move-VM / Move-VMStorage, as migration-start-move.ps1 / -storage-move.ps1 build them. */
function storageArgs(storage: StoragePlacement, cmdlet: 'Move-VM' | 'Move-VMStorage'): string[] {
  switch (storage.mode) {
    case 'shared':
    case 'hostDefault':
      // Move-VMStorage has no "leave it" or "host default": it always needs where to.
      if (cmdlet === 'Move-VMStorage') throw new Error('A storage move needs a destination folder or per-disk paths.');
      // Named even when off: with -VM and no storage option PowerShell cannot choose a parameter set.
      return [storage.mode === 'shared' ? '-IncludeStorage:$false' : '-IncludeStorage'];
    case 'folder':
      return cmdlet === 'Move-VM'
        ? ['-IncludeStorage', `-DestinationStoragePath ${quotePs(storage.path)}`]
        : [`-DestinationStoragePath ${quotePs(storage.path)}`];
    case 'perDisk': {
      // The multiple-destination parameter set: no -IncludeStorage (docs/hyperv.md, "Moving VMs").
      const out: string[] = [];
      if (storage.virtualMachinePath) out.push(`-VirtualMachinePath ${quotePs(storage.virtualMachinePath)}`);
      if (storage.snapshotFilePath) out.push(`-SnapshotFilePath ${quotePs(storage.snapshotFilePath)}`);
      if (storage.smartPagingFilePath) out.push(`-SmartPagingFilePath ${quotePs(storage.smartPagingFilePath)}`);
      if (storage.disks.length) {
        const vhds = storage.disks.map(
          (d) => `@{ SourceFilePath = ${quotePs(d.source)}; DestinationFilePath = ${quotePs(d.destination)} }`,
        );
        out.push(`-Vhds @(${vhds.join(', ')})`);
      }
      return out;
    }
  }
}

function command(name: string, args: readonly string[]): string {
  return [name, ...args].join(' ');
}

function moveVmLines(vm: VmRef, step: Extract<PlanStep, { action: 'moveVm' }>, switchMap?: SwitchMap): string[] {
  const args = [
    `-DestinationHost ${quotePs(step.destinationName ?? step.destinationHost)}`,
    ...storageArgs(step.storage, 'Move-VM'),
  ];
  if (step.retainSourceCopies) args.push('-RetainVhdCopiesOnSource');
  const adapters = Object.entries(switchMap ?? {});
  if (!adapters.length) return [command('Move-VM', [`-VM ${vmById(vm)}`, ...args])];
  // As the product does for 33012: compare, connect each adapter (by Id: names repeat) to its switch, compare again.
  return [
    command('$report = Compare-VM', [`-VM ${vmById(vm)}`, ...args]),
    ...adapters.map(
      ([adapterId, sw]) =>
        `$report.Incompatibilities | Where-Object { $_.MessageId -eq 33012 -and $null -ne $_.Source -and $_.Source.Id -eq ${quotePs(adapterId)} } | ForEach-Object { $_.Source | Connect-VMNetworkAdapter -SwitchName ${quotePs(sw)} }`,
    ),
    '$report = Compare-VM -CompatibilityReport $report',
    "if (@($report.Incompatibilities).Count -gt 0) { throw ('Still not compatible: ' + ((@($report.Incompatibilities) | ForEach-Object { $_.Message }) -join ' ')) }",
    'Move-VM -CompatibilityReport $report',
  ];
}

function stepLines(plan: MigrationPlan, step: PlanStep): string[] {
  const vm = plan.request.vm;
  switch (step.action) {
    case 'moveVm':
      return moveVmLines(vm, step, plan.request.switchMap);
    case 'moveStorage': {
      const args = storageArgs(step.storage, 'Move-VMStorage');
      if (step.retainSourceCopies) args.push('-RetainVhdCopiesOnSource');
      // As the product does: no -AllowUnverifiedPaths, so the host verifies a clustered VM's paths are cluster storage.
      return [`$vm = Get-VM -Id ${quotePs(vm.id)}`, command('Move-VMStorage', ['-VM $vm', ...args])];
    }
    case 'moveClusterRole':
      return [
        `Move-ClusterVirtualMachineRole -VMId ${quotePs(vm.id)} -Node ${quotePs(step.nodeName ?? step.node)} -MigrationType ${psEnum(step.migrationType, ['Live', 'Quick'])}`,
      ];
    case 'removeClusterRole':
      // Removes the role and its resources only; the VM stays registered in Hyper-V on this node.
      return [`Remove-ClusterGroup -VMId ${quotePs(vm.id)} -RemoveResources -Force`];
    case 'addClusterRole':
      return [
        `$vm = Get-VM -Id ${quotePs(vm.id)}`,
        `if (-not $vm.IsClustered) { $vm | Add-ClusterVirtualMachineRole -Name ${quotePs(vm.name)} }`,
      ];
  }
}

/** A step's lines, sent to its own host with Invoke-Command when that is not where the script runs. */
function onHost(runOn: string, host: string, lines: readonly string[]): string[] {
  if (sameName(runOn, host)) return [...lines];
  return [
    `Invoke-Command -ComputerName ${quotePs(host)} -ScriptBlock {`,
    `${indent}${stop}`,
    ...lines.map((l) => indent + l),
    '}',
  ];
}

function stepTitle(plan: MigrationPlan, step: PlanStep): string {
  switch (step.action) {
    case 'moveVm':
      return `${stepLabels.moveVm} to ${commentText(step.destinationHost)}`;
    case 'moveClusterRole':
      return `${stepLabels.moveClusterRole} to node ${commentText(step.node)} (${commentText(step.migrationType)})`;
    case 'removeClusterRole':
      return `${stepLabels.removeClusterRole} from cluster ${commentText(step.cluster)}`;
    case 'addClusterRole':
      return `${stepLabels.addClusterRole} of cluster ${commentText(step.cluster)} on ${commentText(step.host)}`;
    case 'moveStorage':
      return `${stepLabels.moveStorage} of ${commentText(plan.request.vm.name)}`;
  }
}

/** One plan's steps in order; the moving step after a role removal puts the role back when it fails: nothing is lost. */
function planLines(plan: MigrationPlan, runOn: string): string[] {
  const vm = plan.request.vm;
  const lines = [
    `# ${moveKindLabel(plan)}: ${commentText(vm.name)} (${commentText(vm.id)}) from ${commentText(plan.sourceHost)} to ${commentText(plan.destinationHost)}`,
  ];
  const down = plan.request.downtime;
  if (down) lines.push(`# ${commentText(downtimeLine(plan, down))}`);
  let roleRemoved = false;
  plan.steps.forEach((step, i) => {
    if (i > 0) lines.push('');
    lines.push(`# Step ${i + 1} of ${plan.steps.length}: ${stepTitle(plan, step)}`);
    const body = onHost(runOn, step.host, stepLines(plan, step));
    if (isMovingStep(step) && roleRemoved && plan.rollback.length) {
      const undo = plan.rollback.flatMap((r) => onHost(runOn, r.host, stepLines(plan, r)));
      lines.push(
        'try {',
        ...body.map((l) => indent + l),
        '} catch {',
        `${indent}# The move failed and the VM is still here: make it a cluster role again, then stop.`,
        ...undo.map((l) => indent + l),
        `${indent}throw`,
        '}',
      );
    } else {
      lines.push(...body);
    }
    if (step.action === 'removeClusterRole') roleRemoved = true;
    if (isMovingStep(step)) roleRemoved = false;
  });
  return lines;
}

function runOnLine(host: string): string {
  // Hyper-V authenticates a migration (CredSSP, or Kerberos delegation) as started on the source host.
  return `# Run on ${commentText(host)} (the source host: start migrations there, in a console or a CredSSP session).`;
}

/** The script for one planned migration, to paste on its source host. */
export function migrationScript(plan: MigrationPlan): string {
  return (
    [
      runOnLine(plan.sourceHost),
      '# Hyper-V Mobility: planned migration',
      stop,
      '',
      ...planLines(plan, plan.sourceHost),
    ].join('\n') + '\n'
  );
}

/**
 * Many planned migrations (a host evacuation), grouped by source host, one after another. The product runs them
 * in parallel up to each host's limit; by hand, one at a time keeps it simple and stops at the first failure.
 */
export function evacuationScript(plans: readonly MigrationPlan[]): string {
  // One part per source host (case-insensitively, as the queue counts them), headed by the first spelling.
  const bySource = new Map<string, { source: string; list: MigrationPlan[] }>();
  for (const p of plans) {
    const group = bySource.get(nameKey(p.sourceHost)) ?? { source: p.sourceHost, list: [] };
    group.list.push(p);
    bySource.set(nameKey(p.sourceHost), group);
  }
  const sources = [...bySource.values()].map((g) => g.source);
  const lines =
    sources.length === 1
      ? [
          runOnLine(sources[0]!),
          `# Hyper-V Mobility: ${plans.length} planned migration${plans.length === 1 ? '' : 's'}`,
          stop,
        ]
      : [
          '# Run each part on the host its heading names (the source host of its migrations).',
          `# Hyper-V Mobility: ${plans.length} planned migrations`,
          stop,
        ];
  for (const { source, list } of bySource.values()) {
    if (sources.length > 1) lines.push('', `# ===== Run on ${commentText(source)} =====`);
    for (const p of list) lines.push('', ...planLines(p, source));
  }
  return lines.join('\n') + '\n';
}

/** Suspend-ClusterNode -Drain, as cluster-suspend-node.ps1 runs it on the node. */
export function drainScript(node: string, targetNode?: string): string {
  const args = [`-Name ${quotePs(node)}`, '-Drain'];
  if (targetNode) args.push(`-TargetNode ${quotePs(targetNode)}`);
  return (
    [
      `# Run on ${commentText(node)} (or any node of its cluster).`,
      `# Hyper-V Mobility: drain ${commentText(node)} for maintenance: its roles move to ${targetNode ? commentText(targetNode) : 'other nodes'}, then it pauses.`,
      stop,
      command('Suspend-ClusterNode', [...args, '-Confirm:$false']),
      '# The drain goes on after this returns; its progress:',
      `Get-ClusterNode -Name ${quotePs(node)} | Select-Object Name, State, DrainStatus`,
    ].join('\n') + '\n'
  );
}

/** Resume-ClusterNode -Failback, as cluster-resume-node.ps1 runs it. */
export function resumeScript(node: string, failback: FailbackType): string {
  return (
    [
      `# Run on ${commentText(node)} (or any node of its cluster).`,
      `# Hyper-V Mobility: end maintenance of ${commentText(node)}.`,
      stop,
      `Resume-ClusterNode -Name ${quotePs(node)} -Failback ${psEnum(failback, ['NoFailback', 'Immediate', 'Policy'])}`,
    ].join('\n') + '\n'
  );
}

/** A migration settings change, as host-migration-set-settings.ps1 applies it; then what the host reports. */
export function hostSettingsScript(host: string, change: MigrationSettingsChange): string {
  const lines = [
    `# Run on ${commentText(host)}.`,
    `# Hyper-V Mobility: migration settings of ${commentText(host)}`,
    stop,
  ];
  const before = lines.length;
  // Set-VMHost has no switch for live migration itself: Enable-/Disable-VMMigration (docs/hyperv.md, "Host migration settings").
  if (change.migrationEnabled !== undefined)
    lines.push(`${change.migrationEnabled ? 'Enable' : 'Disable'}-VMMigration -Confirm:$false`);
  const set: string[] = [];
  if (change.maximumVirtualMachineMigrations !== undefined)
    set.push(`-MaximumVirtualMachineMigrations ${psLiteral(change.maximumVirtualMachineMigrations)}`);
  if (change.maximumStorageMigrations !== undefined)
    set.push(`-MaximumStorageMigrations ${psLiteral(change.maximumStorageMigrations)}`);
  if (change.authenticationType !== undefined)
    set.push(`-VirtualMachineMigrationAuthenticationType ${psEnum(change.authenticationType, authenticationTypes)}`);
  if (change.performanceOption !== undefined)
    set.push(`-VirtualMachineMigrationPerformanceOption ${psEnum(change.performanceOption, performanceOptions)}`);
  if (change.useAnyNetworkForMigration !== undefined)
    set.push(`-UseAnyNetworkForMigration ${psLiteral(change.useAnyNetworkForMigration)}`);
  if (set.length) lines.push(command('Set-VMHost', [...set, '-Confirm:$false']));
  for (const s of change.removeNetworks ?? []) {
    // Only when it is there, matched exactly (-Subnet would take wildcards).
    lines.push(
      `if (@(Get-VMMigrationNetwork | Where-Object { [string]$_.Subnet -eq ${quotePs(s)} }).Count -gt 0) { Remove-VMMigrationNetwork -Subnet ${quotePs(s)} -Confirm:$false }`,
    );
  }
  for (const n of change.addNetworks ?? []) {
    const args = [`-Subnet ${quotePs(n.subnet)}`];
    if (n.priority !== undefined) args.push(`-Priority ${psLiteral(n.priority)}`);
    lines.push(command('Add-VMMigrationNetwork', [...args, '-Confirm:$false']));
  }
  const smb = change.smbLiveMigrationBytesPerSecond;
  if (typeof smb === 'number')
    lines.push(`Set-SmbBandwidthLimit -Category LiveMigration -BytesPerSecond ${psLiteral(smb)} -Confirm:$false`);
  // Remove-SmbBandwidthLimit has no -Confirm, and a category without a limit is a "not found" error.
  if (smb === null)
    lines.push(
      'if (@(Get-SmbBandwidthLimit -Category LiveMigration -ErrorAction SilentlyContinue).Count -gt 0) { Remove-SmbBandwidthLimit -Category LiveMigration }',
    );
  if (lines.length === before) lines.push('# Nothing to change.');
  lines.push(
    '# What the host now reports:',
    'Get-VMHost | Select-Object Name, VirtualMachineMigrationEnabled, MaximumVirtualMachineMigrations, MaximumStorageMigrations, VirtualMachineMigrationAuthenticationType, VirtualMachineMigrationPerformanceOption, UseAnyNetworkForMigration',
    'Get-VMMigrationNetwork | Select-Object Subnet, Priority',
  );
  if (smb !== undefined) lines.push('Get-SmbBandwidthLimit -Category LiveMigration -ErrorAction SilentlyContinue');
  return lines.join('\n') + '\n';
}
