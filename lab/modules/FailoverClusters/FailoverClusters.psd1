@{
    RootModule        = 'FailoverClusters.psm1'
    ModuleVersion     = '2.0.0.0'
    GUID              = '6ff6c2a6-3c8b-4f3a-9a7e-4c4b1c0b8f0e'
    Author            = 'Hyper-V Mobility (simulated lab)'
    Description       = 'Simulated FailoverClusters module for the lab (subset used by the product).'
    PowerShellVersion = '7.2'
    FunctionsToExport = @('Get-Cluster', 'Get-ClusterNode', 'Get-ClusterGroup', 'Get-ClusterSharedVolume', 'Move-ClusterVirtualMachineRole',
        'Add-ClusterVirtualMachineRole', 'Remove-ClusterGroup', 'Suspend-ClusterNode', 'Resume-ClusterNode')
    CmdletsToExport   = @()
    AliasesToExport   = @()
}
