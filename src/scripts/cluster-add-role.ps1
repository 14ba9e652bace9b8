<#
  Makes a VM on this node a role of this node's cluster (Add-ClusterVirtualMachineRole -VMId): the last step of a move
  into a cluster, and the roll-back of a failed move out of one. A VM that already is a role is left as it is.
  Must run under Windows PowerShell 5.1 too.
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
    $add = @{}
    if ($RoleName) { $add['Name'] = $RoleName }
    # Piped, the VM binds -VMId and -VMName by property name: the VM is chosen by its Id, no name lookup.
    $g = $vm | Add-ClusterVirtualMachineRole @add
}
[pscustomobject]@{
    groupName = [string]$g.Name
    ownerNode = [string]$g.OwnerNode
    state     = [string]$g.State
    cluster   = [string](Get-Cluster).Name
}
