<#
  Cancels the in-progress clustered live migration of one VM role: Move-ClusterVirtualMachineRole -Cancel, run on a
  node of the VM's cluster. Must run under Windows PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$VmId
)
$ErrorActionPreference = 'Stop'
$group = Move-ClusterVirtualMachineRole -VMId $VmId -Cancel
[pscustomobject]@{
    groupName = $(if ($group) { [string]$group.Name } else { $null })
    ownerNode = $(if ($group) { [string]$group.OwnerNode } else { $null })
}
