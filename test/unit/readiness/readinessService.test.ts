import * as assert from 'node:assert/strict';
import { ReadinessService } from '../../../src/app/readiness/readinessService';
import type { HostOperation } from '../../../src/contract/hostOperation';
import type { HostResult, HostRunner, HostTarget } from '../../../src/contract/hostRunner';
import { facts } from './facts';

/** Answers host-readiness.ps1 with facts per host, and each fix script with what the test says the host reports. */
class FakeRunner implements HostRunner {
  readonly sent: { script: string; hosts: string[]; parameters: unknown }[] = [];
  constructor(private readonly answers: (script: string, host: string, parameters: unknown) => unknown) {}

  run<R>(op: HostOperation<R>, targets: readonly HostTarget[]): Promise<HostResult<R>[]> {
    this.sent.push({ script: op.script.name, hosts: targets.map((t) => t.connection.name), parameters: op.parameters });
    return Promise.resolve(
      targets.map((t): HostResult<R> => {
        const answer = this.answers(op.script.name, t.connection.name, op.parameters);
        if (answer instanceof Error)
          return {
            host: t.connection.name,
            ok: false,
            durationMs: 1,
            error: { host: t.connection.name, script: op.script.name, kind: 'unreachable', message: answer.message },
          };
        return { host: t.connection.name, ok: true, durationMs: 1, value: op.parse(answer) };
      }),
    );
  }

  async runOne<R>(op: HostOperation<R>, target: HostTarget): Promise<R> {
    const [r] = await this.run(op, [target]);
    if (!r!.ok) throw new Error(r!.error.message);
    return r!.value;
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

const target = (host: string): Promise<HostTarget> =>
  host === 'GONE'
    ? Promise.reject(new Error('No configured connection reaches GONE.'))
    : Promise.resolve({ connection: { name: host, transport: 'ssh' } });

describe('readiness service', () => {
  it('asks every host in one request and reports a host it cannot even address', async () => {
    const runner = new FakeRunner((_script, host) => (host === 'HV-B' ? new Error('connection refused') : facts(host)));
    const service = new ReadinessService({ runner: () => runner, target, timeoutMs: () => 1000, clock: () => 42 });
    const { report, checkedAt, hosts } = await service.check(['HV-A', 'HV-B', 'GONE']);
    assert.deepEqual(
      runner.sent.map((s) => [s.script, s.hosts]),
      [['host-readiness.ps1', ['HV-A', 'HV-B']]],
    );
    assert.deepEqual(runner.sent[0]!.parameters, { FirewallRules: ['VIRT-MIGL-In-TCP-NoScope', 'FPS-SMB-In-TCP'] });
    assert.deepEqual(
      report.hosts.map((h) => [h.host, h.status]),
      [
        ['HV-A', 'pass'],
        ['HV-B', 'fail'],
        ['GONE', 'fail'],
      ],
    );
    assert.match(report.hosts[2]!.checks[0]!.summary, /No configured connection reaches GONE/);
    assert.equal(checkedAt, 42);
    assert.deepEqual(hosts, ['HV-A', 'HV-B', 'GONE']);
    assert.equal(service.running, false);
  });

  it('a fix succeeds only when the host reports the change; otherwise it says what the host still reports', async () => {
    let enabled = false;
    const runner = new FakeRunner((script) => {
      if (script === 'readiness-enable-firewall-rule.ps1')
        return { name: 'VIRT-MIGL-In-TCP-NoScope', displayName: 'Hyper-V (MIG-TCP-In)', enabled };
      if (script === 'readiness-add-delegation.ps1')
        return { account: 'HV-A$', trustedToAuthForDelegation: true, allowedToDelegateTo: ['cifs/HV-B'], added: [] };
      return facts('HV-A');
    });
    const service = new ReadinessService({ runner: () => runner, target, timeoutMs: () => 1000 });
    const firewall = { kind: 'enableFirewallRule', host: 'HV-B', rule: 'VIRT-MIGL-In-TCP-NoScope' } as const;
    await assert.rejects(service.fix(firewall), /HV-B still reports Hyper-V \(MIG-TCP-In\) disabled/);
    enabled = true;
    assert.equal(await service.fix(firewall), 'Hyper-V (MIG-TCP-In) is enabled on HV-B.');
    const delegation = {
      kind: 'addDelegation',
      runOn: 'HV-C',
      account: 'HV-A',
      spns: ['cifs/HV-B', 'cifs/HV-B.corp'],
      protocolTransition: false,
    } as const;
    await assert.rejects(service.fix(delegation), /still lacks cifs\/HV-B\.corp on HV-A\$/);
    // Run on another host than the account's: no ticket purge there (it would purge the wrong computer's tickets).
    assert.deepEqual(runner.sent.at(-1)!.parameters, {
      Computer: 'HV-A',
      Spns: ['cifs/HV-B', 'cifs/HV-B.corp'],
      ProtocolTransition: false,
      PurgeTickets: false,
    });
    assert.deepEqual(runner.sent.at(-1)!.hosts, ['HV-C']);
  });
});
