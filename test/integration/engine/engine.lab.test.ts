// The engine against the simulated lab: real pwsh, real PowerShell remoting over SSH to lab hosts.
import { strict as assert } from 'node:assert';
import { existsSync, rmSync } from 'node:fs';
import { createPowerShellEngine, type PowerShellEngine } from '../../../src/engine';
import type { HostErrorInfo, HostResult, HostTarget, RequestLogEntry } from '../../../src/contract/hostRunner';
import { PWSH, startLab, type Lab } from '../../support/lab';
import { HOSTILE_NAMES, PWNED } from './hostileNames';
import { operation } from './hostScripts';

const HOSTS = ['HV-1', 'HV-2', 'HV-3', 'HV-4', 'HV-5'];
const hostileId = (i: number): string => `6a000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const OFF_VM_ID = '6b000000-0000-4000-8000-000000000001';

function topology(): object {
  return {
    lab: { migrationBandwidthMBps: 1000, latencyMs: 0 },
    hosts: HOSTS.map((name, i) => ({
      name,
      address: `127.0.0.${31 + i}`,
      os: '2022',
      volumes: [{ path: 'C:\\', sizeGB: 500, freeGB: 300 }],
      switches: [{ name: 'vSwitch-Prod', switchType: 'External' }],
    })),
    clusters: [],
    vms: [
      ...HOSTS.map((host, i) => ({ name: `vm-${i + 1}`, host, state: 'Running', path: `C:\\VMs\\vm-${i + 1}` })),
      { name: 'off-1', id: OFF_VM_ID, host: 'HV-2', state: 'Off', path: 'C:\\VMs\\off-1' },
      ...HOSTILE_NAMES.map((name, i) => ({
        name,
        id: hostileId(i),
        host: 'HV-1',
        state: 'Off',
        path: `C:\\VMs\\hostile-${i}`,
      })),
    ],
  };
}

function errorOf<R>(result: HostResult<R> | undefined): HostErrorInfo {
  assert.ok(result && !result.ok, `expected a failure, got ${JSON.stringify(result)}`);
  return result.error;
}

function valueOf<R>(result: HostResult<R> | undefined): R {
  assert.ok(result?.ok, `expected a value, got ${JSON.stringify(result)}`);
  return result.value;
}

interface Inventory {
  host: string;
  vms: { id: string; name: string; state: string }[];
}

describe('engine over the lab (SSH remoting)', function () {
  this.timeout(600_000);
  let lab: Lab;
  let engine: PowerShellEngine;
  const log: RequestLogEntry[] = [];
  const target = (name: string): HostTarget => ({ connection: lab.connectionFor(name) });
  const all = (): HostTarget[] => HOSTS.map(target);

  before(async () => {
    rmSync(PWNED, { force: true });
    rmSync(`${PWNED}-2`, { force: true });
    lab = await startLab({ topology: topology() });
    // generous limits: opening sessions on a loaded 2-core CI machine can take most of a minute
    engine = createPowerShellEngine({
      powershellPath: PWSH,
      logger: { log: (e) => log.push(e) },
      openTimeoutMs: 180_000,
      defaultTimeoutMs: 180_000,
    });
  });

  after(async () => {
    await engine?.dispose();
    await lab?.stop();
  });

  it('runs Get-VM on 5 lab hosts in one request, each host answering with its own VMs', async () => {
    const results = await engine.run(operation<Inventory>('get-vm-inventory.ps1'), all());
    assert.deepEqual(
      results.map((r) => r.host),
      HOSTS,
    );
    for (const [i, r] of results.entries()) {
      const inv = valueOf(r);
      assert.equal(inv.host, HOSTS[i]);
      assert.ok(
        inv.vms.some((vm) => vm.name === `vm-${i + 1}`),
        `${HOSTS[i]} lists vm-${i + 1}`,
      );
    }
    assert.equal(log.at(-1)?.outcome, 'ok');
    assert.deepEqual(log.at(-1)?.hosts, HOSTS);
  });

  it('a stopped host fails alone (unreachable, refused, named) while the other 4 answer; it recovers when started', async () => {
    await engine.run(operation('whoami-host.ps1'), all()); // every session open and cached
    await lab.stopHost('HV-3');
    try {
      const results = await engine.run(operation<Inventory>('get-vm-inventory.ps1'), all());
      const error = errorOf(results[2]);
      assert.equal(error.host, 'HV-3');
      assert.equal(error.kind, 'unreachable');
      assert.equal(error.reason, 'refused');
      assert.equal(error.script, 'get-vm-inventory.ps1');
      for (const i of [0, 1, 3, 4]) assert.equal(valueOf(results[i]).host, HOSTS[i]);
    } finally {
      await lab.startHost('HV-3');
    }
    const again = await engine.run(operation<Inventory>('get-vm-inventory.ps1'), [target('HV-3')]);
    assert.equal(valueOf(again[0]).host, 'HV-3');
  });

  it('60 hostile names round-trip exactly as parameter values, and none is executed', async () => {
    const op = operation<{
      names: string[];
      name: string;
      nested: unknown;
      number: number;
      numberType: string;
      flag: boolean;
    }>('echo-parameters.ps1', {
      Names: [...HOSTILE_NAMES],
      Name: HOSTILE_NAMES[4]!,
      Nested: { list: ['one'], empty: [], map: { 'Key With Space': HOSTILE_NAMES[0]!, key: 'lower', KEY: 'upper' } },
      Number: 3000000000,
      Flag: true,
    });
    const [result] = await engine.run(op, [target('HV-1')]);
    const echoed = valueOf(result);
    assert.deepEqual(echoed.names, HOSTILE_NAMES);
    assert.equal(echoed.name, HOSTILE_NAMES[4]);
    assert.deepEqual(echoed.nested, {
      list: ['one'],
      empty: [],
      map: { 'Key With Space': HOSTILE_NAMES[0], key: 'lower', KEY: 'upper' },
    });
    assert.equal(echoed.number, 3000000000);
    assert.equal(echoed.numberType, 'Int64');
    assert.equal(echoed.flag, true);
    // One name at a time too, as a single [string] parameter, all hosts in one request each.
    const perHost = HOSTILE_NAMES.slice(0, 10).map((name, i) => ({
      ...target(HOSTS[i % HOSTS.length]!),
      parameters: { Name: name },
    }));
    const singles = await engine.run(operation<{ name: string }>('echo-parameters.ps1'), perHost);
    assert.deepEqual(
      singles.map((r) => valueOf(r).name),
      HOSTILE_NAMES.slice(0, 10),
    );
    assert.equal(existsSync(PWNED), false, 'a name was executed');
    assert.equal(existsSync(`${PWNED}-2`), false, 'a name was executed');
  });

  it('60 hostile VM names come back exactly from the lab by Get-VM -Id, and none is executed', async () => {
    const ids = HOSTILE_NAMES.map((_, i) => hostileId(i));
    const [result] = await engine.run(operation<{ names: string[] }>('get-vm-names-by-id.ps1', { Ids: ids }), [
      target('HV-1'),
    ]);
    assert.deepEqual(valueOf(result).names, HOSTILE_NAMES);
    const [inventory] = await engine.run(operation<Inventory>('get-vm-inventory.ps1'), [target('HV-1')]);
    const byId = new Map(valueOf(inventory).vms.map((vm) => [vm.id.toLowerCase(), vm.name]));
    HOSTILE_NAMES.forEach((name, i) => assert.equal(byId.get(hostileId(i)), name));
    assert.equal(existsSync(PWNED), false, 'a name was executed');
  });

  it("the lab's error ids come back as FullyQualifiedErrorId", async () => {
    const [missing] = await engine.run(operation('get-vm-by-name.ps1', { Name: 'no-such-vm' }), [target('HV-1')]);
    const notFound = errorOf(missing);
    assert.equal(notFound.kind, 'command');
    assert.equal(notFound.fullyQualifiedErrorId, 'InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVM');
    assert.equal(notFound.category, 'InvalidArgument');
    assert.equal(notFound.targetObject, 'no-such-vm');
    assert.equal(notFound.host, 'HV-1');
    assert.equal(notFound.script, 'get-vm-by-name.ps1');

    const [save] = await engine.run(operation('stop-vm-save.ps1', { Id: OFF_VM_ID }), [target('HV-2')]);
    assert.match(
      errorOf(save).fullyQualifiedErrorId ?? '',
      /^InvalidState,Microsoft\.HyperV\.PowerShell\.Commands\.StopVM/,
    );

    const [asJob] = await engine.run(
      operation('move-vm-asjob-passthru.ps1', { Name: 'off-1', DestinationHost: 'HV-3' }),
      [target('HV-2')],
    );
    assert.match(
      errorOf(asJob).fullyQualifiedErrorId ?? '',
      /^InvalidParameter,Microsoft\.HyperV\.PowerShell\.Commands\.MoveVM/,
    );

    const [binding] = await engine.run(
      operation('move-vm-includestorage-vmpath.ps1', { Name: 'off-1', DestinationHost: 'HV-3', Path: 'C:\\VMs' }),
      [target('HV-2')],
    );
    const bindingError = errorOf(binding);
    assert.equal(bindingError.kind, 'command');
    // PowerShell appends the command to a binding error's id: the class name for Hyper-V's binary cmdlet, the
    // function name for the lab's script one.
    assert.match(
      bindingError.fullyQualifiedErrorId ?? '',
      /^(AmbiguousParameterSet|NamedParameterNotFound|Parameter\w*),(Microsoft\.HyperV\.PowerShell\.Commands\.MoveVM|Move-VM)$/,
    );
    // The log names the ids, never the values.
    assert.ok(log.some((e) => e.outcome.includes('InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVM')));
    assert.equal(JSON.stringify(log).includes('no-such-vm'), false);
  });

  it('a request that outlives its timeout fails with kind timeout for that host only, and the engine keeps working', async () => {
    const started = Date.now();
    const results = await engine.run(
      operation('sleep.ps1', { Seconds: 60 }),
      [target('HV-4'), { ...target('HV-5'), parameters: { Seconds: 0 } }],
      { timeoutMs: 4_000 },
    );
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    assert.equal(errorOf(results[0]).kind, 'timeout');
    assert.equal(valueOf(results[1]), 'woke up');
    const after = await engine.run(operation<{ host: string }>('whoami-host.ps1'), [target('HV-4')]);
    assert.equal(valueOf(after[0]).host, 'HV-4');
  });

  it('killing the local pwsh mid-request fails that request with kind process; the next one succeeds on a new process', async () => {
    await engine.run(operation('whoami-host.ps1'), [target('HV-1')]);
    const pid = engine.processId();
    assert.ok(pid);
    const pending = engine.run(operation('sleep.ps1', { Seconds: 20 }), [target('HV-1'), target('HV-2')]);
    await new Promise((r) => setTimeout(r, 1_500));
    process.kill(pid, 'SIGKILL');
    const failed = await pending;
    assert.deepEqual(
      failed.map((r) => errorOf(r).kind),
      ['process', 'process'],
    );
    assert.match(errorOf(failed[0]).message, /PowerShell process ended/);
    const again = await engine.run(operation<{ host: string }>('whoami-host.ps1'), [target('HV-1'), target('HV-2')]);
    assert.deepEqual(
      again.map((r) => valueOf(r).host),
      ['HV-1', 'HV-2'],
    );
    assert.notEqual(engine.processId(), pid);
  });

  it('tells authentication and name resolution failures apart', async () => {
    const wrongUser: HostTarget = { connection: { ...lab.connectionFor('HV-1'), userName: 'nobody' } };
    const noName: HostTarget = {
      connection: {
        name: 'GHOST',
        transport: 'ssh',
        address: 'ghost-host.invalid',
        keyFilePath: lab.connectionFor('HV-1').keyFilePath,
      },
    };
    const results = await engine.run(operation('whoami-host.ps1'), [wrongUser, noName, target('HV-2')]);
    assert.equal(errorOf(results[0]).kind, 'authentication');
    assert.match(errorOf(results[0]).message, /Permission denied/);
    assert.equal(errorOf(results[1]).kind, 'unreachable');
    assert.equal(errorOf(results[1]).reason, 'nameResolution');
    assert.equal(errorOf(results[1]).host, 'GHOST');
    valueOf(results[2]);
  });

  it('a WinRM host asked for from Linux fails at once, alone, saying what WinRM needs here and to use SSH; the SSH host answers', async () => {
    assert.notEqual(process.platform, 'win32', 'the lab runs on Linux');
    const winrm: HostTarget = {
      connection: { name: 'HV01', transport: 'wsman', address: 'hv01.contoso.com', authentication: 'Kerberos' },
    };
    const credssp: HostTarget = { connection: { name: 'HV02', transport: 'wsman', authentication: 'CredSSP' } };
    const started = Date.now();
    const results = await engine.run(operation('whoami-host.ps1'), [winrm, target('HV-2'), credssp]);
    for (const [i, address] of [
      [0, 'hv01.contoso.com'],
      [2, 'HV02'],
    ] as const) {
      const error = errorOf(results[i]);
      assert.equal(error.kind, 'unreachable');
      assert.equal(error.fullyQualifiedErrorId, 'WinRMUnavailableHere');
      assert.match(
        error.message,
        /^WinRM from Linux or macOS needs a WSMan client for PowerShell 7 \(the PSWSMan module.*cannot use CredSSP/,
      );
      assert.ok(error.message.includes(`reach ${address} over SSH instead`), error.message);
      assert.doesNotMatch(error.message, /OpenTimeout|no supported WSMan client library/);
    }
    valueOf(results[1]);
    // Nothing was waited for: the session is refused before any connection is tried.
    assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
  });

  it('a PowerShell that stops answering is ended after the timeout, and the error says where it stuck', async () => {
    const stuck = createPowerShellEngine({
      powershellPath: PWSH,
      openTimeoutMs: 60_000,
      defaultTimeoutMs: 60_000,
      graceMs: 3_000,
    });
    try {
      const here = { connection: { name: 'here', transport: 'local' as const } };
      const [first] = await stuck.run(operation('whoami-host.ps1'), [here]);
      const pid = valueOf(first as HostResult<{ pid: number }>).pid;
      const [held] = await stuck.run(operation('hold-console.ps1'), [here], { timeoutMs: 5_000 });
      const error = errorOf(held);
      assert.equal(error.kind, 'timeout');
      assert.match(
        error.message,
        /PowerShell stopped answering \(it was writing the answer, \d+ ms into the request\)\./,
      );
      const [again] = await stuck.run(operation<{ pid: number }>('whoami-host.ps1'), [here]);
      assert.notEqual(valueOf(again).pid, pid, 'a new PowerShell answers');
    } finally {
      await stuck.dispose();
    }
  });

  it('runs on the local transport in the engine process', async () => {
    const [result] = await engine.run(operation<{ pid: number }>('whoami-host.ps1'), [
      { connection: { name: 'here', transport: 'local' } },
    ]);
    assert.equal(valueOf(result).pid, engine.processId());
  });
});
