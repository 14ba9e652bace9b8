@{
    RootModule        = 'LabCore.psm1'
    ModuleVersion     = '1.0.0'
    GUID              = '5b0d7f55-6a3e-4d0c-9a3c-2f1d7e1c9a01'
    Author            = 'Hyper-V Mobility'
    Description       = 'Simulated Hyper-V lab engine: state store, time model of migrations, faults, host identity, latency.'
    PowerShellVersion = '7.2'
    FunctionsToExport = @('Initialize-LabState', 'Use-LabState', 'Get-LabState', 'Get-LabHostName', 'Get-LabShape', 'Invoke-LabLatency',
        'Set-LabHostDown', 'Add-LabFault', 'Clear-LabFault', 'Set-LabLatency', 'Get-LabMigration', 'Get-LabCall', 'Get-LabPlannedVm', 'Get-LabVolumeFree')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
