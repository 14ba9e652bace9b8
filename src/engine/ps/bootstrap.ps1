# The constant bootstrap, first part of the engine's dispatcher (the engine loads bootstrap.ps1, sessions.ps1 and
# dispatcher.ps1 as one script, in that order). Must parse and run under Windows PowerShell 5.1 as well as
# PowerShell 7 (test/support/ps51.ts checks it).

# The constant bootstrap that runs on every host: receives the bundled script's exact text and the parameter values
# as JSON, so no value ever becomes code. Also used locally (-ParseOnly) to read the request payload, so both sides
# read JSON the same way.
$script:HvmBootstrap = {
    param([string]$ScriptText, [string]$ParametersJson, [switch]$ParseOnly, [switch]$Shallow)

    # Parameter JSON must arrive exactly: keys that differ only in case stay apart (ConvertFrom-Json's objects cannot
    # hold them) and date-looking strings stay strings (ConvertFrom-Json in PowerShell 7 makes them DateTime).

    # PowerShell 7: walk System.Text.Json's document. Strings, the usual leaves, are read in the loops: a PowerShell
    # function call per value would cost more than the parse itself.
    function ConvertFrom-HvmJsonElement($Element) {
        $kind = $Element.ValueKind.ToString()
        if ($kind -eq 'Object') {
            $table = New-Object System.Collections.Hashtable
            foreach ($property in $Element.EnumerateObject()) {
                $item = $property.Value
                if ($item.ValueKind.ToString() -eq 'String') { $table[$property.Name] = $item.GetString() }
                else { $table[$property.Name] = ConvertFrom-HvmJsonElement $item }
            }
            return $table
        }
        if ($kind -eq 'Array') {
            $list = New-Object System.Collections.ArrayList
            foreach ($item in $Element.EnumerateArray()) {
                if ($item.ValueKind.ToString() -eq 'String') { $null = $list.Add($item.GetString()) }
                else { $null = $list.Add((ConvertFrom-HvmJsonElement $item)) }
            }
            # The comma keeps PowerShell from unrolling the array (and from turning [] or [x] into $null or x).
            return , $list.ToArray()
        }
        if ($kind -eq 'String') { return $Element.GetString() }
        if ($kind -eq 'Number') {
            $long = [long]0
            if ($Element.TryGetInt64([ref]$long)) {
                if ($long -ge [int]::MinValue -and $long -le [int]::MaxValue) { return [int]$long }
                return $long
            }
            return $Element.GetDouble()
        }
        if ($kind -eq 'True') { return $true }
        if ($kind -eq 'False') { return $false }
        return $null
    }

    # Windows PowerShell 5.1: JavaScriptSerializer gives case-sensitive dictionaries and object arrays (and leaves
    # ISO date strings alone); turn them into hashtables and arrays.
    function ConvertFrom-HvmDictionary($Value) {
        if ($Value -is [System.Collections.IDictionary]) {
            $table = New-Object System.Collections.Hashtable
            foreach ($key in $Value.Keys) {
                $item = $Value[$key]
                if ($item -is [System.Collections.IDictionary] -or $item -is [System.Array]) { $item = ConvertFrom-HvmDictionary $item }
                $table[$key] = $item
            }
            return $table
        }
        if ($Value -is [System.Array]) {
            $list = New-Object System.Collections.ArrayList
            foreach ($item in $Value) {
                if ($item -is [System.Collections.IDictionary] -or $item -is [System.Array]) { $item = ConvertFrom-HvmDictionary $item }
                $null = $list.Add($item)
            }
            return , $list.ToArray()
        }
        return $Value
    }

    # -Shallow (the dispatcher's own request, whose keys we choose): ConvertFrom-Json's objects will do, and the
    # parse is C# only.
    function ConvertFrom-HvmJson([string]$Json, [switch]$Shallow) {
        $version = $PSVersionTable.PSVersion
        $hasDateKind = $version.Major -gt 7 -or ($version.Major -eq 7 -and $version.Minor -ge 5)
        if ($Shallow -and $hasDateKind) { return , (ConvertFrom-Json -InputObject $Json -DateKind String) }
        if ($Shallow -and $version.Major -lt 6) { return , (ConvertFrom-Json -InputObject $Json) }
        if ($version.Major -lt 6) {
            Add-Type -AssemblyName System.Web.Extensions
            $serializer = New-Object System.Web.Script.Serialization.JavaScriptSerializer
            $serializer.MaxJsonLength = [int]::MaxValue
            return , (ConvertFrom-HvmDictionary $serializer.DeserializeObject($Json))
        }
        $document = [System.Text.Json.JsonDocument]::Parse($Json)
        try { return , (ConvertFrom-HvmJsonElement $document.RootElement) } finally { $document.Dispose() }
    }

    if ($ParseOnly) { return , (ConvertFrom-HvmJson $ParametersJson -Shallow:$Shallow) }

    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    # Preference variables do not reach functions of script modules; a default -ErrorAction does, so errors written
    # by script-module commands stop the script as binary cmdlets' errors do.
    $PSDefaultParameterValues = @{ '*:ErrorAction' = 'Stop' }
    try {
        if ($PSVersionTable.PSVersion.Major -lt 6) {
            # 5.1 serializes arrays as {"value":[...],"Count":n} because of this type data; drop it for this session.
            Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue
        }
        $parameters = ConvertFrom-HvmJson $ParametersJson
        if ($null -eq $parameters) { $parameters = @{} }
        $block = [scriptblock]::Create($ScriptText)
        $output = @(& $block @parameters)
        $value = $null
        if ($output.Count -eq 1) { $value = $output[0] } elseif ($output.Count -gt 1) { $value = $output }
        $json = ConvertTo-Json -InputObject $value -Depth 10 -Compress
        return [string]('{"ok":true,"value":' + $json + '}')
    } catch {
        $record = $_
        $target = $null
        if ($null -ne $record.TargetObject) { $target = [string]$record.TargetObject }
        $info = @{
            ok = $false
            message = [string]$record.Exception.Message
            fullyQualifiedErrorId = [string]$record.FullyQualifiedErrorId
            category = [string]$record.CategoryInfo.Category
            targetObject = $target
            exceptionType = $record.Exception.GetType().FullName
        }
        return [string](ConvertTo-Json -InputObject $info -Compress)
    }
}
