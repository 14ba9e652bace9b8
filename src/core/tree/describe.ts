import type { HostErrorInfo, UnreachableReason } from '../../engine/types';
import { invalidNodeNameErrorId } from '../connections/validation';
import { winrmUnavailableErrorId } from '../connections/winrm';
import { accelerationSummary, accelerationTooltipLines } from '../acceleration/describe';
import { escapeMarkdown as md, formatBytes, formatUptime } from '../format/units';
import type { AdapterInfo, DiskInfo, HostInfo, VmInfo } from '../model/inventory';
import type { VmDisplayState } from './vmState';

/** Descriptions and tooltips of tree nodes: what the admin reads next to each name. */

export function vmDescription(vm: VmInfo, display: VmDisplayState): string {
  const parts: string[] = [display === 'migrating' ? 'Migrating' : spaced(vm.state)];
  if (vm.state === 'Running' || vm.state.startsWith('Running')) {
    parts.push(`${vm.cpuUsage}% CPU`);
    if (vm.memoryAssignedBytes > 0) parts.push(formatBytes(vm.memoryAssignedBytes));
    const up = formatUptime(vm.uptimeSeconds);
    if (up) parts.push(`up ${up}`);
  }
  return parts.join(' · ');
}

/** `RunningCritical` → `Running Critical`. Most states are one word: those skip the regular expression. */
function spaced(state: string): string {
  for (let i = 1; i < state.length; i++) {
    const c = state.charCodeAt(i);
    if (c >= 65 && c <= 90) return state.replace(/([a-z])([A-Z])/g, '$1 $2');
  }
  return state;
}

export function vmTooltip(vm: VmInfo): string {
  const lines: string[] = [`**${md(vm.name)}** — ${md(spaced(vm.state))}`, ''];
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
    lines.push(`Checkpoints: ${vm.checkpoints.map((c) => md(c.name) + (c.creationTime ? ` (${md(c.creationTime.slice(0, 10))})` : '')).join(', ')}`);
  } else {
    lines.push('No checkpoints');
  }
  return lines.join('\n');
}

function diskSummary(d: DiskInfo): string {
  if (d.passThrough) return `pass-through disk at ${md(d.controllerType ?? '')} ${d.controllerNumber ?? ''}:${d.controllerLocation ?? ''}`;
  const size = d.sizeBytes !== undefined ? ` — ${formatBytes(d.sizeBytes)}` : '';
  const onDisk = d.fileSizeBytes !== undefined ? ` (${formatBytes(d.fileSizeBytes)} on disk)` : '';
  const type = d.vhdType ? `, ${md(d.vhdType)} ${md(d.vhdFormat ?? '')}`.trimEnd() : '';
  return `${md(d.path)}${size}${onDisk}${type}`;
}

export function diskDescription(d: DiskInfo): string {
  if (d.passThrough) return 'pass-through';
  const parts: string[] = [];
  if (d.vhdType) parts.push(d.vhdType);
  if (d.sizeBytes !== undefined) parts.push(formatBytes(d.sizeBytes));
  return parts.join(' · ');
}

export function diskTooltip(d: DiskInfo): string {
  return diskSummary(d) + (d.controllerType ? `\n\n${md(d.controllerType)} ${d.controllerNumber ?? ''}:${d.controllerLocation ?? ''}` : '');
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
export function hostTooltip(label: string, h: HostInfo): string {
  const lines = [`**${md(label)}**`, ''];
  if (h.reportedName) lines.push(`Computer name: ${md(h.reportedName)}`);
  if (h.fullyQualifiedDomainName) lines.push(`FQDN: ${md(h.fullyQualifiedDomainName)} (the name moves to this host use)`);
  if (h.name.toLowerCase() !== label.toLowerCase()) lines.push(`Reached as ${md(h.name)}`);
  if (h.aliases?.length) lines.push(`Also configured as ${h.aliases.map(md).join(', ')} (the same machine, shown once)`);
  if (h.logicalProcessorCount !== undefined) lines.push(`${h.logicalProcessorCount} logical processors`);
  if (h.memoryCapacityBytes !== undefined) lines.push(`${formatBytes(h.memoryCapacityBytes)} memory`);
  return lines.join('  \n');
}

export function errorTooltip(e: HostErrorInfo): string {
  const lines = [`**${md(e.host)}**: ${errorDescription(e)}`, '', md(e.message)];
  if (e.fullyQualifiedErrorId) lines.push('', `Error id: ${md(e.fullyQualifiedErrorId)}`);
  lines.push('', 'Use Retry to try again.');
  return lines.join('\n');
}
