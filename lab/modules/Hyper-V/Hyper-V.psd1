@{
    RootModule        = 'Hyper-V.psm1'
    ModuleVersion     = '2.0.0.0'
    GUID              = 'af4bddd0-8583-4ff2-84b2-a33f5c8de8a7'
    Author            = 'Hyper-V Mobility (simulated lab)'
    Description       = 'Simulated Hyper-V module for the lab: same commands, parameter sets, types and error ids as the real module (subset).'
    PowerShellVersion = '7.2'
    FunctionsToExport = @('Get-VMHost', 'Set-VMHost', 'Enable-VMMigration', 'Disable-VMMigration', 'Get-VMMigrationNetwork',
        'Add-VMMigrationNetwork', 'Remove-VMMigrationNetwork', 'Get-VM', 'Get-VMHostSupportedVersion', 'Get-VMHardDiskDrive', 'Get-VHD',
        'Get-VMSwitch', 'Get-VMNetworkAdapter', 'Set-VMNetworkAdapter', 'Connect-VMNetworkAdapter', 'Compare-VM', 'Move-VM', 'Move-VMStorage', 'Start-VM', 'Stop-VM',
        'Get-VMSnapshot', 'Get-VMProcessor', 'Set-VMProcessor')
    AliasesToExport   = @('Get-VMCheckpoint')
    CmdletsToExport   = @()
    VariablesToExport = @()
}
