import { nameKey } from '../names';
import { commentText, psLiteral, quotePs } from '../powershell/quote';
import { changedFields, cmdletParameters, type AccelerationChange, type AdapterRef } from './model';

/**
 * A script a person can paste on each adapter's host: the VM found by Id, its adapter by Id, piped to
 * Set-VMNetworkAdapter with only the changed settings. Every value that came from a host or a user is a quoted
 * literal; names appear only in comments.
 */
export function accelerationScript(adapters: readonly AdapterRef[], change: AccelerationChange): string {
  const params = changedFields(change)
    .map((f) => {
      const v = change[f];
      return v === undefined ? '' : `-${cmdletParameters[f]} ${psLiteral(v)}`;
    })
    .filter((p) => p !== '')
    .join(' ');
  // One section per host as applying the change groups them (case-insensitively), headed by the first spelling.
  const byHost = new Map<string, { host: string; list: AdapterRef[] }>();
  for (const a of adapters) {
    const group = byHost.get(nameKey(a.host)) ?? { host: a.host, list: [] };
    group.list.push(a);
    byHost.set(nameKey(a.host), group);
  }
  const lines: string[] = [
    '# Hyper-V Mobility: network adapter hardware acceleration',
    "$ErrorActionPreference = 'Stop'",
  ];
  for (const { host, list } of byHost.values()) {
    lines.push('', `# Run on host ${commentText(host)}`);
    for (const a of list) {
      lines.push(
        `# ${commentText(a.vmName)} / ${commentText(a.adapterName)}`,
        `$a = @(Get-VMNetworkAdapter -VM (Get-VM -Id ${quotePs(a.vmId)}) | Where-Object { $_.Id -eq ${quotePs(a.adapterId)} })`,
        "if ($a.Count -ne 1) { throw 'Network adapter not found.' }",
        `$a | Set-VMNetworkAdapter ${params}`.trimEnd(),
      );
    }
  }
  return lines.join('\n') + '\n';
}
