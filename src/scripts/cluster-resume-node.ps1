<#
  Ends a node's maintenance: Resume-ClusterNode, with failback of the drained roles now ('Immediate'), by the roles'
  policy ('Policy') or not at all ('NoFailback'). Must run under Windows PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$Node,
    [ValidateSet('NoFailback', 'Immediate', 'Policy')][string]$Failback = 'NoFailback'
)
$ErrorActionPreference = 'Stop'
$n = Resume-ClusterNode -Name $Node -Failback $Failback
[pscustomobject]@{
    name           = [string]$n.Name
    state          = [string]$n.State
    drainStatus    = [string]$n.DrainStatus
    failbackStatus = [string]$n.FailbackStatus
}
