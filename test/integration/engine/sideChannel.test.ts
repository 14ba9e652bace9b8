// The credential side channel end to end in a real PowerShell: the engine's process offers a request's credentials,
// the dispatcher fetches them with the request's ticket and builds PSCredentials whose passwords are exactly the ones
// given, while the password never appears on a line PowerShell ran.
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { NodePowerShellProcess } from '../../../src/engine/nodePowerShellProcess';
import { dispatcherScript } from '../../../src/engine/dispatcherScript';
import { buildRequest, loadLine, requestLine } from '../../../src/engine/payload';
import { PWSH } from '../../support/lab';
import { findSecret } from '../../support/secretForms';

const PASSWORDS = ['pa\'ss;w,ord"$(Get-Date)`n€ä', 'second-one'];

describe('the credential side channel in a real PowerShell', function () {
  this.timeout(120_000);
  let pwsh: NodePowerShellProcess;

  before(async () => {
    pwsh = new NodePowerShellProcess(PWSH);
    const { stdout } = await pwsh.invoke(loadLine(dispatcherScript, randomBytes(16).toString('hex')));
    assert.match(stdout, /"ok":true/);
  });

  after(async () => {
    await pwsh?.dispose();
  });

  it('Read-HvmCredentials returns a PSCredential per host index with the exact user and password', async () => {
    const b64 = (t: string): string => Buffer.from(t, 'utf8').toString('base64');
    const ticket = randomBytes(16).toString('hex');
    const payload = `3,${b64('CORP\\admin')},${b64(PASSWORDS[0]!)};7,${b64('ops@corp.example')},${b64(PASSWORDS[1]!)}`;
    // The expected passwords travel as hashes only, so not even this test's command line holds them.
    const hash = (t: string): string => createHash('sha256').update(t, 'utf8').digest('hex');
    const check = [
      `$c = Read-HvmCredentials '${ticket}'`,
      '$sha = [Security.Cryptography.SHA256]::Create()',
      "$h = { param($cred) -join ($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($cred.GetNetworkCredential().Password)) | ForEach-Object { $_.ToString('x2') }) }",
      "[Console]::Out.WriteLine((ConvertTo-Json -Compress @{ keys = @($c.Keys | Sort-Object); users = @($c['3'].UserName, $c['7'].UserName); hashes = @((& $h $c['3']), (& $h $c['7'])); secure = ($c['3'].Password -is [securestring]) }))",
    ].join('; ');
    const { stdout } = await pwsh.invoke(check, { ticket, payload });
    const line = stdout.split('\n').find((l) => l.includes('{"'));
    assert.ok(line, stdout);
    const answer = JSON.parse(line.slice(line.indexOf('{"'))) as {
      keys: string[];
      users: string[];
      hashes: string[];
      secure: boolean;
    };
    assert.deepEqual(answer.keys, ['3', '7']);
    assert.deepEqual(answer.users, ['CORP\\admin', 'ops@corp.example']);
    assert.deepEqual(answer.hashes, PASSWORDS.map(hash));
    assert.equal(answer.secure, true);
    for (const p of PASSWORDS) assert.equal(check.includes(p) || stdout.includes(p), false);
  });

  it('a ticket works once: asking again gets nothing', async () => {
    const ticket = randomBytes(16).toString('hex');
    const payload = `0,${Buffer.from('u').toString('base64')},${Buffer.from('p').toString('base64')}`;
    const { stdout } = await pwsh.invoke(
      `$a = Read-HvmCredentials '${ticket}'; $b = Read-HvmCredentials '${ticket}'; [Console]::Out.WriteLine('counts ' + $a.Count + ' ' + $b.Count)`,
      { ticket, payload },
    );
    assert.match(stdout, /counts 1 0/);
  });

  it('the channel address is gone from the environment once the dispatcher is loaded (ssh and others do not inherit it)', async () => {
    const { stdout } = await pwsh.invoke(
      "[Console]::Out.WriteLine('channel=[' + $env:HVM_SIDE_CHANNEL + '] known=' + [bool]$script:HvmSideChannel)",
    );
    assert.match(stdout, /channel=\[\] known=True/);
  });

  it("a request with a password leaves none in PowerShell's in-session history (Get-History)", async () => {
    const password = 'hist0ry-Pa55!';
    const ids = {
      nonce: randomBytes(16).toString('hex'),
      ticket: randomBytes(16).toString('hex'),
      keySecret: randomBytes(32),
    };
    const op = { script: { name: 'noop.ps1', text: '1' }, parameters: {}, idempotent: true, parse: (v: unknown) => v };
    const target = {
      connection: { name: 'WIN-H', transport: 'wsman' as const, address: '127.0.0.1' },
      credential: { userName: 'CORP\\h', password },
    };
    const built = buildRequest(op, [target], 30_000, { connectTimeoutMs: 5_000, openTimeoutMs: 30_000 }, ids);
    const answer = await pwsh.invoke(requestLine(built.request), built.secret);
    assert.match(answer.stdout, new RegExp(`"nonce":"${ids.nonce}"`));
    const { stdout } = await pwsh.invoke(
      "[Console]::Out.WriteLine('HISTORY ' + ((Get-History | ForEach-Object { $_.CommandLine }) -join ' | '))",
    );
    assert.match(stdout, /HISTORY .*Invoke-HvmRequest '/, 'the request line is in the history');
    assert.equal(findSecret(stdout, password), undefined);
  });
});
