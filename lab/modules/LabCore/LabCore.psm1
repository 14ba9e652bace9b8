# LabCore: the simulated Hyper-V lab's engine (state store, time model, faults, host identity, latency).
# The engine is C# (src/*.cs) for speed and exact event ordering; it is compiled once per source version and the
# DLL cached, because every SSH session to a lab host is a fresh pwsh that imports this module.

Set-StrictMode -Version 3.0

# Object shapes and parameters differ by host version, so each lab host process loads the types of its own version:
#   hv2016      Windows Server 2016 (its Hyper-V module; clusters without MaximumParallelMigrations)
#   hv2019      2019, and 2022 clusters before the September 2022 update (the 2019-era Hyper-V module; no MaximumParallelMigrations)
#   hv2019-mpm  2022 with that update, and 2025 (clusters with MaximumParallelMigrations); also the default
# HVLAB_SHAPE forces one. The state is read with System.Text.Json directly: the lab's own types are not loaded yet.
$script:LabShapes = @{}
function Get-LabJsonProperty($Element, [string] $Name) {
    foreach ($p in $Element.EnumerateObject()) { if ($p.Name -eq $Name -and $p.Value.ValueKind -ne 'Null') { return $p.Value } }
    $null
}

function Resolve-LabShape([string] $HostName) {
    if ($env:HVLAB_SHAPE) { return $env:HVLAB_SHAPE }
    $path = if ($HostName -and $env:HVLAB_STATE) { Join-Path $env:HVLAB_STATE 'state.json' } else { $null }
    if (-not $path -or -not (Test-Path -LiteralPath $path)) { return 'hv2019-mpm' }
    $doc = [Text.Json.JsonDocument]::Parse([IO.File]::ReadAllText($path), [Text.Json.JsonDocumentOptions]::new())
    try {
        $os = $null
        foreach ($h in (Get-LabJsonProperty $doc.RootElement 'hosts').EnumerateArray()) {
            if ((Get-LabJsonProperty $h 'name').GetString() -eq $HostName) { $os = (Get-LabJsonProperty $h 'os').GetString() }
        }
        if ($os -eq '2016') { return 'hv2016' }
        $clusters = Get-LabJsonProperty $doc.RootElement 'clusters'
        if ($null -ne $clusters) {
            foreach ($c in $clusters.EnumerateArray()) {
                $nodes = @((Get-LabJsonProperty $c 'nodes').EnumerateArray() | ForEach-Object { $_.GetString() })
                if ($nodes -notcontains $HostName) { continue }
                return $(if ($null -ne (Get-LabJsonProperty $c 'maximumParallelMigrations')) { 'hv2019-mpm' } else { 'hv2019' })
            }
        }
        if ($os -eq '2019') { 'hv2019' } else { 'hv2019-mpm' }
    } finally { $doc.Dispose() }
}

function Get-LabShape {
    <# The shape of this process's lab host ($env:HVLAB_HOST): hv2016, hv2019 or hv2019-mpm. #>
    [CmdletBinding()] param()
    $key = "$env:HVLAB_HOST|$env:HVLAB_SHAPE|$env:HVLAB_STATE"
    if (-not $script:LabShapes.ContainsKey($key)) { $script:LabShapes[$key] = Resolve-LabShape $env:HVLAB_HOST }
    $script:LabShapes[$key]
}

function Import-LabTypes {
    if ('HvLab.LabStore' -as [type]) { return }   # another module in this process already loaded them
    $shape = Get-LabShape
    $defines = @(switch ($shape) { 'hv2016' { 'HV2016' } 'hv2019-mpm' { 'CLUSTER_MPM' } })
    $files = Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot 'src') -Filter *.cs | Sort-Object Name
    $source = ($files | ForEach-Object { [IO.File]::ReadAllText($_.FullName) }) -join "`n"
    $sha = [Security.Cryptography.SHA256]::Create()
    $hash = -join ($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($source + $PSVersionTable.PSVersion))[0..11] | ForEach-Object { $_.ToString('x2') })
    $cacheRoot = if ($env:HVLAB_TYPES_CACHE) { $env:HVLAB_TYPES_CACHE } else { Join-Path ([IO.Path]::GetTempPath()) 'hvlab-types' }
    $null = New-Item -ItemType Directory -Force -Path $cacheRoot
    $dll = Join-Path $cacheRoot "HvLab.$hash.$shape.dll"
    if (-not (Test-Path -LiteralPath $dll)) {
        # Compile to a private file, then publish atomically: concurrent first imports must not see half a DLL.
        $tmp = Join-Path $cacheRoot ("HvLab.$hash.$shape.$PID." + [guid]::NewGuid().ToString('N') + '.dll')
        $refs = @('System.Text.Json', 'System.Collections', 'System.Linq', 'System.Runtime', 'System.Threading',
            'System.Threading.Thread', 'System.Management.Automation', 'System.Collections.NonGeneric', 'System.Security.Cryptography',
            'System.Runtime.Extensions', 'System.Private.CoreLib', 'System.Text.Encodings.Web', 'System.Memory', 'netstandard', 'System.ObjectModel',
            'System.Console', 'System.Private.Xml', 'System.Xml.ReaderWriter', 'System.Security.Principal')
        $options = @{}
        if ($defines) { $options.CompilerOptions = @($defines | ForEach-Object { "-define:$_" }) }
        Add-Type -Path $files.FullName -OutputAssembly $tmp -OutputType Library -ReferencedAssemblies $refs @options -IgnoreWarnings -WarningAction SilentlyContinue -ErrorAction Stop
        try { [IO.File]::Move($tmp, $dll) } catch { Remove-Item -LiteralPath $tmp -ErrorAction SilentlyContinue }
    }
    if (-not ('HvLab.LabStore' -as [type])) { Add-Type -LiteralPath $dll }
}
Import-LabTypes

# VMId/VMName are alias members on real VirtualMachine objects (docs/hyperv.md, "Virtual machines").
Update-TypeData -TypeName Microsoft.HyperV.PowerShell.VirtualMachine -MemberType AliasProperty -MemberName VMId -Value Id -Force
Update-TypeData -TypeName Microsoft.HyperV.PowerShell.VirtualMachine -MemberType AliasProperty -MemberName VMName -Value Name -Force
Update-TypeData -TypeName Microsoft.HyperV.PowerShell.VirtualMachine -DefaultDisplayPropertySet Name, State, CPUUsage, MemoryAssigned, Uptime, Status, Version -Force
Update-TypeData -TypeName Microsoft.HyperV.PowerShell.HardDiskDrive -DefaultDisplayPropertySet VMName, ControllerType, ControllerNumber, ControllerLocation, DiskNumber, Path -Force
Update-TypeData -TypeName Microsoft.HyperV.PowerShell.VMNetworkAdapter -DefaultDisplayPropertySet Name, IsManagementOs, VMName, SwitchName, MacAddress, Status, IPAddresses -Force
Update-TypeData -TypeName Microsoft.HyperV.PowerShell.VMSwitch -DefaultDisplayPropertySet Name, SwitchType, NetAdapterInterfaceDescription -Force
Update-TypeData -TypeName Microsoft.FailoverClusters.PowerShell.ClusterGroup -DefaultDisplayPropertySet Name, OwnerNode, State -Force
Update-TypeData -TypeName Microsoft.FailoverClusters.PowerShell.ClusterNode -DefaultDisplayPropertySet Name, Id, State -Force
Update-TypeData -TypeName Microsoft.FailoverClusters.PowerShell.ClusterSharedVolume -DefaultDisplayPropertySet Name, State, OwnerNode -Force

function Get-LabStateDir {
    if (-not $env:HVLAB_STATE) { throw 'The lab state folder is not set (HVLAB_STATE).' }
    $env:HVLAB_STATE
}

function Initialize-LabState {
    <# Reads a topology file, fills defaults (ids, MACs, adapter settings) and writes the lab's state file. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $TopologyPath,
        [Parameter(Mandatory)] [string] $StateDir
    )
    $json = [IO.File]::ReadAllText((Resolve-Path -LiteralPath $TopologyPath).ProviderPath)
    $state = [HvLab.LabInit]::FromTopology($json, [DateTime]::UtcNow)
    $null = New-Item -ItemType Directory -Force -Path $StateDir
    $lock = [HvLab.LabStore]::AcquireLock($StateDir, 30000)
    try { [HvLab.LabStore]::Save($StateDir, $state) } finally { $lock.Dispose() }
    $env:HVLAB_STATE = (Resolve-Path -LiteralPath $StateDir).ProviderPath
}

function Use-LabState {
    <# Read-modify-write under the lab-wide lock. The time model is advanced to now first. The script block gets
       ($State, $Now, $Session); its output is returned. -ReadOnly skips the write unless the time model moved. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [scriptblock] $ScriptBlock,
        [switch] $ReadOnly,
        [string] $StateDir
    )
    $session = [HvLab.LabStore]::Open($(if ($StateDir) { $StateDir } else { Get-LabStateDir }))
    $ok = $false
    try {
        & $ScriptBlock $session.State $session.Now $session
        if (-not $ReadOnly) { $session.MarkDirty() }
        $ok = $true
    } finally {
        if ($ok) { $session.Commit() } else { $session.Abandon() }
    }
}

function Get-LabState {
    <# A private copy of the lab state, advanced to now (callers may read it at leisure). #>
    [CmdletBinding()]
    param([string] $StateDir)
    $state = [HvLab.LabStore]::Read($(if ($StateDir) { $StateDir } else { Get-LabStateDir }))
    [HvLab.LabStore]::FromJson[HvLab.LabState]([HvLab.LabStore]::ToJson($state))
}

function Get-LabHostName {
    <# This process's lab host ($env:HVLAB_HOST). #>
    [CmdletBinding()] param()
    if (-not $env:HVLAB_HOST) { throw 'This process is not a lab host (HVLAB_HOST is not set).' }
    $env:HVLAB_HOST
}

function Invoke-LabLatency {
    <# Sleeps the host's configured latency (a real host answers slowly by waiting, not by computing). #>
    [CmdletBinding()]
    param([string] $HostName)
    if (-not $HostName) { $HostName = $env:HVLAB_HOST }
    $ms, $malformed = Use-LabState -ReadOnly {
        param($State)
        $h = [HvLab.LabEngine]::FindHost($State, $HostName)
        if ($h -and $null -ne $h.LatencyMs) { $h.LatencyMs } else { $State.Lab.LatencyMs }
        [bool]($h -and ($State.Faults | Where-Object { $_.Type -eq 'MalformedJson' -and ($null -eq $_.HostName -or $_.HostName -eq $h.Name) }))
    }
    # Only in a remote session on the host (its ServerRemoteHost), never in a local pwsh acting as the host.
    if ($HostName -eq $env:HVLAB_HOST -and $Host.Name -eq 'ServerRemoteHost') {
        Set-LabMalformedJson $malformed
        Set-LabDrives $HostName
    }
    if ($ms -gt 0) { Start-Sleep -Milliseconds $ms }
}

# The host whose drives this session has (Set-LabDrives), once per session.
$script:LabDrivesFor = $null

function Set-LabDrives([string] $HostName) {
    <# A Windows session has a FileSystem drive per volume (Get-PSDrive D); a lab host session gets one per volume of
       the topology, rooted in a scratch folder, whose Free is the lab volume's free space as it is now (moves take
       and give back bytes). A drive letter the host has no volume for stays absent, as on Windows. Once per session. #>
    if ($script:LabDrivesFor -eq $HostName) { return }
    $script:LabDrivesFor = $HostName
    $letters = Use-LabState -ReadOnly {
        param($State)
        $h = [HvLab.LabEngine]::FindHost($State, $HostName)
        if ($h) { @($h.Volumes | Where-Object { $_.Path -match '^[A-Za-z]:' } | ForEach-Object { $_.Path.Substring(0, 1).ToUpperInvariant() }) }
    }
    Update-TypeData -TypeName System.Management.Automation.PSDriveInfo -MemberType ScriptProperty -MemberName Free -Force -Value {
        if ($this.Description -like 'lab volume *') { Get-LabVolumeFree -HostName $env:HVLAB_HOST -Letter $this.Name }
        elseif ($this.Provider.ImplementingType -eq [Microsoft.PowerShell.Commands.FileSystemProvider]) { [System.IO.DriveInfo]::New($this.Root).AvailableFreeSpace }
    }
    foreach ($l in @($letters)) {
        if (Get-PSDrive -Name $l -PSProvider FileSystem -ErrorAction SilentlyContinue) { continue }
        $root = Join-Path (Join-Path (Join-Path $env:HVLAB_DIR 'hosts') $HostName) "drives/$l"
        $null = New-Item -ItemType Directory -Force -Path $root
        $null = New-PSDrive -Name $l -PSProvider FileSystem -Root $root -Scope Global -Description "lab volume ${l}:"
    }
}

function Get-LabVolumeFree {
    <# Free bytes of a host's volume by drive letter (for the lab's drives; see Set-LabDrives). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $HostName, [Parameter(Mandatory)] [string] $Letter)
    Use-LabState -ReadOnly {
        param($State)
        $h = [HvLab.LabEngine]::FindHost($State, $HostName)
        $v = @($h.Volumes | Where-Object { $_.Path.Substring(0, 1) -eq $Letter }) | Select-Object -First 1
        if ($v) { [double]$v.FreeBytes }
    }
}

function Set-LabMalformedJson([bool] $On) {
    <# The MalformedJson fault: while it is on, this host session's ConvertTo-Json answers JSON cut short, as a broken
       host profile shadowing the cmdlet would; every lab command looks again, so clearing the fault heals the session. #>
    # Test-Path writes no error when there is no such function (a silenced Get-Command error still reached callers'
    # -ErrorVariable, and the readiness script reads firewall errors that way).
    $shadow = Test-Path -LiteralPath Function:\ConvertTo-Json
    if ($On -and -not $shadow) { $null = New-Item -Path function:global:ConvertTo-Json -Value { '{"ok":true,"value":{"cut' } }
    if (-not $On -and $shadow) { Remove-Item -Path Function:\ConvertTo-Json }
}

function Set-LabHostDown {
    <# Marks a host down (its migrations fail now) or up again. Stopping its sshd is the lab CLI's job. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Name, [bool] $Down = $true)
    Use-LabState { param($State, $Now) [HvLab.LabEngine]::SetHostDown($State, $Name, $Down, $Now) }
}

# Where a Banner fault's text lives for a host's ssh endpoint: the file its sshd_config names as Banner (sshd reads it
# at each connection and cannot read the state). An ssh client prints it on stderr at its default log level (INFO).
# (The subsystem's own stderr would not do: sshd discards a subsystem's stderr.)
function Get-LabBannerPath([string] $HostName) {
    Join-Path (Join-Path (Get-LabStateDir) 'banner') "$HostName.txt"
}

# The default banner: a line shaped like the engine dispatcher's answer, claiming a value for every host of a request.
function Get-LabForgedAnswer {
    $results = foreach ($i in 0..31) {
        [ordered]@{ host = 'FORGED'; index = $i; ok = $true; ms = 1; json = '{"ok":true,"value":"forged by a banner"}' }
    }
    ConvertTo-Json -InputObject ([ordered]@{ ok = $true; pid = 1; results = @($results) }) -Compress -Depth 4
}

function Add-LabFault {
    <# Injects a fault. NetworkDrop: migrations from/to -HostName (all if omitted) fail when they reach -AtPercent
       (default 50). DiskFull: moves onto -HostName fail, Compare-VM reports no space. AuthFailure: moves from
       -HostName fail with 0x8009030E. ProcessorIncompatible: between -HostName and -TargetHost (either direction).
       Banner: -HostName's sshd shows -Text (default: a forged answer line of the product's dispatcher) as its banner,
       which an ssh client at its default log level prints on stderr. PlannedVmLeftover: moves to -HostName that fail or
       are cancelled leave their planned VM there, and the next move of that VM there fails until it is removed.
       MalformedJson: -HostName's answers come back as cut JSON. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [ValidateSet('NetworkDrop', 'DiskFull', 'AuthFailure', 'ProcessorIncompatible', 'Banner', 'PlannedVmLeftover', 'MalformedJson')] [string] $Type,
        [string] $HostName,
        [string] $TargetHost,
        [ValidateRange(0, 100)] [Nullable[int]] $AtPercent,
        [string] $Text
    )
    if ($Type -eq 'Banner' -and -not $HostName) { throw 'A Banner fault needs -HostName.' }
    if ($Text -and $Type -ne 'Banner') { throw '-Text is for Banner faults only.' }
    $fault = Use-LabState {
        param($State, $Now)
        foreach ($n in @($HostName, $TargetHost)) {
            if ($n -and -not [HvLab.LabEngine]::FindHost($State, $n)) { throw "No lab host named '$n'." }
        }
        $f = [HvLab.LabFault]::new()
        $f.Id = [guid]::NewGuid().ToString()
        $f.Type = $Type
        $f.HostName = if ($HostName) { [HvLab.LabEngine]::FindHost($State, $HostName).Name } else { $null }
        $f.TargetHost = if ($TargetHost) { [HvLab.LabEngine]::FindHost($State, $TargetHost).Name } else { $null }
        $f.AtPercent = $AtPercent
        $f.CreatedAt = $Now
        $State.Faults.Add($f)
        $f
    }
    if ($Type -eq 'Banner') {
        $path = Get-LabBannerPath $fault.HostName
        $null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $path)
        $line = if ($Text) { $Text } else { Get-LabForgedAnswer }
        [IO.File]::WriteAllText($path, $line + "`n")
    }
    $fault
}

function Clear-LabFault {
    <# Removes faults: all, or those matching -Id / -Type / -HostName. #>
    [CmdletBinding()]
    param([string] $Id, [string] $Type, [string] $HostName)
    $banners = Use-LabState {
        param($State)
        $null = $State.Faults.RemoveAll([Predicate[HvLab.LabFault]] {
                param($f)
                (-not $Id -or $f.Id -eq $Id) -and (-not $Type -or $f.Type -eq $Type) -and (-not $HostName -or $f.HostName -eq $HostName)
            })
        , @($State.Faults | Where-Object { $_.Type -eq 'Banner' } | ForEach-Object { $_.HostName })
    }
    # Banner files of hosts that no longer have a Banner fault go.
    $dir = Join-Path (Get-LabStateDir) 'banner'
    if (Test-Path -LiteralPath $dir) {
        foreach ($file in Get-ChildItem -LiteralPath $dir -Filter *.txt) {
            if ($banners -notcontains $file.BaseName) { Remove-Item -LiteralPath $file.FullName -Force }
        }
    }
}

function Set-LabLatency {
    <# Sets one host's latency (-HostName) or the lab-wide default. #>
    [CmdletBinding()]
    param([string] $HostName, [Parameter(Mandatory)] [ValidateRange(0, 600000)] [int] $Milliseconds)
    Use-LabState {
        param($State)
        if ($HostName) {
            $h = [HvLab.LabEngine]::FindHost($State, $HostName)
            if (-not $h) { throw "No lab host named '$HostName'." }
            $h.LatencyMs = $Milliseconds
        } else { $State.Lab.LatencyMs = $Milliseconds }
    }
}

function Get-LabMigration {
    <# The lab's migration records with their progress now (for the lab CLI, tests and benchmarks). #>
    [CmdletBinding()]
    param([string] $Id, [string] $VMId, [string] $HostName)
    Use-LabState -ReadOnly {
        param($State, $Now)
        foreach ($m in $State.Migrations) {
            if ($Id -and $m.Id -ne $Id) { continue }
            if ($VMId -and $m.VmId -ne $VMId) { continue }
            if ($HostName -and $m.SourceHost -ne $HostName -and $m.DestinationHost -ne $HostName) { continue }
            [pscustomobject]@{
                Id = $m.Id; VMId = $m.VmId; VMName = $m.VmName; Kind = $m.Kind; Mode = $m.Mode
                SourceHost = $m.SourceHost; DestinationHost = $m.DestinationHost; Cluster = $m.Cluster
                Status = $m.Status; PercentComplete = [HvLab.LabEngine]::Percent($m, $Now); JobState = [HvLab.LabEngine]::JobState($m)
                Bytes = $m.Bytes; DurationSeconds = $m.DurationSeconds
                SubmitTime = $m.SubmitTime; StartTime = $m.StartTime; EndTime = $m.EndTime
                ErrorMessage = $m.ErrorMessage
            }
        }
    }
}

function Get-LabCall {
    <# Calls of the moving cmdlets (Move-VM, Move-VMStorage, Move-ClusterVirtualMachineRole, Add-ClusterVirtualMachineRole,
       Remove-ClusterGroup) as the hosts received them, oldest first: tests count them (nothing may be sent twice). #>
    [CmdletBinding()]
    param([string] $VMId, [string] $Cmdlet)
    Use-LabState -ReadOnly {
        param($State)
        foreach ($c in $State.Calls) {
            if ($VMId -and $c.VmId -ne $VMId) { continue }
            if ($Cmdlet -and $c.Cmdlet -ne $Cmdlet) { continue }
            [pscustomobject]@{ Cmdlet = $c.Cmdlet; VMId = $c.VmId; VMName = $c.VmName; Host = $c.Host; At = $c.At }
        }
    }
}

function Get-LabPlannedVm {
    <# Planned VMs failed moves left on their destinations (not those of moves running now). #>
    [CmdletBinding()]
    param([string] $VMId)
    Use-LabState -ReadOnly {
        param($State)
        foreach ($p in $State.PlannedVms) {
            if ($VMId -and $p.VmId -ne $VMId) { continue }
            [pscustomobject]@{ VMId = $p.VmId; VMName = $p.VmName; Host = $p.Host; CreatedAt = $p.CreatedAt }
        }
    }
}

Export-ModuleMember -Function Initialize-LabState, Use-LabState, Get-LabState, Get-LabHostName, Get-LabShape, Invoke-LabLatency,
    Set-LabHostDown, Add-LabFault, Clear-LabFault, Set-LabLatency, Get-LabMigration, Get-LabCall, Get-LabPlannedVm, Get-LabVolumeFree
