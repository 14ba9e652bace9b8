# Parameters that exist only on some host versions. They are dynamic parameters built per call from the host's
# shape (Get-LabShape), so a host of the other version refuses them at binding, as its real module does.

function New-HvRuntimeParameter {
    param([string] $Name, [type] $Type, [string[]] $Alias = @())
    $attributes = [Collections.ObjectModel.Collection[Attribute]]::new()
    $attributes.Add([Parameter]::new())
    if ($Alias) { $attributes.Add([Alias]::new($Alias)) }
    $attributes.Add([ValidateNotNull]::new())
    [Management.Automation.RuntimeDefinedParameter]::new($Name, $Type, $attributes)
}

function New-HvAdapterVersionParameters {
    <# Set-VMNetworkAdapter's vRSS queue settings: Windows Server 2016 has -VmmqQueuePairs; the 2019-era module renamed
       it -VrssMaxQueuePairs (keeping VmmqQueuePairs as an alias) and added the others. #>
    param([string] $Shape)
    $d = [Management.Automation.RuntimeDefinedParameterDictionary]::new()
    $list = if ($Shape -eq 'hv2016') { @(New-HvRuntimeParameter VmmqQueuePairs ([Nullable[uint32]])) }
    else {
        @(
            New-HvRuntimeParameter VrssMaxQueuePairs ([Nullable[uint32]]) -Alias VmmqQueuePairs
            New-HvRuntimeParameter VrssMinQueuePairs ([Nullable[uint32]])
            New-HvRuntimeParameter VrssQueueSchedulingMode ([Nullable[Microsoft.HyperV.PowerShell.VrssQueueSchedulingModeType]])
            New-HvRuntimeParameter VrssExcludePrimaryProcessor ([Nullable[bool]])
            New-HvRuntimeParameter VrssIndependentHostSpreading ([Nullable[bool]])
            New-HvRuntimeParameter VrssVmbusChannelAffinityPolicy ([Nullable[Microsoft.HyperV.PowerShell.VrssVmbusChannelAffinityPolicyType]])
            # Accepted and not modelled: they change nothing the lab shows.
            New-HvRuntimeParameter NumaAwarePlacement ([Nullable[bool]])
            New-HvRuntimeParameter InterruptModeration ([Nullable[bool]])
        )
    }
    foreach ($p in $list) { $d.Add($p.Name, $p) }
    $d
}
