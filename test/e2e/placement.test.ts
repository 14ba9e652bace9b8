// Placement ratings in a real VS Code (code-server + Chromium) against a lab of its own (test-placement.json): the
// palette's Move VM lists every candidate with its rating and reasons, read from the inventory and one round to the
// hosts; unsuitable hosts are listed at the bottom with the reason and refused when picked; the best one takes the VM.
import { strict as assert } from 'node:assert';
import { recordFailure } from '../support/failures';
import type { Lab } from '../support/lab';
import {
  labVm as labVmOf,
  startLabWindow,
  waitForStatus,
  waitUnder as waitUnderIn,
  type LabVm,
} from '../support/labWindow';
import { waitFor } from '../support/poll';
import type { VsCode } from '../support/vscode';
import { answer, clickDialogButton, closeFront, describeFront, describeTree, visibleTree } from '../support/workbench';

describe('Placement ratings in a real VS Code', function () {
  this.timeout(1_800_000);
  let lab: Lab;
  let vscode: VsCode;
  let involved: string[] = [];

  const labVm = (name: string): Promise<LabVm> => labVmOf(lab, name);
  const waitUnder = (vm: string, host: string, timeoutMs?: number): Promise<unknown> =>
    waitUnderIn(vscode, vm, host, timeoutMs);

  before(async () => {
    ({ lab, vscode } = await startLabWindow('test-placement', 'placement', { width: 1600, height: 1100 }));
    await vscode.openView('Hyper-V');
    await waitUnder('app-01', 'HV-SRC', 600_000);
    await waitUnder('hog-01', 'HV-SMALL');
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

  /** The picker's rows as a person reads them: each row's text on one line, top to bottom. */
  const rows = async (): Promise<string[]> => {
    const texts = await vscode.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .allInnerTexts()
      .catch(() => [] as string[]);
    return texts.map((t) => t.replace(/\s+/g, ' ').trim());
  };
  const rowOf = (all: readonly string[], host: string): string => all.find((r) => r.startsWith(host)) ?? '';

  it('rates every destination with its reasons, lists the unsuitable ones last with why, refuses them, and moves to the best', async () => {
    involved = ['app-01', 'hog-01'];
    await vscode.runCommand('Hyper-V: Move VM…');
    await answer(vscode.page, 'app-01', /^Move VM$/);
    const widget = vscode.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: /^Move app-01$/ }).waitFor({ state: 'visible' });
    // The hosts' answers are in when the best host's row says what only they tell: its CPU load and free space.
    const listed = await waitFor(
      'the ratings with the hosts’ answers',
      async () => {
        const r = await rows();
        return /CPU load \d+ %/.test(rowOf(r, 'HV-BEST')) && /GB free on D:\\ after the disks/.test(rowOf(r, 'HV-BEST'))
          ? r
          : undefined;
      },
      300_000,
      async () => `rows: ${JSON.stringify(await rows())}; ${await describeFront(vscode.page)}`,
    );
    await vscode.screenshot('placement-ratings');
    const order = ['HV-BEST', 'HV-NOSW', 'HV-NOMIG', 'HV-SMALL'].map((h) => listed.findIndex((r) => r.startsWith(h)));
    assert.ok(
      order.every((i) => i >= 0),
      `every candidate listed: ${JSON.stringify(listed)}`,
    );
    assert.equal(order[0], 0, `the best first: ${JSON.stringify(listed)}`);
    assert.match(rowOf(listed, 'HV-BEST'), /★+☆* \d+ · suitable · standalone/);
    assert.match(rowOf(listed, 'HV-BEST'), /GB memory free after the move/);
    assert.match(rowOf(listed, 'HV-NOSW'), /warning .*No switch 'vSwitch-Prod'/);
    assert.ok(order[1]! < order[2]! && order[1]! < order[3]!, `warned above unsuitable: ${JSON.stringify(listed)}`);
    assert.match(rowOf(listed, 'HV-NOMIG'), /unsuitable .*✖ Live migration is off on HV-NOMIG/);
    assert.match(rowOf(listed, 'HV-SMALL'), /unsuitable .*✖ Not enough memory: app-01 needs 8 GB, 4 GB free/);
    assert.match(listed[Math.min(order[2]!, order[3]!)]!, /Unsuitable/, 'under their own separator');

    // Picking an unsuitable host says why, in the picker, which stays open.
    const input = widget.locator('.quick-input-box input');
    await input.fill('HV-NOMIG');
    await widget.locator('.quick-input-list .monaco-list-row', { hasText: 'HV-NOMIG' }).first().waitFor();
    await input.press('Enter');
    await waitFor(
      'the refusal in the picker',
      async () =>
        /✖ HV-NOMIG is unsuitable: Live migration is off on HV-NOMIG\./.test(
          (await input.getAttribute('placeholder')) ?? '',
        )
          ? true
          : undefined,
      30_000,
      async () => `placeholder: ${await input.getAttribute('placeholder')}; ${await describeFront(vscode.page)}`,
    );
    assert.equal((await labVm('app-01')).host, 'HV-SRC', 'nothing moved');

    await input.fill('HV-BEST');
    await widget.locator('.quick-input-list .monaco-list-row', { hasText: 'HV-BEST' }).first().waitFor();
    await input.press('Enter');
    await answer(vscode.page, "Into HV-BEST's default folders", /where do its files go/);
    const text = await clickDialogButton(vscode.page, /^Start (Migration|Anyway)$/);
    assert.match(text, /app-01 from HV-SRC to HV-BEST/);
    await waitForStatus(vscode, 'app-01', 'succeeded');
    // HV-BEST had no VM, so its row was not expandable: a person expands it once the tree counts the VM there.
    await waitFor(
      'HV-BEST counting 1 VM in the tree',
      async () =>
        (await visibleTree(vscode.page)).some((r) => r.label === 'HV-BEST' && /1 VM/.test(r.description))
          ? true
          : undefined,
      300_000,
      () => describeTree(vscode.page),
    );
    await vscode.expandTreeRow('HV-BEST');
    await waitUnder('app-01', 'HV-BEST');
    assert.deepEqual(await labVm('app-01'), {
      host: 'HV-BEST',
      state: 'Running',
      clustered: false,
      disks: ['D:\\Hyper-V\\Virtual Hard Disks\\app-01.vhdx'],
    });
  });
});
