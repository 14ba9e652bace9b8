import { changedFields, cmdletParameters, type AccelerationChange, type AdapterRef } from './model';

/** A PowerShell single-quoted literal: nothing inside expands; a quote (any of PowerShell's four) is doubled. */
export function quotePs(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/** A name shown in a `#` comment line: kept on that line. */
function commentText(value: string): string {
  // A comment ends at a line break; `#>` could close a block comment someone wraps this in.
  return value.replace(/[\r\n\u0085\u2028\u2029]/g, ' ').replace(/#>/g, '# >');
}

function literal(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (typeof value === 'number') return String(value);
  return quotePs(value);
}

/**
 * A script a person can paste on each adapter's host: the VM found by Id, its adapter by Id, piped to
 * Set-VMNetworkAdapter with only the changed settings. Every value that came from a host or a user is a quoted
 * literal; names appear only in comments.
 */
export function accelerationScript(adapters: readonly AdapterRef[], change: AccelerationChange): string {
  const params = changedFields(change)
    .map((f) => {
      const v = change[f];
      return v === undefined ? '' : `-${cmdletParameters[f]} ${literal(v)}`;
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
