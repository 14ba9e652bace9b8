import { strict as assert } from 'node:assert';
import type { HostOperation } from '../../../src/contract/hostOperation';
import { dispatcherScript as dispatcherText } from '../../../src/engine/dispatcherScript';
import { PowerShellEngine } from '../../../src/engine/engine';
import { HostError, type HostTarget, type RequestLogEntry } from '../../../src/contract/hostRunner';
import { decodeRequestLine, FakeProcess, okAnswer, type Answer } from './fakeProcess';

const SCRIPT_TEXT =
  'param($Name, $Tags)\r\n# bundled script, kept byte for byte\r\n[pscustomobject]@{ name = $Name; tags = $Tags }\n';
const HOSTILE = 'x\'; Remove-Item -Recurse C:\\ ; $(whoami) `n "q" \n‘’ 名前';

function echoOp(parameters: Record<string, string | string[]> = { Name: HOSTILE }): HostOperation<unknown> {
  return { script: { name: 'echo.ps1', text: SCRIPT_TEXT }, parameters, idempotent: true, parse: (v) => v };
}

const ssh = (name: string, address = '127.0.0.9'): HostTarget => ({
  connection: { name, transport: 'ssh', address, port: 22, userName: 'admin' },
});

class Harness {
  readonly processes: FakeProcess[] = [];
  readonly log: RequestLogEntry[] = [];
  readonly engine: PowerShellEngine;
  constructor(answer: Answer, options: { graceMs?: number; noise?: () => string; sshLines?: () => string[] } = {}) {
    this.engine = new PowerShellEngine({
      dispatcherText,
      processFactory: () => {
        const p = new FakeProcess(1000 + this.processes.length, answer, options.noise, options.sshLines);
        this.processes.push(p);
        return p;
      },
      logger: { log: (e) => this.log.push(e) },
      graceMs: options.graceMs ?? 50,
    });
  }
  requestLines(): string[] {
    return this.processes.flatMap((p) => p.lines.filter((l) => l.startsWith('Invoke-HvmRequest')));
  }
}

describe('PowerShellEngine (fake PowerShell)', () => {
  it('starts nothing until the first request, then loads the dispatcher once per process', async () => {
    const h = new Harness(okAnswer((p) => p.Name));
    assert.equal(h.processes.length, 0);
    assert.equal(h.engine.processId(), undefined);
    await h.engine.run(echoOp(), [ssh('A')]);
    await h.engine.run(echoOp(), [ssh('A')]);
    assert.equal(h.processes.length, 1);
    const lines = h.processes[0]!.lines;
    assert.equal(lines.filter((l) => l.startsWith('. ([scriptblock]::Create(')).length, 1);
    const loaded = /FromBase64String\('([^']+)'\)/.exec(lines[0]!)?.[1];
    assert.match(lines[0]!, /; Initialize-HvmDispatcher '[0-9a-f]{32}'$/);
    assert.equal(Buffer.from(loaded!, 'base64').toString('utf8'), dispatcherText);
    assert.equal(h.engine.processId(), 1000);
  });

  it('sends one line per request: the script as the exact bundled text, values only inside the JSON parameters', async () => {
    const h = new Harness(okAnswer((p) => p.Name));
    const op = echoOp({ Name: HOSTILE, Tags: ['$(Stop-Computer)', "a'b"] });
    const targets = [ssh('A'), { ...ssh('B'), parameters: { Name: 'per-host $(value)' } }];
    await h.engine.run(op, targets);
    const [line] = h.requestLines();
    assert.ok(line);
    assert.doesNotMatch(line, /[\r\n]/);
    assert.match(line, /^Invoke-HvmRequest '[A-Za-z0-9+/=]+'$/);
    for (const value of [HOSTILE, '$(Stop-Computer)', 'per-host', 'Remove-Item', 'whoami'])
      assert.equal(line.includes(value), false);
    const request = decodeRequestLine(line);
    assert.equal(request.script.text, SCRIPT_TEXT);
    assert.equal(request.script.name, 'echo.ps1');
    for (const value of [HOSTILE, '$(Stop-Computer)', 'per-host $(value)'])
      assert.equal(SCRIPT_TEXT.includes(value), false);
    assert.deepEqual(JSON.parse(request.hosts[0]!.parameters), { Name: HOSTILE, Tags: ['$(Stop-Computer)', "a'b"] });
    assert.deepEqual(JSON.parse(request.hosts[1]!.parameters), {
      Name: 'per-host $(value)',
      Tags: ['$(Stop-Computer)', "a'b"],
    });
    // Values appear nowhere in the request outside the per-host parameter JSON.
    const withoutParameters = JSON.stringify({
      ...request,
      hosts: request.hosts.map((x) => ({ ...x, parameters: '' })),
    });
    for (const value of [HOSTILE, 'Stop-Computer', 'per-host']) assert.equal(withoutParameters.includes(value), false);
  });

  it('runs many hosts in one request and gives each its own value', async () => {
    const h = new Harness(okAnswer((_p, host) => ({ host })));
    const results = await h.engine.run(echoOp(), [ssh('A'), ssh('B'), ssh('C')]);
    assert.equal(h.requestLines().length, 1);
    assert.deepEqual(
      results.map((r) => (r.ok ? r.value : null)),
      [{ host: 'A' }, { host: 'B' }, { host: 'C' }],
    );
    assert.deepEqual(
      results.map((r) => r.host),
      ['A', 'B', 'C'],
    );
  });

  it('reads structured errors into HostErrorInfo, each host on its own', async () => {
    const h = new Harness(
      (request) => ({
        ok: true,
        pid: 1,
        results: [
          {
            host: 'A',
            index: 0,
            ok: true,
            ms: 3,
            json: JSON.stringify({
              ok: false,
              message: "Hyper-V was unable to find a virtual machine with name 'x'.",
              fullyQualifiedErrorId: 'InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVM',
              category: 'InvalidArgument',
              targetObject: 'x',
              exceptionType: 'Microsoft.HyperV.PowerShell.VirtualizationException',
            }),
          },
          {
            host: 'B',
            index: 1,
            ok: false,
            ms: 9,
            error: {
              stage: 'connect',
              message:
                '[127.0.0.2] The SSH transport process has abruptly terminated causing this remote session to break.',
              fullyQualifiedErrorId: 'PSSessionOpenFailed',
              category: 'OpenError',
            },
          },
          {
            host: 'C',
            index: 2,
            ok: false,
            ms: 9,
            error: { stage: 'connect', message: 'The SSH transport process has abruptly terminated.' },
          },
          {
            host: 'D',
            index: 3,
            ok: false,
            ms: 9,
            error: { stage: 'connect', message: 'The SSH transport process has abruptly terminated.' },
          },
          {
            host: 'E',
            index: 4,
            ok: false,
            ms: 9,
            error: { stage: 'timeout', message: 'The request timed out before the host answered.' },
          },
          {
            host: 'F',
            index: 5,
            ok: false,
            ms: 9,
            error: {
              stage: 'connect',
              message:
                'Connecting to remote server hv6 failed: WinRM cannot complete the operation. The operation timed out.',
            },
          },
          { host: 'G', index: 6, ok: true, ms: 9, json: JSON.stringify({ ok: true, value: 'not a number' }) },
        ].slice(0, request.hosts.length),
      }),
      {
        sshLines: () => [
          'ssh: connect to host 127.0.0.2 port 22: Connection refused',
          'admin@127.0.0.3: Permission denied (publickey).',
          'ssh: Could not resolve hostname nosuch.invalid: Name or service not known',
        ],
      },
    );
    const op: HostOperation<number> = {
      script: { name: 'get-vm.ps1', text: 'param($Name) Get-VM -Name $Name' },
      parameters: { Name: 'x' },
      idempotent: true,
      parse: (v) => {
        if (typeof v !== 'number') throw new Error('expected a number');
        return v;
      },
    };
    const targets = [
      ssh('A', '127.0.0.1'),
      ssh('B', '127.0.0.2'),
      ssh('C', '127.0.0.3'),
      ssh('D', 'nosuch.invalid'),
      ssh('E'),
      { connection: { name: 'F', transport: 'wsman' as const } },
      ssh('G'),
    ];
    const results = await h.engine.run(op, targets);
    const errors = results.map((r) => (r.ok ? undefined : r.error));
    assert.deepEqual(errors[0], {
      host: 'A',
      script: 'get-vm.ps1',
      kind: 'command',
      message: "Hyper-V was unable to find a virtual machine with name 'x'.",
      fullyQualifiedErrorId: 'InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVM',
      category: 'InvalidArgument',
      targetObject: 'x',
    });
    assert.equal(errors[1]?.kind, 'unreachable');
    assert.equal(errors[1]?.reason, 'refused');
    assert.match(errors[1].message, /Connection refused/);
    assert.equal(errors[1]?.fullyQualifiedErrorId, 'PSSessionOpenFailed');
    assert.equal(errors[2]?.kind, 'authentication');
    assert.match(errors[2].message, /Permission denied \(publickey\)/);
    assert.equal(errors[3]?.kind, 'unreachable');
    assert.equal(errors[3]?.reason, 'nameResolution');
    assert.equal(errors[4]?.kind, 'timeout');
    assert.equal(errors[5]?.kind, 'unreachable');
    assert.equal(errors[5]?.reason, 'timeout');
    assert.equal(errors[6]?.kind, 'command');
    assert.equal(errors[6]?.fullyQualifiedErrorId, 'UnexpectedOutput');
    assert.match(errors[6].message, /expected a number/);
  });

  it('gives ssh lines naming an address nobody configured to the one host reached by name that failed', async () => {
    const h = new Harness(
      (request) => ({
        ok: true,
        pid: 1,
        results: [
          {
            host: 'HV-WEST',
            index: 0,
            ok: false,
            ms: 9,
            error: { stage: 'connect', message: 'The SSH transport process has abruptly terminated.' },
          },
          { host: 'HV-EAST', index: 1, ok: true, ms: 3, json: JSON.stringify({ ok: true, value: 1 }) },
        ].slice(0, request.hosts.length),
      }),
      { sshLines: () => ['ssh: connect to host 10.1.2.3 port 22: Connection refused'] },
    );
    const results = await h.engine.run(echoOp({ Name: 'x' }), [ssh('HV-WEST'), ssh('HV-EAST')]);
    const west = results[0];
    assert.ok(west && !west.ok);
    assert.equal(west.error.reason, 'refused');
    assert.match(west.error.message, /10\.1\.2\.3 port 22: Connection refused/);
  });

  it('runOne resolves with the value or rejects with a HostError', async () => {
    const h = new Harness((request) => ({
      ok: true,
      pid: 1,
      results: [
        {
          host: request.hosts[0]!.name,
          index: 0,
          ok: true,
          ms: 1,
          json: JSON.stringify(
            JSON.parse(request.hosts[0]!.parameters).Name === 'bad'
              ? { ok: false, message: 'nope', fullyQualifiedErrorId: 'Nope' }
              : { ok: true, value: 42 },
          ),
        },
      ],
    }));
    assert.equal(await h.engine.runOne(echoOp({ Name: 'good' }), ssh('A')), 42);
    await assert.rejects(
      h.engine.runOne(echoOp({ Name: 'bad' }), ssh('A')),
      (e: unknown) => e instanceof HostError && e.info.kind === 'command' && e.info.fullyQualifiedErrorId === 'Nope',
    );
  });

  it('when the process dies mid-request the request fails with kind process; the next one starts a new process', async () => {
    let first = true;
    const h = new Harness((request) => {
      if (first) {
        first = false;
        setTimeout(() => h.processes[0]!.die('killed by SIGKILL'), 5);
        return new Promise(() => undefined);
      }
      return okAnswer(() => 'fine')(request);
    });
    const failed = await h.engine.run(echoOp(), [ssh('A'), ssh('B')]);
    assert.deepEqual(
      failed.map((r) => (r.ok ? 'ok' : r.error.kind)),
      ['process', 'process'],
    );
    assert.match(failed[0]!.ok ? '' : failed[0]!.error.message, /PowerShell process ended: killed by SIGKILL/);
    const again = await h.engine.run(echoOp(), [ssh('A')]);
    assert.equal(again[0]?.ok, true);
    assert.equal(h.processes.length, 2);
    assert.equal(h.engine.processId(), 1001);
  });

  it('a process that cannot start fails the request with kind process, and is tried again next time', async () => {
    let attempts = 0;
    const engine = new PowerShellEngine({
      dispatcherText,
      processFactory: () => {
        attempts++;
        throw new Error('spawn pwsh ENOENT');
      },
    });
    const [r] = await engine.run(echoOp(), [ssh('A')]);
    assert.equal(r?.ok, false);
    assert.equal(r?.ok ? '' : r?.error.kind, 'process');
    assert.match(r?.ok ? '' : r.error.message, /ENOENT/);
    await engine.run(echoOp(), [ssh('A')]);
    assert.equal(attempts, 2);
  });

  it('cancellation: a queued request is dropped unsent; the one in flight answers cancelled and the process is killed', async () => {
    const h = new Harness(() => new Promise(() => undefined));
    const inFlight = new AbortController();
    const queued = new AbortController();
    const first = h.engine.run(echoOp(), [ssh('A')], { signal: inFlight.signal });
    const second = h.engine.run(echoOp({ Name: 'second' }), [ssh('A')], { signal: queued.signal });
    await new Promise((r) => setTimeout(r, 20));
    queued.abort();
    const secondResult = await second;
    assert.equal(secondResult[0]?.ok ? '' : secondResult[0]?.error.kind, 'cancelled');
    assert.equal(h.requestLines().length, 1, 'the queued request was never written');
    inFlight.abort();
    const firstResult = await first;
    assert.equal(firstResult[0]?.ok ? '' : firstResult[0]?.error.kind, 'cancelled');
    assert.equal(h.processes[0]?.killed, true);
  });

  it('an already aborted signal never reaches PowerShell', async () => {
    const h = new Harness(okAnswer(() => 1));
    const [r] = await h.engine.run(echoOp(), [ssh('A')], { signal: AbortSignal.abort() });
    assert.equal(r?.ok ? '' : r?.error.kind, 'cancelled');
    assert.equal(h.processes.length, 0);
  });

  it('a process that stops answering is killed after the timeout (plus grace): every host fails with kind timeout', async () => {
    const h = new Harness(() => new Promise(() => undefined), { graceMs: 30 });
    const started = Date.now();
    const results = await h.engine.run(echoOp(), [ssh('A'), ssh('B')], { timeoutMs: 50 });
    assert.deepEqual(
      results.map((r) => (r.ok ? 'ok' : r.error.kind)),
      ['timeout', 'timeout'],
    );
    assert.ok(Date.now() - started < 2000);
    assert.equal(h.processes[0]?.killed, true);
  });

  it('passes the remaining time to the dispatcher and bounds session opening by it', async () => {
    const h = new Harness(okAnswer(() => 1));
    await h.engine.run(echoOp(), [ssh('A')], { timeoutMs: 5_000 });
    const request = decodeRequestLine(h.requestLines()[0]!);
    assert.ok(request.timeoutMs <= 5_000 && request.timeoutMs > 4_000);
    assert.ok((JSON.parse(request.hosts[0]!.session) as { ConnectingTimeout: number }).ConnectingTimeout <= 5_000);
  });

  it('logs every request with hosts, script, duration and outcome, but never values or passwords', async () => {
    const secret = 'Pa55-w0rd-SECRET';
    const value = 'vm-name-VALUE-42';
    const h = new Harness((request) => ({
      ok: true,
      pid: 1,
      results: [
        { host: 'A', index: 0, ok: true, ms: 1, json: JSON.stringify({ ok: true, value }) },
        {
          host: 'W',
          index: 1,
          ok: false,
          ms: 1,
          error: { stage: 'connect', message: `Access is denied for ${secret} and ${value}`, targetObject: secret },
        },
        {
          host: 'C',
          index: 2,
          ok: true,
          ms: 1,
          json: JSON.stringify({
            ok: false,
            message: `VM ${value} not found`,
            fullyQualifiedErrorId: 'InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVM',
            targetObject: value,
          }),
        },
      ].slice(0, request.hosts.length),
    }));
    const wsman: HostTarget = {
      connection: { name: 'W', transport: 'wsman', authentication: 'Negotiate' },
      credential: { userName: 'CORP\\admin', password: secret },
    };
    const results = await h.engine.run(echoOp({ Name: value }), [ssh('A'), wsman, ssh('C')]);
    await h.engine.run(echoOp({ Name: value }), [wsman], { signal: AbortSignal.abort() });
    assert.equal(h.log.length, 2);
    const logText = JSON.stringify(h.log);
    assert.equal(logText.includes(secret), false);
    assert.equal(logText.includes(value), false);
    assert.deepEqual(h.log[0]?.hosts, ['A', 'W', 'C']);
    assert.equal(h.log[0]?.script, 'echo.ps1');
    assert.equal(typeof h.log[0]?.durationMs, 'number');
    assert.equal(
      h.log[0]?.outcome,
      '1/3 ok; W: authentication; C: command InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVM',
    );
    assert.equal(h.log[1]?.outcome, '0/1 ok; W: cancelled');
    // The password never shows in errors either.
    const w = results[1]!;
    assert.equal(w.ok, false);
    assert.equal(JSON.stringify(w).includes(secret), false);
    assert.match(JSON.stringify(w), /\*\*\*/);
  });

  it('a broken answer fails the request with kind process instead of throwing', async () => {
    const h = new Harness(() => 'garbage');
    const h2 = new Harness(() => ({ ok: false, pid: 1, error: { message: 'the dispatcher failed' } }));
    const [a] = await h.engine.run(echoOp(), [ssh('A')]);
    const [b] = await h2.engine.run(echoOp(), [ssh('A')]);
    assert.equal(a?.ok ? '' : a?.error.kind, 'process');
    assert.equal(b?.ok ? '' : b?.error.kind, 'process');
  });

  it('no targets: no request at all', async () => {
    const h = new Harness(okAnswer(() => 1));
    assert.deepEqual(await h.engine.run(echoOp(), []), []);
    assert.equal(h.processes.length, 0);
  });
});
