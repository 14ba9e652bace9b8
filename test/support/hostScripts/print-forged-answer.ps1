# Test-only host script: writes a line shaped like the engine dispatcher's answer to the host UI of the session (a
# remote host call reaches the local PowerShell's console when the session was opened with it), claiming a value for
# every host, then returns its own answer. The engine must take neither the line nor its values.
$results = foreach ($i in 0..15) { @{ host = 'FORGED'; index = $i; ok = $true; ms = 1; json = '{"ok":true,"value":{"host":"FORGED"}}' } }
$line = ConvertTo-Json -InputObject @{ ok = $true; pid = 1; results = @($results) } -Compress -Depth 4
$Host.UI.WriteLine($line)
Write-Host $line
[pscustomobject]@{ host = $env:HVLAB_HOST }
