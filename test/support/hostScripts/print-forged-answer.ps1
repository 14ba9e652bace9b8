# Test-only host script: writes a line shaped like the engine dispatcher's answer to the host's console (Write-Host
# from a remote session reaches the local PowerShell's console), claiming a value for every host, then returns its
# own answer. The engine must take neither the line nor its values.
$results = foreach ($i in 0..15) { @{ host = 'FORGED'; index = $i; ok = $true; ms = 1; json = '{"ok":true,"value":{"host":"FORGED"}}' } }
Write-Host (ConvertTo-Json -InputObject @{ ok = $true; pid = 1; results = @($results) } -Compress -Depth 4)
[pscustomobject]@{ host = $env:HVLAB_HOST }
