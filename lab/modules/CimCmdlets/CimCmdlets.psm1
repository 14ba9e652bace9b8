# Stand-ins for Get-CimInstance / Invoke-CimMethod, serving root\cimv2 Win32_Processor (the host's processor vendor,
# model and load: LabViews.Win32Processor) and root\virtualization\v2: Msvm_MigrationJob from the
# lab's migration records (docs/hyperv.md, "Following a move: Msvm_MigrationJob": the jobs whose source is this host), Msvm_PlannedComputerSystem (planned
# VMs on this host: those of moves running to it and those failed moves left) and Msvm_VirtualSystemManagementService
# with DestroySystem for them. Other namespaces/classes are refused the way WMI refuses an unknown namespace
# (HRESULT 0x8004100e).
if (-not (Get-Module LabCore)) { Import-Module (Join-Path $PSScriptRoot '../LabCore/LabCore.psd1') -Global }

function New-CimLabError([string] $Message, [string] $Cmdlet, $Target, [string] $Hr = '0x8004100e') {
    [HvLab.LabErrors]::Make([Microsoft.Management.Infrastructure.CimException]::new($Message), "HRESULT $Hr,Microsoft.Management.Infrastructure.CimCmdlets.$Cmdlet", 'ObjectNotFound', $Target)
}

function Get-CimInstance {
    [CmdletBinding(DefaultParameterSetName = 'ClassNameComputerSet')]
    param(
        [Parameter(ParameterSetName = 'ClassNameComputerSet', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ClassNameSessionSet', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [string] $ClassName,
        [Parameter(ParameterSetName = 'QueryComputerSet', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'QuerySessionSet', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [string] $Query,
        [Parameter(ParameterSetName = 'ClassNameComputerSet', ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ClassNameSessionSet', ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'QueryComputerSet', ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'QuerySessionSet', ValueFromPipelineByPropertyName = $true)]
        [string] $Namespace = 'root/cimv2',
        [Parameter(ParameterSetName = 'ClassNameComputerSet', ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ClassNameSessionSet', ValueFromPipelineByPropertyName = $true)]
        [string] $Filter,
        [Parameter(ParameterSetName = 'ClassNameComputerSet', ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ClassNameSessionSet', ValueFromPipelineByPropertyName = $true)]
        [Alias('SelectProperties')] [string[]] $Property,
        [Parameter(ParameterSetName = 'ClassNameComputerSet', ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'QueryComputerSet', ValueFromPipelineByPropertyName = $true)]
        [Alias('CN', 'ServerName')] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'ClassNameSessionSet', Mandatory = $true, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'QuerySessionSet', Mandatory = $true, ValueFromPipeline = $true)]
        [CimSession[]] $CimSession,
        [Alias('OT')] [uint32] $OperationTimeoutSec,
        [switch] $Shallow,
        [Parameter(ParameterSetName = 'ClassNameComputerSet')] [Parameter(ParameterSetName = 'ClassNameSessionSet')]
        [switch] $KeyOnly
    )
    Invoke-LabLatency
    $ns = ($Namespace -replace '/', '\').Trim('\').ToLowerInvariant()
    if ($Query) {
        if ($Query -notmatch '^\s*SELECT\s+\*\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+))?\s*$') { $PSCmdlet.WriteError((New-CimLabError 'Invalid query' GetCimInstanceCommand $Query '0x80041017')); return }
        $ClassName = $Matches[1]; $Filter = $Matches[2]
    }
    $served = @{
        'root\virtualization\v2' = @('Msvm_MigrationJob', 'Msvm_PlannedComputerSystem', 'Msvm_VirtualSystemManagementService')
        'root\cimv2'              = @('Win32_Processor')
    }
    if (-not $served.ContainsKey($ns)) { $PSCmdlet.WriteError((New-CimLabError 'Invalid namespace ' GetCimInstanceCommand $Namespace)); return }
    $classes = $served[$ns]
    if ($ClassName -notin $classes) { $PSCmdlet.WriteError((New-CimLabError 'Invalid class ' GetCimInstanceCommand $ClassName '0x80041010')); return }
    $targets = if ($CimSession) { @($CimSession.ComputerName) } elseif ($ComputerName) { $ComputerName } else { @($env:HVLAB_HOST) }
    # WQL WHERE: simple "Prop = 'value'" / "Prop = 4" terms joined by AND (what scripts use).
    $terms = @()
    if ($Filter) {
        foreach ($t in ($Filter -split '\s+AND\s+')) {
            if ($t -notmatch "^\s*\(?\s*(\w+)\s*(=|!=|<>|>=|<=|>|<)\s*'?([^']*?)'?\s*\)?\s*$") { $PSCmdlet.WriteError((New-CimLabError 'Invalid query' GetCimInstanceCommand $Filter '0x80041017')); return }
            $terms += , @($Matches[1], $Matches[2], $Matches[3])
        }
    }
    $jobs = Use-LabState -ReadOnly {
        param($State, $Now)
        foreach ($t in $targets) {
            $name = if ($t -in 'localhost', '.') { $env:HVLAB_HOST } else { $t }
            $h = [HvLab.LabEngine]::FindHost($State, $name)
            if (-not $h -or $h.Down) { New-CimLabError "WinRM cannot complete the operation. Verify that the specified computer name '$t' is valid." GetCimInstanceCommand $t '0x80338126'; continue }
            switch ($ClassName) {
                'Msvm_MigrationJob' { foreach ($m in $State.Migrations) { if ($m.SourceHost -eq $h.Name) { [HvLab.LabViews]::MigrationJob($State, $m, $Now) } } }
                'Msvm_PlannedComputerSystem' { foreach ($p in [HvLab.LabEngine]::PlannedVmsOn($State, $h.Name)) { [HvLab.LabViews]::PlannedComputerSystem($p) } }
                'Win32_Processor' { [HvLab.LabViews]::Win32Processor($State, $h) }
                default { [HvLab.LabViews]::VirtualSystemManagementService($h.Name) }
            }
        }
    }
    foreach ($j in $jobs) {
        if ($j -is [Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($j); continue }
        $ok = $true
        foreach ($t in $terms) {
            $v = "$($j.($t[0]))"; $w = $t[2]
            $ok = switch ($t[1]) { '=' { $v -eq $w } { $_ -in '!=', '<>' } { $v -ne $w } '>' { [double]$v -gt [double]$w } '<' { [double]$v -lt [double]$w } '>=' { [double]$v -ge [double]$w } '<=' { [double]$v -le [double]$w } }
            if (-not $ok) { break }
        }
        if ($ok) { $j }
    }
}

function Invoke-CimMethod {
    # -Arguments is position 1 and -MethodName position 2, as in the real cmdlet.
    [CmdletBinding(DefaultParameterSetName = 'ClassNameComputerSet')]
    param(
        [Parameter(ParameterSetName = 'ClassNameComputerSet', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('Class')] [string] $ClassName,
        [Parameter(ParameterSetName = 'CimInstanceComputerSet', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'CimInstanceSessionSet', Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [Alias('CimInstance')] [psobject] $InputObject,
        [Parameter(Mandatory = $true, Position = 2, ValueFromPipelineByPropertyName = $true)] [Alias('Name')] [string] $MethodName,
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = $true)] [System.Collections.IDictionary] $Arguments,
        [Parameter(ParameterSetName = 'ClassNameComputerSet', ValueFromPipelineByPropertyName = $true)] [string] $Namespace,
        [Parameter(ParameterSetName = 'ClassNameComputerSet', ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'CimInstanceComputerSet')]
        [Alias('CN', 'ServerName')] [string[]] $ComputerName,
        [Parameter(ParameterSetName = 'CimInstanceSessionSet', Mandatory = $true, ValueFromPipeline = $true)] [CimSession[]] $CimSession,
        [Alias('OT')] [uint32] $OperationTimeoutSec
    )
    process {
        Invoke-LabLatency
        if ($PSCmdlet.ParameterSetName -eq 'ClassNameComputerSet') {
            # The lab serves no static CIM methods.
            $PSCmdlet.WriteError((New-CimLabError 'Invalid class ' InvokeCimMethodCommand $ClassName '0x80041010')); return
        }
        if (Test-CimLabClass $InputObject 'Msvm_VirtualSystemManagementService') {
            if ($MethodName -ne 'DestroySystem') { $PSCmdlet.WriteError((New-CimLabError 'Method not found ' InvokeCimMethodCommand $MethodName '0x80041055')); return }
            Invoke-CimLabDestroySystem $Arguments
            return
        }
        if (-not (Test-CimLabClass $InputObject 'Msvm_MigrationJob')) {
            $PSCmdlet.WriteError((New-CimLabError 'Invalid class ' InvokeCimMethodCommand $InputObject '0x80041010')); return
        }
        if ($MethodName -ne 'RequestStateChange') {
            $PSCmdlet.WriteError((New-CimLabError 'Method not found ' InvokeCimMethodCommand $MethodName '0x80041055')); return
        }
        $req = if ($Arguments) { [int] $Arguments['RequestedState'] } else { 0 }
        $id = "$($InputObject.InstanceID)"
        $rv = Use-LabState {
            param($State, $Now)
            $m = $State.Migrations | Where-Object Id -eq $id
            if (-not $m) { return [uint32] 32779 }                       # object not found
            if ($req -notin 4, 5) { return [uint32] 32770 }             # not supported (only Terminate/Kill)
            if (-not [HvLab.LabEngine]::IsActive($m)) { return [uint32] 32775 }   # invalid state: already finished
            if (-not [HvLab.LabEngine]::Cancellable($m)) { return [uint32] 32775 }   # a quick migration runs to its end
            $null = [HvLab.LabEngine]::Cancel($State, $m, $Now)
            [uint32] 0
        }
        $o = [pscustomobject]@{ ReturnValue = $rv; PSComputerName = $null }
        $o.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimMethodResult')
        $o
    }
}

function Test-CimLabClass($InputObject, [string] $Class) {
    $names = $InputObject.PSObject.TypeNames
    ($names -contains "Microsoft.Management.Infrastructure.CimInstance#root/virtualization/v2/$Class") -or
        ($names -contains "Deserialized.Microsoft.Management.Infrastructure.CimInstance#root/virtualization/v2/$Class")
}

function Invoke-CimLabDestroySystem([System.Collections.IDictionary] $Arguments) {
    <# Msvm_VirtualSystemManagementService.DestroySystem for a planned VM of this host: 0 done, 32773 invalid
       parameter (not a planned VM here), 32774 in use (a move to this host is running with it). Realized VMs are
       refused too (32773): the lab never deletes a VM. #>
    $target = if ($Arguments) { $Arguments['AffectedSystem'] } else { $null }
    $id = if ($target) { "$($target.Name)" } else { '' }
    $isPlanned = $target -and (Test-CimLabClass $target 'Msvm_PlannedComputerSystem')
    $rv = Use-LabState {
        param($State)
        if (-not $isPlanned) { return [uint32] 32773 }
        $h = [HvLab.LabEngine]::FindHost($State, $env:HVLAB_HOST)
        $left = $State.PlannedVms | Where-Object { $_.VmId -eq $id -and $_.Host -eq $h.Name } | Select-Object -First 1
        if ($left) { $null = $State.PlannedVms.Remove($left); return [uint32] 0 }
        if ([HvLab.LabEngine]::PlannedVmsOn($State, $h.Name) | Where-Object { $_.VmId -eq $id }) { return [uint32] 32774 }
        [uint32] 32773
    }
    $o = [pscustomobject]@{ ReturnValue = $rv; Job = $null; PSComputerName = $null }
    $o.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimMethodResult')
    $o
}

Export-ModuleMember -Function Get-CimInstance, Invoke-CimMethod
