# Host-level cmdlets: Get-/Set-VMHost, Enable-/Disable-VMMigration, migration networks, supported versions.

function Get-VMHost {
    [CmdletBinding(DefaultParameterSetName = 'ComputerName')]
    [OutputType([Microsoft.HyperV.PowerShell.VMHost])]
    param(
        [Parameter(ParameterSetName = 'CimSession', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'ComputerName', Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'ComputerName', Position = 1, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters GetVMHost $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $r = Use-LabState -ReadOnly {
            param($State)
            foreach ($h in Resolve-HvHosts $State GetVMHost $ComputerName $CimSession) {
                if ($h -is [HvLab.LabHost]) { [HvLab.LabViews]::Host($State, $h) } else { $h }
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}

function Set-VMHost {
    [CmdletBinding(DefaultParameterSetName = 'ComputerName', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.HyperV.PowerShell.VMHost])]
    param(
        [Parameter(ParameterSetName = 'CimSession', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'ComputerName', Position = 0)]
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'ComputerName', Position = 1)]
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [uint32] $MaximumStorageMigrations,
        [uint32] $MaximumVirtualMachineMigrations,
        [Microsoft.HyperV.PowerShell.MigrationAuthenticationType] $VirtualMachineMigrationAuthenticationType,
        [bool] $UseAnyNetworkForMigration,
        [Microsoft.HyperV.PowerShell.VMMigrationPerformance] $VirtualMachineMigrationPerformanceOption,
        [ValidateNotNull()] [Nullable[timespan]] $ResourceMeteringSaveInterval,
        [ValidateNotNullOrEmpty()] [string] $VirtualHardDiskPath,
        [ValidateNotNullOrEmpty()] [string] $VirtualMachinePath,
        [ValidateNotNullOrEmpty()] [string] $MacAddressMaximum,
        [ValidateNotNullOrEmpty()] [string] $MacAddressMinimum,
        [ValidateNotNullOrEmpty()] [string] $FibreChannelWwnn,
        [ValidateNotNullOrEmpty()] [string] $FibreChannelWwpnMaximum,
        [ValidateNotNullOrEmpty()] [string] $FibreChannelWwpnMinimum,
        [Nullable[bool]] $NumaSpanningEnabled,
        [Nullable[bool]] $EnableEnhancedSessionMode,
        [switch] $Passthru
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters SetVMHost $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $bp = $PSBoundParameters
        if ($bp.ContainsKey('ResourceMeteringSaveInterval') -and ($ResourceMeteringSaveInterval.Value.TotalHours -lt 1 -or $ResourceMeteringSaveInterval.Value.TotalHours -gt 24)) {
            $PSCmdlet.WriteError((New-HvError InvalidParameter SetVMHost 'The resource metering save interval must be between 1 hour and 24 hours.' $ResourceMeteringSaveInterval)); return
        }
        foreach ($p in 'VirtualHardDiskPath', 'VirtualMachinePath') {
            if ($bp.ContainsKey($p) -and -not [HvLab.LabPaths]::IsFullPath($bp[$p])) {
                $PSCmdlet.WriteError((New-HvError InvalidParameter SetVMHost "The path '$($bp[$p])' is not a valid full path." $bp[$p])); return
            }
        }
        $r = Use-LabState {
            param($State)
            foreach ($h in Resolve-HvHosts $State SetVMHost $ComputerName $CimSession) {
                if ($h -isnot [HvLab.LabHost]) { $h; continue }
                if (-not $PSCmdlet.ShouldProcess($h.Name, 'Set-VMHost')) { continue }
                $m = $h.Migration
                if ($bp.ContainsKey('MaximumStorageMigrations')) { $m.MaximumStorageMigrations = $MaximumStorageMigrations }
                if ($bp.ContainsKey('MaximumVirtualMachineMigrations')) { $m.MaximumVirtualMachineMigrations = $MaximumVirtualMachineMigrations }
                if ($bp.ContainsKey('VirtualMachineMigrationAuthenticationType')) { $m.AuthenticationType = "$VirtualMachineMigrationAuthenticationType" }
                if ($bp.ContainsKey('VirtualMachineMigrationPerformanceOption')) { $m.PerformanceOption = "$VirtualMachineMigrationPerformanceOption" }
                if ($bp.ContainsKey('UseAnyNetworkForMigration')) { $m.UseAnyNetwork = $UseAnyNetworkForMigration }
                if ($bp.ContainsKey('VirtualHardDiskPath')) { $h.VirtualHardDiskPath = [HvLab.LabPaths]::Norm($VirtualHardDiskPath) }
                if ($bp.ContainsKey('VirtualMachinePath')) { $h.VirtualMachinePath = [HvLab.LabPaths]::Norm($VirtualMachinePath) }
                if ($bp.ContainsKey('MacAddressMinimum')) { $h.MacAddressMinimum = $MacAddressMinimum }
                if ($bp.ContainsKey('MacAddressMaximum')) { $h.MacAddressMaximum = $MacAddressMaximum }
                if ($null -ne $NumaSpanningEnabled) { $h.NumaSpanningEnabled = $NumaSpanningEnabled.Value }
                if ($null -ne $EnableEnhancedSessionMode) { $h.EnableEnhancedSessionMode = $EnableEnhancedSessionMode.Value }
                if ($bp.ContainsKey('ResourceMeteringSaveInterval')) { $h.ResourceMeteringSaveIntervalHours = $ResourceMeteringSaveInterval.Value.TotalHours }
                # A raised limit may let queued migrations start right now.
                [HvLab.LabEngine]::TryStartQueued($State, [DateTime]::UtcNow)
                if ($Passthru) { [HvLab.LabViews]::Host($State, $h) }
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}

function Set-HvMigrationEnabled {
    param($Cmdlet, [string] $Class, [bool] $Enabled, $ComputerName, $Credential, $CimSession, [bool] $Passthru)
    Invoke-LabLatency
    $bad = Test-HvServerParameters $Class $ComputerName $Credential $CimSession
    if ($bad) { $Cmdlet.WriteError($bad); return }
    $r = Use-LabState {
        param($State)
        foreach ($h in Resolve-HvHosts $State $Class $ComputerName $CimSession) {
            if ($h -isnot [HvLab.LabHost]) { $h; continue }
            if (-not $Cmdlet.ShouldProcess($h.Name, $(if ($Enabled) { 'Enable-VMMigration' } else { 'Disable-VMMigration' }))) { continue }
            $h.Migration.Enabled = $Enabled
            if ($Passthru) { [HvLab.LabViews]::Host($State, $h) }
        }
    }
    Out-HvResult $Cmdlet $r
}

function Enable-VMMigration {
    [CmdletBinding(DefaultParameterSetName = 'ComputerName', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.HyperV.PowerShell.VMHost])]
    param(
        [Parameter(ParameterSetName = 'CimSession', Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'ComputerName', Position = 0)]
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'ComputerName', Position = 1)]
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [switch] $Passthru
    )
    process { Set-HvMigrationEnabled $PSCmdlet EnableVMMigration $true $ComputerName $Credential $CimSession $Passthru.IsPresent }
}

function Disable-VMMigration {
    [CmdletBinding(DefaultParameterSetName = 'ComputerName', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.HyperV.PowerShell.VMHost])]
    param(
        [Parameter(ParameterSetName = 'CimSession', Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'ComputerName', Position = 0)]
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'ComputerName', Position = 1)]
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [switch] $Passthru
    )
    process { Set-HvMigrationEnabled $PSCmdlet DisableVMMigration $false $ComputerName $Credential $CimSession $Passthru.IsPresent }
}

function Get-VMMigrationNetwork {
    [CmdletBinding()]
    [OutputType([Microsoft.HyperV.PowerShell.VMMigrationNetwork])]
    param(
        [Parameter(ValueFromPipelineByPropertyName = $true)] [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ValueFromPipeline = $true)] [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [Parameter(Position = 0)] [ValidateNotNullOrEmpty()] [string[]] $Subnet,
        [ValidateNotNullOrEmpty()] [uint32[]] $Priority
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters GetVMMigrationNetwork $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $r = Use-LabState -ReadOnly {
            param($State)
            foreach ($h in Resolve-HvHosts $State GetVMMigrationNetwork $ComputerName $CimSession) {
                if ($h -isnot [HvLab.LabHost]) { $h; continue }
                foreach ($n in $h.Migration.Networks) {
                    if (-not (Test-HvName $Subnet $n.Subnet)) { continue }
                    if ($Priority -and $n.Priority -notin $Priority) { continue }
                    [Microsoft.HyperV.PowerShell.VMMigrationNetwork]@{ Subnet = $n.Subnet; Priority = $n.Priority; ComputerName = $h.Name }
                }
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}

function Test-HvSubnet([string] $s) {
    $parts = $s -split '/'
    if ($parts.Count -gt 2) { return $false }
    $ip = $null
    if (-not [Net.IPAddress]::TryParse($parts[0], [ref] $ip)) { return $false }
    if ($parts.Count -eq 2) {
        $len = 0
        $max = if ($ip.AddressFamily -eq 'InterNetworkV6') { 128 } else { 32 }
        if (-not [int]::TryParse($parts[1], [ref] $len) -or $len -lt 0 -or $len -gt $max) { return $false }
    }
    $true
}

function Add-VMMigrationNetwork {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.HyperV.PowerShell.VMMigrationNetwork])]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [string] $Subnet,
        [Parameter(Position = 1)] [ValidateNotNullOrEmpty()] [uint32] $Priority,
        [switch] $Passthru,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters AddVMMigrationNetwork $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        if (-not (Test-HvSubnet $Subnet)) { $PSCmdlet.WriteError((New-HvError InvalidParameter AddVMMigrationNetwork "The subnet '$Subnet' is not a valid IP address or subnet." $Subnet)); return }
        $prio = if ($PSBoundParameters.ContainsKey('Priority')) { [int] $Priority } else { $null }
        $r = Use-LabState {
            param($State)
            foreach ($h in Resolve-HvHosts $State AddVMMigrationNetwork $ComputerName $CimSession) {
                if ($h -isnot [HvLab.LabHost]) { $h; continue }
                if (-not $PSCmdlet.ShouldProcess($h.Name, "Add-VMMigrationNetwork $Subnet")) { continue }
                if (-not ($h.Migration.Networks | Where-Object Subnet -eq $Subnet)) {
                    $n = [HvLab.LabMigrationNetwork]::new(); $n.Subnet = $Subnet; $n.Priority = $prio
                    $h.Migration.Networks.Add($n)
                }
                if ($Passthru) { [Microsoft.HyperV.PowerShell.VMMigrationNetwork]@{ Subnet = $Subnet; Priority = $prio; ComputerName = $h.Name } }
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}

function Remove-VMMigrationNetwork {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType([Microsoft.HyperV.PowerShell.VMMigrationNetwork])]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()] [string] $Subnet,
        [switch] $Passthru,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters RemoveVMMigrationNetwork $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $r = Use-LabState {
            param($State)
            foreach ($h in Resolve-HvHosts $State RemoveVMMigrationNetwork $ComputerName $CimSession) {
                if ($h -isnot [HvLab.LabHost]) { $h; continue }
                foreach ($n in @($h.Migration.Networks | Where-Object { Test-HvName @($Subnet) $_.Subnet })) {
                    if (-not $PSCmdlet.ShouldProcess($h.Name, "Remove-VMMigrationNetwork $($n.Subnet)")) { continue }
                    $null = $h.Migration.Networks.Remove($n)
                    if ($Passthru) { [Microsoft.HyperV.PowerShell.VMMigrationNetwork]@{ Subnet = $n.Subnet; Priority = $n.Priority; ComputerName = $h.Name; IsDeleted = $true } }
                }
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}

function Get-VMHostSupportedVersion {
    [CmdletBinding(DefaultParameterSetName = 'ComputerName')]
    [OutputType([Microsoft.HyperV.PowerShell.VMHostSupportedVersion])]
    param(
        [Parameter(ParameterSetName = 'CimSession', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [ValidateNotNullOrEmpty()] [CimSession[]] $CimSession,
        [Parameter(ParameterSetName = 'ComputerName', Position = 0, ValueFromPipeline = $true)]
        [ValidateNotNullOrEmpty()] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'ComputerName', Position = 1)]
        [ValidateNotNullOrEmpty()] [pscredential[]] $Credential,
        [switch] $Default
    )
    process {
        Invoke-LabLatency
        $bad = Test-HvServerParameters GetVMHostSupportedVersion $ComputerName $Credential $CimSession
        if ($bad) { $PSCmdlet.WriteError($bad); return }
        $names = @{ '5.0' = 'Microsoft Windows Server 2012 R2/Windows 8.1'; '6.2' = 'Microsoft Windows 10 1507/Windows Server 2016 Technical Preview 3'
            '7.0' = 'Microsoft Windows 10 1511/Windows Server 2016 Technical Preview 4'; '7.1' = 'Microsoft Windows 10 1511 (Update 1)/Windows Server 2016 Technical Preview 5'
            '8.0' = 'Microsoft Windows 10 Anniversary Update/Windows Server 2016'; '8.1' = 'Microsoft Windows 10 Creators Update'
            '8.2' = 'Microsoft Windows 10 Fall Creators Update/Windows Server 1709'; '8.3' = 'Microsoft Windows 10 April 2018 Update/Windows Server 1803'
            '9.0' = 'Microsoft Windows 10 October 2018 Update/Windows Server 2019'; '9.1' = 'Microsoft Windows 10 May 2019 Update/Windows Server 1903'
            '9.2' = 'Microsoft Windows 10 May 2020 Update/Windows Server 2004'; '9.3' = 'Microsoft Windows 10 20H2 Update/Windows Server 20H2'
            '10.0' = 'Microsoft Windows Server 2022/Windows 11'; '11.0' = 'Microsoft Windows 11 22H2'; '12.0' = 'Microsoft Windows Server 2025/Windows 11 24H2' }
        $r = Use-LabState -ReadOnly {
            param($State)
            foreach ($h in Resolve-HvHosts $State GetVMHostSupportedVersion $ComputerName $CimSession) {
                if ($h -isnot [HvLab.LabHost]) { $h; continue }
                $dflt = [HvLab.LabEngine]::DefaultVersion($h.Os)
                foreach ($v in [HvLab.LabEngine]::SupportedVersions($h.Os)) {
                    if ($Default -and $v -ne $dflt) { continue }
                    [Microsoft.HyperV.PowerShell.VMHostSupportedVersion]@{ Name = $names[$v]; Version = [version] $v; IsDefault = ($v -eq $dflt); ComputerName = $h.Name }
                }
            }
        }
        Out-HvResult $PSCmdlet $r
    }
}
