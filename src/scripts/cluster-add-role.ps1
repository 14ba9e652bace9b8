<#
  Makes a VM on this node a role of this node's cluster (Add-ClusterVirtualMachineRole -VMId): the last step of a move
  into a cluster, and the roll-back of a failed move out of one, under the role's own name when it had one. The VM is
  addressed by its Id only. A VM that already is a role is left as it is, so sending this again after an answer was
  lost does no harm. Must run under Windows PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$VmId,
    [string]$RoleName
)
$ErrorActionPreference = 'Stop'
$vm = Get-VM -Id $VmId
if ($vm.IsClustered) {
    $g = Get-ClusterGroup -VMId $VmId
} else {
    $add = @{ VMId = $VmId }
    if ($RoleName) { $add['Name'] = $RoleName }
    $g = Add-ClusterVirtualMachineRole @add
}
[pscustomobject]@{
    groupName = [string]$g.Name
    ownerNode = [string]$g.OwnerNode
    state     = [string]$g.State
    cluster   = [string](Get-Cluster).Name
}
