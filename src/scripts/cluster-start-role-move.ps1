<#
  Starts a clustered move of one VM role to another node of its cluster, from the owner node (this host), with
  Move-ClusterVirtualMachineRole -Wait 0 so it returns at once; the move is then followed through Msvm_MigrationJob
  on this node. Must run under Windows PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$VmId,
    [Parameter(Mandatory = $true)][string]$Node,
    [ValidateSet('Live', 'Quick')][string]$MigrationType = 'Live'
)
$ErrorActionPreference = 'Stop'
$ns = 'root\virtualization\v2'

$earlier = @(Get-CimInstance -Namespace $ns -ClassName Msvm_MigrationJob |
    Where-Object { [string]$_.VirtualSystemName -eq $VmId } | ForEach-Object { [string]$_.InstanceID })
$requestedAt = (Get-Date).ToUniversalTime()
$group = Move-ClusterVirtualMachineRole -VMId $VmId -Node $Node -MigrationType $MigrationType -Wait 0

$found = $null
$deadline = (Get-Date).AddSeconds(5)
while ($null -eq $found) {
    $found = @(Get-CimInstance -Namespace $ns -ClassName Msvm_MigrationJob |
        Where-Object { [string]$_.VirtualSystemName -eq $VmId -and $earlier -notcontains [string]$_.InstanceID }) | Select-Object -First 1
    if ($null -ne $found -or (Get-Date) -gt $deadline) { break }
    Start-Sleep -Milliseconds 200
}

[pscustomobject]@{
    hostJobId   = $(if ($found) { [string]$found.InstanceID } else { $null })
    requestedAt = $requestedAt.ToString('o')
    jobState    = $(if ($group) { [string]$group.State } else { $null })
    error       = $null
}
