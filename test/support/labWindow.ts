// A real VS Code against a lab of its own, and what the end-to-end tests ask of both: where a VM is in the lab and in
// the tree, and its move in the Migrations panel. One copy for every e2e file that moves VMs.
import { PWSH, startLab, type Lab } from './lab';
import { waitFor } from './poll';
import { labConnections, startVsCode, type VsCode } from './vscode';
import { describeFront, visibleTree, waitForStillTree } from './workbench';

/** A VM as the lab itself has it (the truth a test checks at its end). */
export interface LabVm {
  host: string;
  state: string;
  clustered: boolean;
  disks: string[];
}

/** Starts the lab with this topology and a VS Code (window `name`) whose hosts are the lab's, reached over SSH. */
export async function startLabWindow(
  topology: string,
  name: string,
  viewport: { width: number; height: number },
): Promise<{ lab: Lab; vscode: VsCode }> {
  const lab = await startLab({ topology });
  try {
    const vscode = await startVsCode({
      name,
      settings: {
        'hypervMobility.hosts': labConnections(lab.dir),
        'hypervMobility.powershellPath': PWSH,
        'hypervMobility.refreshIntervalSeconds': 0,
        // opening SSH sessions to lab hosts is slow on a busy 2-core machine
        'hypervMobility.requestTimeoutSeconds': 300,
      },
      env: { PATH: lab.clientEnv.PATH },
      viewport,
    });
    return { lab, vscode };
  } catch (e) {
    await lab.stop();
    throw e;
  }
}

/** Reads where the lab has a VM, in what state, clustered or not, and its disks' paths. */
export function labVm(lab: Lab, name: string): Promise<LabVm> {
  return lab.pwsh<LabVm>(
    `$v = Get-LabState | ForEach-Object { $_.VMs } | Where-Object { $_.Name -eq '${name}' }; [pscustomobject]@{ host = $v.Host; state = [string]$v.State; clustered = [bool]$v.Clustered; disks = @($v.Disks | ForEach-Object { $_.Path }) }`,
  );
}

/** Where the tree shows this VM now, for failure messages. */
export async function treePlaceOf(vscode: VsCode, vm: string): Promise<string> {
  const row = (await visibleTree(vscode.page)).find((r) => r.label === vm);
  return row
    ? `${vm} under ${row.contextParent ?? '(top)'}${row.description ? ` (${row.description})` : ''}`
    : `no row ${vm} in the visible tree`;
}

/** Waits until the tree shows this VM under this host (or cluster node). */
export function waitUnder(vscode: VsCode, vm: string, host: string, timeoutMs = 300_000): Promise<unknown> {
  return waitFor(
    `${vm} under ${host} in the tree`,
    async () =>
      (await visibleTree(vscode.page)).some((r) => r.label === vm && r.contextParent === host) ? true : undefined,
    timeoutMs,
    () => treePlaceOf(vscode, vm),
  );
}

/** The job of this VM in the Migrations panel (the newest first). */
export function jobOf(vscode: VsCode, vm: string) {
  return vscode.webviewFrame().locator(`[data-job-id][data-vm="${vm}"]`).first();
}

/** The panel's row of this VM as a person reads it, for failure messages. */
export async function panelRowOf(vscode: VsCode, vm: string): Promise<string> {
  const job = jobOf(vscode, vm);
  if ((await job.count().catch(() => 0)) === 0)
    return `no job of ${vm} in the Migrations panel (${await describeFront(vscode.page)})`;
  const status = await job.getAttribute('data-status', { timeout: 2_000 });
  return `${vm} is ${status ?? '?'} in the panel: ${(await job.innerText({ timeout: 2_000 })).replace(/\s+/g, ' ').slice(0, 400)}`;
}

/** Waits until the newest move of this VM has this status in the Migrations panel. */
export function waitForStatus(vscode: VsCode, vm: string, status: string, timeoutMs = 600_000): Promise<unknown> {
  return waitFor(
    `${vm} ${status} in the Migrations panel`,
    async () =>
      (await jobOf(vscode, vm)
        .getAttribute('data-status', { timeout: 2_000 })
        .catch(() => null)) === status
        ? true
        : undefined,
    timeoutMs,
    () => panelRowOf(vscode, vm),
  );
}

/**
 * Drags a VM's row onto a host's row as a person does: once the tree stands still (a redraw under the pointer can
 * swallow a drop), then waits until the product logs the drop, so that a lost drop fails here, saying so.
 */
export async function dragVm(vscode: VsCode, vm: string, onto: string): Promise<void> {
  await waitForStillTree(vscode.page);
  const logged = (): number =>
    vscode
      .productLog()
      .split('\n')
      .filter((l) => l.includes(`Drop: ${vm} onto ${onto}.`)).length;
  const seen = logged();
  await vscode.treeRow(vm).dragTo(vscode.treeRow(onto));
  await waitFor(
    `the product to log the drop of ${vm} onto ${onto}`,
    () => Promise.resolve(logged() > seen ? true : undefined),
    30_000,
    () => describeFront(vscode.page),
  );
}
