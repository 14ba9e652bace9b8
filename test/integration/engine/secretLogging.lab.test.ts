// No password in PowerShell's own logs, proven with PowerShell's own logging: script block logging, module logging
// of every module and transcription turned on for the engine's PowerShell (see test/support/pwshLogging.ts), and
// node-powershell's debug logging (DEBUG=*). The real engine, in its own Node process, runs requests to lab hosts over
// SSH and to a WinRM host with a password (the path a password takes: PSCredential, New-PSSession -Credential). The
// password is then looked for, in clear and as base64, in the syslog events, the transcripts, the debug output, the
// request log, the errors, and PowerShell's history file.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostTarget } from '../../../src/contract/hostRunner';
import { REPO, startLab, type Lab } from '../../support/lab';
import { findSecret, PowerShellLogging, type LoggedRun } from '../../support/pwshLogging';

const PASSWORD = 'S3cret-Pr0be-pässwörd!';
const USER = 'CORP\\probe-admin';

describe('no password in PowerShell logs, transcripts, debug output or history', function () {
  this.timeout(600_000);
  let lab: Lab;
  let logging: PowerShellLogging;
  let home: string;
  let run: LoggedRun;
  let probe: { results: unknown[][]; log: { outcome: string }[] };

  before(async () => {
    lab = await startLab({
      topology: {
        lab: { migrationBandwidthMBps: 1000, latencyMs: 0 },
        hosts: [
          { name: 'LOG-1', address: '127.0.0.21', os: '2022' },
          { name: 'LOG-2', address: '127.0.0.22', os: '2022' },
        ],
        clusters: [],
        vms: [],
      },
    });
    logging = await PowerShellLogging.start();
    home = mkdtempSync(join(tmpdir(), 'hvm-probe-home-'));
    const winrm: HostTarget = {
      connection: {
        name: 'WIN-1',
        transport: 'wsman',
        address: lab.hosts[0]!.address,
        authentication: 'Negotiate',
        userName: USER,
      },
      credential: { userName: USER, password: PASSWORD },
    };
    const targets = [{ connection: lab.connectionFor('LOG-1') }, winrm, { connection: lab.connectionFor('LOG-2') }];
    run = await logging.run(process.execPath, ['--import', 'tsx', 'test/integration/engine/secretProbe.ts'], {
      cwd: REPO,
      input: JSON.stringify({ powershellPath: logging.powershellPath, targets }),
      env: {
        ...lab.clientEnv,
        DEBUG: '*',
        HOME: home,
        XDG_DATA_HOME: join(home, 'data'),
        XDG_CONFIG_HOME: join(home, 'config'),
      },
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('@@PROBE@@'));
    assert.ok(line, `the probe gave no answer (exit ${String(run.code)}):\n${run.stderr.slice(-3000)}`);
    probe = JSON.parse(line.slice('@@PROBE@@'.length)) as typeof probe;
  });

  after(async () => {
    await logging?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
    await lab?.stop();
  });

  it('the requests ran: the lab hosts answered, the WinRM host was tried with the credential', () => {
    const [first] = probe.results as { host: string; ok: boolean; error?: { kind: string; message: string } }[][];
    assert.deepEqual(
      first!.map((r) => [r.host, r.ok]),
      [
        ['LOG-1', true],
        ['WIN-1', false],
        ['LOG-2', true],
      ],
    );
    // No WSMan client on Linux: New-PSSession, given the PSCredential, refuses to connect.
    assert.match(first![1]!.error!.message, /WSMan/);
  });

  it('script block logging and module logging recorded the requests, and the password in none of them', () => {
    assert.ok(
      /ScriptBlock_Compile_Detail[^\n]*\] Creating Scriptblock text[^\n]*\nInvoke-HvmRequest '/.test(run.syslog),
      'script block logging is on',
    );
    // Module logging records cmdlet parameters: here the PSCredential built from the side channel (user name and a
    // SecureString, nothing else). Under the old engine it recorded ConvertTo-SecureString -String <the password>.
    assert.ok(
      /ParameterBinding\(New-Object\): name="TypeName"; value="System\.Management\.Automation\.PSCredential"/.test(
        run.syslog,
      ),
      'module logging is on',
    );
    assert.ok(
      /ParameterBinding\(New-Object\): name="ArgumentList"; value="CORP\\probe-admin, System\.Security\.SecureString"/.test(
        run.syslog,
      ),
      'the credential was built',
    );
    assert.equal(findSecret(run.syslog, PASSWORD), undefined, `in syslog: ${findSecret(run.syslog, PASSWORD) ?? ''}`);
  });

  it('transcripts recorded the requests, and the password in none of them', () => {
    assert.ok(run.transcripts.length >= 2, `one transcript per PowerShell (both lanes), got ${run.transcripts.length}`);
    assert.ok(
      run.transcripts.some((t) => t.includes("Invoke-HvmRequest '")),
      'transcription is on',
    );
    for (const t of run.transcripts)
      assert.equal(findSecret(t, PASSWORD), undefined, `in a transcript: ${findSecret(t, PASSWORD) ?? ''}`);
  });

  it("node-powershell's debug output (DEBUG=*) shows the commands, and the password in none of them", () => {
    assert.ok(/PWSH-LOGGED:\d+:? +\$ Invoke-HvmRequest '/i.test(run.stdout), 'debug logging is on');
    const all = `${run.stdout}\n${run.stderr}`;
    assert.equal(findSecret(all, PASSWORD), undefined, `in debug output: ${findSecret(all, PASSWORD) ?? ''}`);
  });

  it('the request log and the errors hold no password', () => {
    assert.equal(probe.log.length, 3);
    assert.equal(findSecret(JSON.stringify(probe), PASSWORD), undefined);
  });

  it("PowerShell's saved history (PSReadLine), if there is one, holds no password (in-session history: sideChannel.test.ts)", () => {
    const history = join(home, 'data', 'powershell', 'PSReadLine', 'ConsoleHost_history.txt');
    const text = existsSync(history) ? readFileSync(history, 'utf8') : '';
    assert.equal(findSecret(text, PASSWORD), undefined);
  });
});
