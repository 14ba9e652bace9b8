# The lab's Hyper-V module: same command names, parameter sets, output types and error ids as the real one
# (the subset the product uses), backed by LabCore's shared state.
if (-not (Get-Module LabCore)) { Import-Module (Join-Path $PSScriptRoot '../LabCore/LabCore.psd1') -Global }
foreach ($f in Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot 'Private'), (Join-Path $PSScriptRoot 'Public') -Filter *.ps1) { . $f.FullName }
Export-ModuleMember -Function Get-VMHost, Set-VMHost, Enable-VMMigration, Disable-VMMigration, Get-VMMigrationNetwork,
    Add-VMMigrationNetwork, Remove-VMMigrationNetwork, Get-VM, Get-VMHostSupportedVersion, Get-VMHardDiskDrive, Get-VHD,
    Get-VMSwitch, Get-VMNetworkAdapter, Set-VMNetworkAdapter, Connect-VMNetworkAdapter, Compare-VM, Move-VM, Move-VMStorage, Start-VM, Stop-VM,
    Get-VMSnapshot, Get-VMProcessor, Set-VMProcessor -Alias Get-VMCheckpoint
