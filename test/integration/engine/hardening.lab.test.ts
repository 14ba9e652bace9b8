// The engine's defences against hosts and connections that misbehave, over real SSH remoting to lab hosts: forged
// answers (a banner, a host's console output), a host's malformed answer, sessions that must close, a connection that
// breaks while a script runs, a hung host while migration polls go on.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPowerShellEngine, type PowerShellEngine } from '../../../src/engine';
import type { HostErrorInfo, HostResult, HostTarget } from '../../../src/contract/hostRunner';
import { PWSH, startLab, type Lab } from '../../support/lab';
import { waitFor } from '../../support/poll';
import { operation } from './hostScripts';

const HOSTS = ['HV-1', 'HV-2', 'HV-3', 'HV-4', 'HV-5'];

const topology = {
  lab: { migrationBandwidthMBps: 1000, latencyMs: 0 },
  hosts: HOSTS.map((name, i) => ({
    name,
    address: `127.0.0.${31 + i}`,
    os: '2022',
    volumes: [{ path: 'C:\\', sizeGB: 500, freeGB: 300 }],
  })),
  clusters: [],
  vms: HOSTS.map((host, i) => ({ name: `vm-${i + 1}`, host, state: 'Running', path: `C:\\VMs\\vm-${i + 1}` })),
};

/** Waits until `condition` holds (checked every half second), failing after `timeoutMs` with what it waited for. */
async function until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  await waitFor(what, () => Promise.resolve(condition() ? true : undefined), timeoutMs);
}

function errorOf<R>(result: HostResult<R> | undefined): HostErrorInfo {
  assert.ok(result && !result.ok, `expected a failure, got ${JSON.stringify(result)}`);
  return result.error;
}

function valueOf<R>(result: HostResult<R> | undefined): R {
  assert.ok(result?.ok, `expected a value, got ${JSON.stringify(result)}`);
  return result.value;
}

describe('engine hardening over the lab (SSH remoting)', function () {
  this.timeout(600_000);
  let lab: Lab;
  const engines: PowerShellEngine[] = [];
  const target = (name: string): HostTarget => ({ connection: lab.connectionFor(name) });
  // Generous limits: opening sessions on a loaded 2-core machine can take most of a minute.
  const newEngine = (): PowerShellEngine => {
    const engine = createPowerShellEngine({ powershellPath: PWSH, openTimeoutMs: 180_000, defaultTimeoutMs: 180_000 });
    engines.push(engine);
    return engine;
  };
  /** Sessions open on a lab host: its `powershell` subsystems (pwsh -sshs; the tool shim's child is the same one). */
  const shells = (host: string): number => {
    const subsystems = lab.hostProcesses(host).filter((p) => / -sshs( |$)/.test(p.args));
    return subsystems.filter((p) => !subsystems.some((q) => q.pid === p.ppid)).length;
  };
  /** Every VM still on its own host, running: nothing a test did reached the lab's VMs. */
  const assertVmsUntouched = async (): Promise<void> => {
    const vms = await lab.pwsh<{ Name: string; ComputerName: string; State: string }[]>(
      'Get-LabState | ForEach-Object { $_.Vms } | ForEach-Object { [pscustomobject]@{ Name = $_.Name; ComputerName = $_.Host; State = [string]$_.State } }',
    );
    assert.deepEqual(
      vms.map((v) => `${v.Name}@${v.ComputerName}:${v.State}`).sort(),
      HOSTS.map((h, i) => `vm-${i + 1}@${h}:Running`).sort(),
    );
  };

  before(async () => {
    lab = await startLab({ topology });
  });

  after(async () => {
    await Promise.all(engines.map((e) => e.dispose()));
    await lab?.stop();
  });

  it("a host's banner with a forged answer line changes no result: every host answers as itself", async () => {
    await lab.addFault('Banner', { host: 'HV-2' });
    try {
      const engine = newEngine();
      // Fresh sessions: the banner shows when a session opens. ssh at its default log level (INFO) prints banners; the
      // lab's client config says ERROR, so ask for INFO as an admin's plain ssh would have it.
      const targets = HOSTS.map((h) => ({ connection: { ...lab.connectionFor(h), sshOptions: { LogLevel: 'INFO' } } }));
      const results = await engine.run(operation<{ host: string }>('whoami-host.ps1'), targets);
      assert.deepEqual(
        results.map((r) => valueOf(r).host),
        HOSTS,
      );
      await engine.dispose();
    } finally {
      await lab.clearFaults();
    }
    assert.equal(existsSync(join(lab.dir, 'state', 'banner', 'HV-2.txt')), false, 'the banner is gone with the fault');
    assert.deepEqual(await lab.pwsh('@(Get-LabState | ForEach-Object { $_.Faults }).Count'), 0);
    await assertVmsUntouched();
  });

  it("a host's console output shaped like an answer (its script writing to the host UI) is not taken for the answer", async () => {
    const engine = newEngine();
    const op = operation<{ host: string }>('print-forged-answer.ps1');
    // One host: its session is opened by the dispatcher itself, with this console as its host UI.
    const [one] = await engine.run(op, [target('HV-1')]);
    assert.equal(valueOf(one).host, 'HV-1');
    const again = await engine.run(op, HOSTS.slice(0, 3).map(target));
    assert.deepEqual(
      again.map((r) => valueOf(r).host),
      HOSTS.slice(0, 3),
    );
    await engine.dispose();
  });

  it('a host answering malformed JSON fails alone, with an error naming it; the others answer', async () => {
    const engine = newEngine();
    const op = operation<{ host: string }>('shadow-json.ps1');
    const targets = HOSTS.slice(0, 4).map((h) => ({
      ...target(h),
      parameters: { Mode: h === 'HV-3' ? 'Malformed' : h === 'HV-4' ? 'NoMessage' : 'Fine' },
    }));
    const results = await engine.run(op, targets);
    assert.equal(valueOf(results[0]).host, 'HV-1');
    assert.equal(valueOf(results[1]).host, 'HV-2');
    const malformed = errorOf(results[2]);
    assert.equal(malformed.host, 'HV-3');
    assert.equal(malformed.kind, 'command');
    assert.equal(malformed.fullyQualifiedErrorId, 'MalformedAnswer');
    assert.match(malformed.message, /^HV-3 sent a malformed answer to shadow-json\.ps1/);
    const noMessage = errorOf(results[3]);
    assert.equal(noMessage.host, 'HV-4');
    assert.equal(noMessage.kind, 'command');
    assert.equal(noMessage.message, 'The host reported an error without a message.');
    await engine.dispose();
    await assertVmsUntouched();
  });

  it('dispose closes every remote session: no shell stays open on the hosts, and its private folder goes', async () => {
    const engine = newEngine();
    await engine.run(operation('whoami-host.ps1'), [target('HV-4'), target('HV-5')]);
    assert.ok(shells('HV-4') >= 1 && shells('HV-5') >= 1, 'the sessions are open on the hosts');
    const pid = engine.processId();
    assert.ok(pid);
    const path = /(?:^|\0)PATH=([^\0]*)/.exec(readFileSync(`/proc/${pid}/environ`, 'latin1'))?.[1] ?? '';
    const privateDir = path.split(':')[0]!;
    assert.match(privateDir, /hyperv-mobility-/);
    assert.ok(existsSync(join(privateDir, 'ssh')));
    await engine.dispose();
    await until('the hosts to close their shells', () => shells('HV-4') === 0 && shells('HV-5') === 0, 15_000);
    assert.equal(existsSync(privateDir), false, 'the ssh wrapper folder was removed');
  });

  it('a session whose key changed (other options, another credential) is closed, not left open beside the new one', async () => {
    const engine = newEngine();
    const plain = target('HV-5');
    await engine.run(operation('whoami-host.ps1'), [plain]);
    await until('one shell on HV-5', () => shells('HV-5') === 1, 15_000);
    const other: HostTarget = { connection: { ...plain.connection, sshOptions: { ServerAliveInterval: '30' } } };
    const [again] = await engine.run(operation<{ host: string }>('whoami-host.ps1'), [other]);
    assert.equal(valueOf(again).host, 'HV-5');
    await until('the old shell on HV-5 to close', () => shells('HV-5') === 1, 15_000);
    await engine.dispose();
  });

  describe('a connection that breaks while a script runs', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'hvm-runs-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const runs = (file: string): number =>
      existsSync(file)
        ? readFileSync(file, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith('ran on')).length
        : 0;
    /** Kills every connection's sshd below the host's listener: what a network break or a host's restart does to a session. */
    const breakSessions = (host: string): void => {
      const below = lab.hostProcesses(host);
      const connections = below.filter((p) => !below.some((q) => q.pid === p.ppid));
      assert.ok(connections.length > 0, `no connection to ${host} to break`);
      for (const p of connections) process.kill(p.pid, 'SIGKILL');
    };

    it('a non-idempotent script is not sent again: the error says the outcome is unknown, and it ran once', async () => {
      const engine = newEngine();
      await engine.run(operation('whoami-host.ps1'), [target('HV-2')]); // a cached session
      const file = join(dir, 'once.txt');
      const pending = engine.run(operation('append-then-sleep.ps1', { Path: file, Seconds: 20 }, undefined, false), [
        target('HV-2'),
      ]);
      await until('the script to start on HV-2', () => runs(file) === 1, 60_000);
      breakSessions('HV-2');
      const [result] = await pending;
      const error = errorOf(result);
      assert.equal(error.outcomeUnknown, true);
      assert.equal(error.kind, 'unreachable');
      assert.match(error.message, /whether it finished on the host is unknown/);
      await new Promise((r) => setTimeout(r, 2_000));
      assert.equal(runs(file), 1, 'the script ran once, never again');
      await engine.dispose();
    });

    it('an idempotent script on a cached session is sent again once and answers', async () => {
      const engine = newEngine();
      await engine.run(operation('whoami-host.ps1'), [target('HV-3')]);
      const file = join(dir, 'twice.txt');
      const pending = engine.run(operation('append-then-sleep.ps1', { Path: file, Seconds: 3 }, undefined, true), [
        target('HV-3'),
      ]);
      await until('the script to start on HV-3', () => runs(file) === 1, 60_000);
      breakSessions('HV-3');
      const [result] = await pending;
      assert.equal(valueOf(result), 'done');
      assert.equal(runs(file), 2);
      await engine.dispose();
    });

    it('a cached session found broken before a non-idempotent script starts is replaced first: the script runs once and answers', async () => {
      const engine = newEngine();
      await engine.run(operation('whoami-host.ps1'), [target('HV-1')]);
      breakSessions('HV-1');
      const file = join(dir, 'fresh.txt');
      const [result] = await engine.run(
        operation('append-then-sleep.ps1', { Path: file, Seconds: 0 }, undefined, false),
        [target('HV-1')],
      );
      assert.equal(valueOf(result), 'done');
      assert.equal(runs(file), 1);
      await engine.dispose();
      await assertVmsUntouched();
    });
  });

  it('a migration poll on the urgent lane answers while a refresh waits on a hung host', async () => {
    const engine = newEngine();
    // Warm sessions, as after the first refresh; then HV-5 hangs. The poll comes while the refresh holds the default
    // lane: it opens the urgent lane's own process and session rather than wait.
    await engine.run(operation('whoami-host.ps1'), HOSTS.slice(0, 4).map(target));
    await lab.hangHost('HV-5');
    try {
      let refreshDone = false;
      const refresh = engine
        .run(operation<{ host: string }>('whoami-host.ps1'), HOSTS.map(target), { timeoutMs: 60_000 })
        .finally(() => {
          refreshDone = true;
        });
      await new Promise((r) => setTimeout(r, 1_000));
      const [poll] = await engine.run(operation<{ host: string }>('whoami-host.ps1'), [target('HV-1')], {
        lane: 'urgent',
        timeoutMs: 30_000,
      });
      assert.equal(valueOf(poll).host, 'HV-1');
      assert.equal(refreshDone, false, 'the poll answered while the refresh still waited on HV-5');
      const results = await refresh;
      const hung = errorOf(results[4]);
      assert.equal(hung.host, 'HV-5');
      assert.ok(['unreachable', 'timeout'].includes(hung.kind), hung.kind);
      assert.notEqual(hung.outcomeUnknown, true, 'the script never started on the hung host');
      assert.deepEqual(
        results.slice(0, 4).map((r) => valueOf(r).host),
        HOSTS.slice(0, 4),
      );
    } finally {
      await lab.startHost('HV-5');
    }
    const [back] = await engine.run(operation<{ host: string }>('whoami-host.ps1'), [target('HV-5')], {
      retryNow: true,
    });
    assert.equal(valueOf(back).host, 'HV-5');
    await engine.dispose();
    await assertVmsUntouched();
  });
});
