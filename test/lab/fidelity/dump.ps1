# Reads what the lab modules define, as data for fidelity.test.ts: every exported command (parameter sets, and per
# parameter its type, aliases, validation attributes and per-set attributes), every type the lab declares in the
# real namespaces (properties with their types, including type-data alias members; enum names and values), and
# the real-module type names resolved to the same notation. Input: $env:HVFID_REQUEST (JSON: { realTypes, realCommands, scripts }).
# Output: one line '@@FIDELITY@@<json>'.
$ErrorActionPreference = 'Continue'
$WarningPreference = 'SilentlyContinue'
$importErrors = @()
foreach ($m in 'Hyper-V', 'FailoverClusters', 'CimCmdlets', 'SmbShare') {
    try { Import-Module $m -ErrorAction Stop -WarningAction SilentlyContinue } catch { $importErrors += "$($m): $($_.Exception.Message)" }
}
if (-not ('HvLab.LabStore' -as [type])) { $importErrors += 'LabCore: the lab types did not load' }
$request = $env:HVFID_REQUEST | ConvertFrom-Json
$common = [Collections.Generic.HashSet[string]]::new([string[]]([Management.Automation.PSCmdlet]::CommonParameters +
        [Management.Automation.PSCmdlet]::OptionalCommonParameters), [StringComparer]::OrdinalIgnoreCase)

# One notation for both sides: T[], System.Nullable<T>, Generic<A,B>, nested types with '+'.
function TypeText([type] $t) {
    if ($t.IsArray) { return (TypeText $t.GetElementType()) + '[]' }
    if ($t.IsGenericType) {
        $name = $t.GetGenericTypeDefinition().FullName -replace '`\d+$', ''
        return $name + '<' + (($t.GetGenericArguments() | ForEach-Object { TypeText $_ }) -join ',') + '>'
    }
    return $t.FullName
}

function ValidationText($attributes) {
    @($attributes | Where-Object { $_ -is [Management.Automation.ValidateArgumentsAttribute] } | ForEach-Object {
            $n = $_.GetType().Name -replace 'Attribute$', ''
            switch ($n) {
                'ValidateSet' { "[ValidateSet($((@($_.ValidValues) | ForEach-Object { "'$_'" }) -join ','))]" }
                'ValidateRange' { "[ValidateRange($($_.MinRange),$($_.MaxRange))]" }
                default { "[$n()]" }
            }
        } | Sort-Object)
}

$commands = foreach ($m in 'Hyper-V', 'FailoverClusters', 'CimCmdlets', 'SmbShare') {
    $mod = Get-Module $m
    if (-not $mod) { continue }
    foreach ($c in @($mod.ExportedFunctions.Values) + @($mod.ExportedCmdlets.Values)) {
        $params = foreach ($p in $c.Parameters.Values) {
            if ($common.Contains($p.Name)) { continue }
            [pscustomobject]@{
                name = $p.Name; type = (TypeText $p.ParameterType); aliases = @($p.Aliases); validation = @(ValidationText $p.Attributes)
                sets = @(foreach ($kv in $p.ParameterSets.GetEnumerator()) {
                        $a = $kv.Value
                        [pscustomobject]@{ set = $kv.Key; mandatory = $a.IsMandatory; position = $(if ($a.Position -eq [int]::MinValue) { $null } else { $a.Position })
                            byValue = $a.ValueFromPipeline; byPropertyName = $a.ValueFromPipelineByPropertyName
                        }
                    })
            }
        }
        [pscustomobject]@{
            name = $c.Name; module = $m; defaultParameterSet = $c.DefaultParameterSet
            parameterSets = @($c.ParameterSets | ForEach-Object Name); parameters = @($params)
        }
    }
}
$aliases = foreach ($m in 'Hyper-V', 'FailoverClusters', 'CimCmdlets', 'SmbShare') {
    $mod = Get-Module $m
    if ($mod) { foreach ($a in $mod.ExportedAliases.Values) { [pscustomobject]@{ name = $a.Name; target = $a.ResolvedCommandName } } }
}

# LabCore's assembly (Hyper-V, FailoverClusters) and the SmbShare stand-in's own (its enum).
$labAssemblies = @([Microsoft.HyperV.PowerShell.VirtualMachine].Assembly)
$smbEnum = 'Microsoft.PowerShell.Cmdletization.GeneratedTypes.SmbBandwidthLimit.BandwidthLimitCategory' -as [type]
if ($smbEnum) { $labAssemblies += $smbEnum.Assembly }
$types = foreach ($t in $labAssemblies.GetExportedTypes()) {
    if (-not $t.FullName.StartsWith('Microsoft.')) { continue }
    if ($t.IsEnum) {
        $values = [ordered]@{}
        foreach ($n in [Enum]::GetNames($t)) { $values[$n] = [long][Convert]::ChangeType([Enum]::Parse($t, $n), [Enum]::GetUnderlyingType($t)) }
        [pscustomobject]@{ name = $t.FullName; kind = 'enum'; values = $values }
        continue
    }
    if (-not $t.IsClass) { continue }
    $props = [ordered]@{}
    foreach ($p in $t.GetProperties([Reflection.BindingFlags] 'Public, Instance')) { $props[$p.Name] = TypeText $p.PropertyType }
    [pscustomobject]@{ name = $t.FullName; kind = 'class'; abstract = $t.IsAbstract; properties = $props }
}

# What the product's host scripts read and call: member names (obj.Name, and property names given to the
# object cmdlets), and every call of a command the real modules define with the parameter names it passes.
$reads = [Collections.Generic.SortedSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
$calls = foreach ($f in Get-ChildItem -LiteralPath $request.scripts -Filter *.ps1) {
    $ast = [Management.Automation.Language.Parser]::ParseFile($f.FullName, [ref] $null, [ref] $null)
    foreach ($m in $ast.FindAll({ param($a) $a -is [Management.Automation.Language.MemberExpressionAst] -and $a.Member -is [Management.Automation.Language.StringConstantExpressionAst] }, $true)) {
        $null = $reads.Add($m.Member.Value)
    }
    foreach ($c in $ast.FindAll({ param($a) $a -is [Management.Automation.Language.CommandAst] }, $true)) {
        $name = $c.GetCommandName()
        if ($name -in 'Select-Object', 'Where-Object', 'ForEach-Object', 'Sort-Object', 'Group-Object', 'Measure-Object') {
            foreach ($e in $c.CommandElements | Select-Object -Skip 1) {
                if ($e -is [Management.Automation.Language.StringConstantExpressionAst] -and $e.StringConstantType -eq 'BareWord') { $null = $reads.Add($e.Value) }
            }
        }
        if ($name -and $name -in @($request.realCommands)) {
            [pscustomobject]@{ script = $f.Name; command = $name
                parameters = @($c.CommandElements | Where-Object { $_ -is [Management.Automation.Language.CommandParameterAst] } | ForEach-Object ParameterName)
            }
        }
    }
}

$resolved = [ordered]@{}
foreach ($rt in @($request.realTypes)) {
    $t = $rt -as [type]
    $resolved[$rt] = if ($t) { TypeText $t } else { $null }
}

'@@FIDELITY@@' + (ConvertTo-Json -Compress -Depth 10 -InputObject ([pscustomobject]@{
            importErrors = @($importErrors); commands = @($commands); aliases = @($aliases); types = @($types); resolvedTypes = $resolved
            productReads = @($reads); productCalls = @($calls)
        }))
