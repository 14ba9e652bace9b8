<#
  Every migration job on this host in one query (Msvm_MigrationJob: running, queued and the finished ones that
  linger ~5 minutes), projected to flat values, plus, when asked, this cluster's nodes with their drain status.
  The tracker sends this to all source hosts in one request per tick. Must run under Windows PowerShell 5.1 too.
#>
param(
    [bool]$IncludeClusterNodes = $false
)
$ErrorActionPreference = 'Stop'

function Get-IsoTime($value) {
    if ($null -eq $value -or -not ($value -is [datetime])) { return $null }
    return $value.ToUniversalTime().ToString('o')
}

$jobs = @(Get-CimInstance -Namespace 'root\virtualization\v2' -ClassName Msvm_MigrationJob | ForEach-Object {
    $elapsed = $null
    if ($_.ElapsedTime -is [timespan]) { $elapsed = $_.ElapsedTime.TotalSeconds }
    [pscustomobject]@{
        instanceId       = [string]$_.InstanceID
        vmId             = ([string]$_.VirtualSystemName).ToLowerInvariant()
        name             = [string]$_.Name
        jobType          = [int]$_.JobType
        migrationType    = [int]$_.MigrationType
        jobState         = [int]$_.JobState
        percent          = [int]$_.PercentComplete
        destinationHost  = [string]$_.DestinationHost
        startTime        = Get-IsoTime $_.StartTime
        elapsedSeconds   = $elapsed
        cancellable      = [bool]$_.Cancellable
        errorCode        = [int]$_.ErrorCode
        errorDescription = [string]$_.ErrorDescription
        errorSummary     = [string]$_.ErrorSummaryDescription
    }
})

$nodes = $null
if ($IncludeClusterNodes -and (Get-Command -Name Get-ClusterNode -ErrorAction SilentlyContinue)) {
    # A standalone host answers "not a cluster": it simply has no nodes to report.
    try {
        $nodes = @(Get-ClusterNode | ForEach-Object {
            [pscustomobject]@{
                name           = [string]$_.Name
                state          = [string]$_.State
                drainStatus    = [string]$_.DrainStatus
                failbackStatus = [string]$_.FailbackStatus
            }
        })
    } catch { $nodes = $null }
}

[pscustomobject]@{
    now   = (Get-Date).ToUniversalTime().ToString('o')
    jobs  = $jobs
    nodes = $nodes
}
