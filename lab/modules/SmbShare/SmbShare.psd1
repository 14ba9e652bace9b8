@{
    RootModule        = 'SmbShare.psm1'
    ModuleVersion     = '2.0.0.0'
    GUID              = '3f1c5b8e-6d2a-4f7e-9b41-0c8d2e7a5f63'
    Author            = 'Hyper-V Mobility (simulated lab)'
    Description       = 'Simulated SmbShare module for the lab: the SMB bandwidth limit cmdlets a live migration over SMB uses (subset).'
    PowerShellVersion = '7.2'
    FunctionsToExport = @('Get-SmbBandwidthLimit', 'Set-SmbBandwidthLimit', 'Remove-SmbBandwidthLimit')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
