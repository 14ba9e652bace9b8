<#
  Enables one firewall rule by its exact name (a built-in rule live migration needs) and answers with the rule as
  this host now has it. Must run under Windows PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$Name
)
$ErrorActionPreference = 'Stop'
# -Name takes wildcards: an exact name only, so one value can never enable more than one rule.
if ([System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($Name)) { throw "A firewall rule name without wildcard characters was expected: '$Name'." }
Enable-NetFirewallRule -Name $Name
$r = Get-NetFirewallRule -Name $Name
[pscustomobject]@{ name = [string]$r.Name; displayName = [string]$r.DisplayName; enabled = ([string]$r.Enabled -eq 'True') }
