<#
  Kerberos constrained delegation for live migration: lets the computer account $Computer delegate to the SPNs in
  $Spns (the destination's migration service and cifs), and with $ProtocolTransition with any authentication
  protocol. Reads the account first and adds only what is missing (adding a value that is there already is an error
  in Active Directory, and this way a repeated request changes nothing). With $PurgeTickets (this host is $Computer),
  the computer's Kerberos tickets are purged so the change applies without waiting.
  Needs the ActiveDirectory module and rights to change computer accounts. Must run under Windows PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$Computer,
    [string[]]$Spns = @(),
    [bool]$ProtocolTransition = $false,
    [bool]$PurgeTickets = $false
)
$ErrorActionPreference = 'Stop'
$properties = @('msDS-AllowedToDelegateTo', 'TrustedToAuthForDelegation')
$account = Get-ADComputer -Identity $Computer -Properties $properties
$have = @($account.'msDS-AllowedToDelegateTo' | ForEach-Object { [string]$_ })
$missing = @($Spns | Where-Object { $have -notcontains $_ })
if ($missing.Count -gt 0) { Set-ADComputer -Identity $Computer -Add @{ 'msDS-AllowedToDelegateTo' = [string[]]$missing } }
if ($ProtocolTransition -and -not [bool]$account.TrustedToAuthForDelegation) { Set-ADAccountControl -Identity $account -TrustedToAuthForDelegation $true }
if ($PurgeTickets -and (Get-Command -Name klist.exe -ErrorAction SilentlyContinue)) { $null = & klist.exe purge -li 0x3e7 }
$after = Get-ADComputer -Identity $Computer -Properties $properties
[pscustomobject]@{
    account                    = [string]$after.SamAccountName
    trustedToAuthForDelegation = [bool]$after.TrustedToAuthForDelegation
    allowedToDelegateTo        = @($after.'msDS-AllowedToDelegateTo' | ForEach-Object { [string]$_ })
    added                      = $missing
}
