<#
  This host's migration settings: live migration on/off, simultaneous live and storage migrations, authentication
  type, performance option, migration networks, and when this host is a cluster node the cluster's name and its
  MaximumParallelMigrations (it overrides the host's own live-migration limit; clusters before the September 2022
  update of Windows Server 2022 have none). Must run under Windows PowerShell 5.1 too.
#>
param()
$ErrorActionPreference = 'Stop'
$h = Get-VMHost
$networks = @(Get-VMMigrationNetwork | ForEach-Object { [pscustomobject]@{ subnet = [string]$_.Subnet; priority = $_.Priority } })
$cluster = $null
$clusterLimit = $null
if (Get-Command -Name Get-Cluster -ErrorAction SilentlyContinue) {
    $c = $null
    try { $c = Get-Cluster } catch { $c = $null }
    if ($null -ne $c) {
        $cluster = [string]$c.Name
        # MaximumParallelMigrations came with the September 2022 update of Windows Server 2022: an older cluster has no
        # such property, which means no cluster limit (each node's own applies), never a limit of 0.
        if ($c.PSObject.Properties['MaximumParallelMigrations']) { $clusterLimit = [int]$c.MaximumParallelMigrations }
    }
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
    cluster                           = $cluster
    clusterMaximumParallelMigrations  = $clusterLimit
}
