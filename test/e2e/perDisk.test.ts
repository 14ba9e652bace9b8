// "Choose a folder for each disk" in a real VS Code (code-server + Chromium) against the lab over SSH: a move to another
// host and a storage move, each disk to its own folder, through the palette and the tree's context menu; the lab's own
// state is checked at the end of each. Topology: lab/topologies/test-perdisk.json (pd-01 and pd-02 on HV-EAST, each
// with two 3 GB disks; HV-WEST's E:\ has 5 GB free: room for one of them, not both).
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
import type { VsCode } from '../support/vscode';
import { answer, clickDialogButton, closeFront, runContextMenuItem } from '../support/workbench';

const start = /^Start (Migration|Anyway)$/;

describe('A folder for each disk, in a real VS Code', function () {
  this.timeout(1_800_000);
  let lab: Lab;
  let vscode: VsCode;
  let involved: string[] = [];

  const labVm = (name: string): Promise<LabVm> => labVmOf(lab, name);
  const labVmPath = (name: string): Promise<string> =>
    lab.pwsh<string>(
      `[string](Get-LabState | ForEach-Object { $_.VMs } | Where-Object { $_.Name -eq '${name}' }).Path`,
    );
  const jobOf = (vm: string) => jobIn(vscode, vm);
  const widget = () => vscode.page.locator('.quick-input-widget');
  const waitForTitle = (title: RegExp): Promise<void> =>
    widget().locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 120_000 });
  /** The rows the step shows: label, description, and the whole row as read (with its warning, if any). */
  const rowsShown = async (): Promise<{ label: string; description: string; text: string }[]> =>
    widget()
      .locator('.quick-input-list .monaco-list-row:visible')
      .evaluateAll((els) =>
        els.map((e) => ({
          label: e.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: e.querySelector('.label-description')?.textContent?.trim() ?? '',
          text: e.textContent?.trim() ?? '',
        })),
      );
  const activeRow = (): Promise<string> =>
    // The row's first label is its folder (its detail, the warning, is a label too); rows of a closed step stay hidden.
    widget().locator('.quick-input-list .monaco-list-row.focused:visible .label-name').first().innerText();
  const typeFolder = async (folder: string): Promise<void> => {
    await widget().locator('.quick-input-box input').fill(folder);
    await widget()
      .locator('.quick-input-list .monaco-list-row.focused:visible .label-name', { hasText: folder })
      .first()
      .waitFor({ state: 'visible' });
  };

  before(async () => {
    ({ lab, vscode } = await startLabWindow('test-perdisk', 'perdisk', { width: 1600, height: 1100 }));
    await vscode.openView('Hyper-V');
    await waitUnderIn(vscode, 'pd-01', 'HV-EAST', 600_000);
    await waitUnderIn(vscode, 'pd-02', 'HV-EAST');
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

  it('moves a VM with two disks to another host, each disk to the folder chosen for it, with Back between the steps', async () => {
    involved = ['pd-01'];
    const { page } = vscode;
    await vscode.runCommand('Hyper-V: Move VM…');
    await answer(page, 'pd-01', /^Move VM$/);
    await answer(page, 'HV-WEST', /^Move pd-01$/);
    await answer(page, 'Choose a folder for each disk…', /where do its files go/);

    // Disk 1: its name and sizes; the destination's default disk folder first, with its volume's free space.
    await waitForTitle(/^Move pd-01 to HV-WEST: pd-01-os\.vhdx \(file 3 GB, max 20 GB\) \(1\/3\)$/);
    const first = await rowsShown();
    assert.deepEqual(
      [first[0]?.label, first[0]?.description],
      ['D:\\Hyper-V\\Virtual Hard Disks', 'D:\\ · 1.5 TB free'],
    );
    assert.doesNotMatch(first[0]?.text ?? '', /Not enough room/);
    assert.ok(
      first.some((r) => r.label === 'D:\\VMs\\pd-01'),
      `the folder it is in now is offered: ${JSON.stringify(first)}`,
    );
    await typeFolder('E:\\PD\\os');
    await page.keyboard.press('Enter');

    // Disk 2: E:\ has room for one disk, not for both: the item says so before it is chosen.
    await waitForTitle(/^Move pd-01 to HV-WEST: pd-01-data\.vhdx \(file 3 GB, max 40 GB\) \(2\/3\)$/);
    assert.ok(
      (await rowsShown()).some((r) => r.label === 'E:\\PD\\os'),
      'the folder the other disk was given is offered',
    );
    await typeFolder('E:\\PD\\data');
    const warned = (await rowsShown()).find((r) => r.label === 'E:\\PD\\data');
    assert.equal(warned?.description, 'E:\\ · 5 GB free');
    assert.match(warned?.text ?? '', /Not enough room on E:\\: the disks placed there need 6 GB; 5 GB is free\./);
    await typeFolder('D:\\PD\\data');
    await page.keyboard.press('Enter');

    // The configuration; Back to disk 2 shows its answer, kept; then on again.
    await waitForTitle(/^Move pd-01 to HV-WEST: configuration, checkpoints and smart paging \(3\/3\)$/);
    await widget().locator('.quick-input-titlebar .codicon-quick-input-back').click();
    await waitForTitle(/pd-01-data\.vhdx .*\(2\/3\)$/);
    assert.equal(await activeRow(), 'D:\\PD\\data', 'the answer given before is the active item');
    await page.keyboard.press('Enter');
    await waitForTitle(/configuration, checkpoints and smart paging \(3\/3\)$/);
    await typeFolder('D:\\PD\\config');
    await page.keyboard.press('Enter');

    const text = await clickDialogButton(page, start);
    const where =
      'E:\\PD\\os (pd-01-os.vhdx), D:\\PD\\data (pd-01-data.vhdx) and D:\\PD\\config (configuration, checkpoints, smart paging)';
    assert.ok(
      text.includes(`Move the VM to HV-WEST, files: ${where}`),
      `the confirmation says where each goes: ${text}`,
    );
    assert.match(text, /Preflight: no problems found/);
    await jobOf('pd-01').waitFor({ state: 'visible', timeout: 120_000 });
    assert.equal((await jobOf('pd-01').locator('.job-storage').innerText()).trim(), `Files to ${where}`);
    await waitForStatusIn(vscode, 'pd-01', 'succeeded');
    assert.deepEqual(await labVm('pd-01'), {
      host: 'HV-WEST',
      state: 'Running',
      clustered: false,
      disks: ['E:\\PD\\os\\pd-01-os.vhdx', 'D:\\PD\\data\\pd-01-data.vhdx'],
    });
    assert.equal(await labVmPath('pd-01'), 'D:\\PD\\config');
  });

  it("moves a VM's storage disk by disk from the tree: one disk stays, Escape keeps nothing of the steps", async () => {
    involved = ['pd-02'];
    const { page } = vscode;
    const perDiskButton = () => widget().getByRole('button', { name: 'Choose a folder for each disk…' });
    await runContextMenuItem(page, vscode.treeRow('pd-02'), "Move VM's Storage…");
    await waitForTitle(/^Move pd-02's storage on HV-EAST to…$/);
    await perDiskButton().click();

    // An answer, then Escape: back in the one-folder step, and the answer is not kept.
    await waitForTitle(/^Move pd-02's storage on HV-EAST: pd-02-os\.vhdx .*\(1\/3\)$/);
    await typeFolder('E:\\Escaped');
    await page.keyboard.press('Enter');
    await waitForTitle(/pd-02-data\.vhdx .*\(2\/3\)$/);
    await page.keyboard.press('Escape');
    await waitForTitle(/^Move pd-02's storage on HV-EAST to…$/);
    await perDiskButton().click();
    await waitForTitle(/pd-02-os\.vhdx .*\(1\/3\)$/);
    assert.equal(await activeRow(), 'D:\\Hyper-V\\Virtual Hard Disks', 'the default again, not the escaped answer');
    await page.keyboard.press('Enter');
    await waitForTitle(/pd-02-data\.vhdx .*\(2\/3\)$/);
    assert.ok(
      !(await rowsShown()).some((r) => r.label === 'E:\\Escaped'),
      'the escaped answer is not offered as a folder another disk was given',
    );
    // Back to disk 1: where it is now is offered as "stays where it is"; chosen, that disk does not move.
    await widget().locator('.quick-input-titlebar .codicon-quick-input-back').click();
    await waitForTitle(/pd-02-os\.vhdx .*\(1\/3\)$/);
    const stays = (await rowsShown()).find((r) => r.label === 'D:\\VMs\\pd-02');
    assert.match(stays?.description ?? '', /^stays where it is · D:\\ · /);
    await typeFolder('D:\\VMs\\pd-02');
    await page.keyboard.press('Enter');
    await waitForTitle(/pd-02-data\.vhdx .*\(2\/3\)$/);
    await typeFolder('E:\\PD2\\data');
    await page.keyboard.press('Enter');
    await waitForTitle(/configuration, checkpoints and smart paging \(3\/3\)$/);
    await typeFolder('E:\\PD2\\config');
    await page.keyboard.press('Enter');

    const text = await clickDialogButton(page, start);
    assert.match(text, /Live storage migration/);
    const where = 'E:\\PD2\\data (pd-02-data.vhdx) and E:\\PD2\\config (configuration, checkpoints, smart paging)';
    assert.ok(text.includes(where), `the confirmation says where each goes: ${text}`);
    await jobOf('pd-02').waitFor({ state: 'visible', timeout: 120_000 });
    assert.equal((await jobOf('pd-02').locator('.job-storage').innerText()).trim(), `Files to ${where}`);
    await waitForStatusIn(vscode, 'pd-02', 'succeeded');
    assert.deepEqual(await labVm('pd-02'), {
      host: 'HV-EAST',
      state: 'Running',
      clustered: false,
      disks: ['D:\\VMs\\pd-02\\pd-02-os.vhdx', 'E:\\PD2\\data\\pd-02-data.vhdx'],
    });
    assert.equal(await labVmPath('pd-02'), 'E:\\PD2\\config');
  });
});
