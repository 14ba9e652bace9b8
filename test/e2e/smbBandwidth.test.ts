// The SMB bandwidth limit of live migration in a host's migration settings, in a real VS Code (code-server +
// Chromium) against the lab over SSH (test-smb: HV-SMB uses the performance option SMB and has the SMB Bandwidth
// Limit feature, with a limit for the Default category only). Set from the settings editor, read back from the lab's
// own Get-SmbBandwidthLimit and from the editor again, then removed.
import { strict as assert } from 'node:assert';
import type { Page } from 'playwright-core';
import { recordFailure } from '../support/failures';
import type { Lab } from '../support/lab';
import { startLabWindow } from '../support/labWindow';
import { waitFor } from '../support/poll';
import type { VsCode } from '../support/vscode';
import { answer, closeFront, describeFront, runContextMenuItem, visibleTree } from '../support/workbench';

const title = /Migration settings: HV-SMB/;
const row = 'SMB bandwidth limit for live migration';

interface Limit {
  Category: string;
  BytesPerSecond: number;
}

describe('SMB bandwidth limit of live migration in a real VS Code', function () {
  this.timeout(1_200_000);
  let lab: Lab;
  let vscode: VsCode;

  /** What the lab itself reports: Get-SmbBandwidthLimit on HV-SMB (every category that has a limit). */
  const labLimits = async (): Promise<Limit[]> =>
    [
      (await lab.pwsh<Limit | Limit[] | null>('Get-SmbBandwidthLimit | Select-Object Category, BytesPerSecond', {
        host: 'HV-SMB',
      })) ?? [],
    ].flat();

  /** The description the settings editor shows on a row (its value, and "changed from" while it differs). */
  const rowValue = (page: Page, label: string, expected: RegExp): Promise<string> => {
    const item = page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
    return waitFor(
      `the row "${label}" showing ${String(expected)}`,
      async () => {
        const text = (await item.locator('.label-description').first().innerText({ timeout: 2_000 })).trim();
        return expected.test(text) ? text : undefined;
      },
      60_000,
      () => describeFront(page),
    );
  };

  const openSettings = async (): Promise<void> => {
    await runContextMenuItem(vscode.page, vscode.treeRow('HV-SMB'), 'Migration Settings…');
    await vscode.page
      .locator('.quick-input-widget .quick-input-title', { hasText: title })
      .waitFor({ state: 'visible', timeout: 300_000 });
  };

  before(async () => {
    ({ lab, vscode } = await startLabWindow('test-smb', 'smb-bandwidth', { width: 1500, height: 1100 }));
    await vscode.openView('Hyper-V');
    await waitFor(
      'HV-SMB loaded in the tree',
      async () =>
        (await visibleTree(vscode.page)).find((r) => r.label === 'HV-SMB')?.description.startsWith('standalone')
          ? true
          : undefined,
      600_000,
    );
  });

  after(async () => {
    await vscode?.stop();
    await lab?.stop();
  });

  beforeEach(async () => {
    await closeFront(vscode.page);
  });

  afterEach(async function () {
    await recordFailure(this.currentTest, vscode, lab, []);
  });

  it('sets a limit typed in MB/s, refusing garbage where it is typed; the lab and the editor read it back', async () => {
    const { page } = vscode;
    await openSettings();
    assert.equal(await rowValue(page, row, /./), 'none');

    await answer(page, row, title);
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: /SMB bandwidth limit for live migration: HV-SMB/ }).waitFor();
    const input = widget.locator('.quick-input-box input');
    await input.fill('fast');
    await widget.locator('.quick-input-message', { hasText: /Enter a rate such as 500 MB\/s/ }).waitFor();
    await input.fill('0.5 MB/s');
    await widget.locator('.quick-input-message', { hasText: /At least 1 MB\/s/ }).waitFor();
    await answer(page, '500 MB/s', /SMB bandwidth limit for live migration: HV-SMB/);

    assert.equal(await rowValue(page, row, /changed/), '500 MB/s (4.19 Gbit/s) · changed from none');
    await answer(page, 'Apply changes', title);
    const saved = await vscode.waitForNotification(/Migration settings of HV-SMB saved/, 300_000);
    assert.match(saved, /SMB bandwidth limit for live migration 500 MB\/s \(4\.19 Gbit\/s\)/);

    assert.deepEqual(await labLimits(), [
      { Category: 'Default', BytesPerSecond: 104857600 },
      { Category: 'LiveMigration', BytesPerSecond: 524288000 },
    ]);

    await openSettings();
    assert.equal(await rowValue(page, row, /./), '500 MB/s (4.19 Gbit/s)');
    await closeFront(page);
  });

  it('removes a limit the host has; the lab has none for live migration and keeps the other category', async () => {
    const { page } = vscode;
    await lab.pwsh('Set-SmbBandwidthLimit -Category LiveMigration -BytesPerSecond 500MB -Confirm:$false', {
      host: 'HV-SMB',
    });
    await openSettings();
    await rowValue(page, row, /^500 MB\/s/);
    await answer(page, 'Remove the SMB bandwidth limit', title);
    assert.equal(await rowValue(page, row, /changed/), 'none · changed from 500 MB/s (4.19 Gbit/s)');
    await answer(page, 'Apply changes', title);
    await vscode.waitForNotification(/HV-SMB saved: .*SMB bandwidth limit for live migration none/, 300_000);

    assert.deepEqual(await labLimits(), [{ Category: 'Default', BytesPerSecond: 104857600 }]);
    const named = await lab.pwsh<string>(
      `try { Get-SmbBandwidthLimit -Category LiveMigration -ErrorAction Stop | Out-Null; 'found' } catch { $_.FullyQualifiedErrorId }`,
      { host: 'HV-SMB' },
    );
    assert.equal(named, 'CmdletizationQuery_NotFound_Category,Get-SmbBandwidthLimit');
  });
});
