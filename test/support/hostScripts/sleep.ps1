# Test-only host script: sleeps, to test request timeouts.
param([int]$Seconds)
Start-Sleep -Seconds $Seconds
'woke up'
