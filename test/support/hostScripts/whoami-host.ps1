# Test-only host script: which lab host and process answered.
[pscustomobject]@{ host = $env:HVLAB_HOST; pid = $PID }
