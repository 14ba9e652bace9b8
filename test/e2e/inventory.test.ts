// The Inventory view in a real VS Code (code-server + Chromium) against the simulated lab over SSH.
import { strict as assert } from 'node:assert';
import { recordFailure } from '../support/failures';
import { PWSH, startLab, type Lab } from '../support/lab';
import { waitFor } from '../support/poll';
import { pwshInGroup } from '../support/processes';
import { labConnections, startVsCode, type VsCode } from '../support/vscode';
import { answer, describeTree, visibleTree } from '../support/workbench';

describe('Inventory view in a real VS Code', function () {
  this.timeout(900_000);
  let lab: Lab;
  let vscode: VsCode | undefined;
  let expected: { name: string; host: string; state: string }[];

  before(async () => {
    lab = await startLab({ topology: 'demo' });
    expected = await lab.pwsh(
      'Get-LabState | ForEach-Object { $_.VMs } | ForEach-Object { [pscustomobject]@{ name = $_.Name; host = $_.Host; state = [string]$_.State } }',
    );
  });

  after(async () => {
    await lab?.stop();
  });

  afterEach(async function () {
    await recordFailure(this.currentTest, vscode, lab);
    await vscode?.stop();
    vscode = undefined;
  });

  const labSession = (name: string, settings: Record<string, unknown>): Promise<VsCode> =>
    startVsCode({
      name,
      settings: {
        'hypervMobility.powershellPath': PWSH,
        'hypervMobility.refreshIntervalSeconds': 0,
        // opening SSH sessions to lab hosts is slow on a busy 2-core machine
        'hypervMobility.requestTimeoutSeconds': 300,
        ...settings,
      },
      // lab host names resolve through the lab's ssh config, as names resolve through DNS in a domain
      env: { PATH: lab.clientEnv.PATH },
      viewport: { width: 1400, height: 1600 },
    });

  it('shows the welcome content with buttons when no host is configured, and starts no PowerShell', async () => {
    vscode = await startVsCode({ name: 'welcome' });
    await vscode.openView('Hyper-V');
    const welcome = vscode.page.locator('.part.sidebar .welcome-view-content');
    await welcome.waitFor({ state: 'visible' });
    assert.match(await welcome.innerText(), /No Hyper-V host or cluster is configured yet/);
    for (const button of ['Add Host…', 'Add Cluster…', 'Open Settings']) {
      await welcome.getByRole('button', { name: button }).waitFor({ state: 'visible' });
    }
    await vscode.waitForActivation();
    assert.equal(pwshInGroup(vscode.pid), 0, 'no PowerShell process with no host to talk to');
    await vscode.screenshot('welcome');
  });

  it('adds a lab host through the command palette, and shows its VMs with their states', async () => {
    vscode = await labSession('add-host', {});
    const { page } = vscode;
    await vscode.openView('Hyper-V');
    await vscode.runCommand('Hyper-V: Add Host…');
    const east = lab.connectionFor('HV-EAST');
    await answer(page, 'bad name!', /Add Host \(1\/5\)/);
    // invalid input is refused where it is typed, with the reason, and the step stays open
    await page
      .locator('.quick-input-widget .quick-input-message', { hasText: /not a valid host name part/ })
      .waitFor({ state: 'visible' });
    // The name is what is connected to (the lab's ssh configuration resolves it): no second step asks for the address.
    await answer(page, 'HV-EAST', /Add Host \(1\/5\)/);
    // Back returns to the step before with its answer kept; Escape would end the wizard instead.
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: /Add Host \(2\/5\)/ }).waitFor({ state: 'visible' });
    await widget.locator('.quick-input-titlebar .codicon-quick-input-back').click();
    await widget.locator('.quick-input-title', { hasText: /Add Host \(1\/5\)/ }).waitFor({ state: 'visible' });
    assert.equal(await widget.locator('.quick-input-box input').inputValue(), 'HV-EAST', 'the name typed is kept');
    await answer(page, 'HV-EAST', /Add Host \(1\/5\)/);
    await answer(page, 'SSH', /Add Host \(2\/5\)/);
    await answer(page, String(east.port ?? ''), /Add Host \(3\/5\)/);
    await answer(page, east.userName ?? '', /Add Host \(4\/5\)/);
    await answer(page, east.keyFilePath ?? '', /Add Host \(5\/5\)/);

    await vscode.waitForTreeRow('HV-EAST');
    const eastVms = expected.filter((v) => v.host === 'HV-EAST');
    const rows = await waitFor(
      'HV-EAST VMs',
      async () => {
        const r = await visibleTree(page);
        return r.filter((x) => x.contextParent === 'HV-EAST').length === eastVms.length ? r : undefined;
      },
      undefined,
      () => describeTree(page),
    );
    for (const vm of eastVms) {
      const row = rows.find((r) => r.label === vm.name);
      assert.ok(row, `${vm.name} shown`);
      assert.ok(row.description.startsWith(vm.state), `${vm.name}: "${row.description}" starts with ${vm.state}`);
      if (vm.state === 'Running') assert.match(row.description, /^Running · \d+% CPU · [\d.]+ (GB|MB)/);
    }
    await vscode.screenshot('added-host');
  });

  it('shows the demo clusters with their nodes, each VM under its owner node, and no host twice', async () => {
    vscode = await labSession('demo-tree', {
      // PROD-N1 is configured as a host too: it must still show once, under its cluster
      'hypervMobility.hosts': [...labConnections(lab.dir), { name: 'PROD-N1', transport: 'ssh' }],
    });
    await vscode.openView('Hyper-V');
    const rows = await waitFor(
      'every VM of the lab',
      async () => {
        const r = await visibleTree(vscode!.page);
        return r.filter((x) => expected.some((v) => v.name === x.label)).length === expected.length ? r : undefined;
      },
      undefined,
      () => describeTree(vscode!.page),
    );
    assert.deepEqual(
      rows.filter((r) => r.level === 1).map((r) => r.label),
      ['CLU-PROD', 'CLU-STAGE', 'HV-EAST', 'HV-WEST'],
    );
    assert.deepEqual(
      rows.filter((r) => r.contextParent === 'CLU-PROD').map((r) => r.label),
      ['PROD-N1', 'PROD-N2', 'PROD-N3'],
    );
    assert.deepEqual(
      rows.filter((r) => r.contextParent === 'CLU-STAGE').map((r) => r.label),
      ['STAGE-N1', 'STAGE-N2'],
    );
    assert.equal(rows.filter((r) => r.label === 'PROD-N1').length, 1, 'PROD-N1 once');
    for (const vm of expected) {
      const shown = rows.filter((r) => r.label === vm.name);
      assert.equal(shown.length, 1, `${vm.name} once`);
      assert.equal(shown[0]!.contextParent, vm.host, `${vm.name} under ${vm.host}`);
    }
    await vscode.screenshot('demo-tree');
  });

  it('shows a stopped host with its reason and Retry while the others load, and brings it back on Retry', async () => {
    vscode = await labSession('host-down', { 'hypervMobility.hosts': labConnections(lab.dir) });
    const { page } = vscode;
    await vscode.openView('Hyper-V');
    await waitFor(
      'HV-WEST VMs',
      async () => ((await visibleTree(page)).some((r) => r.contextParent === 'HV-WEST') ? true : undefined),
      undefined,
      () => describeTree(page),
    );

    await lab.stopHost('HV-WEST');
    try {
      await vscode.runCommand('Hyper-V: Refresh');
      const rows = await waitFor(
        'HV-WEST unreachable',
        async () => {
          const r = await visibleTree(page);
          return r.find((x) => x.label === 'HV-WEST')?.description === 'connection refused' ? r : undefined;
        },
        undefined,
        () => describeTree(page),
      );
      assert.equal(rows.filter((r) => r.contextParent === 'HV-WEST').length, 0);
      assert.equal(
        rows.filter((r) => r.contextParent === 'HV-EAST').length,
        expected.filter((v) => v.host === 'HV-EAST').length,
        'HV-EAST still shows its VMs',
      );
      assert.deepEqual(
        rows.filter((r) => r.contextParent === 'CLU-PROD').map((r) => r.label),
        ['PROD-N1', 'PROD-N2', 'PROD-N3'],
      );
      const west = vscode.treeRow('HV-WEST');
      await west.hover();
      const retry = west.locator('.actions .action-label[aria-label="Retry"]');
      await retry.waitFor({ state: 'visible' });
      await vscode.screenshot('host-down');

      await lab.startHost('HV-WEST');
      await retry.click();
      await waitFor(
        'HV-WEST VMs back',
        async () => {
          const r = await visibleTree(page);
          return r.filter((x) => x.contextParent === 'HV-WEST').length ===
            expected.filter((v) => v.host === 'HV-WEST').length
            ? true
            : undefined;
        },
        undefined,
        () => describeTree(page),
      );
      await vscode.screenshot('host-back');
    } finally {
      await lab.startHost('HV-WEST').catch(() => undefined);
    }
  });
});
