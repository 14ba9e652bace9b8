import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { accelerationScript, quotePs } from '../../../src/core/acceleration/copyAsPowerShell';
import type { AdapterRef } from '../../../src/core/acceleration/model';

const PWSH = resolve(__dirname, '../../../.tools/pwsh');

const hostile = [
  "it's",
  "a'; Remove-VM -Name * -Force; '",
  'x\u2019; Stop-Computer; \u2018',
  '$(Stop-Computer)',
  '`n"; Stop-Computer; "',
  'line\nStop-Computer',
  'a #> Stop-Computer <# b',
  "''''",
];

/** What PowerShell's own parser makes of a script: parse errors, command names, single-quoted string values. */
function parse(script: string): Promise<{ errors: string[]; commands: string[]; strings: string[] }> {
  const checker = String.raw`
$ErrorActionPreference = 'Stop'
$tokens = $null; $errors = $null
$ast = [System.Management.Automation.Language.Parser]::ParseInput($env:HVM_SCRIPT, [ref]$tokens, [ref]$errors)
$commands = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() })
$strings = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $n.StringConstantType -eq 'SingleQuoted' }, $true) | ForEach-Object { $_.Value })
$expandable = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.ExpandableStringExpressionAst] -or $n -is [System.Management.Automation.Language.SubExpressionAst] }, $true))
ConvertTo-Json -Compress -InputObject @{ errors = @($errors | ForEach-Object { $_.Message }) + @($expandable | ForEach-Object { 'expandable: ' + $_.Extent.Text }); commands = $commands; strings = $strings }`;
  return new Promise((res, rej) => {
    execFile(PWSH, ['-NoProfile', '-NonInteractive', '-Command', checker], { env: { ...process.env, HVM_SCRIPT: script } }, (err, stdout) => {
      if (err) rej(new Error(err.message));
      else res(JSON.parse(stdout) as { errors: string[]; commands: string[]; strings: string[] });
    });
  });
}

describe('Copy as PowerShell', function () {
  this.timeout(60_000);

  it('quotes single-quoted literals, doubling every kind of quote PowerShell accepts', () => {
    assert.equal(quotePs("it's"), "'it''s'");
    assert.equal(quotePs('a\u2019b'), "'a\u2019\u2019b'");
    assert.equal(quotePs('$(x)'), "'$(x)'");
  });

  it('addresses each adapter by VM Id and adapter Id and passes only the changed settings', () => {
    const ref: AdapterRef = { host: 'HV-EAST', vmId: '5f1c…', vmName: 'web-01', adapterId: 'Microsoft:5F1C\\AB', adapterName: 'Network Adapter' };
    const script = accelerationScript([ref], { ipsecOffloadMaxSA: 0, vrssEnabled: false, iovInterruptModeration: 'High' });
    assert.match(script, /Get-VM -Id '5f1c…'/);
    assert.match(script, /\$_\.Id -eq 'Microsoft:5F1C\\AB'/);
    assert.match(script, /Set-VMNetworkAdapter -IPsecOffloadMaximumSecurityAssociation 0 -IovInterruptModeration 'High' -VrssEnabled \$false$/m);
    assert.doesNotMatch(script, /-Name|-VMName/);
  });

  it('keeps hostile names and ids as data: PowerShell parses them as single-quoted strings and no other command appears', async function () {
    if (!existsSync(PWSH)) this.skip();
    const refs: AdapterRef[] = hostile.map((h, i) => ({ host: `HOST-${i}\n${h}`, vmId: h, vmName: h, adapterId: `${h}-adapter`, adapterName: h }));
    const script = accelerationScript(refs, { vmqWeight: 0 });
    const parsed = await parse(script);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual([...new Set(parsed.commands)].sort(), ['Get-VM', 'Get-VMNetworkAdapter', 'Set-VMNetworkAdapter', 'Where-Object']);
    for (const h of hostile) {
      assert.ok(parsed.strings.includes(h), `vm id ${JSON.stringify(h)} survives as one string`);
      assert.ok(parsed.strings.includes(`${h}-adapter`), `adapter id ${JSON.stringify(h)} survives as one string`);
    }
  });
});
