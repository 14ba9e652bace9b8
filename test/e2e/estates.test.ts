// Real estates (issue 12) in a real VS Code (code-server + Chromium) against its own lab over SSH: hosts added the
// way admins type them — one by IP address, one by FQDN — and a cluster added by FQDN whose nodes report short names.
// Each shows once (a host under the name it was added as, the cluster under its own); a VM moves to the host added by FQDN and back to the one added by
// IP; the lab's own state is checked after each move.
import { strict as assert } from 'node:assert';
import { recordFailure } from '../support/failures';
import { PWSH, startLab, type Lab } from '../support/lab';
import { dragVm, labVm as labVmOf, waitForStatus as waitForStatusIn, type LabVm } from '../support/labWindow';
import { waitFor } from '../support/poll';
import { startVsCode, type VsCode } from '../support/vscode';
import { answer, clickDialogButton, closeFront, describeTree, visibleTree } from '../support/workbench';

const start = /^Start (Migration|Anyway)$/;

describe('Hosts added by IP and by FQDN in a real VS Code', function () {
  this.timeout(1_800_000);
  let lab: Lab;
  let vscode: VsCode;
  let involved: string[] = [];
  /** How the hosts are added: HV-A by its address, HV-B and the cluster by their FQDNs (lower case, as typed). */
  let byIp = '';
  const byFqdn = 'hv-b.lab.local';
  const clusterFqdn = 'clu-est.lab.local';

  const labVm = (name: string): Promise<LabVm> => labVmOf(lab, name);
  const waitForStatus = (vm: string, status: string): Promise<unknown> => waitForStatusIn(vscode, vm, status);
  /** Waits until the tree shows the VM under this row (the entry's or node's label). */
  const waitUnder = (vm: string, parent: string): Promise<unknown> =>
    waitFor(
      `${vm} under ${parent} in the tree`,
      async () =>
        (await visibleTree(vscode.page)).some((r) => r.label === vm && r.contextParent === parent) ? true : undefined,
      300_000,
      () => describeTree(vscode.page),
    );

  /** Adds a host or cluster through the palette's wizard, typing `name` as an admin would. */
  const add = async (kind: 'Host' | 'Cluster', name: string, via: string): Promise<void> => {
    const { page } = vscode;
    const c = lab.connectionFor(via);
    await vscode.runCommand(`Hyper-V: Add ${kind}…`);
    await answer(page, name, new RegExp(`Add ${kind} \\(1/5\\)`));
    await answer(page, 'SSH', new RegExp(`Add ${kind} \\(2/5\\)`));
    await answer(page, String(c.port ?? ''), new RegExp(`Add ${kind} \\(3/5\\)`));
    await answer(page, c.userName ?? '', new RegExp(`Add ${kind} \\(4/5\\)`));
    await answer(page, c.keyFilePath ?? '', new RegExp(`Add ${kind} \\(5/5\\)`));
  };

  const drag = (vm: string, onto: string): Promise<void> => dragVm(vscode, vm, onto);

  before(async () => {
    lab = await startLab({ topology: 'test-estates' });
    byIp = lab.hosts.find((h) => h.name === 'HV-A')!.address;
    vscode = await startVsCode({
      name: 'estates',
      settings: {
        'hypervMobility.powershellPath': PWSH,
        'hypervMobility.refreshIntervalSeconds': 0,
        'hypervMobility.requestTimeoutSeconds': 300,
      },
      // names, FQDNs and addresses resolve through the lab's ssh configuration, as they would through DNS
      env: { PATH: lab.clientEnv.PATH },
      viewport: { width: 1400, height: 1100 },
    });
    await vscode.openView('Hyper-V');
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

  it('adds a host by IP, a host by FQDN and a cluster by FQDN: each shows once, a host under the name it was added as', async () => {
    await add('Host', byIp, 'HV-A');
    await add('Host', byFqdn, 'HV-B');
    await add('Cluster', clusterFqdn, 'CLU-EST');
    await waitUnder('est-01', byIp);
    await waitUnder('est-02', byFqdn);
    await waitUnder('est-app-01', 'EST-N1');
    await waitUnder('est-app-02', 'EST-N2');
    const rows = await visibleTree(vscode.page);
    const top = rows.filter((r) => r.level === 1).map((r) => r.label);
    // Hosts under the name they were added as; a cluster under its own name (the one its nodes and roles know it by).
    assert.deepEqual(
      [...top].sort(),
      [byIp, byFqdn, 'CLU-EST'].sort(),
      `one row per entry, none loading forever: ${await describeTree(vscode.page)}`,
    );
    assert.deepEqual(
      rows.filter((r) => r.contextParent === 'CLU-EST').map((r) => r.label),
      ['EST-N1', 'EST-N2'],
      'the nodes under the cluster, by the names they report',
    );
    for (const name of ['HV-A', 'HV-B', 'EST-N1', 'EST-N2', clusterFqdn])
      assert.ok(!rows.some((r) => r.level === 1 && r.label === name), `${name} is not a row of its own`);
    // The host added by address says which machine it is; the one added by its FQDN needs no such word.
    assert.match(rows.find((r) => r.label === byIp)!.description, /· HV-A/);
    assert.doesNotMatch(rows.find((r) => r.label === byFqdn)!.description, /· HV-B\b/);
    await vscode.screenshot('estates-tree');
  });

  it('moves a VM from the host added by IP to the host added by FQDN, and back through the palette', async () => {
    involved = ['est-01'];
    const { page } = vscode;
    await waitUnder('est-01', byIp);
    await drag('est-01', byFqdn);
    await clickDialogButton(page, start);
    await waitForStatus('est-01', 'succeeded');
    assert.equal((await labVm('est-01')).host, 'HV-B', 'the lab has est-01 on HV-B');
    await waitUnder('est-01', byFqdn);

    await vscode.runCommand('Hyper-V: Move VM…');
    await answer(page, 'est-01', /^Move VM$/);
    await answer(page, byIp, /^Move est-01$/);
    await answer(page, 'default folders', /where do its files go/);
    await clickDialogButton(page, start);
    await waitFor(
      'est-01 back on HV-A in the lab',
      async () => ((await labVm('est-01')).host === 'HV-A' ? true : undefined),
      300_000,
      async () => JSON.stringify(await labVm('est-01')),
    );
    const back = await labVm('est-01');
    assert.deepEqual(
      { host: back.host, state: back.state, clustered: back.clustered },
      { host: 'HV-A', state: 'Running', clustered: false },
    );
    await waitUnder('est-01', byIp);
  });
});
