@{
    RootModule        = 'NetSecurity.psm1'
    ModuleVersion     = '2.0.0.0'
    GUID              = '7b86de7e-2a61-4d4a-9f57-7d8f3c1e5a21'
    Author            = 'Hyper-V Mobility (simulated lab)'
    Description       = 'Simulated NetSecurity module for the lab: the Windows Firewall rule cmdlets a live migration set-up needs (subset).'
    PowerShellVersion = '7.2'
    FunctionsToExport = @('Get-NetFirewallRule', 'Enable-NetFirewallRule', 'Disable-NetFirewallRule')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
