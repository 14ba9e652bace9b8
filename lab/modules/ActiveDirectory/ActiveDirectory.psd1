@{
    RootModule        = 'ActiveDirectory.psm1'
    ModuleVersion     = '1.0.1.0'
    GUID              = '43c15630-959c-49e4-a977-758c5cc93408'
    Author            = 'Hyper-V Mobility (simulated lab)'
    Description       = 'Simulated ActiveDirectory module for the lab: the computer-account cmdlets a live migration set-up needs (subset).'
    PowerShellVersion = '7.2'
    FunctionsToExport = @('Get-ADComputer', 'Set-ADComputer', 'Set-ADAccountControl')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
