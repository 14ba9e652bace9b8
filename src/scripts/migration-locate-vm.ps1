<#
  Is this VM here, and how: state, clustered (with its role's name and owner), its disks' paths. Sent to the source
  and the destination in one request after a move ends, so success is reported only when the VM is seen on the
  destination in the state it had; with -IncludePlanned also whether a planned VM of it (Msvm_PlannedComputerSystem,
  the half-made copy a failed or cancelled move can leave, which Get-VM does not show) is here.
  Must run under Windows PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$VmId,
    [bool]$IncludePlanned = $false
)
$ErrorActionPreference = 'Stop'
$vmHost = Get-VMHost
$planned = $null
if ($IncludePlanned) {
    # Name is the VM's GUID; compared as text, case-insensitively, as WMI stores it upper-case.
    try {
        $planned = @(Get-CimInstance -Namespace 'root\virtualization\v2' -ClassName Msvm_PlannedComputerSystem |
            Where-Object { [string]$_.Name -eq $VmId }).Count -gt 0
    } catch { $planned = $null }
}
$vm = Get-VM | Where-Object { ([string]$_.Id) -eq $VmId } | Select-Object -First 1
if ($null -eq $vm) {
    return [pscustomobject]@{ host = [string]$vmHost.Name; found = $false; plannedVm = $planned }
}
$owner = $null
$group = $null
if ($vm.IsClustered -and (Get-Command -Name Get-ClusterGroup -ErrorAction SilentlyContinue)) {
    try {
        $g = Get-ClusterGroup -VMId $VmId
        if ($g) { $owner = [string]$g.OwnerNode; $group = [string]$g.Name }
    } catch { $owner = $null; $group = $null }
}
[pscustomobject]@{
    host              = [string]$vmHost.Name
    found             = $true
    name              = [string]$vm.Name
    state             = [string]$vm.State
    isClustered       = [bool]$vm.IsClustered
    ownerNode         = $owner
    groupName         = $group
    path              = [string]$vm.Path
    diskPaths         = @($vm.HardDrives | Where-Object { $_.Path } | ForEach-Object { [string]$_.Path })
    operationalStatus = @($vm.OperationalStatus | ForEach-Object { [string]$_ })
    plannedVm         = $planned
}
