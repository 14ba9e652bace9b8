# The lab's SmbShare module: Get-/Set-/Remove-SmbBandwidthLimit over this host's limits in the lab state
# (LabHost.Smb, LabCore/src/LabSmb.cs). The real-module data has no SmbShare module, so this follows Microsoft's
# SmbShare reference (windowsserver2016/2019/2022/2025-ps, and the 2012 R2 pages for the parameter set names):
# - Get-SmbBandwidthLimit [[-Category] <BandwidthLimitCategory[]>] (set "Query (cdxml)"; -Category by property name);
# - Set-SmbBandwidthLimit -Category <BandwidthLimitCategory> -BytesPerSecond <UInt64> (set "Set0"; -WhatIf/-Confirm);
#   "You cannot specify a value smaller than 1MB (1048576 bytes)";
# - Remove-SmbBandwidthLimit [[-Category] <BandwidthLimitCategory[]>] [-PassThru] (sets "Query (cdxml)" and
#   "InputObject (cdxml)"; no -WhatIf/-Confirm); without -Category it removes every limit;
# - the objects are MSFT_SmbBandwidthLimit (Category, BytesPerSecond), one per category that has a limit;
# - all three need the "SMB Bandwidth Limit" feature (Install-WindowsFeature -Name FS-SMBBW).
# Not modelled: -CimSession, -ThrottleLimit, -AsJob, Remove's InputObject set.
# As every CDXML query cmdlet does by default, a -Category that matches no limit is a non-terminating
# "No MSFT_SmbBandwidthLimit objects found ..." error (CmdletizationQuery_NotFound_Category), not silence.
# Lab choices (the reference documents neither): without the feature every call fails with the error below, and a
# rate under 1 MB/s is refused as a CIM "Invalid parameter".
if (-not (Get-Module LabCore)) { Import-Module (Join-Path $PSScriptRoot '../LabCore/LabCore.psd1') -Global }

# The module's own types, compiled once per source version and cached like LabCore's.
function Import-StandInTypes([string] $File, [string] $Probe) {
    if ($Probe -as [type]) { return }
    $source = [IO.File]::ReadAllText($File)
    $sha = [Security.Cryptography.SHA256]::Create()
    $hash = -join ($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($source + $PSVersionTable.PSVersion))[0..11] | ForEach-Object { $_.ToString('x2') })
    $cacheRoot = if ($env:HVLAB_TYPES_CACHE) { $env:HVLAB_TYPES_CACHE } else { Join-Path ([IO.Path]::GetTempPath()) 'hvlab-types' }
    $null = New-Item -ItemType Directory -Force -Path $cacheRoot
    $dll = Join-Path $cacheRoot ("$([IO.Path]::GetFileNameWithoutExtension($File)).$hash.dll")
    if (-not (Test-Path -LiteralPath $dll)) {
        $tmp = Join-Path $cacheRoot ("$([IO.Path]::GetFileNameWithoutExtension($File)).$hash.$PID." + [guid]::NewGuid().ToString('N') + '.dll')
        Add-Type -Path $File -OutputAssembly $tmp -OutputType Library -IgnoreWarnings -WarningAction SilentlyContinue -ErrorAction Stop
        try { [IO.File]::Move($tmp, $dll) } catch { Remove-Item -LiteralPath $tmp -ErrorAction SilentlyContinue }
    }
    if (-not ($Probe -as [type])) { Add-Type -LiteralPath $dll }
}
Import-StandInTypes (Join-Path $PSScriptRoot 'SmbShareTypes.cs') 'Microsoft.PowerShell.Cmdletization.GeneratedTypes.SmbBandwidthLimit.BandwidthLimitCategory'

$script:LimitType = 'Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/SMB/MSFT_SmbBandwidthLimit'

function ConvertTo-SmbBandwidthLimit($Limit) {
    $o = [pscustomobject][ordered]@{
        Category       = [Microsoft.PowerShell.Cmdletization.GeneratedTypes.SmbBandwidthLimit.BandwidthLimitCategory]$Limit.Category
        BytesPerSecond = [uint64]$Limit.BytesPerSecond
    }
    $o.PSObject.TypeNames.Insert(0, $script:LimitType)
    $o
}

function Get-SmbHost($State) {
    $h = [HvLab.LabEngine]::FindHost($State, $env:HVLAB_HOST)
    if (-not $h) { throw "This process is not a lab host (HVLAB_HOST '$env:HVLAB_HOST')." }
    [HvLab.LabSmb]::Fill($h)
    $h
}

function New-FeatureMissingError([string] $Command) {
    # Lab choice of text and id (undocumented): the reference only says the feature must be installed first.
    $e = [NotSupportedException]::new('The SMB Bandwidth Limit feature (FS-SMBBW) is not installed on this server. Install it with Install-WindowsFeature -Name FS-SMBBW.')
    [HvLab.LabErrors]::Make($e, "HRESULT 0x80070032,$Command", 'NotImplemented', $null)
}

function Select-SmbBandwidthLimit {
    <# The host's limits a -Category names (all without it), and a not-found error for each category with none. #>
    param($Smb, [string] $Command, $Category)
    if ($null -eq $Category) { return @($Smb.BandwidthLimits) }
    foreach ($c in @($Category | ForEach-Object { "$_" } | Select-Object -Unique)) {
        $hit = @($Smb.BandwidthLimits | Where-Object { $_.Category -eq $c })
        if ($hit.Count) { $hit; continue }
        $e = [Management.Automation.ItemNotFoundException]::new("No MSFT_SmbBandwidthLimit objects found with property 'Category' equal to '$c'.  Verify the value of the property and retry.")
        [HvLab.LabErrors]::Make($e, "CmdletizationQuery_NotFound_Category,$Command", 'ObjectNotFound', $c)
    }
}

function Write-SmbResult($Cmdlet, $Results) {
    foreach ($x in $Results) { if ($x -is [Management.Automation.ErrorRecord]) { $Cmdlet.WriteError($x) } else { ConvertTo-SmbBandwidthLimit $x } }
}

function Get-SmbBandwidthLimit {
    [CmdletBinding(DefaultParameterSetName = 'Query (cdxml)')]
    [OutputType('Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/SMB/MSFT_SmbBandwidthLimit')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.SmbBandwidthLimit.BandwidthLimitCategory[]] $Category
    )
    process {
        Invoke-LabLatency
        $r = Use-LabState -ReadOnly {
            param($State)
            $h = Get-SmbHost $State
            if (-not $h.Smb.BandwidthLimitFeature) { return New-FeatureMissingError 'Get-SmbBandwidthLimit' }
            Select-SmbBandwidthLimit $h.Smb 'Get-SmbBandwidthLimit' $Category
        }
        Write-SmbResult $PSCmdlet $r
    }
}

function Set-SmbBandwidthLimit {
    [CmdletBinding(DefaultParameterSetName = 'Set0', SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
    param(
        [Parameter(Mandatory = $true)]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.SmbBandwidthLimit.BandwidthLimitCategory] $Category,
        [Parameter(Mandatory = $true)]
        [uint64] $BytesPerSecond
    )
    process {
        Invoke-LabLatency
        if (-not $PSCmdlet.ShouldProcess("$Category", 'Set SMB bandwidth limit')) { return }
        $r = Use-LabState {
            param($State)
            $h = Get-SmbHost $State
            if (-not $h.Smb.BandwidthLimitFeature) { return New-FeatureMissingError 'Set-SmbBandwidthLimit' }
            if ($BytesPerSecond -lt [HvLab.LabSmb]::MinimumBytesPerSecond) {
                # Lab choice of text and id: the reference says only that less than 1MB cannot be given.
                $e = [ArgumentException]::new('Invalid parameter ')
                return [HvLab.LabErrors]::Make($e, 'HRESULT 0x80041008,Set-SmbBandwidthLimit', 'InvalidArgument', $BytesPerSecond)
            }
            $existing = @($h.Smb.BandwidthLimits | Where-Object { $_.Category -eq "$Category" })
            if ($existing.Count) { $existing[0].BytesPerSecond = $BytesPerSecond }
            else { $h.Smb.BandwidthLimits.Add([HvLab.LabSmbBandwidthLimit]@{ Category = "$Category"; BytesPerSecond = $BytesPerSecond }) }
        }
        foreach ($x in $r) { $PSCmdlet.WriteError($x) }
    }
}

function Remove-SmbBandwidthLimit {
    [CmdletBinding(DefaultParameterSetName = 'Query (cdxml)')]
    param(
        [Parameter(ParameterSetName = 'Query (cdxml)', Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Microsoft.PowerShell.Cmdletization.GeneratedTypes.SmbBandwidthLimit.BandwidthLimitCategory[]] $Category,
        [switch] $PassThru
    )
    process {
        Invoke-LabLatency
        $r = Use-LabState {
            param($State)
            $h = Get-SmbHost $State
            if (-not $h.Smb.BandwidthLimitFeature) { return New-FeatureMissingError 'Remove-SmbBandwidthLimit' }
            foreach ($x in @(Select-SmbBandwidthLimit $h.Smb 'Remove-SmbBandwidthLimit' $Category)) {
                if ($x -is [Management.Automation.ErrorRecord]) { $x; continue }
                $null = $h.Smb.BandwidthLimits.Remove($x)
                if ($PassThru) { $x }
            }
        }
        Write-SmbResult $PSCmdlet $r
    }
}

Export-ModuleMember -Function Get-SmbBandwidthLimit, Set-SmbBandwidthLimit, Remove-SmbBandwidthLimit
