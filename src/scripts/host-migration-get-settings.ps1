<#
  This host's migration settings: live migration on/off, simultaneous live and storage migrations, authentication
  type, performance option, migration networks, and when this host is a cluster node the cluster's name and its
  MaximumParallelMigrations (it overrides the host's own live-migration limit; clusters before the September 2022
  update of Windows Server 2022 have none), and the SMB bandwidth limit of live migration. Must run under Windows
  PowerShell 5.1 too.
#>
param()
$ErrorActionPreference = 'Stop'
# The SMB bandwidth limit of live migration (Set-SmbBandwidthLimit -Category LiveMigration). A category without a limit
# answers the CDXML query's "not found" error, not silence; any other error (the SMB Bandwidth Limit feature, FS-SMBBW,
# not installed) makes it unavailable, with the host's own message.
function Read-SmbLimit {
    try {
        $smbErrors = @()
        $found = @(Get-SmbBandwidthLimit -Category LiveMigration -ErrorAction SilentlyContinue -ErrorVariable smbErrors)
        $failed = @($smbErrors | Where-Object { $_.FullyQualifiedErrorId -notlike 'CmdletizationQuery_NotFound*' })
        if ($failed.Count -gt 0) { return [pscustomobject]@{ state = 'unavailable'; reason = [string]$failed[0].Exception.Message; error = $failed[0] } }
        if ($found.Count -gt 0 -and [uint64]$found[0].BytesPerSecond -gt 0) { return [pscustomobject]@{ state = 'limit'; bytesPerSecond = [uint64]$found[0].BytesPerSecond } }
        return [pscustomobject]@{ state = 'none' }
    } catch {
        return [pscustomobject]@{ state = 'unavailable'; reason = [string]$_.Exception.Message; error = $_ }
    }
}
function Get-SmbLimitAnswer($Limit) {
    if ($Limit.state -eq 'limit') { return [pscustomobject]@{ state = 'limit'; bytesPerSecond = $Limit.bytesPerSecond } }
    if ($Limit.state -eq 'unavailable') { return [pscustomobject]@{ state = 'unavailable'; reason = $Limit.reason } }
    [pscustomobject]@{ state = 'none' }
}
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
    smbLiveMigrationLimit             = Get-SmbLimitAnswer (Read-SmbLimit)
}
