<#
  Cancels a live or storage migration running from this host: Msvm_MigrationJob.RequestStateChange(4 = Terminate).
  The job is chosen by its InstanceID when known, else the VM's running or queued job. A failed or cancelled move
  leaves the VM where it was. Must run under Windows PowerShell 5.1 too.
#>
param(
    [Parameter(Mandatory = $true)][string]$VmId,
    [string]$HostJobId
)
$ErrorActionPreference = 'Stop'

$all = @(Get-CimInstance -Namespace 'root\virtualization\v2' -ClassName Msvm_MigrationJob)
$job = $null
if ($HostJobId) { $job = $all | Where-Object { [string]$_.InstanceID -eq $HostJobId } | Select-Object -First 1 }
if ($null -eq $job) {
    $job = $all | Where-Object { [string]$_.VirtualSystemName -eq $VmId -and ([int]$_.JobState -eq 4 -or [int]$_.JobState -eq 2 -or [int]$_.JobState -eq 3) } | Select-Object -First 1
}
if ($null -eq $job) {
    return [pscustomobject]@{ found = $false; returnValue = $null; jobState = $null }
}
$state = [int]$job.JobState
if ($state -ge 7) {
    return [pscustomobject]@{ found = $true; returnValue = $null; jobState = $state }
}
$r = Invoke-CimMethod -InputObject $job -MethodName RequestStateChange -Arguments @{ RequestedState = [uint16]4 }
[pscustomobject]@{ found = $true; returnValue = [int]$r.ReturnValue; jobState = $state }
