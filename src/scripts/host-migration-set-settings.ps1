<#
  Changes this host's migration settings; only the values given change. Live migration on/off goes through
  Enable-/Disable-VMMigration (Set-VMHost has no such parameter), the rest through Set-VMHost, networks through
  Add-/Remove-VMMigrationNetwork. Values were validated by the caller; the host validates again.
  Must run under Windows PowerShell 5.1 too.
#>
param(
    [object]$MigrationEnabled = $null,
    [object]$MaximumVirtualMachineMigrations = $null,
    [object]$MaximumStorageMigrations = $null,
    [string]$AuthenticationType,
    [string]$PerformanceOption,
    [object]$UseAnyNetworkForMigration = $null,
    [object[]]$AddNetworks = @(),
    [string[]]$RemoveNetworks = @()
)
$ErrorActionPreference = 'Stop'

if ($null -ne $MigrationEnabled) {
    if ([bool]$MigrationEnabled) { Enable-VMMigration -Confirm:$false } else { Disable-VMMigration -Confirm:$false }
}
$set = @{}
if ($null -ne $MaximumVirtualMachineMigrations) { $set['MaximumVirtualMachineMigrations'] = [uint32]$MaximumVirtualMachineMigrations }
if ($null -ne $MaximumStorageMigrations) { $set['MaximumStorageMigrations'] = [uint32]$MaximumStorageMigrations }
if ($AuthenticationType) { $set['VirtualMachineMigrationAuthenticationType'] = $AuthenticationType }
if ($PerformanceOption) { $set['VirtualMachineMigrationPerformanceOption'] = $PerformanceOption }
if ($null -ne $UseAnyNetworkForMigration) { $set['UseAnyNetworkForMigration'] = [bool]$UseAnyNetworkForMigration }
if ($set.Count -gt 0) { Set-VMHost @set -Confirm:$false }

foreach ($s in $RemoveNetworks) {
    # Exact match only: the subnet was checked to hold no wildcard characters.
    if (@(Get-VMMigrationNetwork | Where-Object { [string]$_.Subnet -eq $s }).Count -gt 0) { Remove-VMMigrationNetwork -Subnet $s -Confirm:$false }
}
foreach ($n in $AddNetworks) {
    $add = @{ Subnet = [string]$n['subnet'] }
    if ($null -ne $n['priority']) { $add['Priority'] = [uint32]$n['priority'] }
    Add-VMMigrationNetwork @add -Confirm:$false
}

$h = Get-VMHost
[pscustomobject]@{
    host                              = [string]$h.Name
    migrationEnabled                  = [bool]$h.VirtualMachineMigrationEnabled
    maximumVirtualMachineMigrations   = [int]$h.MaximumVirtualMachineMigrations
    maximumStorageMigrations          = [int]$h.MaximumStorageMigrations
    authenticationType                = [string]$h.VirtualMachineMigrationAuthenticationType
    performanceOption                 = [string]$h.VirtualMachineMigrationPerformanceOption
    useAnyNetworkForMigration         = [bool]$h.UseAnyNetworkForMigration
    networks                          = @(Get-VMMigrationNetwork | ForEach-Object { [pscustomobject]@{ subnet = [string]$_.Subnet; priority = $_.Priority } })
    clusterMaximumParallelMigrations  = $null
}
