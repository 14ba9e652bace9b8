<#
  Removes the planned VM (Msvm_PlannedComputerSystem, Name = the VM's GUID) that a failed or cancelled move left on
  this host, the destination: Msvm_VirtualSystemManagementService.DestroySystem. A planned VM is not a VM anyone runs
  (the VM itself is still registered on its source), but while a migration of it is running here it is in use, so
  then nothing is removed. Must run under Windows PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$VmId
)
$ErrorActionPreference = 'Stop'
$ns = 'root\virtualization\v2'
$planned = @(Get-CimInstance -Namespace $ns -ClassName Msvm_PlannedComputerSystem | Where-Object { [string]$_.Name -eq $VmId })
if ($planned.Count -eq 0) {
    return [pscustomobject]@{ found = $false; removed = $false; returnValue = $null }
}
$running = @(Get-CimInstance -Namespace $ns -ClassName Msvm_MigrationJob |
    Where-Object { [string]$_.VirtualSystemName -eq $VmId -and [int]$_.JobState -le 6 })
if ($running.Count -gt 0) {
    throw ('A migration of virtual machine {0} is still running on this host; its planned virtual machine is in use.' -f $VmId)
}
$service = Get-CimInstance -Namespace $ns -ClassName Msvm_VirtualSystemManagementService | Select-Object -First 1
$r = Invoke-CimMethod -InputObject $service -MethodName DestroySystem -Arguments @{ AffectedSystem = $planned[0] }
$code = [int]$r.ReturnValue
# 0: done; 4096: accepted as a job (the planned VM goes once it ends).
[pscustomobject]@{ found = $true; removed = ($code -eq 0 -or $code -eq 4096); returnValue = $code }
