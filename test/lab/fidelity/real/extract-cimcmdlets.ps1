# Regenerates cimcmdlets.json in this folder: the signatures of Get-CimInstance and Invoke-CimMethod read with
# Get-Command from the real CimCmdlets binary that ships in PowerShell's own package (its Windows build; the
# cmdlet metadata loads on Linux too). Same shape as cmdlets.json.
#   .tools/pwsh -NoProfile -File test/lab/fidelity/real/extract-cimcmdlets.ps1
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../../../..')).ProviderPath
$dll = Get-ChildItem -Path (Join-Path $repo '.tools/.store/powershell') -Recurse -Filter 'Microsoft.Management.Infrastructure.CimCmdlets.dll' |
    Where-Object { $_.FullName -match '[\\/]win[\\/]' } | Select-Object -First 1
if (-not $dll) { throw 'The Windows build of CimCmdlets was not found under .tools/.store/powershell (run npm run setup).' }
Import-Module $dll.FullName
$common = [Management.Automation.PSCmdlet]::CommonParameters + [Management.Automation.PSCmdlet]::OptionalCommonParameters

function TypeName([type] $t) {
    if ($t.IsArray) { return (TypeName $t.GetElementType()) + '[]' }
    $u = [Nullable]::GetUnderlyingType($t)
    if ($u) { return "System.Nullable[$(TypeName $u)]" }
    return $t.FullName
}

$out = [ordered]@{}
foreach ($name in 'Get-CimInstance', 'Invoke-CimMethod') {
    $c = Get-Command $name
    $params = [ordered]@{}
    foreach ($p in $c.Parameters.Values | Sort-Object Name) {
        if ($p.Name -in $common) { continue }
        $sets = [ordered]@{}
        foreach ($kv in $p.ParameterSets.GetEnumerator() | Sort-Object Key) {
            $a = $kv.Value; $s = [ordered]@{}
            if ($a.IsMandatory) { $s.Mandatory = $true }
            if ($a.Position -ge 0) { $s.Position = $a.Position }
            if ($a.ValueFromPipeline) { $s.ValueFromPipeline = $true }
            if ($a.ValueFromPipelineByPropertyName) { $s.ValueFromPipelineByPropertyName = $true }
            $sets[$kv.Key] = $s
        }
        $validation = @($p.Attributes | Where-Object { $_ -is [Management.Automation.ValidateArgumentsAttribute] } |
                ForEach-Object { '[' + ($_.GetType().Name -replace 'Attribute$', '') + '()]' } | Sort-Object)
        $params[$p.Name] = [ordered]@{ aliases = @($p.Aliases | Sort-Object); sets = $sets; type = (TypeName $p.ParameterType); validation = $validation }
    }
    $out[$name] = [ordered]@{ defaultParameterSet = $c.DefaultParameterSet; module = "# Name: CimCmdlets; # Version: $($c.Version)"; parameters = $params }
}
$json = ConvertTo-Json -InputObject $out -Depth 8
[IO.File]::WriteAllText((Join-Path $PSScriptRoot 'cimcmdlets.json'), $json + "`n")
