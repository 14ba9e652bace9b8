// The readiness check against lab hosts over real SSH remoting: each problem the lab can plant makes its check fail,
// and its fix (run through the product, or the copied PowerShell run on the host) makes it pass again. After every
// fix the lab's own state is read to see that the host really changed.
import { strict as assert } from 'node:assert';
import { migrationFirewallRule, smbFirewallRule } from '../../../src/core/readiness/model';
import { expectStatus, hostCheck, hosts, pairCheck, startReadinessLab, type ReadinessLab } from './harness';

interface LabHostState {
  enabled: boolean;
  auth: string;
  rules: Record<string, boolean>;
  delegation: string[];
  protocolTransition: boolean;
}

describe('Host readiness against the lab', function () {
  this.timeout(600_000);
  let r: ReadinessLab;

  /** The lab's own record of a host, independent of what the product read. */
  const labHost = (name: string): Promise<LabHostState> =>
    r.lab.pwsh<LabHostState>(
      `$s = Get-LabState; $h = $s.Hosts | Where-Object Name -eq '${name}'; $a = $s.Directory.Computers | Where-Object Name -eq '${name}'
       $rules = [ordered]@{}; foreach ($x in $h.Firewall) { $rules[$x.Name] = $x.Enabled }
       [pscustomobject]@{ enabled = $h.Migration.Enabled; auth = $h.Migration.AuthenticationType; rules = $rules; delegation = @($a.AllowedToDelegateTo); protocolTransition = $a.TrustedToAuthForDelegation }`,
    );

  /** The one-click fix a check offers, run the way the panel runs it. */
  const runFix = async (check: {
    id: string;
    fix?: { action?: { run: Parameters<ReadinessLab['service']['fix']>[0] } };
  }): Promise<string> => {
    const action = check.fix?.action;
    assert.ok(action, `${check.id} offers no one-click fix`);
    return r.service.fix(action.run);
  };

  before(async () => {
    r = await startReadinessLab();
  });

  after(async () => {
    await r?.stop();
  });

  beforeEach(async () => {
    await r.reset();
  });

  it('passes every host and pair of a lab set up for moves, in one request', async () => {
    const report = await r.check();
    assert.deepEqual(
      report.hosts.map((h) => [h.host, h.status]),
      hosts.map((h) => [h, 'pass']),
      JSON.stringify(report.hosts.flatMap((h) => h.checks.filter((c) => c.status !== 'pass' && c.status !== 'info'))),
    );
    expectStatus(hostCheck(report, 'HV-A', 'remoting'), 'pass', /Reached over SSH/);
    expectStatus(hostCheck(report, 'HV-A', 'directory'), 'pass', /HV-A\$ read through the ActiveDirectory module/);
    expectStatus(
      pairCheck(report, 'HV-A', 'HV-B', 'delegation'),
      'pass',
      /may delegate Microsoft Virtual System Migration Service and cifs to HV-B/,
    );
    expectStatus(pairCheck(report, 'HV-A', 'HV-B', 'destination'), 'pass');
    assert.equal(report.pairs.length, 6);
  });

  it('reports a host that cannot be reached, and passes it again once it answers', async () => {
    await r.lab.stopHost('HV-B');
    let report = await r.check();
    expectStatus(hostCheck(report, 'HV-B', 'remoting'), 'fail', /Not reachable over SSH/);
    assert.equal(
      report.hosts.find((h) => h.host === 'HV-B')?.checks.length,
      1,
      'only the remoting check for a host that did not answer',
    );
    assert.ok(hostCheck(report, 'HV-B', 'remoting').fix?.script?.includes('Subsystem powershell'));
    expectStatus(hostCheck(report, 'HV-A', 'migration'), 'pass');
    await r.lab.startHost('HV-B');
    report = await r.check();
    expectStatus(hostCheck(report, 'HV-B', 'remoting'), 'pass');
  });

  it('reports a host without the Hyper-V module, and passes it once the module is there', async () => {
    await r.lab.cli('plant', 'hyperv-module-absent', '--host', 'HV-C');
    const fresh = await r.freshService();
    try {
      let report = (await fresh.service.check(hosts)).report;
      const hv = hostCheck(report, 'HV-C', 'hyperV');
      expectStatus(hv, 'fail', /module is not installed/);
      assert.match(hv.fix?.script ?? '', /Install-WindowsFeature -Name Hyper-V-PowerShell/);
      assert.ok(
        !report.pairs.some((p) => p.source === 'HV-C' || p.destination === 'HV-C'),
        'no pair with a host that has no Hyper-V',
      );
      await r.lab.cli('plant', 'clear');
      const again = await r.freshService();
      try {
        report = (await again.service.check(hosts)).report;
        expectStatus(hostCheck(report, 'HV-C', 'hyperV'), 'pass', /Hyper-V module 2\.0\.0\.0/);
      } finally {
        await again.dispose();
      }
    } finally {
      await fresh.dispose();
    }
  });

  it('reports live migration turned off, and turns it on with the one-click fix', async () => {
    await r.lab.cli('plant', 'migration-off', '--host', 'HV-B');
    let report = await r.check();
    const check = hostCheck(report, 'HV-B', 'migration');
    expectStatus(check, 'fail', /^Off/);
    expectStatus(pairCheck(report, 'HV-A', 'HV-B', 'destination'), 'fail', /live migration is off/);
    assert.match(await runFix(check), /Live migration is on on HV-B/);
    assert.equal((await labHost('HV-B')).enabled, true);
    report = await r.check();
    expectStatus(hostCheck(report, 'HV-B', 'migration'), 'pass');
    expectStatus(pairCheck(report, 'HV-A', 'HV-B', 'destination'), 'pass');
  });

  it('reports the live migration firewall rule disabled, and enables it with the one-click fix', async () => {
    await r.lab.cli('plant', 'firewall-off', '--host', 'HV-B');
    let report = await r.check();
    const check = hostCheck(report, 'HV-B', 'firewall', migrationFirewallRule);
    expectStatus(check, 'fail', /Hyper-V \(MIG-TCP-In\) is disabled/);
    expectStatus(pairCheck(report, 'HV-A', 'HV-B', 'destination'), 'fail', /firewall blocks TCP 6600/);
    assert.match(await runFix(check), /Hyper-V \(MIG-TCP-In\) is enabled on HV-B/);
    assert.equal((await labHost('HV-B')).rules[migrationFirewallRule], true);
    report = await r.check();
    expectStatus(hostCheck(report, 'HV-B', 'firewall', migrationFirewallRule), 'pass');
  });

  it('warns when the SMB firewall rule is disabled, and enables it with the one-click fix', async () => {
    await r.lab.cli('plant', 'firewall-off', '--host', 'HV-A', '--rule', smbFirewallRule);
    let report = await r.check();
    const check = hostCheck(report, 'HV-A', 'firewall', smbFirewallRule);
    expectStatus(check, 'warn', /File and Printer Sharing \(SMB-In\) is disabled/);
    await runFix(check);
    assert.equal((await labHost('HV-A')).rules[smbFirewallRule], true);
    report = await r.check();
    expectStatus(hostCheck(report, 'HV-A', 'firewall', smbFirewallRule), 'pass');
  });

  it('reports a host that accepts live migrations on no network, and passes once the copied fix ran on it', async () => {
    await r.lab.cli('plant', 'no-network', '--host', 'HV-B');
    let report = await r.check();
    const check = hostCheck(report, 'HV-B', 'networks');
    expectStatus(check, 'fail', /No network may carry incoming live migrations/);
    assert.equal(check.fix?.action, undefined, "which subnet is the admin's choice: no one-click fix");
    // What the admin pastes on the host (Copy as PowerShell), run there unchanged.
    await r.lab.pwsh(check.fix!.script!, { host: 'HV-B' });
    report = await r.check();
    expectStatus(hostCheck(report, 'HV-B', 'networks'), 'pass', /192\.0\.2\.0\/24/);
  });

  it('reports missing Kerberos delegation of one service, and adds it in Active Directory with the one-click fix', async () => {
    await r.lab.cli('plant', 'delegation-missing', '--host', 'HV-A', '--to', 'HV-B', '--service', 'cifs');
    let report = await r.check();
    const check = pairCheck(report, 'HV-A', 'HV-B', 'delegation');
    expectStatus(check, 'fail', /HV-A may not delegate cifs to HV-B: moves HV-A → HV-B fail with 0x8009030E/);
    expectStatus(pairCheck(report, 'HV-B', 'HV-A', 'delegation'), 'pass');
    expectStatus(pairCheck(report, 'HV-A', 'HV-C', 'delegation'), 'pass');
    assert.match(
      check.fix?.script ?? '',
      /Set-ADComputer -Identity 'HV-A' -Add @\{ 'msDS-AllowedToDelegateTo' = @\('cifs\/HV-B', 'cifs\/HV-B\.lab\.local'\) \}/,
    );
    assert.match(check.fix?.action?.confirm ?? '', /changes HV-A's computer account in Active Directory/);
    assert.match(await runFix(check), /HV-A\$ may now delegate to cifs\/HV-B, cifs\/HV-B\.lab\.local/);
    const account = await labHost('HV-A');
    assert.ok(
      account.delegation.includes('cifs/HV-B') && account.delegation.includes('cifs/HV-B.lab.local'),
      account.delegation.join(', '),
    );
    report = await r.check();
    expectStatus(pairCheck(report, 'HV-A', 'HV-B', 'delegation'), 'pass');
  });

  it('passes missing delegation once the copied Set-ADComputer script ran, and sending the fix again changes nothing', async () => {
    await r.lab.cli('plant', 'delegation-missing', '--host', 'HV-B', '--to', 'HV-A');
    let report = await r.check();
    const check = pairCheck(report, 'HV-B', 'HV-A', 'delegation');
    expectStatus(check, 'fail', /HV-B may not delegate Microsoft Virtual System Migration Service and cifs to HV-A/);
    await r.lab.pwsh(check.fix!.script!, { host: 'HV-C' });
    report = await r.check();
    expectStatus(pairCheck(report, 'HV-B', 'HV-A', 'delegation'), 'pass');
    const before = (await labHost('HV-B')).delegation;
    // The one-click fix of the old report, sent after the change was made: it reads first and adds nothing.
    await runFix(check);
    assert.deepEqual((await labHost('HV-B')).delegation, before);
  });

  it('fails delegation limited to Kerberos logons over an SSH session, and allows any protocol with the fix', async () => {
    await r.lab.cli('plant', 'protocol-transition-off', '--host', 'HV-C');
    let report = await r.check();
    const check = pairCheck(report, 'HV-C', 'HV-A', 'delegation');
    expectStatus(check, 'fail', /limited to Kerberos logons, and this SSH .* session is not one/);
    await runFix(check);
    assert.equal((await labHost('HV-C')).protocolTransition, true);
    report = await r.check();
    expectStatus(pairCheck(report, 'HV-C', 'HV-A', 'delegation'), 'pass');
  });

  it('says plainly when a host cannot read Active Directory, and offers the fix from a host that can', async () => {
    await r.lab.cli('plant', 'ad-unreachable', '--host', 'HV-A');
    await r.lab.cli('plant', 'delegation-missing', '--host', 'HV-B', '--to', 'HV-C', '--service', 'migration');
    let report = await r.check();
    const directory = hostCheck(report, 'HV-A', 'directory');
    expectStatus(
      directory,
      'unknown',
      /could not read its delegation from Active Directory: Unable to contact the server/,
    );
    assert.match(directory.fix?.script ?? '', /Get-ADComputer -Identity 'HV-A'/);
    expectStatus(pairCheck(report, 'HV-A', 'HV-B', 'delegation'), 'unknown', /could not be read/);
    const pair = pairCheck(report, 'HV-B', 'HV-C', 'delegation');
    expectStatus(pair, 'fail');
    assert.equal(pair.fix?.action?.run.kind === 'addDelegation' && pair.fix.action.run.runOn, 'HV-B');
    await r.lab.cli('plant', 'clear');
    report = await r.check();
    expectStatus(hostCheck(report, 'HV-A', 'directory'), 'pass');
    expectStatus(pairCheck(report, 'HV-A', 'HV-B', 'delegation'), 'pass');
  });

  it('fails CredSSP over an SSH session (no credentials to pass on), and switches the host to Kerberos with the fix', async () => {
    await r.lab.cli('plant', 'auth-credssp', '--host', 'HV-C');
    let report = await r.check();
    const credssp = hostCheck(report, 'HV-C', 'credssp');
    expectStatus(credssp, 'fail', /Moves from HV-C would fail with 0x8009030E/);
    expectStatus(hostCheck(report, 'HV-C', 'authentication'), 'warn', /CredSSP here, Kerberos on HV-A and HV-B/);
    expectStatus(pairCheck(report, 'HV-C', 'HV-A', 'authentication'), 'fail');
    assert.match(await runFix(credssp), /authenticates with Kerberos/);
    assert.equal((await labHost('HV-C')).auth, 'Kerberos');
    report = await r.check();
    assert.ok(!report.hosts.find((h) => h.host === 'HV-C')!.checks.some((c) => c.area === 'credssp'));
    expectStatus(pairCheck(report, 'HV-C', 'HV-A', 'delegation'), 'pass');
  });

  it('predicts what the host does: a Kerberos move without delegation fails with 0x8009030E and moves nothing; after the fix it moves', async () => {
    const where = (): Promise<string> =>
      r.lab.pwsh<string>("((Get-LabState).Vms | Where-Object Name -eq 'app-a2').Host");
    const move = (from: string, to: string, folder: string): Promise<unknown> =>
      r.lab.pwsh(
        `Move-VM -Name 'app-a2' -DestinationHost '${to}' -IncludeStorage -DestinationStoragePath '${folder}' -ErrorAction Stop`,
        { host: from },
      );
    await r.lab.cli('plant', 'delegation-missing', '--host', 'HV-A', '--to', 'HV-B');
    const check = pairCheck(await r.check(), 'HV-A', 'HV-B', 'delegation');
    expectStatus(check, 'fail', /0x8009030E/);
    await assert.rejects(
      move('HV-A', 'HV-B', 'D:\\VMs\\app-a2'),
      /No credentials are available in the security package \(0x8009030E\)/,
    );
    assert.equal(await where(), 'HV-A');
    await runFix(check);
    try {
      await move('HV-A', 'HV-B', 'D:\\VMs\\app-a2');
      assert.equal(await where(), 'HV-B');
    } finally {
      if ((await where()) === 'HV-B') await move('HV-B', 'HV-A', 'D:\\VMs\\app-a2');
    }
    assert.equal(await where(), 'HV-A');
  });

  it('warns which VMs a destination cannot run by configuration version, per direction', async () => {
    const report = await r.check();
    expectStatus(
      pairCheck(report, 'HV-A', 'HV-C', 'versions'),
      'warn',
      /2 VMs on HV-A \(version 10\.0\) cannot run on HV-C \(5\.0 – 8\.0\)/,
    );
    expectStatus(
      pairCheck(report, 'HV-C', 'HV-A', 'versions'),
      'pass',
      /HV-A \(8\.0 – 10\.0\) runs every configuration version of HV-C's VMs/,
    );
    expectStatus(pairCheck(report, 'HV-A', 'HV-B', 'versions'), 'pass');
  });
});
