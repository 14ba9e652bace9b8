# The lab's FailoverClusters module (docs/hyperv.md, "Failover clustering"): cluster, nodes, VM roles, CSVs. Role moves and node drains
# become lab migrations (MaximumParallelMigrations is each node's live-migration limit, see LabEngine.MaxLive).
if (-not (Get-Module LabCore)) { Import-Module (Join-Path $PSScriptRoot '../LabCore/LabCore.psd1') -Global }

function New-ClError([string] $Cmdlet, [string] $Message, [string] $Category = 'ObjectNotFound', $Target) {
    [HvLab.LabErrors]::ClusterRecord($Cmdlet, $Message, $Category, $Target)
}

function Resolve-LabCluster($State, [string] $Cluster, [string] $Cmdlet) {
    $c = if ($Cluster -and $Cluster -ne '.') { [HvLab.LabEngine]::FindCluster($State, $Cluster) } else { [HvLab.LabEngine]::ClusterOf($State, $env:HVLAB_HOST) }
    if ($c) { return $c }
    $name = if ($Cluster) { $Cluster } else { $env:HVLAB_HOST }
    New-ClError $Cmdlet "The cluster service is not running on '$name', or '$name' is not a cluster. Make sure that the cluster exists and that the Cluster service is running." 'ConnectionError' $name
}

function Out-ClResult($Cmdlet, $Items) {
    foreach ($x in $Items) { if ($x -is [Management.Automation.ErrorRecord]) { $Cmdlet.WriteError($x) } elseif ($null -ne $x) { $Cmdlet.WriteObject($x) } }
}

function Test-ClName($Names, [string] $Value) {
    if (-not $Names) { return $true }
    foreach ($n in $Names) { if ([Management.Automation.WildcardPattern]::new($n, 'IgnoreCase').IsMatch($Value)) { return $true } }
    $false
}

function Get-Cluster {
    # No -InputObject: the real Get-Cluster takes a name (or a cluster set), unlike the other cluster cmdlets.
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    [OutputType([Microsoft.FailoverClusters.PowerShell.Cluster])]
    param(
        [Parameter(ParameterSetName = 'Name', Position = 0)] [ValidateNotNullOrEmpty()] [string] $Name,
        [string] $Domain
    )
    Invoke-LabLatency
    $r = Use-LabState -ReadOnly {
        param($State)
        $c = Resolve-LabCluster $State $Name Get-Cluster
        if ($c -is [HvLab.LabCluster]) { [HvLab.LabViews]::Cluster($State, $c) } else { $c }
    }
    Out-ClResult $PSCmdlet $r
}

function Get-ClusterNode {
    [CmdletBinding(DefaultParameterSetName = 'InputObject')]
    [OutputType([Microsoft.FailoverClusters.PowerShell.ClusterNode])]
    param(
        [Parameter(Position = 0)] [ValidateNotNullOrEmpty()] [System.Collections.Specialized.StringCollection] $Name,
        [Parameter(ParameterSetName = 'InputObject', ValueFromPipeline = $true)] [ValidateNotNull()] [psobject] $InputObject,
        [ValidateNotNullOrEmpty()] [string] $Cluster
    )
    process {
        Invoke-LabLatency
        $cl = if ($InputObject -and $InputObject.PSObject.Properties['Name'] -and -not $Cluster) { "$($InputObject.Name)" } else { $Cluster }
        $r = Use-LabState -ReadOnly {
            param($State)
            $c = Resolve-LabCluster $State $cl Get-ClusterNode
            if ($c -isnot [HvLab.LabCluster]) { return $c }
            foreach ($n in @($Name)) {
                if ($n -and -not ($c.Nodes | Where-Object { Test-ClName @($n) $_ })) { New-ClError Get-ClusterNode "The cluster node '$n' was not found in the cluster configuration." 'ObjectNotFound' $n }
            }
            foreach ($n in $c.Nodes) { if (Test-ClName $Name $n) { [HvLab.LabViews]::Node($State, $c, $n) } }
        }
        Out-ClResult $PSCmdlet $r
    }
}

function Get-ClusterGroup {
    [CmdletBinding(DefaultParameterSetName = 'InputObject')]
    [OutputType([Microsoft.FailoverClusters.PowerShell.ClusterGroup])]
    param(
        [Parameter(Position = 0)] [ValidateNotNullOrEmpty()] [System.Collections.Specialized.StringCollection] $Name,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [guid] $VMId,
        [Parameter(ParameterSetName = 'InputObject', ValueFromPipeline = $true)] [ValidateNotNull()] [psobject] $InputObject,
        [ValidateNotNullOrEmpty()] [string] $Cluster
    )
    process {
        Invoke-LabLatency
        $byId = $VMId -ne [guid]::Empty
        $node = if ($InputObject -and $InputObject.PSObject.Properties['NodeName']) { "$($InputObject.Name)" } else { $null }
        $r = Use-LabState -ReadOnly {
            param($State)
            $c = Resolve-LabCluster $State $Cluster Get-ClusterGroup
            if ($c -isnot [HvLab.LabCluster]) { return $c }
            $found = $false
            foreach ($v in $State.Vms) {
                if (-not $v.Clustered -or $c.Nodes -notcontains $v.Host) { continue }
                if ($node -and $v.Host -ne $node) { continue }
                if ($byId -and $v.Id -ne "$VMId") { continue }
                if (-not (Test-ClName $Name $v.ClusterGroupName)) { continue }
                $found = $true
                [HvLab.LabViews]::Group($State, $c, $v)
            }
            if (-not $found -and ($byId -or ($Name -and -not ($Name | Where-Object { [Management.Automation.WildcardPattern]::ContainsWildcardCharacters($_) })))) {
                New-ClError Get-ClusterGroup "The cluster group '$(if ($byId) { $VMId } else { $Name -join ',' })' was not found in the cluster configuration." 'ObjectNotFound' $Name
            }
        }
        Out-ClResult $PSCmdlet $r
    }
}

function Get-ClusterSharedVolume {
    [CmdletBinding(DefaultParameterSetName = 'InputObject')]
    [OutputType([Microsoft.FailoverClusters.PowerShell.ClusterSharedVolume])]
    param(
        [Parameter(Position = 0)] [ValidateNotNullOrEmpty()] [System.Collections.Specialized.StringCollection] $Name,
        [Parameter(ParameterSetName = 'InputObject', ValueFromPipeline = $true)] [ValidateNotNull()] [psobject] $InputObject,
        [ValidateNotNullOrEmpty()] [string] $Cluster
    )
    process {
        Invoke-LabLatency
        $r = Use-LabState -ReadOnly {
            param($State)
            $c = Resolve-LabCluster $State $Cluster Get-ClusterSharedVolume
            if ($c -isnot [HvLab.LabCluster]) { return $c }
            foreach ($v in $c.SharedVolumes) { if (Test-ClName $Name $v.Name) { [HvLab.LabViews]::Csv($State, $c, $v) } }
        }
        Out-ClResult $PSCmdlet $r
    }
}

function Submit-ClMove {
    <# Under the lock: one VM role move as a lab migration (live if running, else an offline/quick move). #>
    param($State, $Now, $Cluster, $Vm, [string] $Node, [string] $Mode, [string] $Cmdlet)
    $dst = [HvLab.LabEngine]::FindHost($State, $Node)
    if (-not $dst -or $Cluster.Nodes -notcontains $dst.Name) {
        return New-ClError $Cmdlet "The node '$Node' is not a possible owner of the cluster group '$($Vm.ClusterGroupName)'. (0x80071398)" 'InvalidOperation' $Node
    }
    if ($dst.Name -eq $Vm.Host) { return $null }
    if ([HvLab.LabEngine]::ActiveMigrationOf($State, $Vm.Id)) {
        return New-ClError $Cmdlet "The cluster group '$($Vm.ClusterGroupName)' is already being moved. (0x80071397)" 'ResourceBusy' $Vm.ClusterGroupName
    }
    $m = [HvLab.LabMigration]::new()
    $m.VmId = $Vm.Id; $m.Kind = 'VirtualSystem'; $m.SourceHost = $Vm.Host; $m.DestinationHost = $dst.Name; $m.Cluster = $Cluster.Name
    $m.Mode = if ($Vm.State -notin 'Running', 'Paused') { 'Offline' } else { $Mode }
    $m.Owner = "LAB\$([Environment]::UserName)"
    [HvLab.LabEngine]::Submit($State, $m, $Now)
}

function Wait-ClMigrations([string[]] $Ids, [int] $Seconds) {
    $deadline = if ($Seconds -ge 0) { [DateTime]::UtcNow.AddSeconds($Seconds) } else { [DateTime]::MaxValue }
    while ([DateTime]::UtcNow -lt $deadline) {
        $active = Use-LabState -ReadOnly { param($State) @($State.Migrations | Where-Object { $_.Id -in $Ids -and [HvLab.LabEngine]::IsActive($_) }).Count }
        if ($active -eq 0) { break }
        Start-Sleep -Milliseconds 200
    }
    Use-LabState -ReadOnly { param($State) $State.Migrations | Where-Object { $_.Id -in $Ids } }
}

function Move-ClusterVirtualMachineRole {
    [CmdletBinding()]
    [OutputType([Microsoft.FailoverClusters.PowerShell.ClusterGroup])]
    param(
        [Parameter(Position = 0)] [ValidateNotNullOrEmpty()] [string] $Name,
        [Parameter(Position = 1)] [ValidateNotNullOrEmpty()] [string] $Node,
        [switch] $Cancel,
        [Microsoft.FailoverClusters.NativeHelp.NativeGroupHelp+VmMigrationType] $MigrationType = 'Live',
        [switch] $IgnoreLocked,
        [switch] $IgnoreAffinityRule,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [guid] $VMId,
        [int] $Wait = -1,
        [Parameter(ParameterSetName = 'InputObject', ValueFromPipeline = $true)] [ValidateNotNull()] [psobject] $InputObject,
        [ValidateNotNullOrEmpty()] [string] $Cluster
    )
    process {
        Invoke-LabLatency
        $C = 'Move-ClusterVirtualMachineRole'
        $groupName = if ($Name) { $Name } elseif ($InputObject) { "$($InputObject.Name)" } else { $null }
        $id = if ($VMId -ne [guid]::Empty) { "$VMId" } else { $null }
        $groupId = if (-not $id -and $InputObject -and $InputObject.PSObject.Properties['Id']) { "$($InputObject.Id)" } else { $null }
        $mode = switch ("$MigrationType") { 'Quick' { 'Quick' } 'TurnOff' { 'TurnOff' } 'Shutdown' { 'Shutdown' } 'ShutdownForce' { 'ShutdownForce' } default { 'Live' } }
        $r = Use-LabState {
            param($State, $Now)
            $c = Resolve-LabCluster $State $Cluster $C
            if ($c -isnot [HvLab.LabCluster]) { return $c }
            $vm = $State.Vms | Where-Object { $_.Clustered -and $c.Nodes -contains $_.Host -and (($id -and $_.Id -eq $id) -or ($groupId -and $_.ClusterGroupId -eq $groupId) -or (-not $id -and -not $groupId -and $_.ClusterGroupName -eq $groupName)) } | Select-Object -First 1
            if (-not $vm) { return New-ClError $C "The cluster group '$(if ($id) { $id } else { $groupName })' was not found in the cluster configuration." 'ObjectNotFound' $groupName }
            if (-not $Cancel) { [HvLab.LabEngine]::RecordCall($State, 'Move-ClusterVirtualMachineRole', $vm, $env:HVLAB_HOST, $Now) }
            if ($Cancel) {
                $m = [HvLab.LabEngine]::ActiveMigrationOf($State, $vm.Id)
                # -Cancel cancels a live migration; a quick migration's save and restore run to their end. Lab choice:
                # ERROR_INVALID_STATE (5023) with its system text; the real cmdlet's answer is unconfirmed.
                if ($m -and -not [HvLab.LabEngine]::Cancellable($m)) {
                    return New-ClError $C "The group or resource is not in the correct state to perform the requested operation. (0x8007139F)" 'InvalidOperation' $vm.ClusterGroupName
                }
                if ($m) { $null = [HvLab.LabEngine]::Cancel($State, $m, $Now) }
                return [pscustomobject]@{ Group = [HvLab.LabViews]::Group($State, $c, $vm) }
            }
            $target = $Node
            if (-not $target) {
                # Best possible owner: an Up, unpaused node other than the current owner.
                $target = $c.Nodes | Where-Object { $_ -ne $vm.Host -and -not ([HvLab.LabEngine]::FindHost($State, $_).Down) -and -not ([HvLab.LabEngine]::NodeState($c, $_).Paused) } | Select-Object -First 1
                if (-not $target) { return New-ClError $C "No other node of cluster '$($c.Name)' can host '$($vm.ClusterGroupName)'." 'InvalidOperation' $groupName }
            }
            $tn = [HvLab.LabEngine]::FindHost($State, $target)
            if ($tn -and $tn.Down) { return New-ClError $C "The cluster node '$target' is down. (0x80071394)" 'InvalidOperation' $target }
            $m = Submit-ClMove $State $Now $c $vm $target $mode $C
            [pscustomobject]@{ Migration = $m; VmId = $vm.Id; Cluster = $c.Name }
        }
        if ($r -is [Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($r); return }
        if ($r.Group) { $r.Group; return }
        $m = $r.Migration
        if ($m -is [Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($m); return }
        if ($m) {
            $end = @(Wait-ClMigrations @($m.Id) $Wait)
            $done = $end | Where-Object { -not [HvLab.LabEngine]::IsActive($_) } | Select-Object -First 1
            if ($done -and $done.Status -ne 'Completed') {
                $PSCmdlet.WriteError((New-ClError $C ("An error occurred while moving the virtual machine role '$($done.VmName)' to node '$($done.DestinationHost)'.`n" + $done.ErrorMessage) 'NotSpecified' $done.VmName))
            }
        }
        $g = Use-LabState -ReadOnly { param($State) $c = [HvLab.LabEngine]::FindCluster($State, $r.Cluster); [HvLab.LabViews]::Group($State, $c, [HvLab.LabEngine]::FindVm($State, $r.VmId)) }
        $g
    }
}

function Add-ClusterVirtualMachineRole {
    [CmdletBinding()]
    [OutputType([Microsoft.FailoverClusters.PowerShell.ClusterGroup])]
    param(
        [ValidateNotNullOrEmpty()] [string] $Name,
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)] [string] $VMName,
        [Alias('VM')] [string] $VirtualMachine,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [guid] $VMId,
        [Parameter(ParameterSetName = 'InputObject', ValueFromPipeline = $true)] [ValidateNotNull()] [psobject] $InputObject,
        [ValidateNotNullOrEmpty()] [string] $Cluster
    )
    process {
        Invoke-LabLatency
        $C = 'Add-ClusterVirtualMachineRole'
        # Not $vmName: PowerShell variables ignore case, and that one is the validated -VMName parameter itself.
        $wanted = if ($VMName) { $VMName } else { $VirtualMachine }
        $r = Use-LabState {
            param($State, $Now)
            $c = Resolve-LabCluster $State $Cluster $C
            if ($c -isnot [HvLab.LabCluster]) { return $c }
            $byId = $VMId -ne [guid]::Empty
            $vm = $State.Vms | Where-Object { $c.Nodes -contains $_.Host -and (($byId -and $_.Id -eq "$VMId") -or (-not $byId -and $_.Name -eq $wanted)) } | Select-Object -First 1
            if (-not $vm) { return New-ClError $C "The virtual machine '$(if ($byId) { $VMId } else { $wanted })' was not found on any node of cluster '$($c.Name)'." 'ObjectNotFound' $wanted }
            [HvLab.LabEngine]::RecordCall($State, 'Add-ClusterVirtualMachineRole', $vm, $env:HVLAB_HOST, $Now)
            if ($vm.Clustered) { return New-ClError $C "The virtual machine '$($vm.Name)' is already clustered (group '$($vm.ClusterGroupName)')." 'ResourceExists' $vm.Name }
            foreach ($p in [HvLab.LabEngine]::VmFiles($vm)) {
                if (-not [HvLab.LabPaths]::IsShared($State, $p, $vm.Host)) {
                    return New-ClError $C ("The virtual machine '$($vm.Name)' cannot be made highly available: its file '$p' is not on cluster storage. " +
                        "Move its files to a cluster shared volume under '$($c.SharedVolumesRoot)' or to an SMB share first (Move-VMStorage).") 'InvalidOperation' $vm.Name
                }
            }
            $vm.Clustered = $true
            $vm.ClusterGroupId = [guid]::NewGuid().ToString()
            $vm.ClusterGroupName = if ($Name) { $Name } else { $vm.Name }
            [HvLab.LabViews]::Group($State, $c, $vm)
        }
        Out-ClResult $PSCmdlet $r
    }
}

function Remove-ClusterGroup {
    [CmdletBinding(DefaultParameterSetName = 'InputObject', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(ValueFromPipelineByPropertyName = $true)] [guid] $VMId,
        [Parameter(Position = 0)] [ValidateNotNullOrEmpty()] [System.Collections.Specialized.StringCollection] $Name,
        [switch] $Force,
        [switch] $RemoveResources,
        [string] $Reason,
        [Parameter(ParameterSetName = 'InputObject', ValueFromPipeline = $true)] [ValidateNotNull()] [psobject] $InputObject,
        [ValidateNotNullOrEmpty()] [string] $Cluster
    )
    process {
        Invoke-LabLatency
        $C = 'Remove-ClusterGroup'
        $names = if ($Name) { @($Name) } elseif ($InputObject) { @("$($InputObject.Name)") } else { @() }
        $byId = $VMId -ne [guid]::Empty
        $found = Use-LabState -ReadOnly {
            param($State)
            $c = Resolve-LabCluster $State $Cluster $C
            if ($c -isnot [HvLab.LabCluster]) { return $c }
            @($State.Vms | Where-Object { $_.Clustered -and $c.Nodes -contains $_.Host -and (($byId -and $_.Id -eq "$VMId") -or (-not $byId -and $_.ClusterGroupName -in $names)) } | ForEach-Object ClusterGroupName)
        }
        if ($found -is [Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($found); return }
        # The real cmdlet asks before it removes a group; in a session that cannot answer, the question fails the
        # command. -Force (or -Confirm:$false) skips it. Asked outside the lab lock, which a prompt would hold.
        $confirmOff = $PSBoundParameters.ContainsKey('Confirm') -and -not $PSBoundParameters['Confirm']
        $approved = @(foreach ($g in @($found)) {
                if (-not $PSCmdlet.ShouldProcess($g, 'Remove-ClusterGroup')) { continue }
                if ($Force -or $confirmOff -or $PSCmdlet.ShouldContinue("Are you sure you want to remove cluster group '$g'?", 'Remove-ClusterGroup')) { $g }
            })
        if (@($found).Count -and -not $approved.Count) { return }
        $r = Use-LabState {
            param($State, $Now)
            $c = Resolve-LabCluster $State $Cluster $C
            if ($c -isnot [HvLab.LabCluster]) { return $c }
            $vms = @($State.Vms | Where-Object { $_.Clustered -and $c.Nodes -contains $_.Host -and (($byId -and $_.Id -eq "$VMId") -or (-not $byId -and $_.ClusterGroupName -in $names)) })
            if (-not $vms) { return New-ClError $C "The cluster group '$(if ($byId) { $VMId } else { $names -join ',' })' was not found in the cluster configuration." 'ObjectNotFound' $names }
            foreach ($vm in $vms) {
                if ($vm.ClusterGroupName -notin $approved) { continue }
                [HvLab.LabEngine]::RecordCall($State, 'Remove-ClusterGroup', $vm, $env:HVLAB_HOST, $Now)
                if (-not $RemoveResources) {
                    New-ClError $C "The cluster group '$($vm.ClusterGroupName)' is not empty; use -RemoveResources to remove its resources first. (0x80071390)" 'InvalidOperation' $vm.ClusterGroupName
                    continue
                }
                # The VM stays registered in Hyper-V on its owner node; only the role goes.
                $vm.Clustered = $false; $vm.ClusterGroupId = $null; $vm.ClusterGroupName = $null
            }
        }
        Out-ClResult $PSCmdlet $r
    }
}

function Suspend-ClusterNode {
    [CmdletBinding(DefaultParameterSetName = 'InputObject', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.FailoverClusters.PowerShell.ClusterNode])]
    param(
        [Parameter(Position = 0)] [ValidateNotNullOrEmpty()] [System.Collections.Specialized.StringCollection] $Name,
        [switch] $Drain,
        [switch] $ForceDrain,
        [switch] $RetryDrainOnFailure,
        [switch] $AvoidPlacement,
        [switch] $Wait,
        [Parameter(Position = 1)] [ValidateNotNullOrEmpty()] [string] $TargetNode,
        [string] $Reason,
        [Parameter(ParameterSetName = 'InputObject', ValueFromPipeline = $true)] [ValidateNotNull()] [psobject] $InputObject,
        [ValidateNotNullOrEmpty()] [string] $Cluster
    )
    process {
        Invoke-LabLatency
        $C = 'Suspend-ClusterNode'
        $nodeNames = if ($Name) { @($Name) } elseif ($InputObject) { @("$($InputObject.Name)") } else { @($env:HVLAB_HOST) }
        $r = Use-LabState {
            param($State, $Now)
            $c = Resolve-LabCluster $State $Cluster $C
            if ($c -isnot [HvLab.LabCluster]) { return $c }
            foreach ($nn in $nodeNames) {
                $ns = [HvLab.LabEngine]::NodeState($c, $nn)
                if (-not $ns) { New-ClError $C "The cluster node '$nn' was not found in the cluster configuration." 'ObjectNotFound' $nn; continue }
                if (-not $PSCmdlet.ShouldProcess($nn, 'Suspend-ClusterNode')) { continue }
                $ns.Paused = $true
                if ($Drain) {
                    $ns.DrainStatus = 'InProgress'; $ns.DrainTarget = $TargetNode
                    $ns.DrainMigrationIds.Clear(); $ns.DrainedVmIds.Clear()
                    $others = @($c.Nodes | Where-Object { $_ -ne $ns.Name -and -not ([HvLab.LabEngine]::FindHost($State, $_).Down) -and -not ([HvLab.LabEngine]::NodeState($c, $_).Paused) })
                    $i = 0
                    foreach ($vm in @($State.Vms | Where-Object { $_.Clustered -and $_.Host -eq $ns.Name })) {
                        $dest = if ($TargetNode) { $TargetNode } elseif ($others.Count) { $others[$i++ % $others.Count] } else { $null }
                        if (-not $dest) { continue }
                        $m = Submit-ClMove $State $Now $c $vm $dest 'Live' $C
                        if ($m -is [HvLab.LabMigration]) {
                            $m.DrainNode = $ns.Name
                            $ns.DrainMigrationIds.Add($m.Id); $ns.DrainedVmIds.Add($vm.Id)
                        } elseif ($m) { $m }
                    }
                    if ($ns.DrainMigrationIds.Count -eq 0) { $ns.DrainStatus = 'Completed' }
                    else {
                        # Moves of stopped VMs complete instantly; settle the drain status now.
                        $ms = @($State.Migrations | Where-Object { $_.Id -in $ns.DrainMigrationIds })
                        if (-not ($ms | Where-Object { [HvLab.LabEngine]::IsActive($_) })) { $ns.DrainStatus = if ($ms | Where-Object Status -ne 'Completed') { 'Failed' } else { 'Completed' } }
                    }
                }
                [pscustomobject]@{ Node = $ns.Name; Migrations = @($ns.DrainMigrationIds); Cluster = $c.Name }
            }
        }
        foreach ($x in $r) {
            if ($x -is [Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($x); continue }
            if ($Wait -and $Drain) { $null = Wait-ClMigrations $x.Migrations -1 }
            Use-LabState -ReadOnly { param($State) [HvLab.LabViews]::Node($State, [HvLab.LabEngine]::FindCluster($State, $x.Cluster), $x.Node) }
        }
    }
}

function Resume-ClusterNode {
    [CmdletBinding(DefaultParameterSetName = 'InputObject')]
    [OutputType([Microsoft.FailoverClusters.PowerShell.ClusterNode])]
    param(
        [Parameter(Position = 0)] [ValidateNotNullOrEmpty()] [System.Collections.Specialized.StringCollection] $Name,
        [Parameter(Position = 1)] [ValidateNotNullOrEmpty()] [Microsoft.FailoverClusters.PowerShell.ResumeClusterNodeFailbackType] $Failback = 'NoFailback',
        [switch] $FailbackStorage,
        [switch] $FailbackVMs,
        [switch] $FailbackPinnedVMsOnly,
        [string] $Reason,
        [Parameter(ParameterSetName = 'InputObject', ValueFromPipeline = $true)] [ValidateNotNull()] [psobject] $InputObject,
        [ValidateNotNullOrEmpty()] [string] $Cluster
    )
    process {
        Invoke-LabLatency
        $C = 'Resume-ClusterNode'
        $nodeNames = if ($Name) { @($Name) } elseif ($InputObject) { @("$($InputObject.Name)") } else { @($env:HVLAB_HOST) }
        $r = Use-LabState {
            param($State, $Now)
            $c = Resolve-LabCluster $State $Cluster $C
            if ($c -isnot [HvLab.LabCluster]) { return $c }
            foreach ($nn in $nodeNames) {
                $ns = [HvLab.LabEngine]::NodeState($c, $nn)
                if (-not $ns) { New-ClError $C "The cluster node '$nn' was not found in the cluster configuration." 'ObjectNotFound' $nn; continue }
                $ns.Paused = $false
                $ns.DrainStatus = 'NotInitiated'
                # Immediate failback moves home the roles drained off this node (Policy: the lab has no failback windows, so none).
                if ("$Failback" -eq 'Immediate' -and $ns.DrainedVmIds.Count) {
                    $ns.FailbackStatus = 'InProgress'; $ns.FailbackMigrationIds.Clear()
                    foreach ($id in @($ns.DrainedVmIds)) {
                        $vm = [HvLab.LabEngine]::FindVm($State, $id)
                        if (-not $vm -or -not $vm.Clustered -or $vm.Host -eq $ns.Name) { continue }
                        $m = Submit-ClMove $State $Now $c $vm $ns.Name 'Live' $C
                        if ($m -is [HvLab.LabMigration]) { $m.FailbackNode = $ns.Name; $ns.FailbackMigrationIds.Add($m.Id) } elseif ($m) { $m }
                    }
                    if ($ns.FailbackMigrationIds.Count -eq 0) { $ns.FailbackStatus = 'Completed' }
                }
                $ns.DrainedVmIds.Clear()
                [HvLab.LabViews]::Node($State, $c, $ns.Name)
            }
        }
        Out-ClResult $PSCmdlet $r
    }
}

Export-ModuleMember -Function Get-Cluster, Get-ClusterNode, Get-ClusterGroup, Get-ClusterSharedVolume, Move-ClusterVirtualMachineRole,
    Add-ClusterVirtualMachineRole, Remove-ClusterGroup, Suspend-ClusterNode, Resume-ClusterNode
