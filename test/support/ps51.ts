// Checks PowerShell scripts for syntax Windows PowerShell 5.1 cannot run, using PowerShell's own parser.
// Shared: any test can call findPs51Violations(file) on a script meant for hosts that may run 5.1.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

// Reads the file list from an environment variable so no path is ever spliced into the checker's code.
const CHECKER = String.raw`
$ErrorActionPreference = 'Stop'
$files = ConvertFrom-Json -InputObject $env:HVM_PS51_FILES
$report = @{}
function Test-ParamPrefix($Ast, [string]$Full, [int]$Min) {
    foreach ($e in $Ast.CommandElements) {
        if ($e -is [System.Management.Automation.Language.CommandParameterAst]) {
            $n = $e.ParameterName
            if ($n.Length -ge $Min -and $Full.StartsWith($n, [StringComparison]::OrdinalIgnoreCase)) { return $true }
        }
    }
    return $false
}
foreach ($file in $files) {
    $out = New-Object System.Collections.ArrayList
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    foreach ($e in $errors) { $null = $out.Add("line $($e.Extent.StartLineNumber): parse error: $($e.Message)") }
    $found = $ast.FindAll({ $true }, $true)
    foreach ($n in $found) {
        $line = $n.Extent.StartLineNumber
        $t = $n.GetType().Name
        $what = $null
        if ($t -eq 'TernaryExpressionAst') { $what = 'ternary operator ?:' }
        elseif ($t -eq 'BinaryExpressionAst' -and $n.Operator.ToString() -eq 'QuestionQuestion') { $what = 'null-coalescing operator ??' }
        elseif ($t -eq 'AssignmentStatementAst' -and $n.Operator.ToString() -eq 'QuestionQuestionEquals') { $what = 'null-coalescing assignment ??=' }
        elseif (($t -eq 'MemberExpressionAst' -or $t -eq 'InvokeMemberExpressionAst') -and $n.NullConditional) { $what = 'null-conditional member access ?.' }
        elseif ($t -eq 'IndexExpressionAst' -and $n.NullConditional) { $what = 'null-conditional index ?[]' }
        elseif ($t -eq 'PipelineChainAst') { $what = 'pipeline chain && / ||' }
        elseif ($t -eq 'PipelineAst' -and $n.Background) { $what = 'background operator &' }
        elseif ($t -eq 'ScriptBlockAst' -and $null -ne $n.CleanBlock) { $what = 'clean block' }
        elseif ($t -eq 'CommandAst') {
            $name = $n.GetCommandName()
            if (@('ForEach-Object', 'foreach', '%') -contains $name -and (Test-ParamPrefix $n 'Parallel' 2)) { $what = 'ForEach-Object -Parallel' }
            elseif ($name -eq 'ConvertFrom-Json' -and (Test-ParamPrefix $n 'AsHashtable' 2)) { $what = 'ConvertFrom-Json -AsHashtable' }
        }
        if ($null -ne $what) { $null = $out.Add("line $($line): $what") }
    }
    $report[$file] = @($out | Select-Object -Unique)
}
[Console]::Out.WriteLine((ConvertTo-Json -InputObject $report -Compress -Depth 3))
`;

function pwshPath(): string {
  const local = resolve(__dirname, '../../.tools/pwsh');
  return process.env.HVM_TEST_PWSH ?? (existsSync(local) ? local : 'pwsh');
}

/** Violations per file ("line N: what"), one PowerShell process for all files. */
export function findPs51ViolationsMany(files: readonly string[]): Promise<Map<string, string[]>> {
  const absolute = files.map((f) => resolve(f));
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      pwshPath(),
      ['-NoProfile', '-NonInteractive', '-EncodedCommand', Buffer.from(CHECKER, 'utf16le').toString('base64')],
      { env: { ...process.env, HVM_PS51_FILES: JSON.stringify(absolute) }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`the PowerShell parser check failed: ${error.message}\n${stderr}`));
          return;
        }
        try {
          const report = JSON.parse(
            stdout
              .split('\n')
              .filter((l) => l.startsWith('{'))
              .pop() ?? '{}',
          ) as Record<string, string[] | string | null>;
          resolvePromise(new Map(absolute.map((f) => [f, toList(report[f])])));
        } catch (parseError) {
          reject(new Error(`unreadable parser report: ${String(parseError)}\n${stdout}\n${stderr}`));
        }
      },
    );
    child.stdin?.end();
  });
}

export async function findPs51Violations(file: string): Promise<string[]> {
  const report = await findPs51ViolationsMany([file]);
  return report.get(resolve(file)) ?? [];
}

// ConvertTo-Json turns a one-element array into a plain string and an empty one into null in some versions.
function toList(value: string[] | string | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
