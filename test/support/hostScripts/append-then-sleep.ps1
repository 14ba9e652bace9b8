# Test-only host script: leaves a trace of each run (a line appended to a file on the lab host), then sleeps, so a
# test can break the connection while it runs and count how often it ran.
param([string]$Path, [int]$Seconds)
Add-Content -LiteralPath $Path -Value ("ran on {0} as {1}" -f $env:HVLAB_HOST, $PID)
Start-Sleep -Seconds $Seconds
'done'
