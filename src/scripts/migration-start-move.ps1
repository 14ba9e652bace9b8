<#
  Starts a live migration of one VM from this host (the source) to another host with Move-VM -AsJob, in the kept-open
  session, so it is authenticated as a move started on the source (docs/hyperv.md, "Remoting and the double hop"). Storage: left where it is
  ('shared'), to the destination's default paths ('hostDefault'), into one folder ('folder') or item by item
  ('perDisk'). With a switch map (adapter Id -> destination switch), the Compare-VM report is fixed first (33012:
  connect each listed adapter, found by its Id, to its own destination switch) and the move starts from the fixed
  report. Returns the Msvm_MigrationJob InstanceID when the job is visible.
  Must run under Windows PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$VmId,
    [Parameter(Mandatory = $true)][string]$DestinationHost,
    [ValidateSet('shared', 'hostDefault', 'folder', 'perDisk')][string]$Mode = 'hostDefault',
    [string]$DestinationStoragePath,
    [string]$VirtualMachinePath,
    [string]$SnapshotFilePath,
    [string]$SmartPagingFilePath,
    [object[]]$Vhds = @(),
    [bool]$RetainVhdCopiesOnSource = $false,
    [hashtable]$SwitchMap = @{}
)
$ErrorActionPreference = 'Stop'
$ns = 'root\virtualization\v2'

$vm = Get-VM -Id $VmId
$earlier = @(Get-CimInstance -Namespace $ns -ClassName Msvm_MigrationJob |
    Where-Object { [string]$_.VirtualSystemName -eq $VmId } | ForEach-Object { [string]$_.InstanceID })

$move = @{ VM = $vm; DestinationHost = $DestinationHost }
# Named explicitly even when off: with -VM and no storage option, the single- and multiple-destination parameter sets
# both fit and PowerShell cannot choose (AmbiguousParameterSet).
if ($Mode -eq 'shared') { $move['IncludeStorage'] = $false }
if ($Mode -eq 'hostDefault') { $move['IncludeStorage'] = $true }
if ($Mode -eq 'folder') { $move['IncludeStorage'] = $true; $move['DestinationStoragePath'] = $DestinationStoragePath }
if ($Mode -eq 'perDisk') {
    # The multiple-destination set: no -IncludeStorage here (docs/hyperv.md, "Moving VMs").
    if ($VirtualMachinePath) { $move['VirtualMachinePath'] = $VirtualMachinePath }
    if ($SnapshotFilePath) { $move['SnapshotFilePath'] = $SnapshotFilePath }
    if ($SmartPagingFilePath) { $move['SmartPagingFilePath'] = $SmartPagingFilePath }
    if ($Vhds.Count -gt 0) {
        $move['Vhds'] = [hashtable[]]@($Vhds | ForEach-Object { @{ SourceFilePath = [string]$_['source']; DestinationFilePath = [string]$_['destination'] } })
    }
}
if ($RetainVhdCopiesOnSource) { $move['RetainVhdCopiesOnSource'] = $true }

$requestedAt = (Get-Date).ToUniversalTime()
if ($SwitchMap.Count -gt 0) {
    $report = Compare-VM @move
    foreach ($i in @($report.Incompatibilities)) {
        if ($i.MessageId -ne 33012 -or $null -eq $i.Source) { continue }
        # By Id, never by name: Hyper-V names every adapter 'Network Adapter' by default. Ids compare ignoring case.
        $adapterId = [string]$i.Source.Id
        $switch = $null
        foreach ($key in @($SwitchMap.Keys)) { if ([string]$key -eq $adapterId) { $switch = [string]$SwitchMap[$key] } }
        if ($null -ne $switch) { $i.Source | Connect-VMNetworkAdapter -SwitchName $switch }
    }
    $report = Compare-VM -CompatibilityReport $report
    $left = @($report.Incompatibilities)
    if ($left.Count -gt 0) {
        throw ('The VM is still not compatible with {0}: {1}' -f $DestinationHost, (($left | ForEach-Object { $_.Message }) -join ' '))
    }
    $job = Move-VM -CompatibilityReport $report -AsJob
} else {
    $job = Move-VM @move -AsJob
}

# The WMI job appears a moment after the request; wait briefly so the tracker can follow it by its InstanceID.
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
