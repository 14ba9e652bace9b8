@{
    RootModule        = 'CimCmdlets.psm1'
    ModuleVersion     = '7.0.0.0'
    GUID              = 'fb6cc51d-c096-4b38-b78d-0fed6277096a'
    Author            = 'Hyper-V Mobility (simulated lab)'
    Description       = 'Lab stand-ins for Get-CimInstance / Invoke-CimMethod serving root\virtualization\v2 Msvm_MigrationJob, Msvm_PlannedComputerSystem and Msvm_VirtualSystemManagementService.'
    PowerShellVersion = '7.2'
    FunctionsToExport = @('Get-CimInstance', 'Invoke-CimMethod')
    CmdletsToExport   = @()
    AliasesToExport   = @()
}
