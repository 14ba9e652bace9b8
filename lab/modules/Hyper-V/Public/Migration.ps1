# Moving VMs: Move-VM, Move-VMStorage, Compare-VM. A move becomes a migration record in the lab state (the
# time model runs it); the synchronous cmdlets wait for its end writing progress, -AsJob returns a VmJob.

function Start-HvMigration {
    <# Under the lock: validate, plan and submit one move. Emits the LabMigration or an ErrorRecord. #>
    param($State, $Now, [string] $Class, $Vm, [string] $Destination, [bool] $Storage, [hashtable] $Req)
    $src = [HvLab.LabEngine]::FindHost($State, $Vm.Host)
    if (-not $Storage) {
        $dst = [HvLab.LabEngine]::FindHost($State, $Destination)
        if ($dst -and $dst.Name -eq $src.Name) {
            return New-HvError InvalidParameter $Class "The destination host '$Destination' is the source host of virtual machine '$($Vm.Name)'." $Destination InvalidArgument
        }
        if ($Vm.Clustered -and $dst -and -not ([HvLab.LabEngine]::ClusterOf($State, $src.Name).Nodes -contains $dst.Name)) {
            return New-HvError OperationFailed $Class ("Virtual machine '$($Vm.Name)' is a clustered virtual machine and cannot move outside cluster '$([HvLab.LabEngine]::ClusterOf($State, $src.Name).Name)'. " +
                'Remove it from the cluster first (Remove-ClusterGroup -VMId <id> -RemoveResources -Force).') $Vm.Name InvalidOperation
        }
    }
    if ([HvLab.LabEngine]::ActiveMigrationOf($State, $Vm.Id)) {
        return New-HvError ObjectInUse $Class "The operation cannot be performed on virtual machine '$($Vm.Name)' because a migration of it is already in progress." $Vm.Name ResourceBusy
    }
    $p = New-HvMovePlan $Vm $Class $Storage $Req
    if ($p -is [Management.Automation.ErrorRecord]) { return $p }
    $m = [HvLab.LabMigration]::new()
    $m.VmId = $Vm.Id; $m.Kind = $p.Kind; $m.Plan = $p.Plan
    if ($Req.AdapterSwitches) { $m.AdapterSwitches = [Collections.Generic.List[HvLab.LabAdapterSwitch]]::new([HvLab.LabAdapterSwitch[]]@($Req.AdapterSwitches)) }
    $m.SourceHost = $src.Name
    $m.DestinationHost = if ($Storage) { $null } else { $d = [HvLab.LabEngine]::FindHost($State, $Destination); if ($d) { $d.Name } else { $Destination } }
    $m.Mode = if ($Vm.State -in 'Running', 'Paused') { 'Live' } else { 'Offline' }
    $m.Owner = "LAB\$([Environment]::UserName)"
    $c = [HvLab.LabEngine]::ClusterOf($State, $src.Name)
    if ($Vm.Clustered -and $c) { $m.Cluster = $c.Name }
    [HvLab.LabEngine]::Submit($State, $m, $Now)
}

function Get-HvPlannedAdapterSwitches {
    <# The switch of each adapter of a report's planned VM (as Connect-VMNetworkAdapter may have changed it). #>
    param($Report)
    foreach ($na in @($Report.VM.NetworkAdapters)) {
        if ($na.SwitchName) { [HvLab.LabAdapterSwitch]@{ AdapterId = ("$($na.Id)" -split '\\')[-1]; SwitchName = $na.SwitchName } }
    }
}

function Wait-HvMigration {
    <# Synchronous cmdlets: poll the store, write progress, end with the migration's outcome. #>
    param($Cmdlet, [string] $Class, [string] $MigrationId, $Target)
    $activity = $null; $done = $null
    while ($true) {
        $snap = Use-LabState -ReadOnly {
            param($State, $Now)
            $m = $State.Migrations | Where-Object Id -eq $MigrationId
            if ($m) { [pscustomobject]@{ M = $m; Pct = [HvLab.LabEngine]::Percent($m, $Now); Name = [HvLab.LabEngine]::JobName($m); Active = [HvLab.LabEngine]::IsActive($m) } }
        }
        if (-not $snap) { break }
        $activity = $snap.Name
        if (-not $snap.Active) { $done = $snap.M; break }
        $pr = [Management.Automation.ProgressRecord]::new(0, $activity, "$($snap.Pct)% complete")
        $pr.PercentComplete = $snap.Pct; $pr.SecondsRemaining = -1
        $Cmdlet.WriteProgress($pr)
        Start-Sleep -Milliseconds 200
    }
    $pr = [Management.Automation.ProgressRecord]::new(0, $(if ($activity) { $activity } else { 'Moving Virtual Machine' }), 'Completed')
    $pr.PercentComplete = 100; $pr.RecordType = 'Completed'
    $Cmdlet.WriteProgress($pr)
    $done
}

function Invoke-HvMove {
    param($Cmdlet, [string] $Class, [hashtable] $Bound, [string] $Set, [bool] $Storage)
    Invoke-LabLatency
    if ($Bound['AsJob'] -and $Bound['Passthru']) {
        $Cmdlet.WriteError((New-HvError InvalidParameter $Class 'The parameters AsJob and Passthru cannot be used together.' $null)); return
    }
    $bad = Test-HvServerParameters $Class $Bound['ComputerName'] $Bound['Credential'] $Bound['CimSession']
    if ($bad) { $Cmdlet.WriteError($bad); return }
    $req = Get-HvMoveRequest $Bound
    $dest = if ($Bound['DestinationHost']) { $Bound['DestinationHost'] } elseif ($Bound['DestinationCimSession']) { $Bound['DestinationCimSession'].ComputerName } else { $null }
    if ($Set -eq 'CompatibilityReport') {
        $rep = $Bound['CompatibilityReport']
        $dest = $rep.Destination
        if ($rep.LabMoveRequest) { foreach ($k in $rep.LabMoveRequest.Keys) { $req[$k] = $rep.LabMoveRequest[$k] } }
        $req['AdapterSwitches'] = Get-HvPlannedAdapterSwitches $rep
    }
    $started = Use-LabState {
        param($State, $Now)
        $vms = if ($Set -eq 'CompatibilityReport') {
            $v = [HvLab.LabEngine]::FindVm($State, "$($Bound['CompatibilityReport'].VM.Id)")
            if ($v) { $v } else { New-HvError ObjectNotFound $Class "Hyper-V was unable to find a virtual machine with id `"$($Bound['CompatibilityReport'].VM.Id)`"." $null }
        } elseif ($Bound['VM']) { Resolve-HvVmArgs $State $Class $null @($Bound['VM']) $null $null }
        else { Resolve-HvVmArgs $State $Class @($Bound['Name']) $null $Bound['ComputerName'] $Bound['CimSession'] }
        foreach ($v in $vms) {
            if ($v -isnot [HvLab.LabVm]) { $v; continue }
            $what = if ($Storage) { "Move-VMStorage $($v.Name)" } else { "Move-VM $($v.Name) to $dest" }
            if (-not $Bound['AsJob'] -and -not $Cmdlet.ShouldProcess($v.Name, $what)) { continue }
            [HvLab.LabEngine]::RecordCall($State, $(if ($Storage) { 'Move-VMStorage' } else { 'Move-VM' }), $v, $env:HVLAB_HOST, $Now)
            $m = Start-HvMigration $State $Now $Class $v $dest $Storage $req
            if ($m -is [HvLab.LabMigration]) { [pscustomobject]@{ Id = $m.Id; VmId = $m.VmId; Name = $m.VmName; Activity = [HvLab.LabEngine]::JobName($m) } } else { $m }
        }
    }
    foreach ($s in $started) {
        if ($s -is [Management.Automation.ErrorRecord]) { $Cmdlet.WriteError($s); continue }
        if ($Bound['AsJob']) {
            $cmd = if ($Storage) { 'Move-VMStorage' } else { 'Move-VM' }
            $job = [Microsoft.HyperV.PowerShell.VmJob]::new($cmd, '', $env:HVLAB_STATE, $s.Id, $Class, $s.Name, $s.Activity, $env:HVLAB_HOST)
            $Cmdlet.JobRepository.Add($job)
            $Cmdlet.WriteObject($job)
            continue
        }
        $m = Wait-HvMigration $Cmdlet $Class $s.Id $s.Name
        if (-not $m) { continue }
        if ($m.Status -ne 'Completed') { $Cmdlet.WriteError((New-HvError $m.ErrorId $Class $m.ErrorMessage $s.Name)); continue }
        if ($Bound['Passthru']) {
            # Re-read the VM from where it now lives (the destination server).
            $vmOut = Use-LabState -ReadOnly { param($State, $Now) $v = [HvLab.LabEngine]::FindVm($State, $s.VmId); if ($v) { [HvLab.LabViews]::Vm($State, $v, $Now) } }
            $Cmdlet.WriteObject($vmOut)
        }
    }
}

function Move-VM {
    [CmdletBinding(DefaultParameterSetName = 'NameSingleDestination', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.HyperV.PowerShell.VirtualMachine])]
    param(
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameMultipleDestinations')]
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameMultipleDestinations')]
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession')]
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'NameSingleDestination', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'NameMultipleDestinations', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [string] $Name,
        [Parameter(ParameterSetName = 'VMSingleDestination', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'VMSingleDestinationAndCimSession', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'VMMultipleDestinations', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VirtualMachine] $VM,
        [Parameter(ParameterSetName = 'CompatibilityReport', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Microsoft.HyperV.PowerShell.VMCompatibilityReport] $CompatibilityReport,
        [Parameter(ParameterSetName = 'NameSingleDestination', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'NameMultipleDestinations', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'VMSingleDestination', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'VMMultipleDestinations', Mandatory = $true, Position = 1)]
        [ValidateNotNullOrEmpty()] [string] $DestinationHost,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameMultipleDestinations')]
        [Parameter(ParameterSetName = 'VMSingleDestination')] [Parameter(ParameterSetName = 'VMMultipleDestinations')]
        [ValidateNotNullOrEmpty()] [pscredential] $DestinationCredential,
        [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'VMSingleDestinationAndCimSession', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession', Mandatory = $true, Position = 1)]
        [ValidateNotNullOrEmpty()] [CimSession] $DestinationCimSession,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'VMSingleDestination')] [Parameter(ParameterSetName = 'VMSingleDestinationAndCimSession')]
        [switch] $IncludeStorage,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'VMSingleDestination')] [Parameter(ParameterSetName = 'VMSingleDestinationAndCimSession')]
        [ValidateNotNullOrEmpty()] [string] $DestinationStoragePath,
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession', Mandatory = $true)]
        [Parameter(ParameterSetName = 'VMMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession', Mandatory = $true)]
        [ValidateNotNullOrEmpty()] [string] $VirtualMachinePath,
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'VMMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession')]
        [Alias('CheckpointFileLocation', 'SnapshotFileLocation')] [ValidateNotNullOrEmpty()] [string] $SnapshotFilePath,
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'VMMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession')]
        [ValidateNotNullOrEmpty()] [string] $SmartPagingFilePath,
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'VMMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession')]
        [ValidateNotNullOrEmpty()] [hashtable[]] $Vhds,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'VMSingleDestination')] [Parameter(ParameterSetName = 'VMSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'VMMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession')]
        [ValidateNotNullOrEmpty()] [string] $ResourcePoolName,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'VMSingleDestination')] [Parameter(ParameterSetName = 'VMSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'VMMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession')]
        [switch] $RetainVhdCopiesOnSource,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'VMSingleDestination')] [Parameter(ParameterSetName = 'VMSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'VMMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession')]
        [switch] $RemoveSourceUnmanagedVhds,
        [switch] $AsJob,
        [switch] $Passthru
    )
    process { Invoke-HvMove $PSCmdlet MoveVM $PSBoundParameters $PSCmdlet.ParameterSetName $false }
}

function Move-VMStorage {
    [CmdletBinding(DefaultParameterSetName = 'NameSingleDestination', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameMultipleDestinations')]
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameMultipleDestinations')]
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameMultipleDestinations')]
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(ParameterSetName = 'NameSingleDestination', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'NameMultipleDestinations', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Alias('VMName')] [ValidateNotNullOrEmpty()] [string] $Name,
        [Parameter(ParameterSetName = 'VMSingleDestination', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'VMMultipleDestinations', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VirtualMachine] $VM,
        [Parameter(ParameterSetName = 'NameSingleDestination', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'VMSingleDestination', Mandatory = $true, Position = 1)]
        [ValidateNotNullOrEmpty()] [string] $DestinationStoragePath,
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinations')]
        [ValidateNotNullOrEmpty()] [string] $VirtualMachinePath,
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinations')]
        [Alias('CheckpointFileLocation', 'SnapshotFileLocation')] [ValidateNotNullOrEmpty()] [string] $SnapshotFilePath,
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinations')]
        [ValidateNotNullOrEmpty()] [string] $SmartPagingFilePath,
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinations')]
        [ValidateNotNullOrEmpty()] [hashtable[]] $Vhds,
        [ValidateNotNullOrEmpty()] [string] $ResourcePoolName,
        [switch] $RetainVhdCopiesOnSource,
        [switch] $RemoveSourceUnmanagedVhds,
        [switch] $AllowUnverifiedPaths,
        [switch] $AsJob
    )
    process {
        # Clustered VMs: destination paths must be cluster storage (CSV/SMB) unless -AllowUnverifiedPaths (docs/hyperv.md, "Moving VMs").
        if (-not $AllowUnverifiedPaths) {
            $paths = @($DestinationStoragePath, $VirtualMachinePath, $SnapshotFilePath, $SmartPagingFilePath) + @($Vhds | ForEach-Object { $_.Values }) | Where-Object { $_ }
            $vmName = if ($VM) { $VM.Name } else { $Name }
            $bad = Use-LabState -ReadOnly {
                param($State)
                $v = if ($VM) { Get-HvLabVm $State $VM } else { $State.Vms | Where-Object { $_.Host -eq $env:HVLAB_HOST -and $_.Name -eq $vmName } | Select-Object -First 1 }
                if ($v -and $v.Clustered) {
                    foreach ($p in $paths) {
                        if ([HvLab.LabPaths]::IsFullPath($p) -and -not [HvLab.LabPaths]::IsShared($State, $p, $v.Host)) { return $p }
                    }
                }
            }
            if ($bad) {
                $PSCmdlet.WriteError((New-HvError InvalidParameter MoveVMStorage "The path '$bad' is not on cluster storage. A clustered virtual machine's files must stay on a cluster shared volume or SMB share (use -AllowUnverifiedPaths to skip this check)." $bad InvalidArgument)); return
            }
        }
        Invoke-HvMove $PSCmdlet MoveVMStorage $PSBoundParameters $PSCmdlet.ParameterSetName $true
    }
}

function Compare-VM {
    [CmdletBinding(DefaultParameterSetName = 'NameSingleDestination', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.HyperV.PowerShell.VMCompatibilityReport])]
    param(
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameMultipleDestinations')]
        [Parameter(ParameterSetName = 'Register')] [Parameter(ParameterSetName = 'Copy')]
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameMultipleDestinations')]
        [Parameter(ParameterSetName = 'Register')] [Parameter(ParameterSetName = 'Copy')]
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'Register')] [Parameter(ParameterSetName = 'Copy')]
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'NameSingleDestination', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'NameMultipleDestinations', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [string] $Name,
        [Parameter(ParameterSetName = 'VMSingleDestination', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'VMSingleDestinationAndCimSession', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'VMMultipleDestinations', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VirtualMachine] $VM,
        [Parameter(ParameterSetName = 'Register', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'Copy', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [string] $Path,
        [Parameter(ParameterSetName = 'CompatibilityReport', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Microsoft.HyperV.PowerShell.VMCompatibilityReport] $CompatibilityReport,
        [Parameter(ParameterSetName = 'NameSingleDestination', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'NameMultipleDestinations', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'VMSingleDestination', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'VMMultipleDestinations', Mandatory = $true, Position = 1)]
        [ValidateNotNullOrEmpty()] [string] $DestinationHost,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameMultipleDestinations')]
        [Parameter(ParameterSetName = 'VMSingleDestination')] [Parameter(ParameterSetName = 'VMMultipleDestinations')]
        [ValidateNotNullOrEmpty()] [pscredential] $DestinationCredential,
        [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'VMSingleDestinationAndCimSession', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession', Mandatory = $true, Position = 1)]
        [ValidateNotNullOrEmpty()] [CimSession] $DestinationCimSession,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'VMSingleDestination')] [Parameter(ParameterSetName = 'VMSingleDestinationAndCimSession')]
        [switch] $IncludeStorage,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'VMSingleDestination')] [Parameter(ParameterSetName = 'VMSingleDestinationAndCimSession')]
        [ValidateNotNullOrEmpty()] [string] $DestinationStoragePath,
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession', Mandatory = $true)]
        [Parameter(ParameterSetName = 'VMMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession', Mandatory = $true)]
        [Parameter(ParameterSetName = 'Copy')]
        [ValidateNotNullOrEmpty()] [string] $VirtualMachinePath,
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'VMMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'Copy')]
        [Alias('CheckpointFileLocation', 'SnapshotFileLocation')] [ValidateNotNullOrEmpty()] [string] $SnapshotFilePath,
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'VMMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'Copy')]
        [ValidateNotNullOrEmpty()] [string] $SmartPagingFilePath,
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'VMMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession')]
        [ValidateNotNullOrEmpty()] [hashtable[]] $Vhds,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'VMSingleDestination')] [Parameter(ParameterSetName = 'VMSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'VMMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession')]
        [ValidateNotNullOrEmpty()] [string] $ResourcePoolName,
        [Parameter(ParameterSetName = 'NameSingleDestination')] [Parameter(ParameterSetName = 'NameSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'NameMultipleDestinations')] [Parameter(ParameterSetName = 'NameMultipleDestinationsAndCimSession')]
        [Parameter(ParameterSetName = 'VMSingleDestination')] [Parameter(ParameterSetName = 'VMSingleDestinationAndCimSession')]
        [Parameter(ParameterSetName = 'VMMultipleDestinations')] [Parameter(ParameterSetName = 'VMMultipleDestinationsAndCimSession')]
        [switch] $RetainVhdCopiesOnSource,
        [Parameter(ParameterSetName = 'Register')] [switch] $Register,
        [Parameter(ParameterSetName = 'Copy', Mandatory = $true)] [switch] $Copy,
        [Parameter(ParameterSetName = 'Copy', Position = 1)] [string] $VhdDestinationPath,
        [Parameter(ParameterSetName = 'Copy')] [string] $VhdSourcePath,
        [Parameter(ParameterSetName = 'Copy')] [switch] $GenerateNewId,
        [switch] $AsJob
    )
    process {
        Invoke-LabLatency
        $C = 'CompareVM'
        $set = $PSCmdlet.ParameterSetName
        $bad = Test-HvServerParameters $C $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        if ($set -in 'Register', 'Copy') {
            $PSCmdlet.WriteError((New-HvError NotSupported $C "The lab does not hold exported virtual machine files; '$Path' cannot be imported." $Path InvalidOperation)); return
        }
        $req = Get-HvMoveRequest $PSBoundParameters
        $dest = if ($DestinationHost) { $DestinationHost } elseif ($DestinationCimSession) { $DestinationCimSession.ComputerName } else { $CompatibilityReport.Destination }
        if ($set -eq 'CompatibilityReport' -and $CompatibilityReport.LabMoveRequest) { foreach ($k in $CompatibilityReport.LabMoveRequest.Keys) { $req[$k] = $CompatibilityReport.LabMoveRequest[$k] } }
        if ($set -eq 'CompatibilityReport') { $req['AdapterSwitches'] = Get-HvPlannedAdapterSwitches $CompatibilityReport }
        $r = Use-LabState -ReadOnly {
            param($State, $Now)
            $vms = if ($set -eq 'CompatibilityReport') { [HvLab.LabEngine]::FindVm($State, "$($CompatibilityReport.VM.Id)") }
            elseif ($VM) { Resolve-HvVmArgs $State $C $null @($VM) $null $null }
            else { Resolve-HvVmArgs $State $C @($Name) $null $ComputerName $CimSession }
            foreach ($v in $vms) {
                if ($v -isnot [HvLab.LabVm]) { $v; continue }
                if (-not $PSCmdlet.ShouldProcess($v.Name, "Compare-VM to $dest")) { continue }
                $src = [HvLab.LabEngine]::FindHost($State, $v.Host)
                $dst = [HvLab.LabEngine]::FindHost($State, $dest)
                if (-not $dst -or $dst.Down) {
                    New-HvError ObjectNotFound $C ("Hyper-V encountered an error trying to access an object on computer '$dest' because the object was not found. " +
                        'The object might have been deleted. Verify that the Virtual Machine Management service on the computer is running.') $dest ObjectNotFound
                    continue
                }
                $p = New-HvMovePlan $v $C $false $req
                if ($p -is [Management.Automation.ErrorRecord]) { $p; continue }
                $noDelegation = -not $v.Clustered -and [HvLab.LabReadiness]::DelegationMissing($State, $src, $dst, $p.Kind -eq 'VirtualSystemAndStorage')
                if (-not $dst.Migration.Enabled -or [HvLab.LabEngine]::HasFault($State, 'AuthFailure', $src.Name, $null) -or $noDelegation) {
                    $msg = if (-not $dst.Migration.Enabled) { "The Virtual Machine Management Service failed to establish a connection for a Virtual Machine migration with host '$($dst.Name)': No connection could be made because the target machine actively refused it. (0x8007274D)." }
                    else { "The Virtual Machine Management Service failed to establish a connection for a Virtual Machine migration with host '$($dst.Name)': No credentials are available in the security package (0x8009030E).`nFailed to authenticate the connection at the source host: no suitable credentials available." }
                    New-HvError OperationFailed $C $msg $v.Name; continue
                }
                # The report's VM is the planned VM on the destination.
                $planned = [HvLab.LabViews]::Vm($State, $v, $Now)
                $planned.ComputerName = $dst.Name; $planned.State = 'Off'; $planned.VirtualMachineType = 'PlannedVirtualMachine'
                $planned.CPUUsage = 0; $planned.MemoryAssigned = 0; $planned.Uptime = [timespan]::Zero; $planned.Heartbeat = $null
                $planned.Status = 'Operating normally'; $planned.OperationalStatus = @([Microsoft.HyperV.PowerShell.VMOperationalStatus]::Ok)
                foreach ($na in $planned.NetworkAdapters) {
                    $na.ComputerName = $dst.Name
                    $o = $req['AdapterSwitches'] | Where-Object { $na.Id -like "*\$($_.AdapterId)" } | Select-Object -First 1
                    if ($o) { $w = $dst.Switches | Where-Object { [HvLab.LabEngine]::Same($_.Name, $o.SwitchName) } | Select-Object -First 1; $na.SwitchName = $o.SwitchName; $na.SwitchId = if ($w) { [guid] $w.Id } else { $null }; $na.Connected = [bool] $w }
                }
                if ($p.Plan -and $p.Plan.VirtualMachinePath) { $planned.Path = $p.Plan.VirtualMachinePath; $planned.ConfigurationLocation = $p.Plan.VirtualMachinePath }
                $errs = foreach ($i in [HvLab.LabEngine]::Incompatibilities($State, $v, $src, $dst, $p.Kind, $p.Plan, [HvLab.LabAdapterSwitch[]]@($req['AdapterSwitches']))) {
                    $source = if ($i.SourceKey -is [HvLab.LabAdapter]) { $planned.NetworkAdapters | Where-Object { $_.Id -like "*$($i.SourceKey.Id)" } | Select-Object -First 1 } else { $planned }
                    [Microsoft.HyperV.PowerShell.VMCompatibilityError]@{ Message = $i.Message; MessageId = $i.MessageId; Source = $source }
                }
                $report = [Microsoft.HyperV.PowerShell.VMCompatibilityReport]::new()
                $report.VM = $planned
                $report.OperationType = if ($p.Kind -eq 'VirtualSystemAndStorage') { 'MoveVirtualMachineAndStorage' } else { 'MoveVirtualMachine' }
                $report.Destination = $dest
                $report.Incompatibilities = @($errs)
                $report.LabMoveRequest = $req
                $report
            }
        }
        if ($AsJob) {
            $job = [Microsoft.HyperV.PowerShell.VmJob]::new('Compare-VM', '', $env:HVLAB_STATE, '', $C, $Name, 'Comparing virtual machine', $env:HVLAB_HOST)
            foreach ($x in $r) { if ($x -is [Management.Automation.ErrorRecord]) { $job.Error.Add($x) } else { $job.Output.Add([psobject] $x) } }
            $PSCmdlet.JobRepository.Add($job); $PSCmdlet.WriteObject($job); return
        }
        Out-HvResult $PSCmdlet $r
    }
}
