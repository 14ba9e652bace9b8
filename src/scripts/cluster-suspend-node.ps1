<#
  Drains a cluster node for maintenance: Suspend-ClusterNode -Drain, returning as soon as the drain has begun (no
  -Wait); progress is then read from the node's DrainStatus and the migration jobs. Must run under Windows
  PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$Node,
    [string]$TargetNode
)
$ErrorActionPreference = 'Stop'
$suspend = @{ Name = $Node; Drain = $true }
if ($TargetNode) { $suspend['TargetNode'] = $TargetNode }
$n = Suspend-ClusterNode @suspend -Confirm:$false
[pscustomobject]@{
    name           = [string]$n.Name
    state          = [string]$n.State
    drainStatus    = [string]$n.DrainStatus
    failbackStatus = [string]$n.FailbackStatus
}
