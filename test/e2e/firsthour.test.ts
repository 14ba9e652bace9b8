// An admin's first hour (issue 16) in a real VS Code (code-server + Chromium) against its own lab over SSH: the Move
// VM wizard without traps, storage moves that are checked, a partial evacuation that adds up and ends with a summary,
// and node maintenance that tells the whole truth (the VM that is not a role, a row per VM, the failback). Each test
// moves its own VMs and checks the lab's own state at the end.
import { strict as assert } from 'node:assert';
import { recordFailure } from '../support/failures';
import type { Lab } from '../support/lab';
import {
  jobOf as jobIn,
  labVm as labVmOf,
  startLabWindow,
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
  focusWebview,
} from '../support/workbench';

/** The window is 1,000 px tall, as in the report: a dialog must fit it. */
const viewport = { width: 1400, height: 1000 };

describe("An admin's first hour in a real VS Code", function () {
  this.timeout(1_800_000);
  let lab: Lab;
  let vscode: VsCode;
  let involved: string[] = [];

  // The shared e2e helpers, bound to this file's lab and window.
  const labVm = (name: string): Promise<LabVm> => labVmOf(lab, name);
  const waitUnder = (vm: string, host: string, timeoutMs?: number): Promise<unknown> =>
    waitUnderIn(vscode, vm, host, timeoutMs);
  const jobOf = (vm: string) => jobIn(vscode, vm);
  const waitForStatus = (vm: string, status: string, timeoutMs?: number): Promise<unknown> =>
    waitForStatusIn(vscode, vm, status, timeoutMs);
  const widget = () => vscode.page.locator('.quick-input-widget');
  const waitForTitle = (title: RegExp): Promise<void> =>
    widget().locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 120_000 });
  const rowsShown = async (): Promise<{ label: string; description: string; detail: string }[]> =>
    widget()
      .locator('.quick-input-list .monaco-list-row')
      .evaluateAll((els) =>
        els.map((e) => ({
          label: e.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: e.querySelector('.label-description')?.textContent?.trim() ?? '',
          detail: e.querySelector('.quick-input-list-label-meta')?.textContent?.trim() ?? '',
        })),
      );

  before(async () => {
    ({ lab, vscode } = await startLabWindow('test-firsthour', 'firsthour', viewport));
    await vscode.openView('Hyper-V');
    await waitUnder('tools-01', 'PROD-N1', 600_000);
    await waitUnder('app-03', 'PROD-N2', 600_000); // the whole cluster: a drain needs the other node's state
    await waitUnder('wz-01', 'HV-WEST');
    await waitUnder('ev-web-01', 'HV-EAST');
  });

  after(async () => {
    await vscode?.stop();
    await lab?.stop();
  });

  beforeEach(async () => {
    involved = [];
    await closeFront(vscode.page);
  });

  afterEach(async function () {
    await recordFailure(this.currentTest, vscode, lab, involved);
  });

  it('7: "Move VM" and Enter opens Move VM; Escape and a closed confirmation step back; only options that can work; free memory said as memory', async () => {
    involved = ['wz-01'];
    const { page } = vscode;
    // Typed in the palette the way a person does, then Enter: the first match runs.
    const listed = await vscode.paletteCommands('Hyper-V: Move VM');
    assert.equal(listed[0], 'Hyper-V: Move VM…', `the palette lists ${JSON.stringify(listed)}`);
    await page.keyboard.press('F1');
    await widget().locator('.quick-input-box input').fill('>Hyper-V: Move VM');
    await widget()
      .locator('.quick-input-list .monaco-list-row .label-name .highlight')
      .first()
      .waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await waitForTitle(/^Move VM$/);
    await answer(page, 'wz-01', /^Move VM$/);
    await waitForTitle(/^Move wz-01$/);
    // Rated from the inventory at once, then with what the hosts answer (CPU load, free space, processor).
    const destinations = await waitFor(
      'the ratings with the hosts’ answers',
      async () => {
        const rows = await rowsShown();
        return rows.length > 0 && rows.every((r) => !/not asked/.test(r.detail)) ? rows : undefined;
      },
      120_000,
      async () => JSON.stringify(await rowsShown()),
    );
    const east = destinations.find((r) => r.label === 'HV-EAST');
    // Rated (placement), and the memory reason says memory: free memory after the move, not a bare size.
    assert.match(east?.description ?? '', /· suitable · standalone$/, JSON.stringify(destinations));
    assert.match(east?.detail ?? '', /[\d.]+ (GB|TB) memory free after the move/, JSON.stringify(destinations));
    await answer(page, 'HV-EAST', /^Move wz-01$/);
    await waitForTitle(/where do its files go/);
    const options = (await rowsShown()).map((r) => r.label);
    assert.ok(
      !options.includes('Leave them where they are'),
      `its files are on HV-WEST's own disk: leaving them cannot work; offered ${JSON.stringify(options)}`,
    );
    await vscode.screenshot('wizard-after');
    // Escape goes back one step, not out.
    await page.keyboard.press('Escape');
    await waitForTitle(/^Move wz-01$/);
    await answer(page, 'HV-EAST', /^Move wz-01$/);
    await answer(page, "Into HV-EAST's default folders", /where do its files go/);
    // Closing the confirmation goes back to the question before it.
    await page.locator('.monaco-dialog-box').waitFor({ state: 'visible', timeout: 300_000 });
    await page.keyboard.press('Escape');
    await waitForTitle(/where do its files go/);
    await answer(page, "Into HV-EAST's default folders", /where do its files go/);
    const text = await clickDialogButton(page, /^Start (Migration|Anyway)$/);
    assert.match(
      text,
      /Preflight: no problems found on either host/,
      'the lab directory grants the delegation: no warning to accept',
    );
    await waitForStatus('wz-01', 'succeeded');
    assert.deepEqual(await labVm('wz-01'), {
      host: 'HV-EAST',
      state: 'Running',
      clustered: false,
      disks: ['D:\\Hyper-V\\Virtual Hard Disks\\wz-01.vhdx'],
    });
  });

  it('5: a storage move never suggests the current folder, refuses a volume the host lacks, and the panel shows where the files go', async () => {
    involved = ['st-01'];
    const { page } = vscode;
    // Started with the Migrations panel in front, as after watching a move: when the palette closes, VS Code gives the
    // keyboard back to the panel asynchronously, and that must not dismiss the wizard's first step (the CI failure of
    // 78ac9dd; a race, so this condition is kept rather than proven each run).
    await vscode.runCommand('Hyper-V: Show Migrations');
    await page.locator('iframe.webview.ready:visible').first().waitFor({ state: 'visible' });
    // With the keyboard in it, as a person watching it has: a palette opened while the panel is still being handed the
    // focus closes (the CI failure of 6af5133).
    await focusWebview(page, vscode.webviewFrame());
    await vscode.runCommand("Hyper-V: Move VM's Storage…");
    await waitForTitle(/^Move VM's Storage$/);
    // A click on the tree to look something up leaves the step open (every step of a wizard ignores focus out).
    await vscode.treeRow('HV-WEST').click();
    assert.ok(
      await page.evaluate(() => document.activeElement?.closest('.part.sidebar') !== null),
      'the click took the keyboard to the tree',
    );
    await page.waitForTimeout(500); // a step that closes on focus out closes a tick after the focus left
    assert.ok(
      await widget()
        .locator('.quick-input-title', { hasText: /^Move VM's Storage$/ })
        .isVisible(),
      `the VM step stays open: ${await describeFront(page)}`,
    );
    await answer(page, 'st-01', /Move VM's Storage/);
    await waitForTitle(/Move st-01's storage on HV-WEST/);
    const input = widget().locator('.quick-input-box input');
    const suggested = await input.inputValue();
    assert.notEqual(suggested.toLowerCase(), 'd:\\vms\\st-01', 'the suggestion is not where the files are now');
    await input.fill('D:\\VMs\\st-01');
    await widget()
      .locator('.quick-input-message', { hasText: /The files are in this folder now/ })
      .waitFor({ state: 'visible' });
    await answer(page, 'Q:\\VMs\\st-01', /Move st-01's storage on HV-WEST/);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 300_000 });
    const refused = await dialog.innerText();
    assert.match(refused, /✖ HV-WEST has no volume Q:\\/);
    assert.equal(await dialog.getByRole('button', { name: /^Start/ }).count(), 0, 'an error blocks the start');
    await page.keyboard.press('Escape');
    // back in the folder step, with what was typed
    await waitForTitle(/Move st-01's storage on HV-WEST/);
    assert.equal(await input.inputValue(), 'Q:\\VMs\\st-01');
    await answer(page, 'E:\\VMs\\st-01', /Move st-01's storage on HV-WEST/);
    const text = await clickDialogButton(page, /^Start (Migration|Anyway)$/);
    assert.match(text, /Preflight: no problems found/, 'the free space of E:\\ was read: nothing to accept');
    await jobOf('st-01').waitFor({ state: 'visible', timeout: 120_000 });
    assert.equal((await jobOf('st-01').locator('.job-storage').innerText()).trim(), 'Files to E:\\VMs\\st-01');
    await waitForStatus('st-01', 'succeeded');
    await vscode.screenshot('storage-after');
    assert.deepEqual(await labVm('st-01'), {
      host: 'HV-WEST',
      state: 'Running',
      clustered: false,
      disks: ['E:\\VMs\\st-01\\st-01.vhdx'],
    });
  });

  it('1, 2, 3: Evacuate Host offers off, saved and paused VMs, adds up the space, moves what can move, leaves the rest with reasons and ends with a summary', async () => {
    const vms = [
      'ev-web-01',
      'ev-web-02',
      'ev-share-01',
      'ev-off-01',
      'ev-saved-01',
      'ev-paused-01',
      'ev-new-01',
      'ev-big-01',
      'ev-big-02',
    ];
    involved = vms;
    const { page } = vscode;
    await vscode.runCommand('Hyper-V: Evacuate Host…');
    await answer(page, 'HV-EAST', /Evacuate Host/);
    await waitForTitle(/Evacuate HV-EAST: which VMs move/);
    const offered = await rowsShown();
    for (const [vm, state] of [
      ['ev-off-01', 'Off'],
      ['ev-saved-01', 'Saved'],
      ['ev-paused-01', 'Paused'],
    ]) {
      assert.ok(
        offered.some((r) => r.label === vm && r.description.startsWith(state!)),
        `${vm} (${state}) offered: ${JSON.stringify(offered)}`,
      );
    }
    // Only this test's VMs: another test may have moved one of its own onto HV-EAST (a click on a row unticks it).
    for (const other of offered.filter((r) => !vms.includes(r.label))) {
      await widget()
        .locator('.quick-input-list .monaco-list-row', {
          has: page.locator('.label-name', { hasText: new RegExp(`^${other.label}$`) }),
        })
        .click();
    }
    await page.keyboard.press('Enter'); // the rest, as picked
    await waitForTitle(/Evacuate HV-EAST: spread 9 VMs over/);
    await page.keyboard.press('Enter'); // HV-WEST, picked
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 300_000 });
    const box = await dialog.boundingBox();
    assert.ok(
      box && box.height <= viewport.height,
      `the confirmation is ${box?.height} px tall in a ${viewport.height} px window`,
    );
    await vscode.screenshot('evacuation-confirm-after');
    const text = await clickDialogButton(page, /^Start 7 Migrations( Anyway)?$/);
    assert.match(text, /Move 7 VMs from HV-EAST\?/);
    assert.match(
      text,
      /ev-share-01: HV-EAST → HV-WEST, files stay where they are/,
      'a VM on a share moves without its disks',
    );
    // The spread rates HV-WEST for each VM with what the earlier VMs of the plan already take there: the two VMs it
    // cannot take stay, each with the reason, before anything is sent.
    assert.match(
      text,
      /ev-new-01 stays: no destination suits it \(HV-WEST: Runs configuration versions [\d.–]+, not 12\.0\)/,
    );
    assert.match(
      text,
      /ev-big-02 stays: no destination suits it \(HV-WEST: Not enough space on D:\\: \d+ GB of disks, \d+ GB free\)/,
      'the disks bound for one volume are added up',
    );
    const summary = await vscode.waitForNotification(/^Evacuation of HV-EAST: /, 900_000);
    // What stays on the host counts as left, the VMs not picked too.
    assert.match(
      summary,
      new RegExp(`Evacuation of HV-EAST: 7 moved, ${offered.length - 7} left \\(${offered.length} VMs\\)\\.`),
    );
    await page.locator('.notifications-toasts .monaco-button', { hasText: 'Show Summary' }).first().click();
    const detail = await clickDialogButton(page, /^OK$/);
    assert.match(detail, /ev-web-01: moved, on HV-WEST, Running/);
    assert.match(detail, /ev-new-01: left on HV-EAST — .*not 12\.0/);
    assert.match(detail, /ev-big-02: left on HV-EAST — .*Not enough space on D:\\/);
    await vscode.screenshot('evacuation-after');
    assert.deepEqual(await labVm('ev-share-01'), {
      host: 'HV-WEST',
      state: 'Running',
      clustered: false,
      disks: ['\\\\FS01\\VMs\\ev-share-01\\ev-share-01.vhdx'],
    });
    assert.deepEqual(await labVm('ev-off-01').then((v) => [v.host, v.state]), ['HV-WEST', 'Off']);
    assert.deepEqual(await labVm('ev-saved-01').then((v) => [v.host, v.state]), ['HV-WEST', 'Saved']);
    assert.deepEqual(await labVm('ev-paused-01').then((v) => [v.host, v.state]), ['HV-WEST', 'Paused']);
    assert.deepEqual(await labVm('ev-new-01').then((v) => [v.host, v.state]), ['HV-EAST', 'Running']);
    assert.deepEqual(await labVm('ev-big-01').then((v) => [v.host, v.state]), ['HV-WEST', 'Running']);
    assert.deepEqual(await labVm('ev-big-02').then((v) => [v.host, v.state]), ['HV-EAST', 'Running']);
  });

  it('1, 4: a drain lists the VM that is not a role and moves it too, shows a row per role, says what is left; the failback is followed to its end', async () => {
    involved = ['app-01', 'app-02', 'tools-01'];
    const { page } = vscode;
    await runContextMenuItem(page, vscode.treeRow('PROD-N1'), 'Drain Cluster Node…');
    const drainText = await clickDialogButton(page, 'Drain and Move the Other VM');
    assert.match(drainText, /2 clustered roles move to the other nodes of CLU-PROD/);
    assert.match(drainText, /Not cluster roles, so a drain leaves it on PROD-N1: tools-01 \(Running\)/);
    // the move of tools-01 is confirmed like any other: a plain shared-nothing move, it stays outside the cluster
    const move = await clickDialogButton(page, /^Start (Migration|Anyway)$/);
    assert.match(move, /Shared-nothing live migration: tools-01 from PROD-N1 to PROD-N2/);
    await vscode.waitForNotification(/PROD-N1 is drained and paused\. Nothing runs on it any more\./, 600_000);
    const drain = vscode.webviewFrame().locator('.drain[data-node="PROD-N1"]');
    await waitFor(
      'a row per role of the drain, each moved',
      async () => ((await drain.locator('.drain-move[data-move-status="moved"]').count()) === 2 ? true : undefined),
      120_000,
      async () => (await drain.innerText().catch(() => 'no drain row')).replace(/\s+/g, ' '),
    );
    assert.match(await drain.locator('.drain-move[data-vm="app-01"]').innerText(), /moved to PROD-N2/);
    // Nothing is left under PROD-N1: its row is drawn again as a leaf, not expanded over nothing.
    await waitFor(
      'PROD-N1 drawn as a row with nothing under it',
      async () => ((await vscode.treeRow('PROD-N1').getAttribute('aria-expanded')) === null ? true : undefined),
      120_000,
      async () => JSON.stringify((await vscode.treeRows()).filter((r) => /PROD-N1/.test(r.label))),
    );
    await vscode.screenshot('drain-after');
    assert.deepEqual(await labVm('tools-01').then((v) => [v.host, v.clustered]), ['PROD-N2', false]);
    assert.deepEqual(await labVm('app-01').then((v) => [v.host, v.clustered]), ['PROD-N2', true]);

    await runContextMenuItem(page, vscode.treeRow('PROD-N1'), 'Resume Cluster Node…');
    await answer(page, 'Fail roles back now', /Resume PROD-N1/);
    // never "Paused, drained" after the resume: the row follows the failback to its end
    await waitFor(
      'PROD-N1 resumed with its roles failed back in the panel',
      async () =>
        (await drain.getAttribute('data-status').catch(() => null)) === 'resumed' &&
        /Resumed, roles failed back/.test(await drain.innerText())
          ? true
          : undefined,
      600_000,
      async () => (await drain.innerText().catch(() => 'no drain row')).replace(/\s+/g, ' '),
    );
    assert.match(await drain.locator('.drain-move[data-vm="app-01"]').innerText(), /moved to PROD-N1/);
    await vscode.screenshot('maintenance-after');
    assert.deepEqual(await labVm('app-01').then((v) => [v.host, v.state, v.clustered]), ['PROD-N1', 'Running', true]);
    const node = await lab.pwsh<string>("[string](Get-ClusterNode -Name 'PROD-N1').State", { host: 'PROD-N2' });
    assert.equal(node, 'Up');
  });
});
