import type { HostErrorInfo, UnreachableReason } from '../../../contract/hostRunner';
import { invalidNodeNameErrorId } from '../../connections/validation';
import { winrmUnavailableErrorId } from '../../connections/winrm';
import { accelerationSummary, accelerationTooltipLines } from '../../acceleration/accelerationText';
import { escapeMarkdown as md, formatBytes, formatUptime } from '../../format/units';
import { plural, stateText } from '../../format/words';
import type { AdapterInfo, DiskInfo, HostInfo, VmInfo } from '../inventory';
import type { VmDisplayState } from './vmState';
import { sameName } from '../../names';

/** Descriptions and tooltips of tree nodes: what the admin reads next to each name. */

export function vmDescription(vm: VmInfo, display: VmDisplayState): string {
  const parts: string[] = [display === 'migrating' ? 'Migrating' : stateText(vm.state)];
  if (vm.state === 'Running' || vm.state.startsWith('Running')) {
    parts.push(`${vm.cpuUsage}% CPU`);
    if (vm.memoryAssignedBytes > 0) parts.push(formatBytes(vm.memoryAssignedBytes));
    const up = formatUptime(vm.uptimeSeconds);
    if (up) parts.push(`up ${up}`);
  }
  return parts.join(' · ');
}

export function vmTooltip(vm: VmInfo): string {
  const lines: string[] = [`**${md(vm.name)}** — ${md(stateText(vm.state))}`, ''];
  const facts: string[] = [];
  if (vm.generation !== undefined) facts.push(`Generation ${vm.generation}`);
  if (vm.version) facts.push(`configuration version ${md(vm.version)}`);
  if (vm.processorCount !== undefined) facts.push(`${vm.processorCount} vCPU`);
  if (vm.memoryStartupBytes) facts.push(`startup memory ${formatBytes(vm.memoryStartupBytes)}`);
  if (facts.length) lines.push(facts.join(' · '), '');
  lines.push(`Host: ${md(vm.host)}`, '');
  if (vm.path) lines.push(`Path: ${md(vm.path)}`, '');
  lines.push(vm.isClustered ? `Clustered, owner node ${md(vm.ownerNode ?? vm.host)}` : 'Not clustered', '');
  const ips = vm.adapters.flatMap((a) => a.ipAddresses);
  if (ips.length) lines.push(`IP addresses: ${ips.map(md).join(', ')}`, '');
  if (vm.disks.length) {
    lines.push('Disks:', '');
    for (const d of vm.disks) lines.push(`- ${diskSummary(d)}`);
    lines.push('');
  }
  if (vm.checkpoints.length) {
    lines.push(
      `Checkpoints: ${vm.checkpoints.map((c) => md(c.name) + (c.creationTime ? ` (${md(c.creationTime.slice(0, 10))})` : '')).join(', ')}`,
    );
  } else {
    lines.push('No checkpoints');
  }
  return lines.join('\n');
}

function diskSummary(d: DiskInfo): string {
  if (d.passThrough)
    return `pass-through disk at ${md(d.controllerType ?? '')} ${d.controllerNumber ?? ''}:${d.controllerLocation ?? ''}`;
  const size = d.sizeBytes !== undefined ? ` — ${formatBytes(d.sizeBytes)}` : '';
  const onDisk = d.fileSizeBytes !== undefined ? ` (${formatBytes(d.fileSizeBytes)} on disk)` : '';
  const type = d.vhdType ? `, ${md(d.vhdType)} ${md(d.vhdFormat ?? '')}`.trimEnd() : '';
  return `${md(d.path)}${size}${onDisk}${type}`;
}

/**
 * What in a host's own migration settings stops moves, said in a few words beside its name: live migration off (no
 * move in or out), or CredSSP, which works only when the move is started in a session that holds the user's
 * credentials on the host (WinRM with CredSSP), never over SSH or a Kerberos/Negotiate WinRM session.
 */
export function hostMigrationBadge(h: HostInfo): string | undefined {
  if (h.migrationEnabled === false) return 'live migration off';
  if (h.migrationAuthenticationType === 'CredSSP') return 'CredSSP: moves need a CredSSP session';
  return undefined;
}

/** A host's or node's tooltip: its live migration settings, and what blocks moves. */
/** A host's or node's tooltip, under the name the tree shows it by (its entry, or the cluster's name for the node). */
export function hostTooltip(label: string, h: HostInfo | undefined, clusterName?: string): string {
  const lines = [`**${md(label)}**${clusterName ? ` — node of ${md(clusterName)}` : ' — standalone host'}`, ''];
  if (!h) return lines.join('\n');
  const names: string[] = [];
  if (h.reportedName) names.push(`Computer name: ${md(h.reportedName)}`);
  if (h.fullyQualifiedDomainName)
    names.push(`FQDN: ${md(h.fullyQualifiedDomainName)} (the name moves to this host use)`);
  if (!sameName(h.name, label)) names.push(`Reached as ${md(h.name)}`);
  if (h.aliases?.length)
    names.push(`Also configured as ${h.aliases.map(md).join(', ')} (the same machine, shown once)`);
  if (names.length) lines.push(names.join('  \n'), '');
  const facts: string[] = [];
  if (h.logicalProcessorCount !== undefined) facts.push(plural(h.logicalProcessorCount, 'logical processor'));
  if (h.memoryCapacityBytes) facts.push(`${formatBytes(h.memoryCapacityBytes)} memory`);
  if (facts.length) lines.push(facts.join(' · '), '');
  lines.push('**Live migration**', '');
  if (h.migrationEnabled === undefined) lines.push('- not reported');
  else lines.push(`- ${h.migrationEnabled ? 'On' : 'Off: no VM moves to or from this host'}`);
  if (h.migrationAuthenticationType) {
    lines.push(
      `- Authentication: ${md(h.migrationAuthenticationType)}${
        h.migrationAuthenticationType === 'CredSSP'
          ? ' (a move must be started in a WinRM session with CredSSP to this host; over SSH it fails with 0x8009030E)'
          : ''
      }`,
    );
  }
  if (h.migrationPerformanceOption) lines.push(`- Performance option: ${md(h.migrationPerformanceOption)}`);
  if (h.maximumVirtualMachineMigrations !== undefined)
    lines.push(`- At most ${plural(h.maximumVirtualMachineMigrations, 'live migration')} at once`);
  if (h.maximumStorageMigrations !== undefined)
    lines.push(`- At most ${plural(h.maximumStorageMigrations, 'storage migration')} at once`);
  if (h.useAnyNetworkForMigration !== undefined)
    lines.push(`- Networks: ${h.useAnyNetworkForMigration ? 'any' : 'the migration networks set on the host'}`);
  if (h.virtualMachinePath) lines.push('', `Default VM folder: ${md(h.virtualMachinePath)}`);
  if (h.virtualHardDiskPath) lines.push('', `Default disk folder: ${md(h.virtualHardDiskPath)}`);
  return lines.join('\n');
}

export function diskDescription(d: DiskInfo): string {
  if (d.passThrough) return 'pass-through';
  const parts: string[] = [];
  if (d.vhdType) parts.push(d.vhdType);
  if (d.sizeBytes !== undefined) parts.push(formatBytes(d.sizeBytes));
  return parts.join(' · ');
}

export function diskTooltip(d: DiskInfo): string {
  return (
    diskSummary(d) +
    (d.controllerType ? `\n\n${md(d.controllerType)} ${d.controllerNumber ?? ''}:${d.controllerLocation ?? ''}` : '')
  );
}

export function adapterDescription(a: AdapterInfo): string {
  const parts = [a.switchName ?? 'not connected'];
  if (a.macAddress) parts.push(formatMac(a.macAddress));
  if (a.ipAddresses.length) parts.push(a.ipAddresses.join(', '));
  const acceleration = accelerationSummary(a);
  if (acceleration) parts.push(acceleration);
  return parts.join(' · ');
}

export function adapterTooltip(a: AdapterInfo): string {
  const lines = [
    `**${md(a.name)}**`,
    '',
    `Switch: ${a.switchName ? md(a.switchName) : 'not connected'}`,
    '',
    `MAC: ${a.macAddress ? md(formatMac(a.macAddress)) : 'dynamic'}`,
    '',
    `IP addresses: ${a.ipAddresses.length ? a.ipAddresses.map(md).join(', ') : 'none reported'}`,
    ...accelerationTooltipLines(a).flatMap((l) => ['', l]),
  ];
  return lines.join('\n');
}

/** `00155D0A0B01` → `00-15-5D-0A-0B-01`, as Windows shows MAC addresses. */
export function formatMac(mac: string): string {
  return /^[0-9A-Fa-f]{12}$/.test(mac) ? (mac.toUpperCase().match(/../g) ?? []).join('-') : mac;
}

const reasonText: Readonly<Record<UnreachableReason, string>> = {
  nameResolution: 'name not resolved',
  refused: 'connection refused',
  timeout: 'timed out',
  other: 'unreachable',
};

/** The short reason shown next to a host that did not answer. */
export function errorDescription(e: HostErrorInfo): string {
  switch (e.kind) {
    case 'unreachable':
      if (e.fullyQualifiedErrorId === winrmUnavailableErrorId) return 'WinRM not available here: use SSH';
      return reasonText[e.reason ?? 'other'] ?? 'unreachable';
    case 'authentication':
      return 'authentication failed';
    case 'timeout':
      return 'timed out';
    case 'process':
      return 'PowerShell failed';
    case 'cancelled':
      return 'cancelled';
    case 'busy':
      return 'not sent (busy)';
    case 'command':
      return e.fullyQualifiedErrorId === invalidNodeNameErrorId ? 'refused: not a host name' : 'inventory failed';
  }
}

/** A host's or node's own names beside the one it is shown by: computer name, FQDN, how it is reached, other entries. */
export function errorTooltip(e: HostErrorInfo): string {
  const lines = [`**${md(e.host)}**: ${errorDescription(e)}`, '', md(e.message)];
  if (e.fullyQualifiedErrorId) lines.push('', `Error id: ${md(e.fullyQualifiedErrorId)}`);
  lines.push('', 'Use Retry to try again.');
  return lines.join('\n');
}
