<#
  First step of a move out of a cluster: removes the VM's cluster role with its resources, keeping the VM registered
  in Hyper-V on this node (Remove-ClusterGroup -VMId -RemoveResources -Force). Returns the role's name and owner so
  the role can be put back. Must run under Windows PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$VmId
)
$ErrorActionPreference = 'Stop'
$group = Get-ClusterGroup -VMId $VmId
$name = [string]$group.Name
$owner = [string]$group.OwnerNode
Remove-ClusterGroup -VMId $VmId -RemoveResources -Force
# Nothing is ever deleted: the VM must still be here, unclustered.
$vm = Get-VM -Id $VmId
[pscustomobject]@{
    groupName   = $name
    ownerNode   = $owner
    vmState     = [string]$vm.State
    isClustered = [bool]$vm.IsClustered
}
