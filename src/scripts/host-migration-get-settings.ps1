<#
  This host's migration settings: live migration on/off, simultaneous live and storage migrations, authentication
  type, performance option, migration networks, and the cluster's MaximumParallelMigrations when this host is a
  cluster node (it overrides the host's own live-migration limit). Must run under Windows PowerShell 5.1 too.
#>
param()
$ErrorActionPreference = 'Stop'
$h = Get-VMHost
$networks = @(Get-VMMigrationNetwork | ForEach-Object { [pscustomobject]@{ subnet = [string]$_.Subnet; priority = $_.Priority } })
$clusterLimit = $null
if (Get-Command -Name Get-Cluster -ErrorAction SilentlyContinue) {
    try { $clusterLimit = [int](Get-Cluster).MaximumParallelMigrations } catch { $clusterLimit = $null }
}
[pscustomobject]@{
    host                              = [string]$h.Name
    migrationEnabled                  = [bool]$h.VirtualMachineMigrationEnabled
    maximumVirtualMachineMigrations   = [int]$h.MaximumVirtualMachineMigrations
    maximumStorageMigrations          = [int]$h.MaximumStorageMigrations
    authenticationType                = [string]$h.VirtualMachineMigrationAuthenticationType
    performanceOption                 = [string]$h.VirtualMachineMigrationPerformanceOption
    useAnyNetworkForMigration         = [bool]$h.UseAnyNetworkForMigration
    networks                          = $networks
    clusterMaximumParallelMigrations  = $clusterLimit
}
