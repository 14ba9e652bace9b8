// Moving VMs in a real VS Code (code-server + Chromium) against the lab over SSH: drag and drop, the palette, the
// Migrations panel (progress, cancel, after a reload) and node drain. One window for all of them (starting one costs
// about a minute), but no test depends on what another did: each moves its own VMs, and beforeEach puts back what a
// failed test may have left (live migration on, no faults, nothing open in front).
import { strict as assert } from 'node:assert';
import { recordFailure } from '../support/failures';
import type { Lab } from '../support/lab';
import {
  dragVm,
  jobOf as jobIn,
  labVm as labVmOf,
  panelRowOf as panelRowIn,
  startLabWindow,
  treePlaceOf as treePlaceIn,
  waitForStatus as waitForStatusIn,
  waitUnder as waitUnderIn,
  type LabVm,
} from '../support/labWindow';
import { waitFor } from '../support/poll';
import type { VsCode } from '../support/vscode';
import {
  answer,
  clickDialogButton,
  closeFront,
  describeFront,
  runContextMenuItem,
  visibleTree,
} from '../support/workbench';

/** The confirmation's start button: "Start Anyway" when the preflight has warnings to accept. */
const start = /^Start (Migration|Anyway)$/;

describe('Migrations in a real VS Code', function () {
  this.timeout(1_800_000);
  let lab: Lab;
  let vscode: VsCode;
  /** The VMs the running test moves: their lab state is saved if it fails. */
  let involved: string[] = [];

  // The shared e2e helpers, bound to this file's lab and window.
  const labVm = (name: string): Promise<LabVm> => labVmOf(lab, name);
  const treePlaceOf = (vm: string): Promise<string> => treePlaceIn(vscode, vm);
  const waitUnder = (vm: string, host: string, timeoutMs?: number): Promise<unknown> =>
    waitUnderIn(vscode, vm, host, timeoutMs);
  const jobOf = (vm: string) => jobIn(vscode, vm);
  const panelRowOf = (vm: string): Promise<string> => panelRowIn(vscode, vm);
  const waitForStatus = (vm: string, status: string, timeoutMs?: number): Promise<unknown> =>
    waitForStatusIn(vscode, vm, status, timeoutMs);

  const drag = (vm: string, onto: string): Promise<void> => dragVm(vscode, vm, onto);

  const percentOf = async (vm: string): Promise<number> =>
    Number.parseInt(
      await jobOf(vm)
        .locator('.job-percent')
        .innerText({ timeout: 2_000 })
        .catch(() => ''),
      10,
    );

  /** Waits until the move of this VM shows at least `percent` in the panel. */
  const waitForPercent = (vm: string, percent: number): Promise<unknown> =>
    waitFor(
      `${vm} at ${percent} % or more`,
      async () => ((await percentOf(vm)) >= percent ? true : undefined),
      600_000,
      () => panelRowOf(vm),
    );

  /** Where the keyboard focus is: in the Inventory view's side bar, in a webview, or elsewhere. */
  const focusPart = (): Promise<string> =>
    vscode.page.evaluate(() => {
      const a = document.activeElement;
      if (a?.closest('.part.sidebar')) return 'sidebar';
      if (a?.tagName === 'IFRAME' && a.classList.contains('webview')) return 'webview';
      return a ? `${a.tagName.toLowerCase()}.${String(a.className).split(' ')[0]}` : 'nothing';
    });

  before(async () => {
    ({ lab, vscode } = await startLabWindow('test-migration', 'migration', { width: 1600, height: 1100 }));
    await vscode.openView('Hyper-V');
    await waitUnder('app-03', 'PROD-N2', 600_000);
    await waitUnder('big-01', 'HV-WEST');
  });

  after(async () => {
    await vscode?.stop();
    await lab?.stop();
  });

  beforeEach(async () => {
    involved = [];
    await closeFront(vscode.page);
    for (const host of ['HV-EAST', 'HV-WEST']) await lab.pwsh('Enable-VMMigration', { host });
    await lab.clearFaults();
  });

  afterEach(async function () {
    await recordFailure(this.currentTest, vscode, lab, involved);
  });

  it('refuses an illegal drop with its reason, and moves nothing', async () => {
    involved = ['web-01'];
    const { host } = await labVm('web-01');
    await drag('web-01', host);
    await vscode.waitForNotification(new RegExp(`web-01 is already on ${host}`));
    await vscode.screenshot('illegal-drop');
    assert.equal((await labVm('web-01')).host, host);
  });

  it('drags a VM onto another host, confirms, watches the panel reach 100 % and sees the VM under the destination', async () => {
    involved = ['web-01'];
    await drag('web-01', 'HV-WEST');
    const text = await clickDialogButton(vscode.page, start);
    assert.match(text, /Shared-nothing live migration: web-01 from HV-EAST to HV-WEST/);
    // the lab's directory grants the delegation, and the preflight reads it: nothing to accept on every move
    assert.match(text, /Preflight: no problems found/);
    await jobOf('web-01').waitFor({ state: 'visible', timeout: 120_000 });
    await waitForStatus('web-01', 'succeeded');
    assert.equal((await jobOf('web-01').locator('.job-percent').innerText()).trim(), '100 %');
    await vscode.screenshot('drop-succeeded');
    await waitUnder('web-01', 'HV-WEST');
    assert.deepEqual(await labVm('web-01'), {
      host: 'HV-WEST',
      state: 'Running',
      clustered: false,
      disks: ['D:\\Hyper-V\\Virtual Hard Disks\\web-01.vhdx'],
    });
  });

  it('keeps the keyboard where it was when a move starts: a Move VM picker opened meanwhile stays open while the move ends', async () => {
    involved = ['web-04'];
    await drag('web-04', 'HV-WEST');
    await clickDialogButton(vscode.page, start);
    await jobOf('web-04').waitFor({ state: 'visible', timeout: 120_000 });
    // The panel came up beside the tree without taking the focus. (A focused webview takes the focus back when the
    // palette closes, asynchronously, and dismisses the quick pick the command opens meanwhile.)
    assert.equal(
      await focusPart(),
      'sidebar',
      'the keyboard stays in the Inventory view when the Migrations panel opens',
    );
    await vscode.runCommand('Hyper-V: Move VM…');
    const widget = vscode.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: /^Move VM$/ }).waitFor({ state: 'visible' });
    await widget.locator('.quick-input-box input').fill('web-0');
    await waitForStatus('web-04', 'succeeded');
    await waitUnder('web-04', 'HV-WEST'); // the tree is read again at the end of the move
    if (!(await widget.locator('.quick-input-title', { hasText: /^Move VM$/ }).isVisible()))
      assert.fail(`the Move VM picker closed while the move ended; ${await describeFront(vscode.page)}`);
    assert.equal(await widget.locator('.quick-input-box input').inputValue(), 'web-0', 'what was typed is still there');
    await vscode.page.keyboard.press('Escape');
  });

  it('offers the preflight fix as one click: live migration turned on at the destination, then the move', async () => {
    involved = ['web-03'];
    await lab.pwsh('Disable-VMMigration', { host: 'HV-WEST' });
    await drag('web-03', 'HV-WEST');
    const blocked = await clickDialogButton(vscode.page, 'Turn On Live Migration on HV-WEST');
    assert.match(blocked, /✖ Live migration is off on HV-WEST/);
    assert.doesNotMatch(blocked, /Start (Migration|Anyway)/, 'an error blocks the start');
    // checked again after the fix: the start is offered, the error gone
    const again = await clickDialogButton(vscode.page, start);
    assert.doesNotMatch(again, /Live migration is off/);
    assert.equal(await lab.pwsh<boolean>('(Get-VMHost).VirtualMachineMigrationEnabled', { host: 'HV-WEST' }), true);
    await waitForStatus('web-03', 'succeeded');
    await waitUnder('web-03', 'HV-WEST');
  });

  it('moves a VM through the command palette, step by step', async () => {
    involved = ['web-02'];
    const { page } = vscode;
    await vscode.runCommand('Hyper-V: Move VM…');
    await answer(page, 'web-02', /Move VM/);
    await answer(page, 'HV-WEST', /Move web-02/);
    await answer(page, "Into HV-WEST's default folders", /where do its files go/);
    await clickDialogButton(page, start);
    await waitForStatus('web-02', 'succeeded');
    await waitUnder('web-02', 'HV-WEST');
    assert.equal((await labVm('web-02')).host, 'HV-WEST');
  });

  it("moves a VM's storage through the command palette", async () => {
    involved = ['file-01'];
    const { page } = vscode;
    await vscode.runCommand("Hyper-V: Move VM's Storage…");
    await answer(page, 'file-01', /Move VM's Storage/);
    await answer(page, 'E:\\VMs\\file-01', /Move file-01's storage on HV-EAST/);
    const text = await clickDialogButton(page, start);
    assert.match(text, /Live storage migration/);
    await waitForStatus('file-01', 'succeeded');
    assert.deepEqual(await labVm('file-01'), {
      host: 'HV-EAST',
      state: 'Running',
      clustered: false,
      disks: ['E:\\VMs\\file-01\\file-01.vhdx'],
    });
  });

  it('cancels a running move from the panel: the VM stays on its source, running', async () => {
    involved = ['big-01'];
    await drag('big-01', 'HV-EAST');
    await clickDialogButton(vscode.page, start);
    await waitForPercent('big-01', 1);
    // the tree shows the move on the VM while it runs
    await waitFor(
      'Migrating n % on big-01 in the tree',
      async () =>
        (await visibleTree(vscode.page)).find((r) => r.label === 'big-01')?.description.match(/^Migrating \d+ %$/)
          ? true
          : undefined,
      60_000,
      () => treePlaceOf('big-01'),
    );
    await vscode.screenshot('cancel-running');
    await jobOf('big-01').locator('.job-cancel').click();
    // Cancel is confirmed first, saying where the VM stays.
    assert.match(await clickDialogButton(vscode.page, 'Cancel Migration'), /big-01 stays on HV-WEST/);
    await waitForStatus('big-01', 'cancelled');
    assert.match(await jobOf('big-01').locator('.job-outcome').innerText(), /HV-WEST/);
    assert.deepEqual(await labVm('big-01'), {
      host: 'HV-WEST',
      state: 'Running',
      clustered: false,
      disks: ['D:\\VMs\\big-01\\big-01.vhdx'],
    });
  });

  it('keeps a tooltip open on another row while a move draws its progress in the tree', async () => {
    involved = ['big-01'];
    await drag('big-01', 'HV-EAST');
    await clickDialogButton(vscode.page, start);
    await waitForPercent('big-01', 1);
    const drawn = async (): Promise<string | undefined> =>
      (await visibleTree(vscode.page)).find((r) => r.label === 'big-01')?.description;
    const host = vscode.treeRow('HV-EAST').first();
    await host.hover();
    const tooltip = vscode.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'HV-EAST' }).first();
    await tooltip.waitFor({ state: 'visible', timeout: 10_000 });
    // Two redraws of the moving VM's row; every redraw of the whole tree used to close the tooltip at once.
    for (let i = 0; i < 2; i++) {
      const was = await drawn();
      await waitFor(
        `big-01's progress redrawn (was "${was ?? ''}")`,
        async () => ((await drawn()) !== was ? true : undefined),
        60_000,
        () => treePlaceOf('big-01'),
      );
    }
    assert.ok(await tooltip.isVisible(), 'the tooltip on HV-EAST is still open');
    await jobOf('big-01').locator('.job-cancel').click();
    await clickDialogButton(vscode.page, 'Cancel Migration');
    await waitForStatus('big-01', 'cancelled');
    assert.equal((await labVm('big-01')).host, 'HV-WEST');
  });

  it('cancels a move the moment it is confirmed: it ends cancelled, the VM on its source, running, with at most one Move-VM sent', async () => {
    involved = ['big-03'];
    await drag('big-03', 'HV-WEST');
    await clickDialogButton(vscode.page, start);
    // at once, while the start is on its way to the host (or waiting for its answer)
    await jobOf('big-03').locator('.job-cancel').click();
    await clickDialogButton(vscode.page, 'Cancel Migration');
    await waitForStatus('big-03', 'cancelled');
    assert.deepEqual(await labVm('big-03'), {
      host: 'HV-EAST',
      state: 'Running',
      clustered: false,
      disks: ['D:\\VMs\\big-03\\big-03.vhdx'],
    });
    const id = await lab.pwsh<string>(
      `(Get-LabState).Vms | Where-Object { $_.Name -eq 'big-03' } | ForEach-Object { $_.Id }`,
    );
    const moves = await lab.pwsh<number>(`@(Get-LabCall -VMId '${id}' -Cmdlet 'Move-VM').Count`);
    assert.ok(moves <= 1, `Move-VM was sent ${moves} times for big-03`);
    const running = await lab.pwsh<number>(
      `@((Get-LabState).Migrations | Where-Object { $_.VmId -eq '${id}' -and $_.Status -in 'Queued','Running' }).Count`,
    );
    assert.equal(running, 0, 'no migration of big-03 is left running on the hosts');
  });

  it("changes a host's migration settings from its context menu, refusing an invalid value where it is typed", async () => {
    const { page } = vscode;
    await runContextMenuItem(page, vscode.treeRow('HV-EAST'), 'Migration Settings…');
    await answer(page, 'Simultaneous live migrations', /Migration settings: HV-EAST/);
    const widget = page.locator('.quick-input-widget');
    await widget
      .locator('.quick-input-title', { hasText: /Simultaneous live migrations/ })
      .waitFor({ state: 'visible' });
    await widget.locator('.quick-input-box input').fill('0');
    await widget
      .locator('.quick-input-message', { hasText: /whole number from 1 to 64/ })
      .waitFor({ state: 'visible' });
    await answer(page, '5', /Simultaneous live migrations/);
    await answer(page, 'Apply changes', /Migration settings: HV-EAST/);
    await vscode.waitForNotification(/Migration settings of HV-EAST saved/, 120_000);
    assert.equal(await lab.pwsh<number>('(Get-VMHost).MaximumVirtualMachineMigrations', { host: 'HV-EAST' }), 5);
  });

  it('drains a cluster node from its context menu: its roles move and it is paused', async () => {
    involved = ['app-01', 'app-02'];
    await runContextMenuItem(vscode.page, vscode.treeRow('PROD-N1'), 'Drain Cluster Node…');
    await clickDialogButton(vscode.page, 'Drain Node');
    await waitFor(
      'PROD-N1 paused in the tree',
      async () =>
        (await visibleTree(vscode.page)).find((r) => r.label === 'PROD-N1')?.description.startsWith('Paused')
          ? true
          : undefined,
      600_000,
      () => treePlaceOf('PROD-N1'),
    );
    await waitUnder('app-01', 'PROD-N2');
    await waitUnder('app-02', 'PROD-N2');
    for (const vm of ['app-01', 'app-02'])
      assert.deepEqual(await labVm(vm).then((v) => [v.host, v.state, v.clustered]), ['PROD-N2', 'Running', true]);
    await vscode.screenshot('drained');
  });

  it('after a window reload, shows its finished moves again and follows a move still running to its end', async () => {
    involved = ['web-05', 'big-02'];
    await drag('web-05', 'HV-WEST');
    await clickDialogButton(vscode.page, start);
    await waitForStatus('web-05', 'succeeded');
    await drag('big-02', 'HV-WEST');
    await clickDialogButton(vscode.page, start);
    await waitForPercent('big-02', 1);

    await vscode.reload();
    await vscode.openView('Hyper-V');
    const frame = vscode.webviewFrame();
    await frame.locator('[data-job-id][data-vm="web-05"]').first().waitFor({ state: 'visible', timeout: 120_000 });
    assert.equal(await frame.locator('[data-vm="web-05"]').first().getAttribute('data-status'), 'succeeded');
    // The move that was running is followed again from its host: its progress goes on past what it was.
    const before = await percentOf('big-02');
    await waitForPercent('big-02', before + 1);
    await vscode.screenshot('after-reload');
    await jobOf('big-02').locator('.job-cancel').click();
    await clickDialogButton(vscode.page, 'Cancel Migration');
    await waitForStatus('big-02', 'cancelled');
    assert.deepEqual(await labVm('big-02'), {
      host: 'HV-EAST',
      state: 'Running',
      clustered: false,
      disks: ['D:\\VMs\\big-02\\big-02.vhdx'],
    });
  });
});
