# Test-only host script: the host's VMs, projected to plain values (one round trip, no live objects).
$vms = @(Get-VM | ForEach-Object { [pscustomobject]@{ id = [string]$_.Id; name = [string]$_.Name; state = [string]$_.State } })
[pscustomobject]@{ host = $env:HVLAB_HOST; vms = $vms }
