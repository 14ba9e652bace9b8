<#
  What rating a host as a destination needs beyond the inventory, in one round trip per host (the same script goes to
  every candidate, and to the VMs' own hosts, in one request with per-host parameters):
  the processor's vendor and model and its load (Win32_Processor: Manufacturer, Name, LoadPercentage, averaged over
  its sockets), the configuration versions the host runs (Get-VMHostSupportedVersion), the free space of the volume
  under each asked path (cluster shared volumes and drive letters, as the preflight reads them; $null when unreadable,
  e.g. a share; volumeMissing when the drive letter does not exist there) and, for the VMs asked about (on their own
  host), whether processor compatibility mode is on (Get-VMProcessor CompatibilityForMigrationEnabled).
  A part that cannot be read is $null with its reason; the rest still comes back. Must run under Windows PowerShell
  5.1 too.
#>
param(
    [string[]]$Paths = @(),
    [bool]$IncludeDefaultPath = $false,
    [string[]]$VmIds = @()
)
$ErrorActionPreference = 'Stop'

$vmHost = Get-VMHost
$versions = @(Get-VMHostSupportedVersion | ForEach-Object { [string]$_.Version })

$processor = $null
$processorError = $null
try {
    $cpus = @(Get-CimInstance -ClassName Win32_Processor)
    if ($cpus.Count -gt 0) {
        $loads = @($cpus | Where-Object { $null -ne $_.LoadPercentage } | ForEach-Object { [double]$_.LoadPercentage })
        $load = $null
        if ($loads.Count -gt 0) { $load = ($loads | Measure-Object -Average).Average }
        $processor = [pscustomobject]@{
            vendor      = [string]$cpus[0].Manufacturer
            name        = ([string]$cpus[0].Name).Trim()
            loadPercent = $load
        }
    }
} catch { $processorError = [string]$_.Exception.Message }

$csvs = @()
if (Get-Command -Name Get-ClusterSharedVolume -ErrorAction SilentlyContinue) {
    try {
        $csvs = @(Get-ClusterSharedVolume | ForEach-Object {
            foreach ($info in @($_.SharedVolumeInfo)) {
                [pscustomobject]@{ root = [string]$info.FriendlyVolumeName; free = [double]$info.Partition.FreeSpace }
            }
        })
    } catch { $csvs = @() }
}
$checkPaths = @($Paths)
if ($IncludeDefaultPath -and $vmHost.VirtualHardDiskPath) { $checkPaths += [string]$vmHost.VirtualHardDiskPath }
$space = @(foreach ($p in $checkPaths) {
    $free = $null; $root = $null; $missing = $false
    foreach ($c in $csvs) {
        $r = $c.root.TrimEnd('\')
        if ($p.Equals($r, [System.StringComparison]::OrdinalIgnoreCase) -or $p.StartsWith($r + '\', [System.StringComparison]::OrdinalIgnoreCase)) {
            if ($null -eq $root -or $r.Length -gt $root.Length) { $root = $r; $free = $c.free }
        }
    }
    if ($null -eq $root -and $p -match '^([A-Za-z]):\\') {
        $drive = Get-PSDrive -Name $Matches[1] -PSProvider FileSystem -ErrorAction SilentlyContinue
        if ($null -eq $drive) { $missing = $true }
        elseif ($null -ne $drive.Free) { $root = $Matches[1] + ':\'; $free = [double]$drive.Free }
    }
    [pscustomobject]@{ path = $p; root = $root; freeBytes = $free; volumeMissing = $missing }
})

# Addressed by Id (never -Name, which takes wildcards); a VM no longer here is simply not in the answer.
$vmFacts = @()
if ($VmIds.Count -gt 0) {
    $wanted = @($VmIds | ForEach-Object { ([string]$_).ToLowerInvariant() })
    $vms = @(Get-VM | Where-Object { $wanted -contains ([string]$_.Id).ToLowerInvariant() })
    if ($vms.Count -gt 0) {
        $vmFacts = @(Get-VMProcessor -VM $vms | ForEach-Object {
            [pscustomobject]@{ id = ([string]$_.VMId).ToLowerInvariant(); compatibilityForMigration = [bool]$_.CompatibilityForMigrationEnabled }
        })
    }
}

[pscustomobject]@{
    processor         = $processor
    processorError    = $processorError
    supportedVersions = $versions
    space             = $space
    vms               = $vmFacts
}
