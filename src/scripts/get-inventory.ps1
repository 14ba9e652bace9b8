<#
  Inventory of one Hyper-V host in one round trip: the host, its VMs with disks, adapters and checkpoints, its
  switches, and, when the host is a cluster node, the cluster with its nodes and the VM roles' owners.
  Returns flat objects of strings and numbers (enums projected to their names) so that nothing depends on how
  remoting deserializes Hyper-V types. Must run under Windows PowerShell 5.1 too.
#>
param()
$ErrorActionPreference = 'Stop'

function Get-EnumName($value) {
    if ($null -eq $value) { return $null }
    return [string]$value
}

# VMMQ queue pairs: VrssMaxQueuePairsRequested from Windows Server 2019 on, VmmqQueuePairsRequested on 2016.
function Get-QueuePairs($adapter) {
    if ($adapter.PSObject.Properties['VrssMaxQueuePairsRequested']) { return $adapter.VrssMaxQueuePairsRequested }
    return $adapter.VmmqQueuePairsRequested
}

$vmHost = Get-VMHost
$vms = @(Get-VM)

# One Get-VHD call for every attached disk instead of one per disk.
$drives = @($vms | ForEach-Object { $_.HardDrives })
$vhdPaths = @($drives | Where-Object { $_.Path -and $null -eq $_.DiskNumber } | ForEach-Object { $_.Path })
$vhdByPath = @{}
if ($vhdPaths.Count -gt 0) {
    foreach ($vhd in @(Get-VHD -Path $vhdPaths -ErrorAction SilentlyContinue)) { $vhdByPath[$vhd.Path.ToLowerInvariant()] = $vhd }
}
# Checkpoints grouped by VM once (a filter per VM would cost VMs x checkpoints).
$checkpointsByVm = @{}
if ($vms.Count -gt 0) {
    foreach ($cp in @(Get-VMSnapshot -VM $vms)) {
        $key = ([string]$cp.VMId).ToLowerInvariant()
        if (-not $checkpointsByVm.ContainsKey($key)) { $checkpointsByVm[$key] = New-Object System.Collections.ArrayList }
        $null = $checkpointsByVm[$key].Add([pscustomobject]@{ name = $cp.Name; creationTime = $cp.CreationTime.ToUniversalTime().ToString('o') })
    }
}

$switches = @(Get-VMSwitch | ForEach-Object {
    [pscustomobject]@{
        name       = $_.Name
        switchType = Get-EnumName $_.SwitchType
        iovEnabled = [bool]$_.IovEnabled
    }
})

# A clustered VM is registered only on its owner node, so the node that lists it owns it: no Get-ClusterGroup needed.
$cluster = $null
if (Get-Command -Name Get-Cluster -ErrorAction SilentlyContinue) {
    $c = $null
    try { $c = Get-Cluster } catch { $c = $null }
    if ($null -ne $c) {
        $nodes = @(Get-ClusterNode | ForEach-Object {
            [pscustomobject]@{ name = $_.Name; state = Get-EnumName $_.State; drainStatus = Get-EnumName $_.DrainStatus }
        })
        # No MaximumParallelMigrations before the September 2022 update of Windows Server 2022: no cluster limit, not 0.
        $limit = $null
        if ($c.PSObject.Properties['MaximumParallelMigrations']) { $limit = [int]$c.MaximumParallelMigrations }
        $cluster = [pscustomobject]@{
            name                      = $c.Name
            maximumParallelMigrations = $limit
            nodes                     = $nodes
        }
    }
}

$vmList = @(foreach ($vm in $vms) {
    $disks = @(foreach ($d in @($vm.HardDrives)) {
        $vhd = $null
        if ($d.Path) { $vhd = $vhdByPath[$d.Path.ToLowerInvariant()] }
        [pscustomobject]@{
            path               = $d.Path
            controllerType     = Get-EnumName $d.ControllerType
            controllerNumber   = $d.ControllerNumber
            controllerLocation = $d.ControllerLocation
            passThrough        = ($null -ne $d.DiskNumber)
            vhdType            = $(if ($vhd) { Get-EnumName $vhd.VhdType } else { $null })
            vhdFormat          = $(if ($vhd) { Get-EnumName $vhd.VhdFormat } else { $null })
            sizeBytes          = $(if ($vhd) { [double]$vhd.Size } else { $null })
            fileSizeBytes      = $(if ($vhd) { [double]$vhd.FileSize } else { $null })
        }
    })
    $adapters = @(foreach ($a in @($vm.NetworkAdapters)) {
        [pscustomobject]@{
            name                   = $a.Name
            id                     = [string]$a.Id
            switchName             = $a.SwitchName
            macAddress             = $a.MacAddress
            ipAddresses            = @($a.IPAddresses | ForEach-Object { [string]$_ })
            vmqWeight              = $a.VMQWeight
            vmqUsage               = $a.VmqUsage
            ipsecOffloadMaxSA      = $a.IPsecOffloadMaxSA
            ipsecOffloadSAUsage    = $a.IPsecOffloadSAUsage
            iovWeight              = $a.IovWeight
            iovUsage               = $a.IovUsage
            iovQueuePairsRequested = $a.IovQueuePairsRequested
            iovQueuePairsAssigned  = $a.IovQueuePairsAssigned
            iovInterruptModeration = Get-EnumName $a.IovInterruptModeration
            vrssEnabled            = $a.VrssEnabledRequested
            vmmqEnabled            = $a.VmmqEnabledRequested
            vmmqQueuePairs         = $(Get-QueuePairs $a)
        }
    })
    $vmCheckpoints = @()
    $own = $checkpointsByVm[([string]$vm.Id).ToLowerInvariant()]
    if ($null -ne $own) { $vmCheckpoints = $own.ToArray() }
    [pscustomobject]@{
        id                   = [string]$vm.Id
        name                 = $vm.Name
        state                = Get-EnumName $vm.State
        status               = $vm.Status
        operationalStatus    = @($vm.OperationalStatus | ForEach-Object { [string]$_ })
        cpuUsage             = $vm.CPUUsage
        memoryAssignedBytes  = [double]$vm.MemoryAssigned
        memoryStartupBytes   = [double]$vm.MemoryStartup
        uptimeSeconds        = [math]::Floor($vm.Uptime.TotalSeconds)
        generation           = $vm.Generation
        version              = [string]$vm.Version
        path                 = $vm.Path
        isClustered          = [bool]$vm.IsClustered
        ownerNode            = $(if ($vm.IsClustered) { $vmHost.Name } else { $null })
        processorCount       = $vm.ProcessorCount
        disks                = $disks
        adapters             = $adapters
        checkpoints          = $vmCheckpoints
    }
})

[pscustomobject]@{
    host     = [pscustomobject]@{
        name                            = $vmHost.Name
        fullyQualifiedDomainName        = $vmHost.FullyQualifiedDomainName
        logicalProcessorCount           = $vmHost.LogicalProcessorCount
        memoryCapacityBytes             = [double]$vmHost.MemoryCapacity
        virtualMachinePath              = $vmHost.VirtualMachinePath
        virtualHardDiskPath             = $vmHost.VirtualHardDiskPath
        migrationEnabled                = [bool]$vmHost.VirtualMachineMigrationEnabled
        maximumVirtualMachineMigrations = $vmHost.MaximumVirtualMachineMigrations
        maximumStorageMigrations        = $vmHost.MaximumStorageMigrations
        migrationAuthenticationType     = Get-EnumName $vmHost.VirtualMachineMigrationAuthenticationType
        migrationPerformanceOption      = Get-EnumName $vmHost.VirtualMachineMigrationPerformanceOption
        useAnyNetworkForMigration       = [bool]$vmHost.UseAnyNetworkForMigration
    }
    cluster  = $cluster
    switches = $switches
    vms      = $vmList
}
