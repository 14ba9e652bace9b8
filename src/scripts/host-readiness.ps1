<#
  What this host has for live migration, in one round trip (the readiness check): how this session authenticated,
  the Hyper-V module, the live migration settings, networks and limits, the configuration versions this host
  supports and those of its VMs, its computer account's Kerberos delegation in Active Directory (through the
  ActiveDirectory module, else ADSI; when neither can read it, why), and the firewall rules named in
  $FirewallRules. A part that cannot be read says why instead of failing the whole answer.
  Must run under Windows PowerShell 5.1 too.
#>
param(
    [string[]]$FirewallRules = @()
)
$ErrorActionPreference = 'Stop'

function Get-Problem($e) {
    [pscustomobject]@{ message = [string]$e.Exception.Message; errorId = [string]$e.FullyQualifiedErrorId }
}

function Get-SessionFacts {
    $auth = $null
    if ($null -ne $PSSenderInfo -and $null -ne $PSSenderInfo.UserInfo -and $null -ne $PSSenderInfo.UserInfo.Identity) {
        $auth = [string]$PSSenderInfo.UserInfo.Identity.AuthenticationType
    }
    $user = $null
    try { $user = [string][Security.Principal.WindowsIdentity]::GetCurrent().Name } catch { $user = $null }
    [pscustomobject]@{
        psVersion          = [string]$PSVersionTable.PSVersion
        psEdition          = [string]$PSVersionTable.PSEdition
        authenticationType = $auth
        user               = $user
    }
}

function Get-HyperVFacts {
    $module = @(Get-Module -ListAvailable -Name Hyper-V | Sort-Object Version -Descending) | Select-Object -First 1
    $facts = [pscustomobject]@{
        module = $null; name = $null; fqdn = $null; problem = $null; migration = $null
        supportedVersions = @(); defaultVersion = $null; vmVersions = @(); cluster = $null
    }
    if ($null -eq $module) { return $facts }
    $facts.module = [string]$module.Version
    try {
        $h = Get-VMHost
        $facts.name = [string]$h.Name
        $facts.fqdn = [string]$h.FullyQualifiedDomainName
        $clusterLimit = $null
        if (Get-Command -Name Get-Cluster -ErrorAction SilentlyContinue) {
            try {
                $c = Get-Cluster
                $facts.cluster = [string]$c.Name
                if ($null -ne $c.PSObject.Properties['MaximumParallelMigrations'] -and $null -ne $c.MaximumParallelMigrations) { $clusterLimit = [int]$c.MaximumParallelMigrations }
            } catch { $facts.cluster = $null }
        }
        $facts.migration = [pscustomobject]@{
            enabled                          = [bool]$h.VirtualMachineMigrationEnabled
            authenticationType               = [string]$h.VirtualMachineMigrationAuthenticationType
            performanceOption                = [string]$h.VirtualMachineMigrationPerformanceOption
            maximumVirtualMachineMigrations  = [int]$h.MaximumVirtualMachineMigrations
            maximumStorageMigrations         = [int]$h.MaximumStorageMigrations
            useAnyNetwork                    = [bool]$h.UseAnyNetworkForMigration
            networks                         = @(Get-VMMigrationNetwork | ForEach-Object { [pscustomobject]@{ subnet = [string]$_.Subnet; priority = $_.Priority } })
            clusterMaximumParallelMigrations = $clusterLimit
        }
        $versions = @(Get-VMHostSupportedVersion)
        $facts.supportedVersions = @($versions | ForEach-Object { [string]$_.Version })
        $facts.defaultVersion = @($versions | Where-Object { $_.IsDefault } | ForEach-Object { [string]$_.Version }) | Select-Object -First 1
        $facts.vmVersions = @(Get-VM | Group-Object -Property { [string]$_.Version } | ForEach-Object { [pscustomobject]@{ version = [string]$_.Name; count = [int]$_.Count } })
    } catch {
        $facts.problem = Get-Problem $_
    }
    $facts
}

function Get-DirectoryFacts([string]$computer) {
    $facts = [pscustomobject]@{
        source = $null; read = $false; problem = $null; account = $null
        trustedToAuthForDelegation = $null; trustedForDelegation = $null; allowedToDelegateTo = @()
    }
    if (-not $computer) {
        $facts.problem = [pscustomobject]@{ message = 'This host did not tell its computer name.'; errorId = $null }
        return $facts
    }
    if (@(Get-Module -ListAvailable -Name ActiveDirectory).Count -gt 0) {
        $facts.source = 'ActiveDirectory'
        try {
            $c = Get-ADComputer -Identity $computer -Properties 'msDS-AllowedToDelegateTo', 'TrustedToAuthForDelegation', 'TrustedForDelegation'
            $facts.account = [string]$c.SamAccountName
            $facts.trustedToAuthForDelegation = [bool]$c.TrustedToAuthForDelegation
            $facts.trustedForDelegation = [bool]$c.TrustedForDelegation
            $facts.allowedToDelegateTo = @($c.'msDS-AllowedToDelegateTo' | ForEach-Object { [string]$_ })
            $facts.read = $true
        } catch { $facts.problem = Get-Problem $_ }
        return $facts
    }
    $facts.source = 'ADSI'
    try {
        $searcher = New-Object System.DirectoryServices.DirectorySearcher
        $searcher.Filter = '(&(objectCategory=computer)(sAMAccountName=' + $computer + '$))'
        foreach ($p in 'samaccountname', 'useraccountcontrol', 'msds-allowedtodelegateto') { $null = $searcher.PropertiesToLoad.Add($p) }
        $entry = $searcher.FindOne()
        if ($null -eq $entry) {
            $facts.problem = [pscustomobject]@{ message = "No computer account named '$computer' was found in Active Directory."; errorId = $null }
            return $facts
        }
        $uac = [int]($entry.Properties['useraccountcontrol'] | Select-Object -First 1)
        $facts.account = [string]($entry.Properties['samaccountname'] | Select-Object -First 1)
        # userAccountControl: TRUSTED_TO_AUTH_FOR_DELEGATION 0x1000000, TRUSTED_FOR_DELEGATION 0x80000
        $facts.trustedToAuthForDelegation = (($uac -band 0x1000000) -ne 0)
        $facts.trustedForDelegation = (($uac -band 0x80000) -ne 0)
        $facts.allowedToDelegateTo = @($entry.Properties['msds-allowedtodelegateto'] | ForEach-Object { [string]$_ })
        $facts.read = $true
    } catch { $facts.problem = Get-Problem $_ }
    $facts
}

function Get-FirewallFacts {
    $facts = [pscustomobject]@{ read = $false; problem = $null; rules = @() }
    if (-not (Get-Command -Name Get-NetFirewallRule -ErrorAction SilentlyContinue)) {
        $facts.problem = [pscustomobject]@{ message = 'The NetSecurity module (Get-NetFirewallRule) is not available on this host.'; errorId = $null }
        return $facts
    }
    try {
        $found = @()
        if ($FirewallRules.Count -gt 0) {
            $missing = $null
            $found = @(Get-NetFirewallRule -Name $FirewallRules -ErrorAction SilentlyContinue -ErrorVariable missing)
            # A rule that does not exist is a fact to report; any other error means the rules could not be read.
            $other = @($missing | Where-Object { [string]$_.FullyQualifiedErrorId -notlike 'CmdletizationQuery_NotFound*' })
            if ($other.Count -gt 0) { throw $other[0] }
        }
        $facts.rules = @(foreach ($name in $FirewallRules) {
            $r = $found | Where-Object { [string]$_.Name -eq $name } | Select-Object -First 1
            [pscustomobject]@{
                name        = $name
                present     = ($null -ne $r)
                enabled     = ($null -ne $r -and [string]$r.Enabled -eq 'True')
                displayName = $(if ($null -ne $r) { [string]$r.DisplayName } else { $null })
            }
        })
        $facts.read = $true
    } catch { $facts.problem = Get-Problem $_ }
    $facts
}

$hyperV = Get-HyperVFacts
$computer = $hyperV.name
if (-not $computer) { $computer = $env:COMPUTERNAME }
[pscustomobject]@{
    session   = Get-SessionFacts
    hyperV    = $hyperV
    directory = Get-DirectoryFacts $computer
    firewall  = Get-FirewallFacts
}
