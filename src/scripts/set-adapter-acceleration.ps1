<#
  Sets the hardware-acceleration settings of exactly the given VM network adapters, then reads each back.
  Each change is { vmId, adapterId, settings }: the VM is found by Id and its adapter by Id (never a name, which
  takes wildcards), and the adapter object is piped to Set-VMNetworkAdapter (its ResourceObject set). An adapter
  whose change fails reports its error (with FullyQualifiedErrorId) and the others still apply. Settings that are
  empty only read the adapter back. Only the parameters listed in $parameterTypes are ever passed.
  Must run under Windows PowerShell 5.1 too.
#>
param(
    [object[]]$Changes = @()
)
$ErrorActionPreference = 'Stop'

$parameterTypes = @{
    ipsecOffloadMaxSA      = @('IPsecOffloadMaximumSecurityAssociation', 'uint32')
    vmqWeight              = @('VmqWeight', 'uint32')
    iovWeight              = @('IovWeight', 'uint32')
    iovQueuePairsRequested = @('IovQueuePairsRequested', 'uint32')
    iovInterruptModeration = @('IovInterruptModeration', 'string')
    vrssEnabled            = @('VrssEnabled', 'bool')
    vmmqEnabled            = @('VmmqEnabled', 'bool')
    vmmqQueuePairs         = @('VmmqQueuePairs', 'uint32')
}

function ConvertTo-ErrorInfo($Record) {
    [pscustomobject]@{
        message               = [string]$Record.Exception.Message
        fullyQualifiedErrorId = [string]$Record.FullyQualifiedErrorId
        category              = [string]$Record.CategoryInfo.Category
    }
}

function Find-Adapter([string]$VmId, [string]$AdapterId) {
    $vm = Get-VM -Id $VmId
    $hit = @(Get-VMNetworkAdapter -VM $vm | Where-Object { [string]$_.Id -eq $AdapterId })
    if ($hit.Count -eq 0) {
        $ex = New-Object System.Management.Automation.ItemNotFoundException ("The virtual machine has no network adapter with Id '" + $AdapterId + "'.")
        throw (New-Object System.Management.Automation.ErrorRecord ($ex, 'AdapterNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $AdapterId))
    }
    return , @($vm, $hit[0])
}

function Read-Adapter($Vm, $Adapter, $Switches) {
    $switch = $null
    if ($null -ne $Adapter.SwitchId) { $switch = @($Switches | Where-Object { [string]$_.Id -eq [string]$Adapter.SwitchId }) | Select-Object -First 1 }
    if ($null -eq $switch -and $Adapter.SwitchName) { $switch = @($Switches | Where-Object { $_.Name -eq $Adapter.SwitchName }) | Select-Object -First 1 }
    $iov = $null
    if ($null -ne $switch) { $iov = [bool]$switch.IovEnabled }
    # Windows Server 2016 names the requested VMMQ queue pairs VmmqQueuePairsRequested; 2019 and later VrssMaxQueuePairsRequested.
    $queuePairs = $Adapter.VmmqQueuePairsRequested
    if ($Adapter.PSObject.Properties['VrssMaxQueuePairsRequested']) { $queuePairs = $Adapter.VrssMaxQueuePairsRequested }
    [pscustomobject]@{
        settings = [pscustomobject]@{
            ipsecOffloadMaxSA      = [double]$Adapter.IPsecOffloadMaxSA
            vmqWeight              = [double]$Adapter.VMQWeight
            iovWeight              = [double]$Adapter.IovWeight
            iovQueuePairsRequested = [double]$Adapter.IovQueuePairsRequested
            iovInterruptModeration = [string]$Adapter.IovInterruptModeration
            vrssEnabled            = [bool]$Adapter.VrssEnabledRequested
            vmmqEnabled            = [bool]$Adapter.VmmqEnabledRequested
            vmmqQueuePairs         = [double]$queuePairs
            ipsecOffloadSAUsage    = [double]$Adapter.IPsecOffloadSAUsage
            vmqUsage               = [double]$Adapter.VmqUsage
            iovUsage               = [double]$Adapter.IovUsage
            iovQueuePairsAssigned  = [double]$Adapter.IovQueuePairsAssigned
        }
        facts    = [pscustomobject]@{
            vmState          = [string]$Vm.State
            switchName       = $Adapter.SwitchName
            switchIovEnabled = $iov
        }
    }
}

# One look at the switches for all adapters: whether SR-IOV can take effect is a property of the switch.
$allSwitches = @(Get-VMSwitch)

$results = @(foreach ($c in $Changes) {
    $vmId = [string]$c['vmId']
    $adapterId = [string]$c['adapterId']
    $settings = $c['settings']
    $errorInfo = $null
    $found = $null
    try {
        $found = Find-Adapter $vmId $adapterId
        $set = @{}
        if ($null -ne $settings) {
            foreach ($key in @($settings.Keys)) {
                $p = $parameterTypes[[string]$key]
                if ($null -eq $p) { throw (New-Object System.ArgumentException ("Unknown setting '" + [string]$key + "'.")) }
                $value = $settings[$key]
                switch ($p[1]) {
                    'uint32' { $set[$p[0]] = [uint32]$value }
                    'bool' { $set[$p[0]] = [bool]$value }
                    default { $set[$p[0]] = [string]$value }
                }
            }
        }
        if ($set.Count -gt 0) { $found[1] | Set-VMNetworkAdapter @set }
    } catch {
        $errorInfo = ConvertTo-ErrorInfo $_
    }
    # Read back whatever happened: after a refusal the admin sees what the adapter still has.
    $readBack = $null
    try {
        $again = Find-Adapter $vmId $adapterId
        $readBack = Read-Adapter $again[0] $again[1] $allSwitches
    } catch {
        if ($null -eq $errorInfo) { $errorInfo = ConvertTo-ErrorInfo $_ }
    }
    [pscustomobject]@{
        vmId      = $vmId
        adapterId = $adapterId
        error     = $errorInfo
        readBack  = $readBack
    }
})

[pscustomobject]@{ results = $results }
