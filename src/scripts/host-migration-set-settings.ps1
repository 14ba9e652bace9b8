<#
  Changes this host's migration settings; only the values given change. Live migration on/off goes through
  Enable-/Disable-VMMigration (Set-VMHost has no such parameter), the rest through Set-VMHost, networks through
  Add-/Remove-VMMigrationNetwork, the SMB bandwidth limit of live migration through Set-/Remove-SmbBandwidthLimit
  (checked first: a host that cannot take one refuses the whole change before anything else changes). Values were
  validated by the caller; the host validates again. Must run under Windows PowerShell 5.1 too.
#>
param(
    [object]$MigrationEnabled = $null,
    [object]$MaximumVirtualMachineMigrations = $null,
    [object]$MaximumStorageMigrations = $null,
    [string]$AuthenticationType,
    [string]$PerformanceOption,
    [object]$UseAnyNetworkForMigration = $null,
    [object[]]$AddNetworks = @(),
    [string[]]$RemoveNetworks = @(),
    [object]$SmbLiveMigrationBytesPerSecond = $null,
    [object]$RemoveSmbLiveMigrationLimit = $null
)
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

$smbBefore = $null
if (($null -ne $SmbLiveMigrationBytesPerSecond) -or [bool]$RemoveSmbLiveMigrationLimit) {
    $smbBefore = Read-SmbLimit
    if ($smbBefore.state -eq 'unavailable') { throw $smbBefore.error }
}

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
if ($null -ne $SmbLiveMigrationBytesPerSecond) {
    Set-SmbBandwidthLimit -Category LiveMigration -BytesPerSecond ([uint64]$SmbLiveMigrationBytesPerSecond) -Confirm:$false
} elseif ([bool]$RemoveSmbLiveMigrationLimit -and $smbBefore.state -eq 'limit') {
    # Remove-SmbBandwidthLimit has no -Confirm; only a limit that is there is removed (else "not found").
    Remove-SmbBandwidthLimit -Category LiveMigration
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
    smbLiveMigrationLimit             = Get-SmbLimitAnswer (Read-SmbLimit)
}
