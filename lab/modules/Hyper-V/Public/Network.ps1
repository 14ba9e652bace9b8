# Networking cmdlets: Get-VMSwitch, Get-VMNetworkAdapter, Set-VMNetworkAdapter (hardware-acceleration settings, docs/hyperv.md, "Network adapters and acceleration"), Connect-VMNetworkAdapter.

function Get-VMSwitch {
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    [OutputType([Microsoft.HyperV.PowerShell.VMSwitch])]
    param(
        [Parameter(ParameterSetName = 'Name', Position = 0)]
        [Alias('SwitchName')] [ValidateNotNullOrEmpty()] [string] $Name,
        [Parameter(ParameterSetName = 'Id', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('SwitchId')] [ValidateNotNull()] [guid[]] $Id,
        [Parameter(Position = 1)] [ValidateNotNullOrEmpty()] [string[]] $ResourcePoolName,
        [Microsoft.HyperV.PowerShell.VMSwitchType[]] $SwitchType,
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters GetVMSwitch $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $r = Use-LabState -ReadOnly {
            param($State)
            foreach ($h in Resolve-HvHosts $State GetVMSwitch $ComputerName $CimSession) {
                if ($h -isnot [HvLab.LabHost]) { $h; continue }
                $hits = @(foreach ($w in $h.Switches) {
                        if ($Name -and -not (Test-HvName @($Name) $w.Name)) { continue }
                        if ($Id -and "$($w.Id)" -notin @($Id | ForEach-Object { "$_" })) { continue }
                        $sw = [HvLab.LabViews]::Switch($State, $h, $w)
                        if ($SwitchType -and $sw.SwitchType -notin $SwitchType) { continue }
                        $sw
                    })
                if ($hits.Count -eq 0 -and $Name -and -not [Management.Automation.WildcardPattern]::ContainsWildcardCharacters($Name)) {
                    New-HvError InvalidParameter GetVMSwitch "Hyper-V was unable to find a virtual switch with name `"$Name`"." $Name InvalidArgument
                }
                $hits
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}

function Get-VMNetworkAdapter {
    [CmdletBinding(DefaultParameterSetName = 'VMName')]
    [OutputType([Microsoft.HyperV.PowerShell.VMNetworkAdapter], [Microsoft.HyperV.PowerShell.VMInternalNetworkAdapter])]
    param(
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'ManagementOS')] [Parameter(ParameterSetName = 'All')]
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'ManagementOS')] [Parameter(ParameterSetName = 'All')]
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'ManagementOS')] [Parameter(ParameterSetName = 'All')]
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(ParameterSetName = 'VMName', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [string[]] $VMName,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VirtualMachine[]] $VM,
        [Parameter(ParameterSetName = 'VMSnapshot', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Alias('VMCheckpoint')] [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VMSnapshot] $VMSnapshot,
        [Parameter(ParameterSetName = 'ManagementOS', Mandatory = $true)] [switch] $ManagementOS,
        [Parameter(ParameterSetName = 'All', Mandatory = $true)] [switch] $All,
        [Parameter(ParameterSetName = 'ManagementOS')] [ValidateNotNullOrEmpty()] [string] $SwitchName,
        [Parameter(Position = 1)] [Alias('VMNetworkAdapterName')] [string] $Name,
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'VMObject')]
        [bool] $IsLegacy
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters GetVMNetworkAdapter $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $set = $PSCmdlet.ParameterSetName
        $legacyFilter = $PSBoundParameters.ContainsKey('IsLegacy')
        $r = Use-LabState -ReadOnly {
            param($State)
            $out = [Collections.Generic.List[object]]::new()
            if ($set -in 'ManagementOS', 'All') {
                foreach ($h in Resolve-HvHosts $State GetVMNetworkAdapter $ComputerName $CimSession) {
                    if ($h -isnot [HvLab.LabHost]) { $out.Add($h); continue }
                    foreach ($w in $h.Switches) {
                        $type = if ($w.SwitchType) { $w.SwitchType } else { 'External' }
                        if ($type -eq 'Private' -or $w.AllowManagementOS -eq $false) { continue }
                        if ($SwitchName -and -not (Test-HvName @($SwitchName) $w.Name)) { continue }
                        $out.Add([HvLab.LabViews]::ManagementAdapter($State, $h, $w))
                    }
                    if ($set -eq 'All') { foreach ($v in $State.Vms) { if ($v.Host -eq $h.Name) { foreach ($a in $v.Adapters) { $out.Add([HvLab.LabViews]::Adapter($State, $v, $a)) } } } }
                }
            } else {
                $vms = if ($VMSnapshot) { [HvLab.LabEngine]::FindVm($State, "$($VMSnapshot.VMId)") } else { Resolve-HvVmArgs $State GetVMNetworkAdapter $VMName $VM $ComputerName $CimSession }
                foreach ($v in $vms) {
                    if ($v -isnot [HvLab.LabVm]) { $out.Add($v); continue }
                    foreach ($a in $v.Adapters) {
                        if ($legacyFilter -and $a.IsLegacy -ne $IsLegacy) { continue }
                        $out.Add([HvLab.LabViews]::Adapter($State, $v, $a))
                    }
                }
            }
            $adapters = @($out | Where-Object { $_ -is [Microsoft.HyperV.PowerShell.VMNetworkAdapterBase] })
            $out | Where-Object { $_ -isnot [Microsoft.HyperV.PowerShell.VMNetworkAdapterBase] }
            if ($Name) {
                $hit = @($adapters | Where-Object { Test-HvName @($Name) $_.Name })
                # A name filter that matches nothing is an error, as in the real module.
                if ($hit.Count -eq 0 -and $adapters.Count -gt 0) {
                    New-HvError ObjectNotFound GetVMNetworkAdapter "No network adapter is found for the given criteria: name `"$Name`"." $Name ObjectNotFound
                }
                $hit
            } else { $adapters }
        }
        Out-HvResult $PSCmdlet $r
    }
}

function Set-VMNetworkAdapter {
    [CmdletBinding(DefaultParameterSetName = 'VMName', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.HyperV.PowerShell.VMNetworkAdapter], [Microsoft.HyperV.PowerShell.VMInternalNetworkAdapter])]
    param(
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'ManagementOS')]
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'ManagementOS')]
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'ManagementOS')]
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(ParameterSetName = 'VMName', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [string] $VMName,
        [Parameter(ParameterSetName = 'ResourceObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Microsoft.HyperV.PowerShell.VMNetworkAdapterBase] $VMNetworkAdapter,
        [Parameter(ParameterSetName = 'ManagementOS', Mandatory = $true)] [switch] $ManagementOS,
        [Parameter(ParameterSetName = 'VMObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VirtualMachine] $VM,
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'ManagementOS')] [Parameter(ParameterSetName = 'VMObject')]
        [Alias('VMNetworkAdapterName')] [string] $Name,
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'ResourceObject')] [Parameter(ParameterSetName = 'VMObject')]
        [switch] $DynamicMacAddress,
        [Parameter(ParameterSetName = 'VMName')] [Parameter(ParameterSetName = 'ResourceObject')] [Parameter(ParameterSetName = 'VMObject')]
        [ValidateNotNullOrEmpty()] [string] $StaticMacAddress,
        [ValidateNotNullOrEmpty()] [ValidateNotNull()] [Nullable[Microsoft.HyperV.PowerShell.OnOffState]] $MacAddressSpoofing,
        [ValidateNotNull()] [Nullable[Microsoft.HyperV.PowerShell.OnOffState]] $DhcpGuard,
        [ValidateNotNull()] [Nullable[Microsoft.HyperV.PowerShell.OnOffState]] $RouterGuard,
        [ValidateNotNull()] [Nullable[Microsoft.HyperV.PowerShell.VMNetworkAdapterPortMirroringMode]] $PortMirroring,
        [ValidateNotNull()] [Nullable[Microsoft.HyperV.PowerShell.OnOffState]] $IeeePriorityTag,
        [ValidateNotNull()] [Nullable[uint32]] $VmqWeight,
        [ValidateNotNull()] [Nullable[uint32]] $IovQueuePairsRequested,
        [ValidateNotNull()] [Nullable[Microsoft.HyperV.PowerShell.IovInterruptModerationValue]] $IovInterruptModeration,
        [ValidateNotNull()] [Nullable[uint32]] $IovWeight,
        [ValidateNotNull()] [Nullable[uint32]] $IPsecOffloadMaximumSecurityAssociation,
        [ValidateNotNull()] [Nullable[long]] $MaximumBandwidth,
        [ValidateNotNull()] [Nullable[long]] $MinimumBandwidthAbsolute,
        [ValidateNotNull()] [Nullable[uint32]] $MinimumBandwidthWeight,
        [string[]] $MandatoryFeatureId,
        [ValidateNotNullOrEmpty()] [string] $ResourcePoolName,
        [string] $TestReplicaPoolName,
        [string] $TestReplicaSwitchName,
        [ValidateNotNull()] [Nullable[uint32]] $VirtualSubnetId,
        [ValidateNotNullOrEmpty()] [ValidateNotNull()] [Nullable[Microsoft.HyperV.PowerShell.OnOffState]] $AllowTeaming,
        [ValidateNotNull()] [Nullable[bool]] $NotMonitoredInCluster,
        [ValidateNotNull()] [Nullable[uint32]] $StormLimit,
        [ValidateNotNull()] [Nullable[uint32]] $DynamicIPAddressLimit,
        [ValidateNotNull()] [Nullable[Microsoft.HyperV.PowerShell.OnOffState]] $DeviceNaming,
        [ValidateNotNull()] [Nullable[Microsoft.HyperV.PowerShell.OnOffState]] $FixSpeed10G,
        [ValidateNotNull()] [Nullable[uint32]] $PacketDirectNumProcs,
        [ValidateNotNull()] [Nullable[uint32]] $PacketDirectModerationCount,
        [ValidateNotNull()] [Nullable[uint32]] $PacketDirectModerationInterval,
        [ValidateNotNull()] [Nullable[bool]] $VrssEnabled,
        [ValidateNotNull()] [Nullable[bool]] $VmmqEnabled,
        [switch] $Passthru
    )
    # The vRSS queue settings differ by host version: a 2016 host has -VmmqQueuePairs only, 2019 and later have
    # -VrssMaxQueuePairs (alias VmmqQueuePairs) and more, so a 2016 host refuses the newer ones at binding.
    DynamicParam { New-HvAdapterVersionParameters (Get-LabShape) }
    process {
        Invoke-LabLatency
        $C = 'SetVMNetworkAdapter'
        $bad = Test-HvServerParameters $C $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $VrssMaxQueuePairs = if ($PSBoundParameters.ContainsKey('VrssMaxQueuePairs')) { $PSBoundParameters['VrssMaxQueuePairs'] } else { $PSBoundParameters['VmmqQueuePairs'] }
        $VrssMinQueuePairs = $PSBoundParameters['VrssMinQueuePairs']
        $VrssQueueSchedulingMode = $PSBoundParameters['VrssQueueSchedulingMode']
        $VrssExcludePrimaryProcessor = $PSBoundParameters['VrssExcludePrimaryProcessor']
        $VrssIndependentHostSpreading = $PSBoundParameters['VrssIndependentHostSpreading']
        $VrssVmbusChannelAffinityPolicy = $PSBoundParameters['VrssVmbusChannelAffinityPolicy']
        # Cmdlet-side validation, as the real module's parameter validator does it.
        $err = $null
        if ($null -ne $IovWeight -and $IovWeight -gt 100) { $err = "The IOV weight '$IovWeight' is out of range. Valid values are 0 through 100." }
        elseif ($null -ne $IovQueuePairsRequested -and $IovQueuePairsRequested -lt 1) { $err = 'The number of requested IOV queue pairs must be at least 1.' }
        elseif ($null -ne $VrssMaxQueuePairs -and $VrssMaxQueuePairs -lt 1) { $err = 'The maximum number of vRSS queue pairs must be at least 1.' }
        elseif ($null -ne $VrssMinQueuePairs -and $VrssMinQueuePairs -lt 1) { $err = 'The minimum number of vRSS queue pairs must be at least 1.' }
        elseif ($null -ne $VrssMinQueuePairs -and $null -ne $VrssMaxQueuePairs -and $VrssMinQueuePairs -gt $VrssMaxQueuePairs) { $err = 'The minimum number of vRSS queue pairs cannot be greater than the maximum number of vRSS queue pairs.' }
        elseif ($null -ne $VrssVmbusChannelAffinityPolicy -and $VrssVmbusChannelAffinityPolicy -eq 'None') { $err = "The VMBus channel affinity policy 'None' is not valid. Valid values are Weak, Strong and Strict." }
        elseif ($null -ne $MinimumBandwidthWeight -and $MinimumBandwidthWeight -gt 100) { $err = "The minimum bandwidth weight '$MinimumBandwidthWeight' is out of range. Valid values are 0 through 100." }
        elseif ($StaticMacAddress -and $DynamicMacAddress) { $err = 'The parameters StaticMacAddress and DynamicMacAddress cannot be used together.' }
        elseif ($StaticMacAddress -and $StaticMacAddress -notmatch '^([0-9A-Fa-f]{2}[:-]?){5}[0-9A-Fa-f]{2}$') { $err = "The MAC address '$StaticMacAddress' has an invalid format." }
        elseif ($MandatoryFeatureId -and $ManagementOS) { $err = 'The parameter MandatoryFeatureId cannot be used with ManagementOS.' }
        elseif ($ManagementOS -and ($null -ne $NotMonitoredInCluster -or $TestReplicaSwitchName -or $TestReplicaPoolName -or $ResourcePoolName)) { $err = 'The specified parameters are not valid for a management operating system network adapter.' }
        if ($err) { $PSCmdlet.WriteError((New-HvError InvalidParameter $C $err $null)); return }
        # Range checks the cmdlet leaves to WMI: VMQ weight 0-100; IPsec SAs upper bound 4096 (bound UNCONFIRMED,
        # no public source; docs/hyperv.md, "Network adapters and acceleration"). WMI rejects with "invalid parameter" (32773) -> InvalidParameter.
        $wmiErr = $null
        if ($null -ne $VmqWeight -and $VmqWeight -gt 100) { $wmiErr = "Failed to modify device 'Ethernet Connection'.`nInvalid parameter: VMQ weight '$VmqWeight' is out of range (0-100). (0x80041008)" }
        elseif ($null -ne $IPsecOffloadMaximumSecurityAssociation -and $IPsecOffloadMaximumSecurityAssociation -gt 4096) { $wmiErr = "Failed to modify device 'Ethernet Connection'.`nInvalid parameter: IPsec task offload security associations '$IPsecOffloadMaximumSecurityAssociation' is out of range (0-4096). (0x80041008)" }
        $set = $PSCmdlet.ParameterSetName
        $r = Use-LabState {
            param($State)
            if ($set -eq 'ManagementOS') {
                foreach ($h in Resolve-HvHosts $State $C $ComputerName $CimSession) {
                    if ($h -isnot [HvLab.LabHost]) { $h; continue }
                    foreach ($w in $h.Switches) { if (-not $Name -or (Test-HvName @($Name) $w.Name)) { if ($Passthru) { [HvLab.LabViews]::ManagementAdapter($State, $h, $w) } } }
                }
                return
            }
            # @(): a single target is one pair, which a bare assignment would unroll into its two halves.
            $targets = @(switch ($set) {
                'ResourceObject' {
                    $v = [HvLab.LabEngine]::FindVm($State, "$($VMNetworkAdapter.VMId)")
                    if ($v) { foreach ($a in $v.Adapters) { if ($VMNetworkAdapter.Id -like "*$($a.Id)" -or ($VMNetworkAdapter.Name -eq $a.Name -and -not $VMNetworkAdapter.Id)) { , @($v, $a) } } }
                }
                default {
                    $vms = if ($VM) { Resolve-HvVmArgs $State $C $null @($VM) $null $null } else { Resolve-HvVmArgs $State $C @($VMName) $null $ComputerName $CimSession }
                    foreach ($v in $vms) {
                        if ($v -isnot [HvLab.LabVm]) { $v; continue }
                        foreach ($a in $v.Adapters) { if (-not $Name -or (Test-HvName @($Name) $a.Name)) { , @($v, $a) } }
                    }
                }
            })
            foreach ($t in $targets) {
                if ($t -is [Management.Automation.ErrorRecord]) { $t; continue }
                $v, $a = $t
                if (-not $PSCmdlet.ShouldProcess("$($v.Name)\$($a.Name)", 'Set-VMNetworkAdapter')) { continue }
                if ($wmiErr) { New-HvError InvalidParameter $C $wmiErr ([HvLab.LabViews]::Adapter($State, $v, $a)) InvalidArgument; continue }
                if ($null -ne $VmqWeight) { $a.VmqWeight = $VmqWeight }
                if ($null -ne $IPsecOffloadMaximumSecurityAssociation) { $a.IPsecOffloadMaxSA = $IPsecOffloadMaximumSecurityAssociation }
                if ($null -ne $IovWeight) { $a.IovWeight = $IovWeight }
                if ($null -ne $IovQueuePairsRequested) { $a.IovQueuePairsRequested = $IovQueuePairsRequested }
                if ($null -ne $IovInterruptModeration) { $a.IovInterruptModeration = "$IovInterruptModeration" }
                if ($null -ne $VrssEnabled) { $a.VrssEnabled = $VrssEnabled }
                if ($null -ne $VmmqEnabled) { $a.VmmqEnabled = $VmmqEnabled }
                if ($null -ne $VrssMaxQueuePairs) { $a.VrssMaxQueuePairs = $VrssMaxQueuePairs }
                if ($null -ne $VrssMinQueuePairs) { $a.VrssMinQueuePairs = $VrssMinQueuePairs }
                if ($a.VrssMinQueuePairs -gt $a.VrssMaxQueuePairs) { $a.VrssMinQueuePairs = $a.VrssMaxQueuePairs }
                if ($null -ne $VrssQueueSchedulingMode) { $a.VrssQueueSchedulingMode = "$VrssQueueSchedulingMode" }
                if ($null -ne $VrssExcludePrimaryProcessor) { $a.VrssExcludePrimaryProcessor = $VrssExcludePrimaryProcessor }
                if ($null -ne $VrssIndependentHostSpreading) { $a.VrssIndependentHostSpreading = $VrssIndependentHostSpreading }
                if ($null -ne $VrssVmbusChannelAffinityPolicy) { $a.VrssVmbusChannelAffinityPolicy = "$VrssVmbusChannelAffinityPolicy" }
                if ($null -ne $PacketDirectNumProcs) { $a.PacketDirectNumProcs = $PacketDirectNumProcs }
                if ($null -ne $PacketDirectModerationCount) { $a.PacketDirectModerationCount = $PacketDirectModerationCount }
                if ($null -ne $PacketDirectModerationInterval) { $a.PacketDirectModerationInterval = $PacketDirectModerationInterval }
                if ($null -ne $MacAddressSpoofing) { $a.MacAddressSpoofing = "$MacAddressSpoofing" }
                if ($null -ne $DhcpGuard) { $a.DhcpGuard = "$DhcpGuard" }
                if ($null -ne $RouterGuard) { $a.RouterGuard = "$RouterGuard" }
                if ($null -ne $AllowTeaming) { $a.AllowTeaming = "$AllowTeaming" }
                if ($null -ne $DeviceNaming) { $a.DeviceNaming = "$DeviceNaming" }
                if ($null -ne $IeeePriorityTag) { $a.IeeePriorityTag = "$IeeePriorityTag" }
                if ($null -ne $PortMirroring) { $a.PortMirroringMode = "$PortMirroring" }
                if ($null -ne $MinimumBandwidthWeight) { $a.MinimumBandwidthWeight = $MinimumBandwidthWeight }
                if ($null -ne $NotMonitoredInCluster) { $a.NotMonitoredInCluster = $NotMonitoredInCluster }
                if ($StaticMacAddress) { $a.MacAddress = ($StaticMacAddress -replace '[:-]', '').ToUpperInvariant(); $a.DynamicMacAddress = $false }
                if ($DynamicMacAddress) { $a.DynamicMacAddress = $true }
                if ($Passthru) { [HvLab.LabViews]::Adapter($State, $v, $a) }
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}

function Connect-VMNetworkAdapter {
    <# Connects VM network adapters to a switch (how a 33012 incompatibility is fixed). An adapter of the planned VM
       that Compare-VM reports (its ComputerName is the destination, not the host the VM lives on) is changed in that
       report only: the lab keeps planned VMs in their compatibility reports, and a move from the report carries the
       new switch to the destination. -UseAutomaticConnection needs an Ethernet resource pool, which the lab has not. #>
    [CmdletBinding(DefaultParameterSetName = 'Name_SwitchName', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.HyperV.PowerShell.VMNetworkAdapter])]
    param(
        [Parameter(ParameterSetName = 'Name_SwitchName')] [Parameter(ParameterSetName = 'Name_UseAutomaticConnection')]
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'Name_SwitchName')] [Parameter(ParameterSetName = 'Name_UseAutomaticConnection')]
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'Name_SwitchName')] [Parameter(ParameterSetName = 'Name_UseAutomaticConnection')]
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(ParameterSetName = 'Name_SwitchName', Mandatory = $true, Position = 0)]
        [Parameter(ParameterSetName = 'Name_SwitchObject', Mandatory = $true, Position = 0)]
        [Parameter(ParameterSetName = 'Name_UseAutomaticConnection', Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()] [string[]] $VMName,
        [Parameter(ParameterSetName = 'Object_SwitchName', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'Object_SwitchObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'Object_UseAutomaticConnection', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [Microsoft.HyperV.PowerShell.VMNetworkAdapter[]] $VMNetworkAdapter,
        [Parameter(ParameterSetName = 'Name_SwitchName', Position = 1)]
        [Parameter(ParameterSetName = 'Name_SwitchObject', Position = 1)]
        [Parameter(ParameterSetName = 'Name_UseAutomaticConnection', Position = 1)]
        [Alias('VMNetworkAdapterName')] [ValidateNotNullOrEmpty()] [string[]] $Name,
        [Parameter(ParameterSetName = 'Name_SwitchName', Mandatory = $true, Position = 2)]
        [Parameter(ParameterSetName = 'Object_SwitchName', Mandatory = $true, Position = 1)]
        [ValidateNotNullOrEmpty()] [string] $SwitchName,
        [Parameter(ParameterSetName = 'Name_SwitchObject', Mandatory = $true, Position = 2, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'Object_SwitchObject', Mandatory = $true, Position = 1, ValueFromPipeline = $true)]
        [ValidateNotNull()] [Microsoft.HyperV.PowerShell.VMSwitch] $VMSwitch,
        [Parameter(ParameterSetName = 'Name_UseAutomaticConnection', Mandatory = $true)]
        [Parameter(ParameterSetName = 'Object_UseAutomaticConnection', Mandatory = $true)]
        [switch] $UseAutomaticConnection,
        [switch] $Passthru
    )
    process {
        Invoke-LabLatency
        $C = 'ConnectVMNetworkAdapter'
        $bad = Test-HvServerParameters $C $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        if ($UseAutomaticConnection) {
            # Lab wording: the real text for a missing resource pool is not known.
            $PSCmdlet.WriteError((New-HvError InvalidParameter $C 'No Ethernet resource pool is configured on this host, so the adapter cannot be connected automatically.' $null InvalidArgument)); return
        }
        $wanted = if ($VMSwitch) { $VMSwitch.Name } else { $SwitchName }
        $byObject = $PSCmdlet.ParameterSetName -like 'Object_*'
        $r = Use-LabState {
            param($State)
            $targets = if ($byObject) { Resolve-HvAdapterObjects $State $C $VMNetworkAdapter } else { Resolve-HvAdapterNames $State $C $VMName $Name $ComputerName $CimSession }
            foreach ($t in $targets) {
                if ($t -is [Management.Automation.ErrorRecord]) { $t; continue }
                $h = [HvLab.LabEngine]::FindHost($State, $t.Host)
                $w = $h.Switches | Where-Object { [HvLab.LabEngine]::Same($_.Name, $wanted) } | Select-Object -First 1
                if ($VMSwitch -and $w -and -not [HvLab.LabEngine]::Same($VMSwitch.ComputerName, $h.Name)) { $w = $null }
                if (-not $w) {
                    New-HvError InvalidParameter $C "Hyper-V was unable to find a virtual switch with name `"$wanted`"." $wanted InvalidArgument
                    continue
                }
                if (-not $PSCmdlet.ShouldProcess("$($t.VmName)\$($t.AdapterName)", "Connect-VMNetworkAdapter to $($w.Name)")) { continue }
                if ($t.Planned) {
                    $t.Planned.SwitchName = $w.Name; $t.Planned.SwitchId = [guid] $w.Id; $t.Planned.Connected = $true
                    if ($Passthru) { $t.Planned }
                } else {
                    $t.Adapter.SwitchName = $w.Name
                    if ($Passthru) { [HvLab.LabViews]::Adapter($State, $t.Vm, $t.Adapter) }
                }
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}

function Resolve-HvAdapterObjects {
    <# VMNetworkAdapter objects -> targets: the lab adapter of a VM where it lives, or a planned VM's adapter object. #>
    param($State, [string] $Class, $Adapters)
    foreach ($o in $Adapters) {
        $v = [HvLab.LabEngine]::FindVm($State, "$($o.VMId)")
        $a = if ($v) { $v.Adapters | Where-Object { $o.Id -like "*\$($_.Id)" } | Select-Object -First 1 }
        if (-not $a) {
            New-HvError ObjectNotFound $Class "No network adapter is found for the given criteria: $($o.Name) of virtual machine '$($o.VMName)'." $o ObjectNotFound
            continue
        }
        $planned = if ([HvLab.LabEngine]::Same($o.ComputerName, $v.Host)) { $null } else { $o }
        $where = if ($planned) { $o.ComputerName } else { $v.Host }
        [pscustomobject]@{ Vm = $v; Adapter = $a; Planned = $planned; Host = $where; VmName = $v.Name; AdapterName = $a.Name }
    }
}

function Resolve-HvAdapterNames {
    <# -VMName [-Name] on -ComputerName hosts -> targets (adapters of VMs where they live). #>
    param($State, [string] $Class, $VMName, $Name, $ComputerName, $CimSession)
    foreach ($v in Resolve-HvVmArgs $State $Class $VMName $null $ComputerName $CimSession) {
        if ($v -isnot [HvLab.LabVm]) { $v; continue }
        $hits = @($v.Adapters | Where-Object { Test-HvName $Name $_.Name })
        if ($hits.Count -eq 0) {
            New-HvError ObjectNotFound $Class "No network adapter is found for the given criteria: name `"$($Name -join ', ')`" of virtual machine '$($v.Name)'." $v.Name ObjectNotFound
        }
        foreach ($a in $hits) { [pscustomobject]@{ Vm = $v; Adapter = $a; Planned = $null; Host = $v.Host; VmName = $v.Name; AdapterName = $a.Name } }
    }
}
