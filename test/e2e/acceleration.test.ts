// The acceleration editor in a real VS Code (code-server + Chromium) against the lab over SSH: one session.
import { strict as assert } from 'node:assert';
import { recordFailure } from '../support/failures';
import { PWSH, startLab, type Lab } from '../support/lab';
import { waitFor } from '../support/poll';
import { startVsCode, type VsCode } from '../support/vscode';

describe('Network adapter acceleration in a real VS Code', function () {
  this.timeout(1_200_000);
  let lab: Lab;
  let vscode: VsCode | undefined;

  before(async () => {
    lab = await startLab({ topology: 'test-small' });
  });

  after(async () => {
    await vscode?.stop();
    await lab?.stop();
  });

  afterEach(async function () {
    await recordFailure(this.currentTest, vscode, lab, ['web-01']);
  });

  it('opens the editor from an adapter, refuses an invalid value, sets IPsec SAs to 0 and the tree and the lab report offload off', async () => {
    vscode = await startVsCode({
      name: 'acceleration',
      settings: {
        'hypervMobility.hosts': [{ name: 'HV-EAST', transport: 'ssh' }],
        'hypervMobility.powershellPath': PWSH,
        'hypervMobility.refreshIntervalSeconds': 0,
        // opening SSH sessions to lab hosts is slow on a busy 2-core machine
        'hypervMobility.requestTimeoutSeconds': 300,
      },
      env: { PATH: lab.clientEnv.PATH },
      viewport: { width: 1400, height: 1000 },
    });
    await vscode.openView('Hyper-V');
    await vscode.expandTreeRow('web-01', 300_000);
    const adapterRow = vscode.treeRow('Network Adapter').first();
    await adapterRow.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await adapterRow.locator('.label-description').innerText(), /IPsec 512 SA · VMQ on · SR-IOV on/);

    // the adapter's own action in the tree (its context menu holds the same command)
    await adapterRow.hover();
    await adapterRow.getByRole('button', { name: 'Edit Network Adapter Acceleration…' }).click();

    const form = vscode.webviewFrame();
    const ipsec = form.locator('#ipsecOffloadMaxSA');
    await ipsec.waitFor({ state: 'visible', timeout: 120_000 });
    assert.equal(await ipsec.inputValue(), '512');
    assert.match(await form.locator('#host-side').innerText(), /HV-EAST\s+Running\s+vSwitch-Prod\s+enabled/);

    // an invalid value is refused in the form, with the reason, and Apply stays off
    await ipsec.fill('-1');
    await form.locator('#ipsecOffloadMaxSA-error', { hasText: /whole number/ }).waitFor({ state: 'visible' });
    assert.equal(await form.locator('#apply').isDisabled(), true);

    await ipsec.fill('0');
    await waitFor('Apply enabled', async () => ((await form.locator('#apply').isEnabled()) ? true : undefined), 30_000);
    const field = await ipsec.elementHandle();
    await form.locator('#apply').click();
    const result = form.locator('#result li.ok');
    await result.waitFor({ state: 'visible', timeout: 300_000 });
    assert.match(await result.innerText(), /The host now reports: IPsec offload off/);
    // The read-back came as a newer state: the form took it in place. Rebuilt, an input being typed in would lose
    // the keystrokes that came while it was replaced.
    assert.equal(
      await field?.evaluate((e) => e.isConnected),
      true,
      'the IPsec input is the one typed in, not a rebuilt one',
    );
    await vscode.screenshot('acceleration-applied');

    // the tree refreshes HV-EAST and shows offload off
    await waitFor(
      'the tree to show IPsec off',
      async () => {
        const text = await vscode!.treeRow('Network Adapter').first().locator('.label-description').innerText();
        return /IPsec off · VMQ on · SR-IOV on/.test(text) ? text : undefined;
      },
      300_000,
    );

    // and the lab itself reports 0
    const sa = await lab.pwsh<number>("(Get-VMNetworkAdapter -VMName 'web-01').IPsecOffloadMaxSA", { host: 'HV-EAST' });
    assert.equal(sa, 0);
  });
});
