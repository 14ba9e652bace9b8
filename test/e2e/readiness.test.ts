// Getting ready in a real VS Code (code-server + Chromium) against the lab over SSH: the Get Started walkthrough shows
// its steps, and the readiness check finds a source host whose computer account may not delegate to a destination,
// offers the fix, runs it through the product (from the keyboard) and then passes, with the lab's directory changed.
import { strict as assert } from 'node:assert';
import { recordFailure } from '../support/failures';
import type { Lab } from '../support/lab';
import { startLabWindow } from '../support/labWindow';
import { waitFor } from '../support/poll';
import type { VsCode } from '../support/vscode';
import { clickDialogButton, closeFront, describeFront, runContextMenuItem, visibleTree } from '../support/workbench';

const steps = [
  'Install PowerShell 7 (or use Windows PowerShell 5.1)',
  'Prepare a host for SSH or WinRM remoting',
  'Add your first host or cluster',
  'Check host readiness',
  'Make the first move',
];

describe('Host readiness and the walkthrough in a real VS Code', function () {
  this.timeout(1_800_000);
  let lab: Lab;
  let vscode: VsCode;

  before(async () => {
    ({ lab, vscode } = await startLabWindow('test-readiness', 'readiness', { width: 1500, height: 1100 }));
  });

  after(async () => {
    await vscode?.stop();
    await lab?.stop();
  });

  beforeEach(async () => {
    await closeFront(vscode.page);
  });

  afterEach(async function () {
    await recordFailure(this.currentTest, vscode, lab);
  });

  it('opens the Get Started walkthrough with its five steps and their buttons', async () => {
    await vscode.runCommand('Hyper-V: Get Started');
    const editor = vscode.page.locator('.part.editor');
    await editor.getByText('Get Started with Hyper-V Mobility').first().waitFor({ state: 'visible', timeout: 60_000 });
    for (const title of steps)
      await editor.getByText(title, { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The first step is open: its command button is there to press.
    await editor
      .getByRole('button', { name: 'Set the PowerShell Path' })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    await vscode.screenshot('walkthrough');
  });

  it('finds delegation missing for one pair, fixes it through the product, and then passes', async () => {
    await lab.cli('plant', 'delegation-missing', '--host', 'HV-A', '--to', 'HV-B');
    await vscode.runCommand('Hyper-V: Check Host Readiness…');
    const widget = vscode.page.locator('.quick-input-widget');
    await widget
      .locator('.quick-input-title', { hasText: 'Check Host Readiness' })
      .waitFor({ state: 'visible', timeout: 60_000 });
    await widget.locator('.quick-input-box input').press('Enter'); // every host is picked already

    const frame = vscode.webviewFrame();
    const check = frame.locator('[data-check-id="HV-A>HV-B/delegation"]');
    const statusOf = async (): Promise<string | undefined> =>
      (await check.getAttribute('data-status', { timeout: 2_000 }).catch(() => null)) ?? undefined;
    const describe = async (): Promise<string> =>
      `the check is ${(await statusOf()) ?? 'not shown'}: ${(await check.innerText({ timeout: 2_000 }).catch(() => '')).replace(/\s+/g, ' ')} (${await describeFront(vscode.page)})`;
    await waitFor(
      'the delegation check of HV-A → HV-B failing',
      async () => ((await statusOf()) === 'fail' ? true : undefined),
      600_000,
      describe,
    );
    const text = await check.innerText();
    assert.match(text, /HV-A may not delegate Microsoft Virtual System Migration Service and cifs to HV-B/);
    assert.match(text, /0x8009030E/);
    assert.equal(await frame.locator('[data-check-id="HV-B>HV-A/delegation"]').getAttribute('data-status'), 'pass');
    const fix = check.getByRole('button', { name: 'Let HV-A Delegate to HV-B' });
    await check.getByRole('button', { name: 'Copy as PowerShell' }).waitFor({ state: 'visible' });
    await vscode.screenshot('readiness-delegation-missing');

    // From the keyboard: the fix button takes the focus and Enter presses it; the change to Active Directory asks first.
    await fix.focus();
    await vscode.page.keyboard.press('Enter');
    const question = await clickDialogButton(vscode.page, 'Apply', 60_000);
    assert.match(question, /changes HV-A's computer account in Active Directory/);
    await waitFor(
      'the delegation check of HV-A → HV-B passing after the fix',
      async () => ((await statusOf()) === 'pass' ? true : undefined),
      600_000,
      describe,
    );
    await vscode.screenshot('readiness-fixed');

    const delegation = await lab.pwsh<string[]>(
      "@((Get-LabState).Directory.Computers | Where-Object Name -eq 'HV-A' | ForEach-Object { $_.AllowedToDelegateTo })",
    );
    for (const spn of ['Microsoft Virtual System Migration Service/HV-B', 'cifs/HV-B', 'cifs/HV-B.lab.local'])
      assert.ok(delegation.includes(spn), `${spn} in ${delegation.join(', ')}`);
  });

  it("runs from a host's context menu in the Inventory view: that host with every other one", async () => {
    // Something only a new check can see: HV-C's live migration firewall rule turned off.
    await lab.cli('plant', 'firewall-off', '--host', 'HV-C');
    await vscode.openView('Hyper-V');
    const row = await vscode.waitForTreeRow('HV-C', 600_000);
    // Right-clicked once its inventory is in, as a person would: the row that stands for it while it loads is replaced.
    await waitFor(
      'HV-C loaded in the tree',
      async () =>
        (await visibleTree(vscode.page)).some((r) => r.label === 'HV-C' && !r.description.includes('loading'))
          ? true
          : undefined,
      600_000,
      async () => JSON.stringify(await visibleTree(vscode.page)),
    );
    await runContextMenuItem(vscode.page, row, 'Check Host Readiness…');
    const frame = vscode.webviewFrame();
    const firewall = frame.locator('[data-check-id="HV-C/firewall/VIRT-MIGL-In-TCP-NoScope"]');
    await waitFor(
      "HV-C's firewall check failing in a new report",
      async () =>
        (await firewall.getAttribute('data-status', { timeout: 2_000 }).catch(() => null)) === 'fail'
          ? true
          : undefined,
      120_000,
      () => describeFront(vscode.page),
    );
    assert.equal(await frame.locator('[data-check-id="HV-A>HV-C/destination"]').getAttribute('data-status'), 'fail');
    await vscode.screenshot('readiness-context-menu');
    // HV-C runs Windows Server 2016: it cannot run HV-A's version 10.0 VMs, the other way round is fine.
    assert.equal(await frame.locator('[data-check-id="HV-A>HV-C/versions"]').getAttribute('data-status'), 'warn');
    assert.equal(await frame.locator('[data-check-id="HV-C>HV-A/versions"]').getAttribute('data-status'), 'pass');
  });
});
