// Fidelity of the simulated lab: the lab's Hyper-V and FailoverClusters commands must bind parameters like the real
// cmdlets. The expected surface is test/lab/fidelity/cmdlets.json, written from the reference
// (/work/shared/reference/hyperv-powershell.md §2 and §5), not from the lab. This test loads the lab modules in pwsh,
// reads Get-Command metadata and reports every difference, one test per command.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PWSH, REPO } from '../support/lab';

interface SetAttributes {
  mandatory?: boolean;
  position?: number | null;
  pipeline?: ('ByValue' | 'ByPropertyName')[];
}
interface ExpectedParameter {
  type?: string;
  aliases?: string[];
  sets: Record<string, SetAttributes>;
  setsComplete?: boolean;
}
interface ExpectedCommand {
  section: string;
  note?: string;
  parameterSets?: string[];
  defaultParameterSet?: string;
  supportsShouldProcess?: boolean;
  complete: boolean;
  absent?: string[];
  commandAliases?: string[];
  parameters: Record<string, ExpectedParameter>;
}

interface ActualParameterInSet {
  set: string;
  mandatory: boolean;
  position: number | null;
  byValue: boolean;
  byPropertyName: boolean;
}
interface ActualParameter {
  name: string;
  type: string;
  typeName: string;
  aliases: string[];
  sets: ActualParameterInSet[];
}
interface ActualCommand {
  name: string;
  found: boolean;
  error?: string;
  commandType?: string;
  module?: string;
  defaultParameterSet?: string | null;
  parameterSets?: string[];
  parameters?: ActualParameter[];
  aliases?: Record<string, string | null>;
}

const table = JSON.parse(readFileSync(join(__dirname, 'fidelity', 'cmdlets.json'), 'utf8')) as { commands: Record<string, ExpectedCommand> };

// Reads Get-Command metadata for the given names. The names and aliases travel as JSON in an environment variable.
const DUMP = String.raw`
$ErrorActionPreference = 'Continue'
$WarningPreference = 'SilentlyContinue'
$importErrors = @()
foreach ($m in 'Hyper-V', 'FailoverClusters') {
  try { Import-Module $m -ErrorAction Stop -WarningAction SilentlyContinue } catch { $importErrors += "$($m): $($_.Exception.Message)" }
}
$request = $env:HVFID_REQUEST | ConvertFrom-Json
$common = [System.Collections.Generic.HashSet[string]]::new([string[]]([System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters), [StringComparer]::OrdinalIgnoreCase)
function TypeText([type]$t) {
  if ($t.IsArray) { return (TypeText $t.GetElementType()) + '[]' }
  $u = [Nullable]::GetUnderlyingType($t)
  if ($u) { return (TypeText $u) + '?' }
  return $t.FullName
}
function ShortType([type]$t) {
  if ($t.IsArray) { return (ShortType $t.GetElementType()) + '[]' }
  $u = [Nullable]::GetUnderlyingType($t)
  if ($u) { return (ShortType $u) + '?' }
  return $t.Name
}
$out = foreach ($name in $request.names) {
  $c = Get-Command -Name $name -ErrorAction SilentlyContinue | Select-Object -First 1
  if (-not $c) { [pscustomobject]@{ name = $name; found = $false }; continue }
  $aliases = [ordered]@{}
  foreach ($a in @($request.aliases.$name)) {
    if (-not $a) { continue }
    $ac = Get-Command -Name $a -ErrorAction SilentlyContinue | Select-Object -First 1
    $aliases[$a] = if (-not $ac) { $null } elseif ($ac.CommandType -eq 'Alias') { "$($ac.ResolvedCommandName)" } else { "($($ac.CommandType)) $($ac.Name)" }
  }
  try {
    $params = foreach ($p in $c.Parameters.Values) {
      if ($common.Contains($p.Name)) { continue }
      [pscustomobject]@{
        name = $p.Name; type = (TypeText $p.ParameterType); typeName = (ShortType $p.ParameterType); aliases = @($p.Aliases)
        sets = @(foreach ($kv in $p.ParameterSets.GetEnumerator()) {
          $a = $kv.Value
          [pscustomobject]@{ set = $kv.Key; mandatory = $a.IsMandatory; position = $(if ($a.Position -eq [int]::MinValue) { $null } else { $a.Position });
                             byValue = $a.ValueFromPipeline; byPropertyName = $a.ValueFromPipelineByPropertyName }
        })
      }
    }
    [pscustomobject]@{
      name = $name; found = $true; commandType = "$($c.CommandType)"; module = $c.ModuleName
      defaultParameterSet = $c.DefaultParameterSet
      parameterSets = @($c.ParameterSets | ForEach-Object Name)
      parameters = @($params); aliases = $aliases
      whatIf = [bool]$c.Parameters['WhatIf']; confirm = [bool]$c.Parameters['Confirm']
    }
  } catch {
    [pscustomobject]@{ name = $name; found = $true; error = "metadata: $($_.Exception.Message)" }
  }
}
'@@FIDELITY@@' + (ConvertTo-Json -InputObject ([pscustomobject]@{ importErrors = @($importErrors); commands = @($out) }) -Depth 8 -Compress)
`;

function loadMetadata(): Promise<{ importErrors: string[]; commands: (ActualCommand & { whatIf?: boolean; confirm?: boolean })[] }> {
  const names = Object.keys(table.commands);
  const aliases = Object.fromEntries(names.map((n) => [n, table.commands[n]!.commandAliases ?? []]));
  return new Promise((resolve, reject) => {
    execFile(
      PWSH,
      ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', DUMP],
      {
        env: {
          ...process.env,
          // HVFID_MODULES: point the test at another module folder (used to check the test itself against stubs)
          PSModulePath: process.env.HVFID_MODULES ?? join(REPO, 'lab', 'modules'),
          HVFID_REQUEST: JSON.stringify({ names, aliases }),
          POWERSHELL_TELEMETRY_OPTOUT: '1',
          TERM: 'dumb',
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.includes('@@FIDELITY@@'));
        if (!line) return reject(new Error(`pwsh metadata dump failed: ${error?.message ?? ''}\n${stderr}\n${stdout.slice(-2000)}`));
        resolve(JSON.parse(line.slice(line.indexOf('@@FIDELITY@@') + '@@FIDELITY@@'.length)) as Awaited<ReturnType<typeof loadMetadata>>);
      },
    );
  });
}

const stripNullable = (t: string) => t.replace(/\?/g, '');
const ci = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const fmtPos = (p: number | null | undefined) => (p === null || p === undefined ? 'named' : String(p));
const fmtPipe = (p: string[]) => (p.length ? p.join('+') : 'none');

/** Every difference between the expected command (from the reference) and the lab's command metadata. */
export function compareCommand(name: string, exp: ExpectedCommand, act: ActualCommand & { whatIf?: boolean; confirm?: boolean }): string[] {
  const d: string[] = [];
  if (!act.found) return [`${name}: command not found in the lab modules`];
  if (act.error) return [`${name}: ${act.error}`];
  const actParams = new Map((act.parameters ?? []).map((p) => [p.name.toLowerCase(), p]));
  const actSets = act.parameterSets ?? [];

  if (exp.parameterSets) {
    for (const s of exp.parameterSets) if (!actSets.some((a) => a === s)) d.push(`parameter set '${s}' missing (lab sets: ${actSets.join(', ')})`);
    for (const s of actSets) if (!exp.parameterSets.includes(s)) d.push(`unexpected parameter set '${s}'`);
    if (exp.defaultParameterSet && act.defaultParameterSet !== exp.defaultParameterSet)
      d.push(`default parameter set is '${act.defaultParameterSet ?? '(none)'}', expected '${exp.defaultParameterSet}'`);
  }
  if (exp.supportsShouldProcess !== undefined) {
    const has = Boolean(act.whatIf && act.confirm);
    if (has !== exp.supportsShouldProcess) d.push(exp.supportsShouldProcess ? 'no -WhatIf/-Confirm (SupportsShouldProcess expected)' : 'has -WhatIf/-Confirm; the real cmdlet has none');
  }
  for (const a of exp.absent ?? []) if (actParams.has(a.toLowerCase())) d.push(`-${a} exists; the real cmdlet has no such parameter`);
  for (const [alias, target] of Object.entries(act.aliases ?? {})) {
    if (target === null) d.push(`command alias ${alias} missing`);
    else if (!ci(target, name)) d.push(`${alias} resolves to ${target}, expected an alias of ${name}`);
  }

  for (const [pname, ep] of Object.entries(exp.parameters)) {
    const ap = actParams.get(pname.toLowerCase());
    if (!ap) {
      d.push(`-${pname} missing`);
      continue;
    }
    if (ap.name !== pname) d.push(`-${pname} is spelled -${ap.name}`);
    if (ep.type !== undefined) {
      const want = stripNullable(ep.type);
      const got = want.includes('.') ? stripNullable(ap.type) : stripNullable(ap.typeName);
      if (got !== want) d.push(`-${pname} type ${ap.type}, expected ${ep.type}`);
    }
    if (ep.aliases !== undefined) {
      const want = [...ep.aliases].map((a) => a.toLowerCase()).sort();
      const got = ap.aliases.map((a) => a.toLowerCase()).sort();
      if (want.join(',') !== got.join(','))
        d.push(`-${pname} aliases [${ap.aliases.join(', ')}], expected [${ep.aliases.join(', ')}]`);
    }
    const inAll = ap.sets.find((s) => s.set === '__AllParameterSets');
    const setOf = (s: string) => ap.sets.find((x) => x.set === s) ?? (inAll && actSets.includes(s) ? inAll : undefined);
    const checkAttrs = (where: string, want: SetAttributes, got: ActualParameterInSet) => {
      if (want.mandatory !== undefined && want.mandatory !== got.mandatory)
        d.push(`-${pname}${where}: ${got.mandatory ? 'mandatory' : 'optional'}, expected ${want.mandatory ? 'mandatory' : 'optional'}`);
      if (want.position !== undefined && (want.position ?? null) !== (got.position ?? null))
        d.push(`-${pname}${where}: position ${fmtPos(got.position)}, expected ${fmtPos(want.position)}`);
      if (want.pipeline !== undefined) {
        const gotPipe = [...(got.byValue ? ['ByValue'] : []), ...(got.byPropertyName ? ['ByPropertyName'] : [])];
        if ([...want.pipeline].sort().join('+') !== gotPipe.sort().join('+'))
          d.push(`-${pname}${where}: pipeline ${fmtPipe(gotPipe)}, expected ${fmtPipe(want.pipeline)}`);
      }
    };
    for (const [sname, want] of Object.entries(ep.sets)) {
      if (sname === '*') {
        // the reference names no sets: the attributes hold in every set the parameter is in
        for (const got of ap.sets) checkAttrs(ap.sets.length > 1 ? ` (set ${got.set})` : '', want, got);
        continue;
      }
      const got = setOf(sname);
      if (!got) {
        d.push(`-${pname} not in parameter set '${sname}'${ap.sets.length ? ` (it is in: ${ap.sets.map((s) => s.set).join(', ')})` : ''}`);
        continue;
      }
      checkAttrs(` in set '${sname}'`, want, got);
    }
    if (exp.parameterSets && ep.setsComplete !== false && !ep.sets['*']) {
      const wantSets = new Set(Object.keys(ep.sets));
      const gotSets = inAll ? actSets : ap.sets.map((s) => s.set);
      const extra = gotSets.filter((s) => !wantSets.has(s));
      if (extra.length) d.push(`-${pname} also in parameter set(s) ${extra.join(', ')}; the real cmdlet has it only in ${[...wantSets].join(', ')}`);
    }
  }
  if (exp.complete) {
    for (const ap of act.parameters ?? []) {
      if (['whatif', 'confirm'].includes(ap.name.toLowerCase())) continue;
      if (!Object.keys(exp.parameters).some((p) => ci(p, ap.name))) d.push(`-${ap.name} is not a parameter of the real cmdlet`);
    }
  }
  return d.map((x) => `${name}: ${x}`);
}

describe('lab fidelity: cmdlet parameters match the real Hyper-V / FailoverClusters modules', function () {
  this.timeout(150_000);
  let metadata: Awaited<ReturnType<typeof loadMetadata>>;
  const all: string[] = [];

  before(async function () {
    metadata = await loadMetadata();
  });

  after(function () {
    if (all.length) console.log(`\n  fidelity: ${all.length} difference(s):\n${all.map((l) => `    ${l}`).join('\n')}\n`);
  });

  it('the lab modules import', function () {
    assert.deepEqual(metadata.importErrors, []);
  });

  for (const [name, exp] of Object.entries(table.commands)) {
    it(`${name} (reference §${exp.section})`, function () {
      const act = metadata.commands.find((c) => c.name === name);
      assert.ok(act, `no metadata for ${name}`);
      const diffs = compareCommand(name, exp, act);
      all.push(...diffs);
      assert.deepEqual(diffs, [], `${diffs.length} difference(s) from the reference:\n  ${diffs.join('\n  ')}`);
    });
  }
});
