import * as assert from 'node:assert/strict';
import { evaluateReadiness, findCheck } from '../../../src/core/readiness/evaluate';
import type { CheckArea, ReadinessCheck, ReadinessReport } from '../../../src/core/readiness/model';
import { delegationTo, host, winrmCredSsp, winrmKerberos } from './facts';

function hostCheck(r: ReadinessReport, name: string, area: CheckArea): ReadinessCheck {
  const c = r.hosts.find((h) => h.host === name)?.checks.find((x) => x.area === area);
  assert.ok(c, `no ${area} check on ${name}`);
  return c;
}

function pairCheck(r: ReadinessReport, source: string, destination: string, area: CheckArea): ReadinessCheck {
  const c = r.pairs
    .find((p) => p.source === source && p.destination === destination)
    ?.checks.find((x) => x.area === area);
  assert.ok(c, `no ${area} check on ${source} → ${destination}`);
  return c;
}

describe('readiness: evaluation of what the hosts answered', () => {
  it('a set-up estate passes, with every ordered pair and the counts of each status', () => {
    const r = evaluateReadiness([host('HV-A'), host('HV-B'), host('HV-C')]);
    assert.equal(r.status, 'pass');
    assert.deepEqual(
      r.pairs.map((p) => `${p.source}>${p.destination}`),
      ['HV-A>HV-B', 'HV-A>HV-C', 'HV-B>HV-A', 'HV-B>HV-C', 'HV-C>HV-A', 'HV-C>HV-B'],
    );
    assert.equal(r.counts.fail + r.counts.warn + r.counts.unknown, 0);
    assert.ok(r.counts.pass > 0);
    const ids = [...r.hosts, ...r.pairs].flatMap((s) => s.checks.map((c) => c.id));
    assert.equal(new Set(ids).size, ids.length, 'check ids are unique');
  });

  it('a host that did not answer has only its remoting check, with the fix for its transport, and no pairs', () => {
    const r = evaluateReadiness([
      host('HV-A'),
      {
        name: 'HV-B',
        connection: winrmKerberos,
        answer: { ok: false, kind: 'unreachable', message: 'connection refused' },
      },
    ]);
    const section = r.hosts.find((h) => h.host === 'HV-B')!;
    assert.deepEqual(
      section.checks.map((c) => c.area),
      ['remoting'],
    );
    assert.equal(section.status, 'fail');
    assert.match(section.checks[0]!.summary, /Not reachable over WinRM \(Kerberos\): connection refused/);
    assert.match(section.checks[0]!.fix!.script!, /Enable-PSRemoting -Force/);
    assert.equal(r.pairs.length, 0);
  });

  it('refused credentials point to the connection, not to remoting set-up', () => {
    const r = evaluateReadiness([
      {
        name: 'HV-B',
        connection: winrmKerberos,
        answer: { ok: false, kind: 'authentication', message: 'Access is denied.' },
      },
    ]);
    const c = hostCheck(r, 'HV-B', 'remoting');
    assert.match(c.fix!.text, /Edit Connection|Forget Password/);
    assert.equal(c.fix!.script, undefined);
  });

  it('live migration off: a one-click fix on that host, and the pairs into it fail as destination', () => {
    const r = evaluateReadiness([host('HV-A'), host('HV-B', { migration: { enabled: false } })]);
    const c = hostCheck(r, 'HV-B', 'migration');
    assert.equal(c.status, 'fail');
    assert.deepEqual(c.fix?.action?.run, { kind: 'enableMigration', host: 'HV-B' });
    assert.match(c.fix.script!, /^# Run on HV-B/);
    assert.equal(pairCheck(r, 'HV-A', 'HV-B', 'destination').status, 'fail');
    assert.equal(pairCheck(r, 'HV-B', 'HV-A', 'destination').status, 'pass');
  });

  it('CredSSP: fails over SSH (no credentials on the host), passes over WinRM with CredSSP, and warns on mixed types', () => {
    const overSsh = evaluateReadiness([host('HV-A', { migration: { authenticationType: 'CredSSP' } }), host('HV-B')]);
    assert.equal(hostCheck(overSsh, 'HV-A', 'credssp').status, 'fail');
    assert.deepEqual(hostCheck(overSsh, 'HV-A', 'credssp').fix?.action?.run, { kind: 'useKerberos', host: 'HV-A' });
    assert.equal(hostCheck(overSsh, 'HV-A', 'authentication').status, 'warn');
    assert.equal(pairCheck(overSsh, 'HV-A', 'HV-B', 'authentication').status, 'fail');
    const overWinrm = evaluateReadiness([
      host('HV-A', { migration: { authenticationType: 'CredSSP' } }, winrmCredSsp),
      host('HV-B', { migration: { authenticationType: 'CredSSP' } }, winrmCredSsp),
    ]);
    assert.equal(hostCheck(overWinrm, 'HV-A', 'credssp').status, 'pass');
    assert.equal(hostCheck(overWinrm, 'HV-A', 'authentication').status, 'info');
    assert.equal(pairCheck(overWinrm, 'HV-A', 'HV-B', 'authentication').status, 'pass');
    // What the host itself saw counts too (a console or CredSSP logon reached some other way).
    const seen = evaluateReadiness([
      host('HV-A', { migration: { authenticationType: 'CredSSP' }, session: { authenticationType: 'CredSSP' } }),
    ]);
    assert.equal(hostCheck(seen, 'HV-A', 'credssp').status, 'pass');
  });

  it('delegation: a service missing by name fails, only the FQDN form missing warns, unconstrained passes', () => {
    const noCifs = delegationTo('HV-B').filter((s) => !s.startsWith('cifs/'));
    const r1 = evaluateReadiness([host('HV-A', { directory: { allowedToDelegateTo: noCifs } }), host('HV-B')]);
    const c1 = pairCheck(r1, 'HV-A', 'HV-B', 'delegation');
    assert.equal(c1.status, 'fail');
    assert.match(c1.summary, /HV-A may not delegate cifs to HV-B/);
    assert.ok(c1.fix?.action?.run.kind === 'addDelegation');
    assert.deepEqual(c1.fix.action.run, {
      kind: 'addDelegation',
      runOn: 'HV-A',
      account: 'HV-A',
      spns: ['cifs/HV-B', 'cifs/HV-B.corp.example'],
      protocolTransition: false,
    });
    assert.equal(pairCheck(r1, 'HV-B', 'HV-A', 'delegation').status, 'pass');

    const noFqdn = delegationTo('HV-B').filter((s) => !s.endsWith('.corp.example'));
    const c2 = pairCheck(
      evaluateReadiness([host('HV-A', { directory: { allowedToDelegateTo: noFqdn } }), host('HV-B')]),
      'HV-A',
      'HV-B',
      'delegation',
    );
    assert.equal(c2.status, 'warn');
    assert.match(c2.summary, /HV-B\.corp\.example/);

    const any = pairCheck(
      evaluateReadiness([
        host('HV-A', { directory: { allowedToDelegateTo: [], trustedForDelegation: true } }),
        host('HV-B'),
      ]),
      'HV-A',
      'HV-B',
      'delegation',
    );
    assert.equal(any.status, 'pass');
  });

  it('delegation limited to Kerberos logons: fails over SSH, warns over WinRM', () => {
    const overSsh = pairCheck(
      evaluateReadiness([host('HV-A', { directory: { trustedToAuthForDelegation: false } }), host('HV-B')]),
      'HV-A',
      'HV-B',
      'delegation',
    );
    assert.equal(overSsh.status, 'fail');
    assert.ok(overSsh.fix?.action?.run.kind === 'addDelegation' && overSsh.fix.action.run.protocolTransition);
    const overWinrm = pairCheck(
      evaluateReadiness([
        host('HV-A', { directory: { trustedToAuthForDelegation: false } }, winrmKerberos),
        host('HV-B'),
      ]),
      'HV-A',
      'HV-B',
      'delegation',
    );
    assert.equal(overWinrm.status, 'warn');
  });

  it('unreadable directory: unknown with the read-it-elsewhere script; the fix runs on a host whose session could read it', () => {
    const unreadable = { read: false, problem: { message: 'Unable to contact the server.' }, allowedToDelegateTo: [] };
    const r = evaluateReadiness([
      host('HV-A', { directory: unreadable }),
      host('HV-B', { directory: { allowedToDelegateTo: [] } }),
    ]);
    assert.equal(hostCheck(r, 'HV-A', 'directory').status, 'unknown');
    assert.match(hostCheck(r, 'HV-A', 'directory').fix!.script!, /Get-ADComputer -Identity 'HV-A'/);
    const aToB = pairCheck(r, 'HV-A', 'HV-B', 'delegation');
    assert.equal(aToB.status, 'unknown');
    assert.equal(aToB.fix?.action, undefined, 'nothing to write without knowing what is there');
    const bToA = pairCheck(r, 'HV-B', 'HV-A', 'delegation');
    assert.ok(bToA.fix?.action?.run.kind === 'addDelegation' && bToA.fix.action.run.runOn === 'HV-B');
    // Read through ADSI (no ActiveDirectory module): known, but no host can write it for the user.
    const adsi = evaluateReadiness([
      host('HV-A', { directory: { source: 'ADSI', allowedToDelegateTo: [] } }),
      host('HV-B', { directory: { source: 'ADSI' } }),
    ]);
    const viaAdsi = pairCheck(adsi, 'HV-A', 'HV-B', 'delegation');
    assert.equal(viaAdsi.status, 'fail');
    assert.equal(viaAdsi.fix?.action, undefined);
    assert.match(viaAdsi.fix!.script!, /Set-ADComputer -Identity 'HV-A'/);
  });

  it('firewall: the live migration rule off fails with a one-click fix; SMB off warns; unreadable is unknown', () => {
    const r = evaluateReadiness([
      host('HV-A', {
        firewall: {
          rules: [
            { name: 'VIRT-MIGL-In-TCP-NoScope', present: true, enabled: false, displayName: 'Hyper-V (MIG-TCP-In)' },
            { name: 'FPS-SMB-In-TCP', present: true, enabled: false },
          ],
        },
      }),
      host('HV-B', { firewall: { read: false, problem: { message: 'Access denied' }, rules: [] } }),
    ]);
    const rules = r.hosts.find((h) => h.host === 'HV-A')!.checks.filter((c) => c.area === 'firewall');
    assert.deepEqual(
      rules.map((c) => c.status),
      ['fail', 'warn'],
    );
    assert.deepEqual(rules[0]!.fix?.action?.run, {
      kind: 'enableFirewallRule',
      host: 'HV-A',
      rule: 'VIRT-MIGL-In-TCP-NoScope',
    });
    assert.equal(hostCheck(r, 'HV-B', 'firewall').status, 'unknown');
    assert.equal(pairCheck(r, 'HV-B', 'HV-A', 'destination').status, 'fail');
    // An unreadable firewall is not reported as blocking.
    assert.equal(pairCheck(r, 'HV-A', 'HV-B', 'destination').status, 'pass');
  });

  it('no Hyper-V module: the host fails with the install script and takes part in no pair', () => {
    const r = evaluateReadiness([host('HV-A'), host('HV-B', { hyperV: { module: undefined, migration: undefined } })]);
    assert.equal(hostCheck(r, 'HV-B', 'hyperV').status, 'fail');
    assert.match(hostCheck(r, 'HV-B', 'hyperV').fix!.script!, /Install-WindowsFeature -Name Hyper-V-PowerShell/);
    assert.equal(r.pairs.length, 0);
  });

  it('networks, limits and versions', () => {
    const r = evaluateReadiness([
      host('HV-A', {
        migration: { useAnyNetwork: false, networks: [] },
        hyperV: {
          vmVersions: [
            { version: '12.0', count: 3 },
            { version: '9.0', count: 1 },
          ],
        },
      }),
      host('HV-B', { migration: { maximumVirtualMachineMigrations: 0, clusterMaximumParallelMigrations: undefined } }),
    ]);
    assert.equal(hostCheck(r, 'HV-A', 'networks').status, 'fail');
    assert.equal(hostCheck(r, 'HV-A', 'networks').fix?.action, undefined);
    assert.equal(hostCheck(r, 'HV-B', 'limits').status, 'warn');
    const v = pairCheck(r, 'HV-A', 'HV-B', 'versions');
    assert.equal(v.status, 'warn');
    assert.match(v.summary, /3 VMs on HV-A \(version 12\.0\) cannot run on HV-B \(8\.0 – 10\.0\)/);
    assert.equal(pairCheck(r, 'HV-B', 'HV-A', 'versions').status, 'pass');
  });

  it('nodes of one cluster: their pair is a clustered move, with no delegation check', () => {
    const r = evaluateReadiness([
      host('N1', { hyperV: { cluster: 'CLU' }, directory: { allowedToDelegateTo: [] } }),
      host('N2', { hyperV: { cluster: 'clu' } }),
    ]);
    assert.deepEqual(
      r.pairs.find((p) => p.source === 'N1')!.checks.map((c) => [c.area, c.status]),
      [['cluster', 'info']],
    );
  });

  it('finds a check by id, and nothing for an id it does not hold', () => {
    const r = evaluateReadiness([host('HV-A'), host('HV-B', { migration: { enabled: false } })]);
    assert.equal(findCheck(r, 'HV-B/migration')?.status, 'fail');
    assert.equal(findCheck(r, 'HV-B/migration/x'), undefined);
    assert.equal(findCheck(r, '__proto__'), undefined);
  });
});
