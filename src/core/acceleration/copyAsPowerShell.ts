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
  const byHost = new Map<string, AdapterRef[]>();
  for (const a of adapters) byHost.set(a.host, [...(byHost.get(a.host) ?? []), a]);
  const lines: string[] = ['# Hyper-V Mobility: network adapter hardware acceleration', "$ErrorActionPreference = 'Stop'"];
  for (const [host, list] of byHost) {
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
