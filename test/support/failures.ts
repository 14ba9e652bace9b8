// What an end-to-end test leaves behind when it fails: the workbench's artifacts (screenshot, the extension's own
// log, the extension host log) and the lab's own state of the VMs and hosts involved, side by side.
import type { Lab } from './lab';
import type { VsCode } from './vscode';

/**
 * The lab's truth as JSON text: the named VMs (every VM when none is named) with host, state, clustering and disks,
 * every host's migration settings and whether it is down, the migrations of those VMs and the faults in force.
 */
export async function labReport(lab: Lab, vms: readonly string[] = []): Promise<string> {
  const names = vms.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
  const value = await lab.pwsh(
    `$s = Get-LabState; $names = @(${names});
     $vm = @($s.Vms | Where-Object { $names.Count -eq 0 -or $names -contains $_.Name });
     $ids = @($vm | ForEach-Object { $_.Id });
     [pscustomobject]@{
       vms = @($vm | ForEach-Object { [pscustomobject]@{ name = $_.Name; id = $_.Id; host = $_.Host; state = [string]$_.State; clustered = [bool]$_.Clustered; group = $_.ClusterGroupName; disks = @($_.Disks | ForEach-Object { $_.Path }) } })
       hosts = @($s.Hosts | ForEach-Object { [pscustomobject]@{ name = $_.Name; down = $_.Down; migration = $_.Migration } })
       migrations = @($s.Migrations | Where-Object { $ids -contains $_.VmId } | ForEach-Object { [pscustomobject]@{ vm = $_.VmName; kind = $_.Kind; from = $_.SourceHost; to = $_.DestinationHost; status = $_.Status; submitted = $_.SubmitTime; ended = $_.EndTime; error = $_.ErrorMessage } })
       faults = @($s.Faults)
     }`,
    { depth: 6 },
  );
  return JSON.stringify(value, null, 2);
}

/**
 * For afterEach: when the test failed, saves its artifacts and the lab's state of `vms`, and says where in the
 * test's output. Never throws (a failure to save must not hide the test's own failure).
 */
export async function recordFailure(
  test: Mocha.Test | undefined,
  vscode: VsCode | undefined,
  lab: Lab | undefined,
  vms: readonly string[] = [],
): Promise<void> {
  if (!test || test.state !== 'failed' || !vscode) return;
  const extra: Record<string, string> = {};
  if (lab)
    extra['lab-state.json'] = await labReport(lab, vms).catch(
      (e: unknown) => `the lab could not be read: ${e instanceof Error ? e.message : String(e)}`,
    );
  const dir = await vscode
    .saveFailure(test.title, extra)
    .catch((e: unknown) => `(not saved: ${e instanceof Error ? e.message : String(e)})`);
  console.log(`      failure artifacts of "${test.title}": ${dir}`);
}
