// What PowerShell's own parser makes of a script: for tests of "Copy as PowerShell" output, which must keep every
// value as data. The script travels in an environment variable, so it is never spliced into the checker's code.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ParsedScript {
  /** Parse errors, plus any expandable string or subexpression (none may appear in copied scripts). */
  readonly errors: string[];
  /** Every command's name, in order. */
  readonly commands: string[];
  /** The values of every single-quoted string. */
  readonly strings: string[];
}

/** Values a host or a user could send that would become code if a script did not quote them right. */
export const hostileValues: readonly string[] = [
  "it's",
  "a'; Remove-VM -Name * -Force; '",
  'x\u2019; Stop-Computer; \u2018',
  '$(Stop-Computer)',
  '`n"; Stop-Computer; "',
  'line\nStop-Computer',
  'a #> Stop-Computer <# b',
  "''''",
];

export const PWSH = resolve(__dirname, '../../.tools/pwsh');

export function havePwsh(): boolean {
  return existsSync(PWSH);
}

const CHECKER = String.raw`
$ErrorActionPreference = 'Stop'
$tokens = $null; $errors = $null
$ast = [System.Management.Automation.Language.Parser]::ParseInput($env:HVM_SCRIPT, [ref]$tokens, [ref]$errors)
$commands = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() })
$strings = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $n.StringConstantType -eq 'SingleQuoted' }, $true) | ForEach-Object { $_.Value })
$expandable = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.ExpandableStringExpressionAst] -or $n -is [System.Management.Automation.Language.SubExpressionAst] }, $true))
ConvertTo-Json -Compress -InputObject @{ errors = @($errors | ForEach-Object { $_.Message }) + @($expandable | ForEach-Object { 'expandable: ' + $_.Extent.Text }); commands = $commands; strings = $strings }`;

export function parsePowerShell(script: string): Promise<ParsedScript> {
  return new Promise((res, rej) => {
    execFile(
      PWSH,
      ['-NoProfile', '-NonInteractive', '-Command', CHECKER],
      { env: { ...process.env, HVM_SCRIPT: script }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout) => {
        if (err) rej(new Error(err.message));
        else res(JSON.parse(stdout) as ParsedScript);
      },
    );
  });
}
