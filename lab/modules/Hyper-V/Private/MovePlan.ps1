# Turning Move-VM / Compare-VM / Move-VMStorage arguments into a lab move plan, with the real cmdlets' validation
# (docs/hyperv.md, "Moving VMs"): storage options, -Vhds mapping rules, clustered-VM restriction.

function Test-HvVhdMapping {
    <# Returns normalised @{Source; Destination} pairs, or an ErrorRecord (InvalidParameter). #>
    param([hashtable[]] $Vhds, $Vm, [string] $Class)
    foreach ($h in $Vhds) {
        $src = $null; $dst = $null
        foreach ($k in $h.Keys) {
            if ($k -isnot [string]) { return New-HvError InvalidParameter $Class 'The keys of the Vhds hashtable must be strings.' $h }
            if ($k.Length -gt 0 -and 'SourceFilePath'.StartsWith($k, [StringComparison]::OrdinalIgnoreCase)) { $src = [string] $h[$k] }
            elseif ($k.Length -gt 0 -and 'DestinationFilePath'.StartsWith($k, [StringComparison]::OrdinalIgnoreCase)) { $dst = [string] $h[$k] }
            else { return New-HvError InvalidParameter $Class "The Vhds hashtable contains an invalid key '$k'. Valid keys are SourceFilePath and DestinationFilePath." $h }
        }
        if (-not $src -or -not $dst) { return New-HvError InvalidParameter $Class 'Each Vhds entry must specify both SourceFilePath and DestinationFilePath.' $h }
        foreach ($p in $src, $dst) {
            if (-not [HvLab.LabPaths]::IsFullPath($p)) { return New-HvError InvalidParameter $Class "The path '$p' is not a valid full path." $p }
        }
        if ([HvLab.LabPaths]::Leaf($src) -ne [HvLab.LabPaths]::Leaf($dst)) {
            return New-HvError InvalidParameter $Class "The source and destination virtual hard disk file names must match: '$([HvLab.LabPaths]::Leaf($src))' and '$([HvLab.LabPaths]::Leaf($dst))'." $h
        }
        if (-not ($Vm.Disks | Where-Object { [HvLab.LabPaths]::Norm($_.Path) -eq [HvLab.LabPaths]::Norm($src) })) {
            return New-HvError InvalidParameter $Class "The virtual hard disk '$src' is not attached to virtual machine '$($Vm.Name)'." $h
        }
        @{ Source = $src; Destination = [HvLab.LabPaths]::Norm($dst) }
    }
}

function New-HvMovePlan {
    <# -> @{ Kind; Plan } or an ErrorRecord. $Storage: Move-VMStorage (same host). #>
    param($Vm, [string] $Class, [bool] $Storage, [hashtable] $Req)
    $single = [bool] ($Req.IncludeStorage -or $Req.DestinationStoragePath)
    $multi = [bool] ($Req.VirtualMachinePath -or $Req.SnapshotFilePath -or $Req.SmartPagingFilePath -or $Req.Vhds)
    foreach ($k in 'DestinationStoragePath', 'VirtualMachinePath', 'SnapshotFilePath', 'SmartPagingFilePath') {
        if ($Req[$k] -and -not [HvLab.LabPaths]::IsFullPath($Req[$k])) { return New-HvError InvalidParameter $Class "The path '$($Req[$k])' is not a valid full path." $Req[$k] }
    }
    if (-not $Storage -and -not $single -and -not $multi) { return @{ Kind = 'VirtualSystem'; Plan = $null } }
    if ($Vm.Clustered -and -not $Storage) {
        return New-HvError OperationFailed $Class ("The operation is not supported for a clustered virtual machine: '$($Vm.Name)' cannot move its storage with Move-VM. " +
            'Use Move-VMStorage for its storage, Move-ClusterVirtualMachineRole within the cluster, or remove it from the cluster first.') $Vm.Name InvalidOperation
    }
    $plan = [HvLab.LabMovePlan]::new()
    $plan.RetainVhdCopiesOnSource = [bool] $Req.RetainVhdCopiesOnSource
    # Paths are kept as Windows resolves them: 'E:\VMs\x ' is the folder E:\VMs\x, and its files are inside it.
    if ($Req.DestinationStoragePath) {
        $d = [HvLab.LabPaths]::Norm($Req.DestinationStoragePath)
        $plan.VirtualMachinePath = $d; $plan.SnapshotFilePath = $d; $plan.SmartPagingFilePath = $d
        foreach ($disk in $Vm.Disks) {
            $m = [HvLab.LabDiskMove]::new(); $m.Source = $disk.Path; $m.Destination = [HvLab.LabPaths]::Join($d, [HvLab.LabPaths]::Leaf($disk.Path)); $m.Bytes = $disk.FileSizeBytes
            $plan.Disks.Add($m)
        }
    } elseif ($single) {
        # -IncludeStorage alone: the files keep their paths, now on the destination host.
        foreach ($disk in $Vm.Disks) {
            $m = [HvLab.LabDiskMove]::new(); $m.Source = $disk.Path; $m.Destination = $disk.Path; $m.Bytes = $disk.FileSizeBytes
            $plan.Disks.Add($m)
        }
    } else {
        $plan.VirtualMachinePath = [HvLab.LabPaths]::Norm($Req.VirtualMachinePath)
        $plan.SnapshotFilePath = [HvLab.LabPaths]::Norm($Req.SnapshotFilePath)
        $plan.SmartPagingFilePath = [HvLab.LabPaths]::Norm($Req.SmartPagingFilePath)
        if ($Req.Vhds) {
            $pairs = @(Test-HvVhdMapping $Req.Vhds $Vm $Class)
            $bad = $pairs | Where-Object { $_ -is [Management.Automation.ErrorRecord] } | Select-Object -First 1
            if ($bad) { return $bad }
            foreach ($p in $pairs) {
                $disk = $Vm.Disks | Where-Object { [HvLab.LabPaths]::Norm($_.Path) -eq [HvLab.LabPaths]::Norm($p.Source) } | Select-Object -First 1
                $m = [HvLab.LabDiskMove]::new(); $m.Source = $disk.Path; $m.Destination = $p.Destination; $m.Bytes = $disk.FileSizeBytes
                $plan.Disks.Add($m)
            }
        }
    }
    @{ Kind = $(if ($Storage) { 'Storage' } else { 'VirtualSystemAndStorage' }); Plan = $plan }
}

function Get-HvMoveRequest {
    param([hashtable] $Bound)
    $req = @{}
    foreach ($k in 'IncludeStorage', 'DestinationStoragePath', 'VirtualMachinePath', 'SnapshotFilePath', 'SmartPagingFilePath', 'Vhds', 'RetainVhdCopiesOnSource', 'ResourcePoolName') {
        if ($Bound.ContainsKey($k)) { $req[$k] = if ($Bound[$k] -is [switch]) { $Bound[$k].IsPresent } else { $Bound[$k] } }
    }
    $req
}
