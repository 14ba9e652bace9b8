<#
  Starts a live storage migration of one VM on this host with Move-VMStorage -AsJob: into one folder or SMB 3.0 share
  ('folder'), or item by item ('perDisk'). Clustered VMs may move only onto cluster storage, which Move-VMStorage
  verifies (no -AllowUnverifiedPaths). Returns the Msvm_MigrationJob InstanceID when visible. Must run under Windows
  PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$VmId,
    [ValidateSet('folder', 'perDisk')][string]$Mode = 'folder',
    [string]$DestinationStoragePath,
    [string]$VirtualMachinePath,
    [string]$SnapshotFilePath,
    [string]$SmartPagingFilePath,
    [object[]]$Vhds = @(),
    [bool]$RetainVhdCopiesOnSource = $false
)
$ErrorActionPreference = 'Stop'
$ns = 'root\virtualization\v2'

$vm = Get-VM -Id $VmId
$earlier = @(Get-CimInstance -Namespace $ns -ClassName Msvm_MigrationJob |
    Where-Object { [string]$_.VirtualSystemName -eq $VmId } | ForEach-Object { [string]$_.InstanceID })

$move = @{ VM = $vm }
if ($Mode -eq 'folder') { $move['DestinationStoragePath'] = $DestinationStoragePath }
if ($Mode -eq 'perDisk') {
    if ($VirtualMachinePath) { $move['VirtualMachinePath'] = $VirtualMachinePath }
    if ($SnapshotFilePath) { $move['SnapshotFilePath'] = $SnapshotFilePath }
    if ($SmartPagingFilePath) { $move['SmartPagingFilePath'] = $SmartPagingFilePath }
    if ($Vhds.Count -gt 0) {
        $move['Vhds'] = [hashtable[]]@($Vhds | ForEach-Object { @{ SourceFilePath = [string]$_['source']; DestinationFilePath = [string]$_['destination'] } })
    }
}
if ($RetainVhdCopiesOnSource) { $move['RetainVhdCopiesOnSource'] = $true }

$requestedAt = (Get-Date).ToUniversalTime()
$job = Move-VMStorage @move -AsJob

$found = $null
$deadline = (Get-Date).AddSeconds(5)
while ($null -eq $found) {
    $found = @(Get-CimInstance -Namespace $ns -ClassName Msvm_MigrationJob |
        Where-Object { [string]$_.VirtualSystemName -eq $VmId -and $earlier -notcontains [string]$_.InstanceID }) | Select-Object -First 1
    if ($null -ne $found -or (Get-Date) -gt $deadline) { break }
    if ($job.State -eq 'Failed' -or ($job.State -eq 'Completed' -and $job.Error.Count -gt 0)) { break }
    Start-Sleep -Milliseconds 200
}
$jobError = $null
if ($null -eq $found -and $job.Error.Count -gt 0) { $jobError = [string]$job.Error[0].Exception.Message }

[pscustomobject]@{
    hostJobId   = $(if ($found) { [string]$found.InstanceID } else { $null })
    requestedAt = $requestedAt.ToString('o')
    jobState    = [string]$job.State
    error       = $jobError
}
