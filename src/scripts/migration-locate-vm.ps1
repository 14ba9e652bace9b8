<#
  Is this VM here, and how: state, clustered, its disks' paths. Sent to the source and the destination in one
  request after a move ends, so success is reported only when the VM is seen on the destination in the state it
  had. Must run under Windows PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$VmId
)
$ErrorActionPreference = 'Stop'
$vmHost = Get-VMHost
$vm = Get-VM | Where-Object { ([string]$_.Id) -eq $VmId } | Select-Object -First 1
if ($null -eq $vm) {
    return [pscustomobject]@{ host = [string]$vmHost.Name; found = $false }
}
$owner = $null
if ($vm.IsClustered -and (Get-Command -Name Get-ClusterGroup -ErrorAction SilentlyContinue)) {
    try {
        $g = Get-ClusterGroup -VMId $VmId
        if ($g) { $owner = [string]$g.OwnerNode }
    } catch { $owner = $null }
}
[pscustomobject]@{
    host              = [string]$vmHost.Name
    found             = $true
    name              = [string]$vm.Name
    state             = [string]$vm.State
    isClustered       = [bool]$vm.IsClustered
    ownerNode         = $owner
    path              = [string]$vm.Path
    diskPaths         = @($vm.HardDrives | Where-Object { $_.Path } | ForEach-Object { [string]$_.Path })
    operationalStatus = @($vm.OperationalStatus | ForEach-Object { [string]$_ })
}
