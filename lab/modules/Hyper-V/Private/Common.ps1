# Shared plumbing of the lab's Hyper-V cmdlets: error records shaped like the real module's, server-parameter
# validation (docs/hyperv.md, "Errors"), host resolution, wildcard matching, and "collect under the lock, emit after"
# (emitting while holding the lab lock would deadlock a pipeline like Get-VM | Move-VM).

function New-HvError {
    param([string] $Id, [string] $Class, [string] $Message, $Target, [Nullable[Management.Automation.ErrorCategory]] $Category)
    [HvLab.LabErrors]::Record($Id, $Class, $Message, $Target, $Category)
}

function New-HvWarning([string] $Message) { [Management.Automation.WarningRecord]::new($Message) }

function Out-HvResult {
    <# Writes collected items in order: ErrorRecords as non-terminating errors, WarningRecords as warnings. #>
    param($Cmdlet, $Items)
    foreach ($x in $Items) {
        if ($x -is [Management.Automation.ErrorRecord]) { $Cmdlet.WriteError($x) }
        elseif ($x -is [Management.Automation.WarningRecord]) { $Cmdlet.WriteWarning($x.Message) }
        elseif ($null -ne $x) { $Cmdlet.WriteObject($x) }
    }
}

function Test-HvServerParameters {
    <# -CimSession excludes -ComputerName/-Credential; -Credential needs -ComputerName; credential count 1 or N.
       Returns an ErrorRecord when invalid. #>
    param([string] $Class, $ComputerName, $Credential, $CimSession)
    $msg = $null
    if ($CimSession -and $ComputerName) { $msg = "The parameters 'CimSession' and 'ComputerName' are mutually exclusive." }
    elseif ($CimSession -and $Credential) { $msg = "The parameters 'CimSession' and 'Credential' are mutually exclusive." }
    elseif ($Credential -and -not $ComputerName) { $msg = "The parameter 'Credential' requires the parameter 'ComputerName'." }
    elseif ($Credential -and @($Credential).Count -ne 1 -and @($Credential).Count -ne @($ComputerName).Count) {
        $msg = "The number of credentials must be 1 or equal to the number of computer names."
    }
    if ($msg) { New-HvError InvalidParameter $Class $msg $null }
}

function Resolve-HvHosts {
    <# Lab hosts named by -ComputerName/-CimSession (or this host). Emits LabHost objects and ErrorRecords. #>
    param($State, [string] $Class, $ComputerName, $CimSession)
    $names = if ($CimSession) { @($CimSession | ForEach-Object { $_.ComputerName }) } elseif ($ComputerName) { @($ComputerName) } else { @() }
    if ($names.Count -eq 0) { $names = @($env:HVLAB_HOST) }
    foreach ($n in $names) {
        $name = if ($n -in @('localhost', '.', '127.0.0.1', '::1') -or -not $n) { $env:HVLAB_HOST } else { $n }
        $h = [HvLab.LabEngine]::FindHost($State, $name)
        if (-not $h -or $h.Down) {
            New-HvError ObjectNotFound $Class ("Hyper-V encountered an error trying to access an object on computer '$n' because the object was not found. " +
                'The object might have been deleted. Verify that the Virtual Machine Management service on the computer is running.') $n ObjectNotFound
            continue
        }
        $h
    }
}

function Test-HvName([string[]] $Patterns, [string] $Value) {
    if (-not $Patterns) { return $true }
    foreach ($p in $Patterns) {
        if ([Management.Automation.WildcardPattern]::new($p, 'IgnoreCase').IsMatch($Value)) { return $true }
    }
    $false
}

function Find-HvVms {
    <# VMs on the given hosts matching name patterns; a literal name that matches nothing is an error (docs/hyperv.md, "Errors"). #>
    param($State, $Hosts, [string[]] $Name, [string] $Class)
    $set = [Collections.Generic.HashSet[string]]::new([StringComparer]::OrdinalIgnoreCase)
    foreach ($h in $Hosts) { $null = $set.Add($h.Name) }
    $vms = @(foreach ($v in $State.Vms) { if ($set.Contains($v.Host)) { $v } })
    if (-not $Name) { return $vms }
    foreach ($n in $Name) {
        $wp = [Management.Automation.WildcardPattern]::new($n, 'IgnoreCase')
        $hit = @(foreach ($v in $vms) { if ($wp.IsMatch($v.Name)) { $v } })
        if ($hit.Count -eq 0 -and -not [Management.Automation.WildcardPattern]::ContainsWildcardCharacters($n)) {
            New-HvError InvalidParameter $Class "Hyper-V was unable to find a virtual machine with name `"$n`"." $n InvalidArgument
        }
        $hit
    }
}

function Get-HvLabVm {
    <# The lab VM behind a VirtualMachine object (live or deserialized), by Id. #>
    param($State, $VM)
    $id = if ($VM.PSObject.Properties['Id']) { "$($VM.Id)" } else { "$($VM.VMId)" }
    [HvLab.LabEngine]::FindVm($State, $id)
}

function Get-HvVmStateWarning { 'The virtual machine is already in the specified state.' }
function Get-HvInvalidStateMessage { 'The operation cannot be performed while the virtual machine is in its current state.' }
