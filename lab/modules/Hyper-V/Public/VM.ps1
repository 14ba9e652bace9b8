# VM-level cmdlets: Get-VM, Start-VM, Stop-VM, Get-VMSnapshot, Get-/Set-VMProcessor, Get-VMHardDiskDrive, Get-VHD.

function Get-VM {
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    [OutputType([Microsoft.HyperV.PowerShell.VirtualMachine])]
    param(
        [Parameter(ParameterSetName = 'Id')] [Parameter(ParameterSetName = 'Name')]
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'Id')] [Parameter(ParameterSetName = 'Name')]
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'Id')] [Parameter(ParameterSetName = 'Name')]
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(ParameterSetName = 'Name', Position = 0, ValueFromPipeline = $true)]
        [Alias('VMName')] [ValidateNotNullOrEmpty()] [string[]] $Name,
        [Parameter(ParameterSetName = 'Id', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNull()] [Nullable[guid]] $Id,
        [Parameter(ParameterSetName = 'ClusterObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [PSTypeName('Microsoft.FailoverClusters.PowerShell.ClusterObject')] [ValidateNotNullOrEmpty()] [psobject] $ClusterObject
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters GetVM $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $set = $PSCmdlet.ParameterSetName
        $r = Use-LabState -ReadOnly {
            param($State, $Now)
            if ($set -eq 'ClusterObject') {
                # A VM role is found by its group (the real cmdlet reads the group's VM resource); a node gives its VMs.
                $types = @($ClusterObject.PSObject.TypeNames)
                $vms = if ($types -match 'FailoverClusters\.PowerShell\.ClusterGroup$') { @($State.Vms | Where-Object { $_.Clustered -and $_.ClusterGroupId -eq "$($ClusterObject.Id)" }) }
                elseif ($types -match 'FailoverClusters\.PowerShell\.ClusterNode$') { @($State.Vms | Where-Object Host -eq $ClusterObject.Name) }
                else { @() }
                foreach ($v in $vms) { if ($v) { [HvLab.LabViews]::Vm($State, $v, $Now) } }
                return
            }
            $hosts = @(Resolve-HvHosts $State GetVM $ComputerName $CimSession)
            $hosts | Where-Object { $_ -is [Management.Automation.ErrorRecord] }
            $hosts = @($hosts | Where-Object { $_ -is [HvLab.LabHost] })
            if ($set -eq 'Id') {
                $all = @(Find-HvVms $State $hosts $null GetVM)
                $v = $all | Where-Object { $_.Id -eq "$Id" }
                if ($v) { [HvLab.LabViews]::Vm($State, $v, $Now) }
                else { New-HvError InvalidParameter GetVM "Hyper-V was unable to find a virtual machine with id `"$Id`"." $Id InvalidArgument }
                return
            }
            foreach ($v in Find-HvVms $State $hosts $Name GetVM) {
                if ($v -is [HvLab.LabVm]) { [HvLab.LabViews]::Vm($State, $v, $Now) } else { $v }
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}

function Invoke-HvStateChange {
    <# Start/Stop share this: resolve the VMs, apply the real transition table (docs/hyperv.md, "Starting and stopping"), warn on no-ops. #>
    param($Cmdlet, [string] $Class, [string] $Action, $Name, $VM, $ComputerName, $Credential, $CimSession, [bool] $AsJob, [bool] $Passthru)
    Invoke-LabLatency
    if ($AsJob -and $Passthru) {
        $Cmdlet.WriteError((New-HvError InvalidParameter $Class 'The parameters AsJob and Passthru cannot be used together.' $null)); return
    }
    $bad = Test-HvServerParameters $Class $ComputerName $Credential $CimSession
    if ($bad) { $Cmdlet.WriteError($bad); return }
    $allowed = @{
        Start   = @('Off', 'Saved', 'Paused', 'FastSaved', 'Hibernated')
        TurnOff = @('Running', 'Paused', 'Saved', 'FastSaved')
        ShutDown = @('Running')
        Save    = @('Running', 'Paused')
    }
    $target = @{ Start = 'Running'; TurnOff = 'Off'; ShutDown = 'Off'; Save = 'Saved' }
    $r = Use-LabState {
        param($State, $Now)
        $vms = if ($VM) { foreach ($o in $VM) { $lv = Get-HvLabVm $State $o; if ($lv) { $lv } else { New-HvError ObjectNotFound $Class "Hyper-V was unable to find a virtual machine with id `"$($o.Id)`"." $o } } }
        else {
            $hosts = @(Resolve-HvHosts $State $Class $ComputerName $CimSession)
            $hosts | Where-Object { $_ -is [Management.Automation.ErrorRecord] }
            Find-HvVms $State @($hosts | Where-Object { $_ -is [HvLab.LabHost] }) $Name $Class
        }
        foreach ($v in $vms) {
            if ($v -isnot [HvLab.LabVm]) { $v; continue }
            if (-not $Cmdlet.ShouldProcess($v.Name, "$Action-VM")) { continue }
            if ($v.State -eq $target[$Action] -and $v.State -ne 'Off' -or ($v.State -eq 'Off' -and $target[$Action] -eq 'Off')) {
                New-HvWarning (Get-HvVmStateWarning)
            } elseif ($v.State -notin $allowed[$Action] -or [HvLab.LabEngine]::ActiveMigrationOf($State, $v.Id)) {
                New-HvError InvalidState $Class (Get-HvInvalidStateMessage) ([HvLab.LabViews]::Vm($State, $v, $Now)) InvalidOperation
                continue
            } else {
                $v.State = $target[$Action]
                $v.StartTime = if ($v.State -eq 'Running') { $Now } elseif ($v.State -eq 'Off') { $null } else { $v.StartTime }
            }
            if ($Passthru) { [HvLab.LabViews]::Vm($State, $v, $Now) }
        }
    }
    if ($AsJob) {
        # The state change is instantaneous in the lab; the job completes at once carrying any errors.
        $job = [Microsoft.HyperV.PowerShell.VmJob]::new("$Action-VM", '', $env:HVLAB_STATE, '', $Class, $null, "$Action-VM", $env:HVLAB_HOST)
        foreach ($x in $r) { if ($x -is [Management.Automation.ErrorRecord]) { $job.Error.Add($x) } }
        $Cmdlet.JobRepository.Add($job)
        $Cmdlet.WriteObject($job)
        return
    }
    Out-HvResult $Cmdlet $r
}

function Start-VM {
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.HyperV.PowerShell.VirtualMachine])]
    param(
        [Parameter(ParameterSetName = 'Name')] [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'Name')] [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'Name')] [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(ParameterSetName = 'Name', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Alias('VMName')] [ValidateNotNullOrEmpty()] [string[]] $Name,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VirtualMachine[]] $VM,
        [switch] $AsJob,
        [switch] $Passthru
    )
    process { Invoke-HvStateChange $PSCmdlet StartVM Start $Name $VM $ComputerName $Credential $CimSession $AsJob.IsPresent $Passthru.IsPresent }
}

function Stop-VM {
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.HyperV.PowerShell.VirtualMachine])]
    param(
        [Parameter(ParameterSetName = 'Name')] [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'Name')] [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'Name')] [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(ParameterSetName = 'Name', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Alias('VMName')] [ValidateNotNullOrEmpty()] [string[]] $Name,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VirtualMachine[]] $VM,
        [switch] $Save,
        [switch] $TurnOff,
        [switch] $Force,
        [switch] $AsJob,
        [switch] $Passthru
    )
    process {
        if ($Save -and $TurnOff) {
            $PSCmdlet.WriteError((New-HvError InvalidParameter StopVM 'The parameters Save and TurnOff cannot be used together.' $null)); return
        }
        $action = if ($Save) { 'Save' } elseif ($TurnOff) { 'TurnOff' } else { 'ShutDown' }
        Invoke-HvStateChange $PSCmdlet StopVM $action $Name $VM $ComputerName $Credential $CimSession $AsJob.IsPresent $Passthru.IsPresent
    }
}

function Resolve-HvVmArgs {
    <# VMName/VM/VMSnapshot argument -> lab VMs (and ErrorRecords). Used by the device cmdlets. #>
    param($State, [string] $Class, $VMName, $VM, $ComputerName, $CimSession)
    if ($VM) {
        foreach ($o in $VM) { $lv = Get-HvLabVm $State $o; if ($lv) { $lv } else { New-HvError ObjectNotFound $Class "Hyper-V was unable to find a virtual machine with id `"$($o.Id)`"." $o } }
        return
    }
    $hosts = @(Resolve-HvHosts $State $Class $ComputerName $CimSession)
    $hosts | Where-Object { $_ -is [Management.Automation.ErrorRecord] }
    Find-HvVms $State @($hosts | Where-Object { $_ -is [HvLab.LabHost] }) $VMName $Class
}

function Get-VMSnapshot {
    [CmdletBinding(DefaultParameterSetName = 'VMName')]
    [OutputType([Microsoft.HyperV.PowerShell.VMSnapshot])]
    param(
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'Id')]
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'Id')]
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'Id')]
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(ParameterSetName = 'VMName', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [string[]] $VMName,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VirtualMachine[]] $VM,
        [Parameter(ParameterSetName = 'Id', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNull()] [Nullable[guid]] $Id,
        [Parameter(ParameterSetName = 'VMName', Position = 1)] [Parameter(ParameterSetName = 'VMObject', Position = 1)]
        [Parameter(ParameterSetName = 'Parent', Position = 0)] [Parameter(ParameterSetName = 'Child', Position = 0)]
        [ValidateNotNullOrEmpty()] [string] $Name,
        [Parameter(ParameterSetName = 'Parent', Mandatory = $true)]
        [ValidateNotNull()] [Microsoft.HyperV.PowerShell.VirtualMachineBase] $ParentOf,
        [Parameter(ParameterSetName = 'Child', Mandatory = $true)]
        [ValidateNotNull()] [Microsoft.HyperV.PowerShell.VMSnapshot] $ChildOf,
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'VMObject')]
        [Parameter(ParameterSetName = 'Parent')] [Parameter(ParameterSetName = 'Child')]
        [Alias('VMRecoveryCheckpoint')] [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.SnapshotType] $SnapshotType
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters GetVMSnapshot $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $set = $PSCmdlet.ParameterSetName
        $bp = $PSBoundParameters
        $r = Use-LabState -ReadOnly {
            param($State, $Now)
            $vms = switch ($set) {
                'Id' { Resolve-HvVmArgs $State GetVMSnapshot $null $null $ComputerName $CimSession }
                'Parent' { Resolve-HvVmArgs $State GetVMSnapshot $null @($ParentOf) $null $null }
                'Child' { [HvLab.LabEngine]::FindVm($State, "$($ChildOf.VMId)") }
                default { Resolve-HvVmArgs $State GetVMSnapshot $VMName $VM $ComputerName $CimSession }
            }
            foreach ($v in $vms) {
                if ($v -isnot [HvLab.LabVm]) { $v; continue }
                foreach ($cp in $v.Checkpoints) {
                    if ($set -eq 'Id' -and $cp.Id -ne "$Id") { continue }
                    if ($set -eq 'Parent' -and $cp.Id -ne $v.Checkpoints[-1].Id) { continue }
                    if ($set -eq 'Child' -and $cp.ParentId -ne "$($ChildOf.Id)") { continue }
                    if ($Name -and -not (Test-HvName @($Name) $cp.Name)) { continue }
                    if ($bp.ContainsKey('SnapshotType') -and $cp.SnapshotType -ne "$SnapshotType") { continue }
                    [HvLab.LabViews]::Snapshot($State, $v, $cp, $Now)
                }
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}
Set-Alias -Name Get-VMCheckpoint -Value Get-VMSnapshot

function Get-VMProcessor {
    [CmdletBinding(DefaultParameterSetName = 'VMName')]
    [OutputType([Microsoft.HyperV.PowerShell.VMProcessor])]
    param(
        [Parameter(ParameterSetName = 'VMName')] [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'VMName')] [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'VMName')] [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(ParameterSetName = 'VMName', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [string[]] $VMName,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VirtualMachine[]] $VM,
        [Parameter(ParameterSetName = 'VMSnapshot', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Alias('VMCheckpoint')] [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VMSnapshot] $VMSnapshot
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters GetVMProcessor $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $r = Use-LabState -ReadOnly {
            param($State)
            $vms = if ($VMSnapshot) { [HvLab.LabEngine]::FindVm($State, "$($VMSnapshot.VMId)") } else { Resolve-HvVmArgs $State GetVMProcessor $VMName $VM $ComputerName $CimSession }
            foreach ($v in $vms) { if ($v -is [HvLab.LabVm]) { [HvLab.LabViews]::Processor($State, $v) } else { $v } }
        }
        Out-HvResult $PSCmdlet $r
    }
}

function Set-VMProcessor {
    [CmdletBinding(DefaultParameterSetName = 'VMName', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.HyperV.PowerShell.VMProcessor])]
    param(
        [Parameter(ParameterSetName = 'VMName')] [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'VMName')] [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'VMName')] [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(ParameterSetName = 'VMName', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [string[]] $VMName,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VirtualMachine[]] $VM,
        [Parameter(ParameterSetName = 'VMProcessor', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VMProcessor[]] $VMProcessor,
        [ValidateNotNull()] [Nullable[long]] $Count,
        [ValidateNotNull()] [Nullable[bool]] $CompatibilityForMigrationEnabled,
        [ValidateNotNull()] [Nullable[bool]] $CompatibilityForOlderOperatingSystemsEnabled,
        [ValidateNotNull()] [Nullable[long]] $HwThreadCountPerCore,
        [ValidateNotNull()] [Nullable[long]] $Maximum,
        [ValidateNotNull()] [Nullable[long]] $Reserve,
        [ValidateNotNull()] [Nullable[int]] $RelativeWeight,
        [ValidateNotNull()] [Nullable[int]] $MaximumCountPerNumaNode,
        [ValidateNotNull()] [Nullable[int]] $MaximumCountPerNumaSocket,
        [ValidateNotNull()] [string] $ResourcePoolName,
        [ValidateNotNull()] [Nullable[bool]] $EnableHostResourceProtection,
        [ValidateNotNull()] [Nullable[bool]] $ExposeVirtualizationExtensions,
        [switch] $Passthru
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters SetVMProcessor $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $r = Use-LabState {
            param($State)
            $vms = if ($VMProcessor) { foreach ($p in $VMProcessor) { [HvLab.LabEngine]::FindVm($State, "$($p.VMId)") } } else { Resolve-HvVmArgs $State SetVMProcessor $VMName $VM $ComputerName $CimSession }
            foreach ($v in $vms) {
                if ($v -isnot [HvLab.LabVm]) { $v; continue }
                if (-not $PSCmdlet.ShouldProcess($v.Name, 'Set-VMProcessor')) { continue }
                # Processor settings of a running (or saved/paused) VM cannot change; the VM must be off (docs/hyperv.md, "Virtual machines").
                $changesCpu = $null -ne $Count -or $null -ne $CompatibilityForMigrationEnabled -or $null -ne $CompatibilityForOlderOperatingSystemsEnabled -or
                    $null -ne $HwThreadCountPerCore -or $null -ne $ExposeVirtualizationExtensions -or $null -ne $MaximumCountPerNumaNode -or $null -ne $MaximumCountPerNumaSocket
                if ($changesCpu -and $v.State -ne 'Off') {
                    New-HvError InvalidState SetVMProcessor (Get-HvInvalidStateMessage) $v.Name InvalidOperation
                    continue
                }
                if ($null -ne $Count) {
                    if ($Count -lt 1 -or $Count -gt 240) { New-HvError InvalidParameter SetVMProcessor "The processor count '$Count' is not valid." $Count; continue }
                    $v.ProcessorCount = $Count
                }
                if ($null -ne $CompatibilityForMigrationEnabled) { $v.CompatibilityForMigration = $CompatibilityForMigrationEnabled }
                if ($Passthru) { [HvLab.LabViews]::Processor($State, $v) }
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}

function Get-VMHardDiskDrive {
    [CmdletBinding(DefaultParameterSetName = 'VMName')]
    [OutputType([Microsoft.HyperV.PowerShell.HardDiskDrive])]
    param(
        [Parameter(ParameterSetName = 'VMName')] [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'VMName')] [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'VMName')] [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(ParameterSetName = 'VMName', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [string[]] $VMName,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VirtualMachine[]] $VM,
        [Parameter(ParameterSetName = 'VMSnapshot', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Alias('VMCheckpoint')] [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VMSnapshot] $VMSnapshot,
        [Parameter(ParameterSetName = 'VMDriveController', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Microsoft.HyperV.PowerShell.VMDriveController[]] $VMDriveController,
        [ValidateNotNull()] [Nullable[int]] $ControllerLocation,
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'VMObject')] [Parameter(ParameterSetName = 'VMSnapshot')]
        [ValidateNotNull()] [Nullable[int]] $ControllerNumber,
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'VMObject')] [Parameter(ParameterSetName = 'VMSnapshot')]
        [Nullable[Microsoft.HyperV.PowerShell.ControllerType]] $ControllerType
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters GetVMHardDiskDrive $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $r = Use-LabState -ReadOnly {
            param($State)
            $vms = if ($VMSnapshot) { [HvLab.LabEngine]::FindVm($State, "$($VMSnapshot.VMId)") }
            elseif ($VMDriveController) { foreach ($c in $VMDriveController) { [HvLab.LabEngine]::FindVm($State, "$($c.VMId)") } }
            else { Resolve-HvVmArgs $State GetVMHardDiskDrive $VMName $VM $ComputerName $CimSession }
            foreach ($v in $vms) {
                if ($v -isnot [HvLab.LabVm]) { $v; continue }
                foreach ($d in @($v.Disks) + @($v.PassThroughDisks)) {
                    $hd = [HvLab.LabViews]::Drive($State, $v, $d, $v.Host)
                    if ($null -ne $ControllerLocation -and $hd.ControllerLocation -ne $ControllerLocation) { continue }
                    if ($null -ne $ControllerNumber -and $hd.ControllerNumber -ne $ControllerNumber) { continue }
                    if ($null -ne $ControllerType -and $hd.ControllerType -ne $ControllerType) { continue }
                    if ($VMDriveController -and -not ($VMDriveController | Where-Object { "$($_.VMId)" -eq $v.Id -and $_.ControllerNumber -eq $hd.ControllerNumber })) { continue }
                    $hd
                }
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}

function Get-VHD {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    [OutputType([Microsoft.Vhd.PowerShell.VirtualHardDisk])]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName')] [ValidateNotNullOrEmpty()] [string[]] $Path,
        [Parameter(ParameterSetName = 'Disk', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('Number')] [ValidateNotNullOrEmpty()] [uint32] $DiskNumber,
        [Parameter(ParameterSetName = 'VMId', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('Id')] [ValidateNotNullOrEmpty()] [guid[]] $VMId,
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters GetVHD $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $set = $PSCmdlet.ParameterSetName
        $r = Use-LabState -ReadOnly {
            param($State)
            $hosts = @(Resolve-HvHosts $State GetVHD $ComputerName $CimSession)
            $hosts | Where-Object { $_ -is [Management.Automation.ErrorRecord] }
            foreach ($h in @($hosts | Where-Object { $_ -is [HvLab.LabHost] })) {
                switch ($set) {
                    'Path' {
                        # A host sees its own VMs' disks, and any disk on shared storage it can reach. Indexed once by
                        # path (the first VM that has it wins): a scan per path made the inventory's one Get-VHD of
                        # 1,000 disks quadratic, which real Hyper-V is not.
                        $byPath = @{}
                        foreach ($v in $State.Vms) {
                            foreach ($d in $v.Disks) {
                                if ([string]::IsNullOrEmpty($d.Path)) { continue } # a pass-through disk has no file
                                if ($v.Host -ne $h.Name -and -not [HvLab.LabPaths]::IsShared($State, $d.Path, $h.Name)) { continue }
                                $key = [HvLab.LabPaths]::Norm($d.Path)
                                if (-not $byPath.ContainsKey($key)) { $byPath[$key] = @($v, $d) }
                            }
                        }
                        foreach ($p in $Path) {
                            $hit = $byPath[[HvLab.LabPaths]::Norm($p)]
                            if ($null -ne $hit) { [HvLab.LabViews]::Vhd($State, $hit[0], $hit[1], $h.Name) }
                            else {
                                [HvLab.LabErrors]::Make([Microsoft.HyperV.PowerShell.VirtualizationException]::new(
                                        "Getting the mounted storage instance for the path '$p' failed.`nThe operation failed because the file was not found."),
                                    'ObjectNotFound,Microsoft.Vhd.PowerShell.Cmdlets.GetVHD', 'ObjectNotFound', $p)
                            }
                        }
                    }
                    'VMId' {
                        foreach ($id in $VMId) {
                            $v = [HvLab.LabEngine]::FindVm($State, "$id")
                            if (-not $v -or $v.Host -ne $h.Name) {
                                New-HvError InvalidParameter GetVHD "Hyper-V was unable to find a virtual machine with id `"$id`"." $id InvalidArgument; continue
                            }
                            foreach ($d in $v.Disks) { [HvLab.LabViews]::Vhd($State, $v, $d, $h.Name) }
                        }
                    }
                    'Disk' {
                        [HvLab.LabErrors]::Make([Microsoft.HyperV.PowerShell.VirtualizationException]::new("The disk number '$DiskNumber' is not a virtual hard disk."),
                            'InvalidParameter,Microsoft.Vhd.PowerShell.Cmdlets.GetVHD', 'InvalidArgument', $DiskNumber)
                    }
                }
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}
