<#
  A migration preflight in one round trip per host: the same script goes to the source (Roles 'source') and the
  destination (Roles 'destination') in one request with per-host parameters; a storage migration sends both roles
  to its one host.
  Source: the VM's facts (state, configuration version, disks with sizes and pass-through disks, adapters), the host's
  migration settings, a migration already running for the VM, this computer account's Kerberos delegation (when
  readable), and Compare-VM run with the move's own arguments (incompatibilities with MessageId, message, adapter).
  Destination: its migration settings, supported configuration versions, switches, free memory, a VM with the same
  Id already there (or a planned VM of it left by an earlier move), and the free space of the volume under each path the move writes to (cluster shared volumes and
  drive letters; $null when unreadable, e.g. a share; volumeMissing when the drive letter does not exist there).
  Must run under Windows PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$VmId,
    [string[]]$Roles = @('source'),
    [string]$DestinationHost,
    [ValidateSet('none', 'shared', 'hostDefault', 'folder', 'perDisk')][string]$Mode = 'none',
    [string]$DestinationStoragePath,
    [string]$VirtualMachinePath,
    [string]$SnapshotFilePath,
    [string]$SmartPagingFilePath,
    [object[]]$Vhds = @(),
    [bool]$RetainVhdCopiesOnSource = $false,
    [string[]]$Paths = @(),
    [bool]$IncludeDefaultPath = $false
)
$ErrorActionPreference = 'Stop'

function Get-SourceFacts {
    $vmHost = Get-VMHost
        $vm = Get-VM -Id $VmId

    $paths = @($vm.HardDrives | Where-Object { $_.Path -and $null -eq $_.DiskNumber } | ForEach-Object { $_.Path })
    $vhdByPath = @{}
    if ($paths.Count -gt 0) {
        foreach ($v in @(Get-VHD -Path $paths -ErrorAction SilentlyContinue)) { $vhdByPath[$v.Path.ToLowerInvariant()] = $v }
    }
    $disks = @(foreach ($d in @($vm.HardDrives)) {
        $vhd = $null
        if ($d.Path) { $vhd = $vhdByPath[([string]$d.Path).ToLowerInvariant()] }
        [pscustomobject]@{
            path          = [string]$d.Path
            passThrough   = ($null -ne $d.DiskNumber)
            diskNumber    = $d.DiskNumber
            sizeBytes     = $(if ($vhd) { [double]$vhd.Size } else { $null })
            fileSizeBytes = $(if ($vhd) { [double]$vhd.FileSize } else { $null })
        }
    })
    $adapters = @(foreach ($a in @($vm.NetworkAdapters)) {
        [pscustomobject]@{ name = [string]$a.Name; id = [string]$a.Id; macAddress = [string]$a.MacAddress; switchName = [string]$a.SwitchName }
    })

    $running = @(Get-CimInstance -Namespace 'root\virtualization\v2' -ClassName Msvm_MigrationJob |
        Where-Object { [string]$_.VirtualSystemName -eq $VmId -and [int]$_.JobState -le 6 } | ForEach-Object { [string]$_.InstanceID })

    # Kerberos constrained delegation of this computer account: through the ActiveDirectory module where the host has
    # it (as the readiness check reads it), else ADSI; unreadable (no domain controller reached) gives $null.
    $delegation = $null
    if (@(Get-Module -ListAvailable -Name ActiveDirectory).Count -gt 0) {
        try {
            $account = Get-ADComputer -Identity $env:COMPUTERNAME -Properties 'msDS-AllowedToDelegateTo'
            $delegation = @($account.'msDS-AllowedToDelegateTo' | ForEach-Object { [string]$_ })
        } catch { $delegation = $null }
    } else {
        try {
            $searcher = New-Object System.DirectoryServices.DirectorySearcher
            $searcher.Filter = '(&(objectCategory=computer)(sAMAccountName=' + $env:COMPUTERNAME + '$))'
            $null = $searcher.PropertiesToLoad.Add('msds-allowedtodelegateto')
            $entry = $searcher.FindOne()
            if ($null -ne $entry) { $delegation = @($entry.Properties['msds-allowedtodelegateto'] | ForEach-Object { [string]$_ }) }
        } catch { $delegation = $null }
    }

    $compare = [pscustomobject]@{ ran = $false; error = $null; errorId = $null; incompatibilities = @() }
    if ($DestinationHost -and $Mode -ne 'none') {
        $compareArgs = @{ VM = $vm; DestinationHost = $DestinationHost }
        if ($Mode -eq 'shared') { $compareArgs['IncludeStorage'] = $false }
        if ($Mode -eq 'hostDefault') { $compareArgs['IncludeStorage'] = $true }
        if ($Mode -eq 'folder') { $compareArgs['IncludeStorage'] = $true; $compareArgs['DestinationStoragePath'] = $DestinationStoragePath }
        if ($Mode -eq 'perDisk') {
            if ($VirtualMachinePath) { $compareArgs['VirtualMachinePath'] = $VirtualMachinePath }
            if ($SnapshotFilePath) { $compareArgs['SnapshotFilePath'] = $SnapshotFilePath }
            if ($SmartPagingFilePath) { $compareArgs['SmartPagingFilePath'] = $SmartPagingFilePath }
            if ($Vhds.Count -gt 0) {
                $compareArgs['Vhds'] = [hashtable[]]@($Vhds | ForEach-Object { @{ SourceFilePath = [string]$_['source']; DestinationFilePath = [string]$_['destination'] } })
            }
        }
        if ($RetainVhdCopiesOnSource) { $compareArgs['RetainVhdCopiesOnSource'] = $true }
        try {
            $report = Compare-VM @compareArgs
            $items = @(foreach ($i in @($report.Incompatibilities)) {
                $src = $i.Source
                $srcType = $null; $adapterName = $null; $adapterId = $null; $switchName = $null
                if ($null -ne $src) {
                    $srcType = $src.GetType().Name
                    if ($src.PSObject.Properties['SwitchName']) { $adapterName = [string]$src.Name; $adapterId = [string]$src.Id; $switchName = [string]$src.SwitchName }
                }
                [pscustomobject]@{
                    messageId   = [double]$i.MessageId
                    message     = [string]$i.Message
                    sourceType  = $srcType
                    adapterName = $adapterName
                    adapterId   = $adapterId
                    switchName  = $switchName
                }
            })
            $compare = [pscustomobject]@{ ran = $true; error = $null; errorId = $null; incompatibilities = $items }
        } catch {
            $compare = [pscustomobject]@{ ran = $true; error = [string]$_.Exception.Message; errorId = [string]$_.FullyQualifiedErrorId; incompatibilities = @() }
        }
    }

    [pscustomobject]@{
        host = [pscustomobject]@{
            name                            = [string]$vmHost.Name
            fullyQualifiedDomainName        = [string]$vmHost.FullyQualifiedDomainName
            migrationEnabled                = [bool]$vmHost.VirtualMachineMigrationEnabled
            authenticationType              = [string]$vmHost.VirtualMachineMigrationAuthenticationType
            performanceOption               = [string]$vmHost.VirtualMachineMigrationPerformanceOption
            maximumVirtualMachineMigrations = [int]$vmHost.MaximumVirtualMachineMigrations
            maximumStorageMigrations        = [int]$vmHost.MaximumStorageMigrations
        }
        vm = [pscustomobject]@{
            id                  = ([string]$vm.Id).ToLowerInvariant()
            name                = [string]$vm.Name
            state               = [string]$vm.State
            version             = [string]$vm.Version
            isClustered         = [bool]$vm.IsClustered
            memoryAssignedBytes = [double]$vm.MemoryAssigned
            memoryStartupBytes  = [double]$vm.MemoryStartup
            path                = [string]$vm.Path
            disks               = $disks
            adapters            = $adapters
        }
        runningJobs = $running
        delegation  = $delegation
        compare     = $compare
    }
}

function Get-DestinationFacts {
    $vmHost = Get-VMHost
    $versions = @(Get-VMHostSupportedVersion | ForEach-Object { [string]$_.Version })
    $switches = @(Get-VMSwitch | ForEach-Object { [string]$_.Name })
    $vms = @(Get-VM)
    $assigned = 0
    foreach ($v in $vms) { $assigned += [double]$v.MemoryAssigned }

    $same = $null
    $planned = $null
    if ($VmId) {
        $hit = $vms | Where-Object { ([string]$_.Id) -eq $VmId } | Select-Object -First 1
        if ($null -ne $hit) { $same = [pscustomobject]@{ name = [string]$hit.Name; state = [string]$hit.State } }
        # A planned VM of it (left by a move that failed or was cancelled) is not in Get-VM but blocks the next move.
        try {
            $p = @(Get-CimInstance -Namespace 'root\virtualization\v2' -ClassName Msvm_PlannedComputerSystem |
                Where-Object { [string]$_.Name -eq $VmId }) | Select-Object -First 1
            if ($null -ne $p) { $planned = [pscustomobject]@{ name = [string]$p.ElementName } }
        } catch { $planned = $null }
    }

    $csvs = @()
    if (Get-Command -Name Get-ClusterSharedVolume -ErrorAction SilentlyContinue) {
        try {
            $csvs = @(Get-ClusterSharedVolume | ForEach-Object {
                foreach ($info in @($_.SharedVolumeInfo)) {
                    [pscustomobject]@{ root = [string]$info.FriendlyVolumeName; free = [double]$info.Partition.FreeSpace }
                }
            })
        } catch { $csvs = @() }
    }

    $checkPaths = @($Paths)
    if ($IncludeDefaultPath -and $vmHost.VirtualHardDiskPath) { $checkPaths += [string]$vmHost.VirtualHardDiskPath }
    $space = @(foreach ($p in $checkPaths) {
        $free = $null; $root = $null; $missing = $false
        foreach ($c in $csvs) {
            $r = $c.root.TrimEnd('\')
            if ($p.Equals($r, [System.StringComparison]::OrdinalIgnoreCase) -or $p.StartsWith($r + '\', [System.StringComparison]::OrdinalIgnoreCase)) {
                if ($null -eq $root -or $r.Length -gt $root.Length) { $root = $r; $free = $c.free }
            }
        }
        if ($null -eq $root -and $p -match '^([A-Za-z]):\\') {
            $drive = Get-PSDrive -Name $Matches[1] -PSProvider FileSystem -ErrorAction SilentlyContinue
            if ($null -eq $drive) { $missing = $true }
            elseif ($null -ne $drive.Free) { $root = $Matches[1] + ':\'; $free = [double]$drive.Free }
        }
        [pscustomobject]@{ path = $p; root = $root; freeBytes = $free; volumeMissing = $missing }
    })

    [pscustomobject]@{
        host = [pscustomobject]@{
            name                            = [string]$vmHost.Name
            fullyQualifiedDomainName        = [string]$vmHost.FullyQualifiedDomainName
            migrationEnabled                = [bool]$vmHost.VirtualMachineMigrationEnabled
            authenticationType              = [string]$vmHost.VirtualMachineMigrationAuthenticationType
            performanceOption               = [string]$vmHost.VirtualMachineMigrationPerformanceOption
            virtualHardDiskPath             = [string]$vmHost.VirtualHardDiskPath
            virtualMachinePath              = [string]$vmHost.VirtualMachinePath
            memoryCapacityBytes             = [double]$vmHost.MemoryCapacity
            memoryAssignedBytes             = [double]$assigned
        }
        supportedVersions = $versions
        switches          = $switches
        sameVm            = $same
        plannedVm         = $planned
        space             = $space
    }
}

$source = $null
$destination = $null
if ($Roles -contains 'source') { $source = Get-SourceFacts }
if ($Roles -contains 'destination') { $destination = Get-DestinationFacts }
[pscustomobject]@{ source = $source; destination = $destination }
